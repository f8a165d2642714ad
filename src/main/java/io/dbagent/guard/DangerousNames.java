package io.dbagent.guard;

import io.dbagent.jdbc.DialectKind;

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

    private static final String SEQ_ADVANCE = "advances a sequence, which no rollback undoes";

    private static final List<Entry> POSTGRES = entries(
            "reads or writes server files and large objects outside the transaction",
            "lo_*", "loread", "lowrite",
            "opens a connection to a database and runs SQL there, outside this session and its read-only transaction",
            "dblink*",
            "reads files or directories on the database server",
            "pg_read_file", "pg_read_binary_file", "pg_ls_*", "pg_stat_file", "pg_logdir_ls",
            "writes, renames or deletes files on the database server",
            "pg_file_*",
            "signals other sessions (side effect outside the transaction)",
            "pg_terminate_backend", "pg_cancel_backend", "pg_signal_backend",
            "changes a server setting of the session",
            "set_config",
            "takes an advisory lock that outlives the statement and blocks other sessions",
            "pg_advisory_*", "pg_try_advisory_*",
            "controls the write-ahead log, backups or recovery of the server",
            "pg_switch_wal", "pg_create_restore_point", "pg_promote", "pg_backup_*", "pg_start_backup",
            "pg_stop_backup", "pg_wal_replay_*", "pg_log_standby_snapshot",
            "reloads the server configuration",
            "pg_reload_conf",
            "rotates the server log",
            "pg_rotate_logfile",
            "sends a notification to other sessions",
            "pg_notify",
            "writes another backend's memory contexts into the server log",
            "pg_log_backend_memory_contexts",
            "creates, drops or advances replication slots and origins",
            "pg_create_*_slot", "pg_drop_replication_slot", "pg_copy_*_slot", "pg_replication_slot_advance",
            "pg_logical_*", "pg_replication_origin_*", "pg_sync_replication_slots",
            "resets server statistics for every session",
            "pg_stat_reset*", "pg_stat_statements_reset",
            "creates collations in the catalog",
            "pg_import_system_collations",
            "runs SQL given as text, which this check cannot see",
            "query_to_xml*", "cursor_to_xml*", "query_to_xmlschema", "cursor_to_xmlschema", "ts_stat", "ts_rewrite",
            "moves a sequence, which no rollback undoes",
            "setval",
            SEQ_ADVANCE,
            "nextval",
            "changes an index outside the statement's rows",
            "brin_summarize_*", "brin_desummarize_range", "gin_clean_pending_list",
            "is internal to pg_upgrade and writes the catalog",
            "binary_upgrade_*");

    private static final List<Entry> MYSQL = entries(
            "reads a file on the database server",
            "load_file",
            "takes a named lock that outlives the statement and blocks other sessions",
            "get_lock", "release_lock", "release_all_locks", "is_used_lock", "is_free_lock",
            "runs a shell command on the database server (a UDF)",
            "sys_exec", "sys_eval", "sys_get", "sys_set", "lib_mysqludf_*",
            "moves a sequence, which no rollback undoes",
            "setval",
            SEQ_ADVANCE,
            "nextval", "lastval");

    private static final List<Entry> SQLITE = entries(
            "opens another database file",
            "attach", "detach",
            "loads native code into the process",
            "load_extension",
            "writes a copy of the database to any file (VACUUM INTO)",
            "vacuum",
            "reads or writes files",
            "readfile", "writefile", "edit", "fsdir", "zipfile", "lsmode",
            "reads and writes raw database pages",
            "sqlite_dbpage", "sqlite_dbdata", "sqlite_dbptr");

    private DangerousNames() {
    }

    /** Builds entries from a flat list where each reason (it contains a space) is followed by its names. */
    private static List<Entry> entries(String... items) {
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

    static List<Entry> of(DialectKind dialect) {
        return switch (dialect) {
            case POSTGRES -> POSTGRES;
            case MYSQL -> MYSQL;
            case SQLITE -> SQLITE;
        };
    }

    /**
     * The names of the context that may run anyway: in MEASURE a sequence may advance (the explain output notes it),
     * in SCRATCH the session is private to a throw-away database, so sequence moves are harmless (dumps restore
     * them with setval). pg_dump's {@code set_config('search_path', …)} is allowed by ScratchRules, per setting.
     */
    static Set<String> allowedIn(ExecutionContext context, DialectKind dialect) {
        return switch (context) {
            case MEASURE -> dialect == DialectKind.MYSQL ? Set.of("nextval", "lastval") : Set.of("nextval");
            case SCRATCH -> Set.of("nextval", "setval", "lastval"); // set_config: see ScratchRules

            default -> Set.of();
        };
    }

    /** The first denied name among {@code names} with its reason, or null. */
    static Map.Entry<String, String> firstDenied(DialectKind dialect, ExecutionContext context, Iterable<String> names) {
        Set<String> allowed = allowedIn(context, dialect);
        for (String raw : names) {
            String name = raw.toLowerCase(Locale.ROOT);
            if (allowed.contains(name)) {
                continue;
            }
            for (Entry e : of(dialect)) {
                if (e.matches(name)) {
                    return Map.entry(name, e.reason());
                }
            }
        }
        return null;
    }

    /**
     * A PostgreSQL regular expression (ARE, case-insensitive use) that finds a denied name in a function body or a
     * view definition; group 1 is the name.
     */
    static String postgresBodyPattern(ExecutionContext context) {
        Set<String> allowed = allowedIn(context, DialectKind.POSTGRES);
        StringBuilder sb = new StringBuilder("\\m(");
        boolean first = true;
        for (Entry e : POSTGRES) {
            if (allowed.contains(e.pattern())) {
                continue;
            }
            sb.append(first ? "" : "|").append(e.pattern().replace("*", "\\w*"));
            first = false;
        }
        return sb.append(")\\M").toString();
    }

    /** The static entries by reason, for documentation and tests. */
    static Map<String, List<String>> byReason(DialectKind dialect) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Entry e : of(dialect)) {
            out.computeIfAbsent(e.reason(), k -> new ArrayList<>()).add(e.pattern());
        }
        return out;
    }
}
