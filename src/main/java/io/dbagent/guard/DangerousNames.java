package io.dbagent.guard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The static deny list: built-in functions (and SQLite statements) whose effect escapes the transaction that runs
 * them, so neither a read-only session nor a rollback stops them. Names are matched against every word and quoted
 * name of a statement, qualified or not, whatever follows them ({@code x.func} is a call on PostgreSQL too). A name
 * ending in {@code *} is a prefix. Sleeps and CPU-heavy functions are not here: the statement timeout bounds them.
 * Each engine's list is its {@link EngineGuard#deniedNames()}.
 */
final class DangerousNames {

    /** One deny-list entry; {@code pattern} is a lower-case name, {@code *} matching any run of characters. */
    record Entry(String pattern, String reason) {

        boolean matches(String name) {
            int star = pattern.indexOf('*');
            if (star < 0) {
                return name.equals(pattern);
            }
            String suffix = pattern.substring(star + 1);
            return name.length() >= pattern.length() - 1 && name.startsWith(pattern.substring(0, star))
                    && name.endsWith(suffix);
        }
    }

    /** The reason of {@code nextval} on every engine that has it. */
    static final String SEQ_ADVANCE = "advances a sequence, which no rollback undoes";

    private DangerousNames() {
    }

    /** Builds entries from a flat list where each reason (it contains a space) is followed by its names. */
    static List<Entry> entries(String... items) {
        List<Entry> out = new ArrayList<>();
        String reason = null;
        for (String item : items) {
            if (item.contains(" ")) {
                reason = item;
            } else {
                out.add(new Entry(item, reason));
            }
        }
        return List.copyOf(out);
    }

    /**
     * The names of the context that may run anyway: in MEASURE a sequence may advance (the explain output notes it),
     * in SCRATCH the session is private to a throw-away database, so sequence moves are harmless (dumps restore
     * them with setval). pg_dump's {@code set_config('search_path', …)} is allowed by ScratchRules, per setting.
     */
    static Set<String> allowedIn(ExecutionContext context, EngineGuard engine) {
        return switch (context) {
            case MEASURE -> engine.allowedWhenMeasuring();
            case SCRATCH -> Set.of("nextval", "setval", "lastval"); // set_config: see ScratchRules

            default -> Set.of();
        };
    }

    /** The first denied name among {@code names} with its reason, or null. */
    static Map.Entry<String, String> firstDenied(EngineGuard engine, ExecutionContext context, Iterable<String> names) {
        Set<String> allowed = allowedIn(context, engine);
        for (String raw : names) {
            String name = raw.toLowerCase(Locale.ROOT);
            if (allowed.contains(name)) {
                continue;
            }
            for (Entry e : engine.deniedNames()) {
                if (e.matches(name)) {
                    return Map.entry(name, e.reason());
                }
            }
        }
        return null;
    }

    /** The static entries by reason, for documentation and tests. */
    static Map<String, List<String>> byReason(EngineGuard engine) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Entry e : engine.deniedNames()) {
            out.computeIfAbsent(e.reason(), k -> new ArrayList<>()).add(e.pattern());
        }
        return out;
    }
}
