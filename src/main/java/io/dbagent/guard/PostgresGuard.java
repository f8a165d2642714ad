package io.dbagent.guard;

import io.dbagent.DbAgentException;
import io.dbagent.guard.GuardLexer.Kind;
import io.dbagent.guard.GuardLexer.Mode;
import io.dbagent.guard.GuardLexer.Token;
import io.dbagent.guard.StatementGuard.Verdict;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DialectKind;

import io.dbagent.sql.Lexing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static io.dbagent.guard.ScratchRules.at;
import static io.dbagent.guard.ScratchRules.label;
import static io.dbagent.guard.ScratchRules.refuse;

/**
 * PostgreSQL's part of the guard: dollar quotes, E'' and U&'' literals and nesting comments; both settings of
 * {@code standard_conforming_strings}; its deny list; function bodies in trusted languages only; the settings a
 * scratch script may SET; psql meta-commands of pg_dump; the catalog check in one query.
 */
final class PostgresGuard extends BaseGuard {


    private static final List<Mode> LEXINGS = List.of(
            new Mode(Lexing.postgres(false), true),  // standard_conforming_strings = on (default)
            new Mode(Lexing.postgres(true), true));  // … = off: backslashes escape in '…'

    private static final List<DangerousNames.Entry> DENIED = DangerousNames.entries(
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
            DangerousNames.SEQ_ADVANCE,
            "nextval",
            "changes an index outside the statement's rows",
            "brin_summarize_*", "brin_desummarize_range", "gin_clean_pending_list",
            "is internal to pg_upgrade and writes the catalog",
            "binary_upgrade_*");

    private static final Set<String> TRUSTED_LANGUAGES = Set.of("sql", "plpgsql");
    private static final Set<String> SETTINGS_RUN = Set.of("client_encoding", "standard_conforming_strings",
            "check_function_bodies", "xmloption", "client_min_messages", "row_security", "default_tablespace",
            "default_table_access_method", "search_path", "datestyle", "intervalstyle", "timezone", "names",
            "bytea_output", "extra_float_digits", "escape_string_warning", "default_toast_compression", "work_mem",
            "maintenance_work_mem", "constraint_exclusion", "schema", "xml", "time", "constraints",
            "max_parallel_maintenance_workers", "max_parallel_workers_per_gather", "plpgsql.variable_conflict");
    private static final Set<String> SETTINGS_SKIP = Set.of("statement_timeout", "lock_timeout",
            "idle_in_transaction_session_timeout", "idle_session_timeout", "transaction_timeout", "default_with_oids",
            "transaction", "characteristics");

    PostgresGuard() {
        super(DialectKind.POSTGRES, LEXINGS, DENIED);
    }

    @Override
    public boolean selectIntoCreatesTable() {
        return true;
    }

    @Override
    public void checkCatalog(Connection c, ExecutionContext context, Set<String> names, boolean dml)
            throws SQLException {
        PostgresCatalogCheck.check(this, c, context, names, dml);
    }

    @Override
    public Verdict scratchMetaCommand(String statement, List<Token> tokens) {
        return tokens.get(0).isPunct("\\") ? psqlMetaCommand(statement.substring(tokens.get(0).start())) : null;
    }

    /** Function bodies are string literals (dollar-quoted), read by the deny list as strings. */
    @Override
    public boolean inlineBodies() {
        return false;
    }

    @Override
    public Verdict scratchStatement(String w0, List<Token> t, List<String> w, String head) {
        return switch (w0) {
            case "comment" -> {
                if (!at(w, 1).equals("on")) {
                    yield null;
                }
                String obj = at(w, 2);
                if (Set.of("database", "role", "tablespace", "server", "subscription", "publication")
                        .contains(obj)) {
                    yield Verdict.skip("a comment on an object outside the schema");
                }
                yield Verdict.runIt();
            }
            case "merge", "refresh", "reindex" -> Verdict.runIt();
            case "set" -> set(w, head);
            default -> null;
        };
    }

    @Override
    public void checkScratchRoutine(List<Token> t, List<String> w, String head) {
        int lang = w.indexOf("language");
        String l = lang >= 0 ? languageAfter(t, lang) : "sql";
        if (!TRUSTED_LANGUAGES.contains(l)) {
            throw refuse("LANGUAGE " + l + " runs code the guard cannot read (only sql and plpgsql)", head);
        }
    }

