package io.dbagent.migrate;

import io.dbagent.DbAgentException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Writes a migration pair {@code V<yyyyMMddHHmmss>__<name>.sql} / {@code U<yyyyMMddHHmmss>__<name>.sql}. The version
 * is the UTC time; when a migration already has it, the next free second is taken, so versions stay unique and
 * ordered. Files are created, never overwritten.
 */
public final class MigrationWriter {

    private static final DateTimeFormatter VERSION = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    /** The two files written. */
    public record Pair(String version, Path up, Path down) {
    }

    private MigrationWriter() {
    }

    /** An empty pair with a header each, for the user to fill in. */
    public static Pair newPair(Path dir, String name, Instant now) {
        String n = name(name);
        return write(dir, n, now, v -> List.of(
                "V" + v + "__" + n + ".sql: up migration, created by dbagent migrate new on " + now,
                "Write the change below. Its reverse goes into U" + v + "__" + n + ".sql; 'dbagent migrate test' runs",
                "both on a scratch database and checks the down restores the schema exactly.",
                "Statements that cannot run in a transaction (CREATE INDEX CONCURRENTLY, VACUUM) make the runner run",
                "this file outside one; keep them in a file of their own."), "",
                v -> List.of("U" + v + "__" + n + ".sql: down migration of V" + v + "__" + n + ".sql, created by dbagent migrate new on " + now,
                        "Undo exactly what the up file does, in reverse order."), "");
    }

    /** Writes a pair with the given headers (as {@code --} comments) and bodies. */
    public static Pair write(Path dir, String name, Instant now, java.util.function.Function<String, List<String>> upHeader,
                             String upBody, java.util.function.Function<String, List<String>> downHeader,
                             String downBody) {
        String n = name(name);
        String v = nextVersion(dir, now);
        Path up = dir.resolve("V" + v + "__" + n + ".sql");
        Path down = dir.resolve("U" + v + "__" + n + ".sql");
        create(up, comment(upHeader.apply(v)) + "\n" + upBody);
        create(down, comment(downHeader.apply(v)) + "\n" + downBody);
        return new Pair(v, up, down);
    }

    /** A migration name as a file name part: lower case, words joined by underscores. */
    static String name(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_")
                .replaceAll("^_+|_+$", "");
        if (n.isEmpty()) {
            throw DbAgentException.badInput("a migration needs a name made of letters or digits, e.g. add_order_status");
        }
        return n.length() > 80 ? n.substring(0, 80) : n;
    }

    /**
     * Creates {@code dir} if needed and returns the first free version from {@code now} on, whatever the format of the
     * files already there ({@code V…}/{@code U…} pairs, Liquibase changelogs and Alembic revisions named by version).
     */
    static String nextVersion(Path dir, Instant now) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw DbAgentException.badInput("cannot create migrations directory " + dir + ": " + e.getMessage());
        }
        Instant t = now;
        String v = VERSION.format(t);
        while (versionTaken(dir, v)) {
            t = t.plusSeconds(1);
            v = VERSION.format(t);
        }
        return v;
    }

    private static boolean versionTaken(Path dir, String v) {
        try (var files = Files.list(dir)) {
            return files.anyMatch(p -> p.getFileName().toString().matches("[VU]?" + v + "_.*"));
        } catch (IOException e) {
            return false;
        }
    }

    static void create(Path p, String text) {
        try {
            Files.writeString(p, text, StandardOpenOption.CREATE_NEW);
        } catch (IOException e) {
            throw DbAgentException.badInput("cannot write " + p + ": " + e.getMessage());
        }
    }

    private static String comment(List<String> lines) {
        StringBuilder out = new StringBuilder();
        lines.forEach(l -> out.append(l.isEmpty() ? "--" : "-- " + l).append('\n'));
        return out.toString();
    }
}
