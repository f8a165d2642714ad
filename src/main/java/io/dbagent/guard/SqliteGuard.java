package io.dbagent.guard;

import io.dbagent.guard.GuardLexer.Kind;
import io.dbagent.guard.GuardLexer.Mode;
import io.dbagent.guard.GuardLexer.Token;
import io.dbagent.guard.StatementGuard.Verdict;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DialectKind;

import io.dbagent.sql.Lexing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static io.dbagent.guard.ScratchRules.at;
import static io.dbagent.guard.ScratchRules.refuse;
import static io.dbagent.guard.ScratchRules.words;

/**
 * SQLite's part of the guard: backtick and bracket names, one lexing (no backslash escapes); its deny list (ATTACH,
 * extensions, file functions); the pragmas a scratch script may set and what its trigger bodies may hold; the
 * catalog check over views and triggers. There is no server, so no server-side time limit.
 */
final class SqliteGuard extends BaseGuard {


    private static final List<Mode> LEXINGS = List.of(new Mode(Lexing.sqliteStrict(), true));

    private static final List<DangerousNames.Entry> DENIED = DangerousNames.entries(
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

    private static final Set<String> PRAGMAS = Set.of("foreign_keys", "defer_foreign_keys",
            "recursive_triggers", "user_version", "application_id", "case_sensitive_like", "ignore_check_constraints",
            "legacy_alter_table", "encoding", "auto_vacuum", "table_info", "table_xinfo", "index_list", "index_info",
            "foreign_key_list", "foreign_key_check", "integrity_check", "quick_check");
    private static final Set<String> PRAGMAS_SKIP = Set.of("journal_mode", "synchronous", "cache_size",
            "locking_mode", "temp_store", "busy_timeout", "page_size", "mmap_size");

    SqliteGuard() {
        super(DialectKind.SQLITE, LEXINGS, DENIED);
    }

    @Override
    public void checkCatalog(Connection c, ExecutionContext context, Set<String> names, boolean dml)
            throws SQLException {
        List<String[]> bodies = new ArrayList<>();
        for (String schema : List.of("sqlite_master", "sqlite_temp_master")) {
            CatalogCheck.query(c, "SELECT name, sql FROM " + schema + " WHERE type = 'view'", "view", bodies);
            if (dml) {
                CatalogCheck.query(c, "SELECT name, sql FROM " + schema + " WHERE type = 'trigger'", "trigger", bodies);
            }
        }
        Map<String, String> bad = new LinkedHashMap<>();
        CatalogCheck.fixpoint(this, context, bodies, bad);
        CatalogCheck.refuseNamedOrTriggers(names, bad);
    }

    @Override
    public Verdict scratchStatement(String w0, List<Token> t, List<String> w, String head) {
        return switch (w0) {
            case "pragma" -> pragma(t, head);
            // SQLite has no SET: read by PostgreSQL's SET rules, as always; the engine refuses what they let through
            case "set" -> PostgresGuard.set(w, head);
            default -> null;
        };
    }

    @Override
    public void checkScratchBody(List<Token> t, String head) {
        triggerBody(t, head);
    }

    @Override
    public String statementTimeoutSql(DbSession session, long ms) {
        return null;
    }

    @Override
    public boolean foreignKeysSwitchOutsideTransaction() {
        return true;
    }

    private static Verdict pragma(List<Token> t, String head) {
        List<String> w = words(t);
        if (t.size() > 2 && t.get(2).isPunct(".")) {
            throw refuse("pragmas on another schema need ATTACH", head);
        }
        String name = at(w, 1);
        if (PRAGMAS_SKIP.contains(name)) {
            return Verdict.skip("storage settings of the scratch file are ours");
        }
        if (PRAGMAS.contains(name)) {
            return Verdict.runIt();
        }
        throw refuse("PRAGMA " + name + " is not on the scratch allow list", head);
    }

    /**
     * SQLite runs what follows a trigger's END as further statements in some drivers: every statement of the text
     * must be one a trigger body may hold.
     */
    private static void triggerBody(List<Token> t, String head) {
        boolean atStart = false;
        boolean afterBegin = false;
        boolean ended = false;
        for (Token x : t) {
            if (x.isWord("begin") && !ended) {
                afterBegin = true;
                atStart = true;
            } else if (x.isPunct(";")) {
                atStart = afterBegin || ended;
            } else if (atStart) {
                atStart = false;
                if (ended) {
                    throw refuse("text after the trigger's END is another statement", head);
                }
                String w = x.kind() == Kind.WORD ? x.text().toLowerCase(Locale.ROOT) : "";
                if (!Set.of("select", "insert", "update", "delete", "replace", "with", "values", "end").contains(w)) {
                    throw refuse("a trigger body holds only SELECT, INSERT, UPDATE, DELETE (found "
                            + (w.isEmpty() ? x.text() : w.toUpperCase(Locale.ROOT)) + ")", head);
                }
                if (w.equals("end")) {
                    afterBegin = false;
                    ended = true;
                }
            }
        }
    }
}
