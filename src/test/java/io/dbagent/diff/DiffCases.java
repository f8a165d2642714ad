package io.dbagent.diff;

import io.dbagent.jdbc.DialectKind;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The before/after schema pairs under {@code src/test/resources/diff/<case>/}: {@code before.sql} and
 * {@code after.sql} run on every engine; {@code before.<dialect>.sql} / {@code after.<dialect>.sql} replace them for
 * one engine, and a case with only dialect files runs only on those engines.
 */
final class DiffCases {

    record Case(String name, DialectKind dialect, String before, String after) {
        @Override
        public String toString() {
            return dialect + " " + name;
        }
    }

    private DiffCases() {
    }

    static Path root() {
        try {
            return Path.of(DiffCases.class.getResource("/diff").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Case> all(DialectKind d) {
        List<Case> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root())) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                Optional<String> before = read(dir, "before", d);
                Optional<String> after = read(dir, "after", d);
                if (before.isPresent() && after.isPresent()) {
                    out.add(new Case(dir.getFileName().toString(), d, before.get(), after.get()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static Optional<String> read(Path dir, String side, DialectKind d) throws IOException {
        Path specific = dir.resolve(side + "." + d.id() + ".sql");
        if (Files.exists(specific)) {
            return Optional.of(Files.readString(specific));
        }
        Path neutral = dir.resolve(side + ".sql");
        return Files.exists(neutral) ? Optional.of(Files.readString(neutral)) : Optional.empty();
    }
}
