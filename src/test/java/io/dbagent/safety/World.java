package io.dbagent.safety;

import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The world an attack must not change, on one engine: a live database with known rows, a second live database for
 * cross-database attacks, a victim session, the server's roles and settings. Its state is read through separate
 * admin connections, never through dbagent.
 */
interface World extends AutoCloseable {

    DialectKind kind();

    /** The live database dbagent is pointed at. */
    DbUrl live();

    /** The live database as a URL text for {@code --db}. */
    String liveUrlText();

    /** The server as a URL text for {@code --dev-db}/{@code devDb}; null on SQLite (scratch is a temp file). */
    String serverUrlText();

    /** Values for the corpus placeholders, read just before an attack (the victim may have been replaced). */
    Map<String, String> placeholders();

    /**
     * The state of everything the corpus guards, one entry per check (cheap: about one query each). Also makes sure
     * the victim is running, so that every attack starts from a living victim.
     */
    LinkedHashMap<String, String> snapshot();

    /**
     * The checks whose value differs from {@code before}. Checks that other tests on the shared server can disturb
     * for a moment (roles, scratch databases, sessions) are read again for a few seconds before they count.
     */
    List<String> differences(Map<String, String> before);

    /**
     * Puts the world back after an attack changed it: drops what the attack made (roles, users, databases, settings)
     * and recreates the live databases when their data or sessions were touched. {@code problems} are the differences
     * found, {@code before} the snapshot taken before the attack.
     */
    void repair(Map<String, String> before, List<String> problems);

    /** Whether a problem concerns one of these checks. */
    static boolean touches(List<String> problems, String... prefixes) {
        for (String p : problems) {
            for (String prefix : prefixes) {
                if (p.startsWith(prefix)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The names in {@code now} (comma-separated) that were not in {@code before}. */
    static List<String> added(String before, String now) {
        java.util.Set<String> old = new java.util.HashSet<>(java.util.Arrays.asList(before.split(",")));
        return java.util.Arrays.stream(now.split(",")).filter(n -> !n.isBlank() && !old.contains(n)).toList();
    }

    @Override
    void close();

    /** Compares two snapshots key by key. */
    static List<String> diff(Map<String, String> before, Map<String, String> after) {
        List<String> out = new java.util.ArrayList<>();
        for (var e : before.entrySet()) {
            String now = after.get(e.getKey());
            if (!java.util.Objects.equals(e.getValue(), now)) {
                out.add(e.getKey() + ": was [" + e.getValue() + "], now [" + now + "]");
            }
        }
        return out;
    }
}
