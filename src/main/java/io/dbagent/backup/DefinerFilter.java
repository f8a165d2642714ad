package io.dbagent.backup;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Copies a mysqldump/mariadb-dump file without its {@code DEFINER=`user`@`host`} clauses, so that a user without SUPER
 * or SET USER can load it (each view, trigger, routine and event then belongs to the loading user). Bytes are kept as
 * they are (ISO-8859-1 maps every byte to one char and back), and data lines are left alone.
 */
final class DefinerFilter {

    private static final Pattern DEFINER = Pattern.compile("DEFINER=`(?:[^`]|``)*`@`(?:[^`]|``)*`");

    private DefinerFilter() {
    }

    static void copyWithoutDefiners(Path from, Path to) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(from, StandardCharsets.ISO_8859_1);
             BufferedWriter out = Files.newBufferedWriter(to, StandardCharsets.ISO_8859_1)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(strip(line));
                out.write('\n');
            }
        }
    }

    static String strip(String line) {
        if (line.startsWith("INSERT INTO") || !line.contains("DEFINER=`")) {
            return line;
        }
        return DEFINER.matcher(line).replaceAll("");
    }
}
