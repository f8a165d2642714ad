package io.dbagent.migrate;

import io.dbagent.DbAgentException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a migrations directory with Flyway's naming: {@code V<version>__<name>.sql} up, {@code U<version>__<name>.sql}
 * down, {@code R__<name>.sql} repeatable; Liquibase formatted-SQL changelogs in it are read too
 * ({@link LiquibaseChangelogReader}); any other {@code .sql} file is reported as a warning. Every file is read and
 * checked before anything runs, so an unreadable or corrupt file stops the command before it changes the database.
 */
public final class MigrationDirectory {

    private static final Pattern NAME = Pattern.compile("([VU])(\\d+(?:[._]\\d+)*)__([^/\\\\]+)\\.sql");
    private static final Pattern REPEATABLE = Pattern.compile("R__([^/\\\\]+)\\.sql");

    /**
     * A directory's content: versioned migrations in version order, repeatable files in Flyway's order (by
     * description), and one line per {@code .sql} file whose name dbagent does not understand (it is not run).
     */
    public record Scan(List<Migration> migrations, List<MigrationFile> repeatables, List<String> warnings) {
    }

    private MigrationDirectory() {
    }

    /** All versioned migrations in version order. A missing directory is bad input. */
    public static List<Migration> read(Path dir) {
        return scan(dir).migrations();
    }

    /** Versioned and repeatable migrations, and warnings for unknown names. A missing directory is bad input. */
    public static Scan scan(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw DbAgentException.badInput("migrations directory not found: " + dir);
        }
        Map<String, MigrationFile> ups = new LinkedHashMap<>();
        Map<String, MigrationFile> downs = new LinkedHashMap<>();
        List<MigrationFile> repeatables = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            // a dangling link is kept, so that it fails loudly below instead of silently skipping a migration
            files = s.filter(p -> Files.isRegularFile(p) || Files.isSymbolicLink(p)).sorted().toList();
        } catch (IOException e) {
            throw DbAgentException.badInput("cannot list migrations directory " + dir + ": " + e.getMessage());
        }
        List<Path> changelogs = new ArrayList<>();
        for (Path p : files) {
            String name = p.getFileName().toString();
            if (!name.endsWith(".sql")) {
                continue;
            }
            Matcher r = REPEATABLE.matcher(name);
            if (r.matches()) {
                repeatables.add(load(p, null, r.group(1).replace('_', ' '), true));
                continue;
            }
            Matcher m = NAME.matcher(name);
            if (!m.matches()) {
                if (LiquibaseChangelogReader.isChangelog(p)) {
                    changelogs.add(p);
                    continue;
                }
                if (name.matches("[VvUu]\\d.*")) {
                    throw DbAgentException.badInput(p + ": not a migration file name (expected V<version>__<name>.sql "
                            + "or U<version>__<name>.sql)");
                }
                warnings.add(name + ": not a migration file name (V<version>__<name>.sql, U<version>__<name>.sql or "
                        + "R__<name>.sql), so it is not run");
                continue;
            }
            MigrationFile f = load(p, m.group(2).replace('_', '.'), m.group(3).replace('_', ' '), m.group(1).equals("V"));
            Map<String, MigrationFile> target = f.up() ? ups : downs;
            MigrationFile clash = target.put(f.version(), f);
            if (clash != null) {
                throw DbAgentException.badInput("two " + (f.up() ? "up" : "down") + " migrations with version "
                        + f.version() + ": " + clash.script() + " and " + f.script());
            }
        }
        for (MigrationFile d : downs.values()) {
            if (!ups.containsKey(d.version())) {
                throw DbAgentException.badInput(d.script() + " has no up migration V" + d.version() + "__…sql");
            }
        }
        List<Migration> out = new ArrayList<>();
        ups.values().stream().sorted(Comparator.comparing(MigrationFile::version, MigrationDirectory::compareVersions))
                .forEach(u -> out.add(new Migration(u.version(), u.description(), u, downs.get(u.version()))));
        repeatables.sort(Comparator.comparing(MigrationFile::description));
        out.addAll(LiquibaseChangelogReader.read(changelogs, ups.keySet()));
        out.sort(Comparator.comparing(Migration::version, MigrationDirectory::compareVersions));
        return new Scan(out, repeatables, warnings);
    }

    /** Reads and checks one file: readable, valid UTF-8, text. */
    public static MigrationFile load(Path p, String version, String description, boolean up) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(p);
        } catch (AccessDeniedException e) {
            throw DbAgentException.badInput("cannot read migration " + p + ": permission denied");
        } catch (java.nio.file.NoSuchFileException e) {
            throw DbAgentException.badInput("cannot read migration " + p + ": it is a link to a file that does not exist");
        } catch (IOException e) {
            throw DbAgentException.badInput("cannot read migration " + p + ": " + e.getMessage());
        }
        String sql;
        try {
            sql = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw DbAgentException.badInput("migration " + p + " is corrupt: not UTF-8 text");
        }
        if (sql.indexOf('\0') >= 0) {
            throw DbAgentException.badInput("migration " + p + " is corrupt: it contains NUL bytes (binary data?)");
        }
        if (sql.startsWith("\uFEFF")) {
            sql = sql.substring(1);
        }
        return new MigrationFile(version, description, up, p, sql, checksum(sql));
    }

    public static String checksum(String sql) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(sql.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Numeric, segment by segment: {@code 1.10} after {@code 1.9}. */
    public static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            String p = i < x.length ? x[i] : "0";
            String q = i < y.length ? y[i] : "0";
            int c = new java.math.BigInteger(p).compareTo(new java.math.BigInteger(q));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
