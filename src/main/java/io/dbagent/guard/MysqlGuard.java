package io.dbagent.guard;

import io.dbagent.guard.GuardLexer.Mode;
import io.dbagent.guard.GuardLexer.Token;
import io.dbagent.guard.StatementGuard.Verdict;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DialectKind;

import io.dbagent.sql.Lexing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static io.dbagent.guard.ScratchRules.at;
import static io.dbagent.guard.ScratchRules.label;
import static io.dbagent.guard.ScratchRules.refuse;
import static io.dbagent.guard.ScratchRules.words;

/**
 * MySQL's and MariaDB's part of the guard: backticks, {@code #} and executed {@code /*!…} comments, and every
 * combination of {@code ANSI_QUOTES} and {@code NO_BACKSLASH_ESCAPES}; its deny list; REPLACE, INTO @variable and
 * NEXT VALUE FOR; dump statements (LOCK TABLES, DISABLE KEYS, SET lists) a scratch script may hold; the catalog check
 * over routines, views, triggers and UDFs.
 */
final class MysqlGuard extends BaseGuard {


    private static final List<Mode> LEXINGS = List.of(
            new Mode(Lexing.mysql(true, true, false), true),    // default sql_mode
            new Mode(Lexing.mysql(true, false, false), true),   // ANSI_QUOTES
            new Mode(Lexing.mysql(false, true, false), true),   // NO_BACKSLASH_ESCAPES
            new Mode(Lexing.mysql(false, false, false), true),  // both
            new Mode(Lexing.mysql(true, true, true), false),    // in case a comment is executed after all
            new Mode(Lexing.mysql(false, true, true), false));

    private static final List<DangerousNames.Entry> DENIED = DangerousNames.entries(
            "reads a file on the database server",
            "load_file",
            "takes a named lock that outlives the statement and blocks other sessions",
            "get_lock", "release_lock", "release_all_locks", "is_used_lock", "is_free_lock",
            "runs a shell command on the database server (a UDF)",
            "sys_exec", "sys_eval", "sys_get", "sys_set", "lib_mysqludf_*",
            "moves a sequence, which no rollback undoes",
            "setval",
            DangerousNames.SEQ_ADVANCE,
            "nextval", "lastval");

    private static final Set<String> SETTINGS_RUN = Set.of("names", "character", "charset", "foreign_key_checks",
            "unique_checks", "sql_mode", "time_zone", "sql_notes", "character_set_client", "character_set_results",
            "character_set_connection", "collation_connection", "sql_quote_show_create", "sql_safe_updates",
            "auto_increment_increment", "auto_increment_offset", "default_storage_engine", "storage_engine",
            "check_constraint_checks", "explicit_defaults_for_timestamp", "old_alter_table", "sql_auto_is_null");
    private static final Set<String> SETTINGS_SKIP = Set.of("autocommit", "sql_log_bin", "gtid_purged",
            "max_statement_time", "max_execution_time", "lock_wait_timeout", "innodb_lock_wait_timeout", "transaction");

    MysqlGuard() {
        super(DialectKind.MYSQL, LEXINGS, DENIED);
    }

    @Override
    public Set<String> allowedWhenMeasuring() {
        return Set.of("nextval", "lastval");
    }

    @Override
    public boolean replaceStatement() {
        return true;
    }

    @Override
    public boolean selectIntoVariables() {
        return true;
    }

    @Override
    public boolean nextValueFor() {
        return true;
    }