    @Override
    public void checkScratchNames(List<Token> t, List<String> w, Set<String> names) {
        if (names.contains("set_config")) {
            checkSetConfig(t, w);
            names.remove("set_config");
        }
    }

    @Override
    public String statementTimeoutSql(DbSession session, long ms) {
        return "SET statement_timeout = " + ms;
    }

    /** PostgreSQL 14+ checks that the client is still there while a statement runs. */
    @Override
    public String clientCheckSql(DbSession session) {
        return session.majorVersion() >= 14
                ? "SET client_connection_check_interval = " + Timeouts.CLIENT_CHECK_INTERVAL_MS : null;
    }

    /** {@code SET [SESSION|LOCAL] name …}: a setting on the scratch allow list (SQLite's SET is read the same way). */
    static Verdict set(List<String> w, String head) {
        int i = 1;
        if (at(w, i).equals("session") || at(w, i).equals("local")) {
            i++;
        }
        String name = at(w, i);
        if (name.equals("role") || name.equals("authorization") || name.equals("session")) {
            throw refuse("it changes the identity of the session", head);
        }
        if (name.equals("time") && !at(w, i + 1).equals("zone")) {
            throw refuse("not on the scratch allow list", head);
        }
        if (SETTINGS_SKIP.contains(name)) {
            return Verdict.skip(name.endsWith("timeout") ? "our statement time limit stays"
                    : "not needed on the scratch database");
        }
        if (SETTINGS_RUN.contains(name)) {
            return Verdict.runIt();
        }
        throw refuse("setting " + name + " is not on the scratch allow list", head);
    }

    /** pg_dump's {@code SELECT pg_catalog.set_config('search_path', '', false)}: only settings SET may change. */
    private static void checkSetConfig(List<Token> t, List<String> w) {
        if (!at(w, 0).equals("select")) {
            throw refuse("set_config() only runs in a plain SELECT", label(t));
        }
        for (int i = 0; i < t.size(); i++) {
            if (t.get(i).name() != null && t.get(i).name().equals("set_config")) {
                Token arg = i + 2 < t.size() && t.get(i + 1).isPunct("(") ? t.get(i + 2) : null;
                String setting = arg != null && arg.kind() == Kind.STRING && arg.text().startsWith("'")
                        ? arg.text().substring(1, arg.text().length() - 1).toLowerCase(Locale.ROOT) : null;
                if (setting == null || !SETTINGS_RUN.contains(setting)) {
                    throw refuse("set_config() may only change a setting SET may change here", label(t));
                }
            }
        }
    }

    private Verdict psqlMetaCommand(String statement) {
        int eol = statement.indexOf('\n');
        String command = (eol < 0 ? statement : statement.substring(0, eol)).trim();
        String rest = eol < 0 ? "" : statement.substring(eol + 1);
        if (!command.startsWith("\\restrict") && !command.startsWith("\\unrestrict")) {
            throw DbAgentException.badInput("refused in the scratch script: psql meta-command "
                    + command.split("\\s+")[0] + " is not SQL");
        }
        if (rest.isBlank() || ScratchRules.check(this, rest).run() == false) {
            return Verdict.skip("a psql meta-command, not SQL");
        }
        throw DbAgentException.badInput("refused in the scratch script: a psql meta-command is glued to the "
                + "statement after it; split the script at the meta-command line");
    }

    private static String languageAfter(List<Token> t, int langWordIndex) {
        int seen = -1;
        for (int i = 0; i < t.size(); i++) {
            if (t.get(i).kind() == Kind.WORD) {
                seen++;
            }
            if (seen == langWordIndex && t.get(i).kind() == Kind.WORD) {
                Token n = i + 1 < t.size() ? t.get(i + 1) : null;
                if (n == null) {
                    return "";
                }
                String v = n.kind() == Kind.STRING ? n.text().replaceAll("^[eE]?'|'$", "") : n.text();
                return v.toLowerCase(Locale.ROOT);
            }
        }
        return "";
    }
}