    @Override
    public void checkCatalog(Connection c, ExecutionContext context, Set<String> names, boolean dml)
            throws SQLException {
        // name -> why, grown to a fixpoint: routines and views that use a denied name or a dangerous routine
        Map<String, String> bad = new LinkedHashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT name FROM mysql.func")) {
            while (rs.next()) {
                bad.put(rs.getString(1).toLowerCase(Locale.ROOT), "is a UDF (native code loaded into the server)");
            }
        } catch (SQLException unreadable) {
            // mysql.func needs a privilege most users lack; the static list still covers the known UDFs
        }
        List<String[]> bodies = new ArrayList<>(); // {kind, name, body}
        CatalogCheck.query(c, "SELECT ROUTINE_NAME, ROUTINE_DEFINITION FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA NOT IN "
                + "('mysql', 'sys', 'information_schema', 'performance_schema')", "routine", bodies);
        CatalogCheck.query(c, "SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS WHERE TABLE_SCHEMA NOT IN "
                + "('mysql', 'sys', 'information_schema', 'performance_schema')", "view", bodies);
        if (dml) {
            CatalogCheck.query(c, "SELECT CONCAT(TRIGGER_NAME, ' on ', EVENT_OBJECT_TABLE), ACTION_STATEMENT FROM "
                    + "information_schema.TRIGGERS WHERE TRIGGER_SCHEMA NOT IN ('mysql', 'sys')", "trigger", bodies);
        }
        CatalogCheck.fixpoint(this, context, bodies, bad);
        CatalogCheck.refuseNamedOrTriggers(names, bad);
    }

    @Override
    public Verdict scratchStatement(String w0, List<Token> t, List<String> w, String head) {
        String w1 = at(w, 1);
        return switch (w0) {
            case "lock", "unlock" -> w1.equals("tables") || w1.equals("table")
                    ? Verdict.skip("table locks of a dump do not matter on a private scratch database") : null;
            case "replace", "rename" -> Verdict.runIt();
            // MySQL's DO evaluates expressions (dumps: DO SETVAL(...)); names checked
            case "do" -> Verdict.runIt();
            case "set" -> set(t, head);
            default -> null;
        };
    }

    @Override
    public Verdict scratchAlter(List<String> w, String head) {
        if (w.size() >= 4 && w.get(1).equals("table")
                && (w.get(w.size() - 2).equals("disable") || w.get(w.size() - 2).equals("enable"))
                && w.get(w.size() - 1).equals("keys")) {
            return Verdict.skip("index maintenance hints of a dump do not matter to a schema");
        }
        if (w.contains("tablespace")) {
            throw refuse("tablespace files are outside the scratch database", head);
        }
        return null;
    }

    @Override
    public boolean schemaIsDatabase() {
        return true;
    }

    @Override
    public void checkScratchNames(List<Token> t, List<String> w, Set<String> names) {
        if (w.contains("into") && (w.contains("outfile") || w.contains("dumpfile"))) {
            throw refuse("SELECT … INTO OUTFILE/DUMPFILE writes a file on the database server", label(t));
        }
    }

    @Override
    public String statementTimeoutSql(DbSession session, long ms) {
        return session.isMariaDb()
                ? "SET SESSION max_statement_time = " + (ms / 1000.0)
                : "SET SESSION max_execution_time = " + ms;
    }

    /** MySQL SET: every assignment of the comma list must be harmless; one to skip skips the whole statement. */
    private static Verdict set(List<Token> t, String head) {
        List<List<Token>> parts = new ArrayList<>();
        List<Token> cur = new ArrayList<>();
        int depth = 0;
        for (Token x : t.subList(1, t.size())) {
            depth += x.isPunct("(") ? 1 : x.isPunct(")") ? -1 : 0;
            if (depth == 0 && (x.isPunct(",") || x.isPunct(";"))) {
                parts.add(cur);
                cur = new ArrayList<>();
            } else {
                cur.add(x);
            }
        }
        parts.add(cur);
        String skip = null;
        for (List<Token> p : parts) {
            if (p.isEmpty()) {
                continue;
            }
            boolean userVar = p.get(0).isPunct("@") && !(p.size() > 1 && p.get(1).isPunct("@"));
            if (userVar) {
                continue;
            }
            List<String> pw = words(p);
            String first = at(pw, 0);
            if (first.equals("global") || first.equals("persist") || first.equals("persist_only")) {
                if (pw.contains("gtid_purged")) {
                    skip = "the source server's replication state does not matter to a schema";
                    continue;
                }
                throw refuse("it changes a server-wide setting", head);
            }
            if (first.equals("session") || first.equals("local")) {
                first = at(pw, 1);
            }
            if (first.equals("password") || first.equals("role") || first.equals("default")
                    || first.equals("statement")) {
                throw refuse("not on the scratch allow list", head);
            }
            if (SETTINGS_SKIP.contains(first)) {
                skip = first.equals("autocommit") || first.equals("transaction")
                        ? "transaction control belongs to the scratch runner"
                        : first.contains("timeout") || first.contains("time") ? "our statement time limit stays"
                        : "replication settings do not matter to a schema";
                continue;
            }
            if (!SETTINGS_RUN.contains(first)) {
                throw refuse("setting " + first + " is not on the scratch allow list", head);
            }
        }
        return skip != null ? Verdict.skip(skip) : Verdict.runIt();
    }
}
