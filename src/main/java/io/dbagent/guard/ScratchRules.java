package io.dbagent.guard;

import io.dbagent.DbAgentException;
import io.dbagent.guard.GuardLexer.Kind;
import io.dbagent.guard.GuardLexer.Mode;
import io.dbagent.guard.GuardLexer.Token;
import io.dbagent.guard.StatementGuard.Verdict;
import io.dbagent.jdbc.DialectKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The DDL allow list of the SCRATCH context: what an untrusted script (a schema file, a dump, a migration, a proposed
 * change) may do to a throw-away database. Default deny: a statement runs only when its kind is on the list and it
 * names no denied function; statements that do not matter to a schema (ownership, grants, our own timeouts,
 * transaction control) are skipped with a reason. The least-privilege scratch identity is the second wall.
 */
final class ScratchRules {

    private static final Set<String> OBJECTS = Set.of("table", "index", "view", "sequence", "type", "domain",
            "function", "procedure", "trigger", "schema", "policy", "rule", "aggregate", "operator", "collation",
            "statistics", "cast", "text", "extension");
    private static final Set<String> CREATE_MODIFIERS = Set.of("or", "replace", "temp", "temporary", "unlogged",
            "global", "local", "unique", "materialized", "recursive", "constraint", "algorithm", "undefined", "merge",
            "temptable", "sql", "security", "definer", "invoker", "if", "not", "exists", "virtual", "clustered",
            "nonclustered", "fulltext", "spatial", "online", "offline", "aggregate", "force");
    private static final Set<String> TRUSTED_LANGUAGES = Set.of("sql", "plpgsql");
    private static final Set<String> PG_SETTINGS_RUN = Set.of("client_encoding", "standard_conforming_strings",
            "check_function_bodies", "xmloption", "client_min_messages", "row_security", "default_tablespace",
            "default_table_access_method", "search_path", "datestyle", "intervalstyle", "timezone", "names",
            "bytea_output", "extra_float_digits", "escape_string_warning", "default_toast_compression", "work_mem",
            "maintenance_work_mem", "constraint_exclusion", "schema", "xml", "time", "constraints",
            "max_parallel_maintenance_workers", "max_parallel_workers_per_gather", "plpgsql.variable_conflict");
    private static final Set<String> PG_SETTINGS_SKIP = Set.of("statement_timeout", "lock_timeout",
            "idle_in_transaction_session_timeout", "idle_session_timeout", "transaction_timeout", "default_with_oids",
            "transaction", "characteristics");
    private static final Set<String> MYSQL_SETTINGS_RUN = Set.of("names", "character", "charset", "foreign_key_checks",
            "unique_checks", "sql_mode", "time_zone", "sql_notes", "character_set_client", "character_set_results",
            "character_set_connection", "collation_connection", "sql_quote_show_create", "sql_safe_updates",
            "auto_increment_increment", "auto_increment_offset", "default_storage_engine", "storage_engine",
            "check_constraint_checks", "explicit_defaults_for_timestamp", "old_alter_table", "sql_auto_is_null");
    private static final Set<String> MYSQL_SETTINGS_SKIP = Set.of("autocommit", "sql_log_bin", "gtid_purged",
            "max_statement_time", "max_execution_time", "lock_wait_timeout", "innodb_lock_wait_timeout", "transaction");
    private static final Set<String> SQLITE_PRAGMAS = Set.of("foreign_keys", "defer_foreign_keys",
            "recursive_triggers", "user_version", "application_id", "case_sensitive_like", "ignore_check_constraints",
            "legacy_alter_table", "encoding", "auto_vacuum", "table_info", "table_xinfo", "index_list", "index_info",
            "foreign_key_list", "foreign_key_check", "integrity_check", "quick_check");
    private static final Set<String> SQLITE_PRAGMAS_SKIP = Set.of("journal_mode", "synchronous", "cache_size",
            "locking_mode", "temp_store", "busy_timeout", "page_size", "mmap_size");

    private ScratchRules() {
    }

    static Verdict check(DialectKind d, String statement) {
        if (statement == null || statement.isBlank()) {
            return Verdict.skip("empty statement");
        }
        List<Token> t = GuardLexer.tokens(d, statement);
        if (t.stream().allMatch(x -> x.isPunct(";"))) {
            return Verdict.skip("only comments");
        }
        if (d == DialectKind.POSTGRES && t.get(0).isPunct("\\")) {
            return psqlMetaCommand(statement.substring(t.get(0).start()));
        }
        String head = label(t);
        boolean routineBody = d != DialectKind.POSTGRES && head.startsWith("CREATE")
                && t.stream().anyMatch(x -> x.isWord("begin"));
        for (Mode m : GuardLexer.modes(d)) {
            if (!m.real()) {
                continue;
            }
            List<Token> tokens = GuardLexer.tokenize(statement, m);
            if (!routineBody && ReadRules.countStatements(tokens) > 1) {
                throw refuse("one statement at a time: this text holds several when read as " + d + " reads it", head);
            }
            if (tokens.stream().anyMatch(x -> x.kind() == Kind.UNICODE_IDENT)) {
                throw refuse("U&\"…\" names spell a name with escapes this check cannot verify", head);
            }
        }
        if (routineBody && d == DialectKind.SQLITE) {
            sqliteTriggerBody(t, head);
        }
        List<String> w = words(t);
        Verdict v = classify(d, t, w, head);
        if (v.run()) {
            checkNames(d, statement, t, w);
        }
        return v;
    }

    private static Verdict classify(DialectKind d, List<Token> t, List<String> w, String head) {
        String w0 = w.isEmpty() ? "" : w.get(0);
        String w1 = at(w, 1);
        switch (w0) {
            case "begin", "commit", "rollback", "end", "savepoint", "release", "abort" -> {
                return Verdict.skip("transaction control belongs to the scratch runner");
            }
            case "start" -> {
                if (w1.equals("transaction")) {
                    return Verdict.skip("transaction control belongs to the scratch runner");
                }
            }
            case "grant", "revoke" -> {
                return Verdict.skip("privileges do not matter to a schema");
            }
            case "analyze", "analyse" -> {
                return Verdict.skip("statistics do not matter to a schema");
            }
            case "lock", "unlock" -> {
                if (d == DialectKind.MYSQL && (w1.equals("tables") || w1.equals("table"))) {
                    return Verdict.skip("table locks of a dump do not matter on a private scratch database");
                }
            }
            case "create" -> {
                return create(d, t, w, head);
            }
            case "alter" -> {
                return alter(d, w, head);
            }
            case "drop" -> {
                return objectStatement(d, w, 1, head);
            }
            case "comment" -> {
                if (d == DialectKind.POSTGRES && w1.equals("on")) {
                    String obj = at(w, 2);
                    if (Set.of("database", "role", "tablespace", "server", "subscription", "publication")
                            .contains(obj)) {
                        return Verdict.skip("a comment on an object outside the schema");
                    }
                    return Verdict.runIt();
                }
            }
            case "insert", "update", "delete", "truncate", "with" -> {
                return Verdict.runIt();
            }
            case "replace", "rename" -> {
                if (d == DialectKind.MYSQL) {
                    return Verdict.runIt();
                }
            }
            case "merge" -> {
                if (d == DialectKind.POSTGRES) {
                    return Verdict.runIt();
                }
            }
            case "refresh", "reindex" -> {
                if (d == DialectKind.POSTGRES) {
                    return Verdict.runIt();
                }
            }
            case "select", "values" -> {
                return Verdict.runIt();
            }
            case "do" -> {
                if (d == DialectKind.MYSQL) {
                    return Verdict.runIt(); // MySQL's DO evaluates expressions (dumps: DO SETVAL(...)); names checked
                }
            }
            case "set" -> {
                return d == DialectKind.MYSQL ? mysqlSet(t, head) : postgresSet(w, head);
            }
            case "pragma" -> {
                if (d == DialectKind.SQLITE) {
                    return pragma(t, head);
                }
            }
            default -> {
                // falls through to the refusal below
            }
        }
        throw refuse("not on the scratch allow list", head);
    }

    private static Verdict create(DialectKind d, List<Token> t, List<String> w, String head) {
        if (w.contains("soname")) {
            throw refuse("a UDF (SONAME) loads native code into the server", head);
        }
        int i = skipModifiers(w, 1);
        String obj = at(w, i);
        if (obj.equals("trusted") || obj.equals("procedural") || obj.equals("language")) {
            throw refuse("a procedural language runs code the guard cannot read", head);
        }
        if ((obj.equals("function") || obj.equals("procedure")) && d == DialectKind.POSTGRES) {
            int lang = w.indexOf("language");
            String l = lang >= 0 ? languageAfter(t, lang) : "sql";
            if (!TRUSTED_LANGUAGES.contains(l)) {
                throw refuse("LANGUAGE " + l + " runs code the guard cannot read (only sql and plpgsql)", head);
            }
        }
        if (obj.equals("extension")) {
            String name = extensionName(t);
            if (!CatalogCheck.POSTGRES_ALLOWED_EXTENSIONS.contains(name)) {
                throw refuse("extension " + name + " is not on the allow list ("
                        + String.join(", ", CatalogCheck.POSTGRES_ALLOWED_EXTENSIONS) + ")", head);
            }
            return Verdict.runIt();
        }
        return objectStatement(d, w, 1, head);
    }

    /** Index of the object word after CREATE/ALTER/DROP and its modifiers (OR REPLACE, DEFINER=…, UNIQUE, …). */
    private static int skipModifiers(List<String> w, int from) {
        int i = from;
        // "CREATE AGGREGATE FUNCTION" is MySQL's UDF form (refused by SONAME); PostgreSQL's "CREATE AGGREGATE name"
        while (i < w.size() && CREATE_MODIFIERS.contains(w.get(i))
                && !(w.get(i).equals("aggregate") && !at(w, i + 1).equals("function"))) {
            i++;
        }
        return i;
    }

    private static Verdict alter(DialectKind d, List<String> w, String head) {
        String joined = String.join(" ", w);
        if (joined.contains(" owner to ")) {
            return Verdict.skip("ownership does not matter to a schema");
        }
        if (joined.startsWith("alter default privileges")) {
            return Verdict.skip("privileges do not matter to a schema");
        }
        if (d == DialectKind.MYSQL && w.size() >= 4 && w.get(1).equals("table")
                && (w.get(w.size() - 2).equals("disable") || w.get(w.size() - 2).equals("enable"))
                && w.get(w.size() - 1).equals("keys")) {
            return Verdict.skip("index maintenance hints of a dump do not matter to a schema");
        }
        if (d == DialectKind.MYSQL && w.contains("tablespace")) {
            throw refuse("tablespace files are outside the scratch database", head);
        }
        if (w.contains("extension")) {
            throw refuse("extensions are only created, from the allow list", head);
        }
        return objectStatement(d, w, 1, head);
    }

    /** CREATE/ALTER/DROP [modifiers] object …: runs when the object is on the list. */
    private static Verdict objectStatement(DialectKind d, List<String> w, int from, String head) {
        int i = skipModifiers(w, from);
        String obj = at(w, i);
        if (obj.equals("schema") && d == DialectKind.MYSQL) {
            throw refuse("on MySQL/MariaDB a schema is another database", head);
        }
        if (obj.equals("event")) {
            throw refuse("events and event triggers run code on their own, outside the script", head);
        }
        if (obj.equals("text") && !at(w, i + 1).equals("search")) {
            throw refuse("not on the scratch allow list", head);
        }
        if (obj.equals("extension") && !w.get(0).equals("drop")) {
            throw refuse("extensions are only created, from the allow list", head);
        }
        if (OBJECTS.contains(obj)) {
            return Verdict.runIt();
        }
        throw refuse("not on the scratch allow list", head);
    }

    private static Verdict postgresSet(List<String> w, String head) {
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
        if (PG_SETTINGS_SKIP.contains(name)) {
            return Verdict.skip(name.endsWith("timeout") ? "our statement time limit stays"
                    : "not needed on the scratch database");
        }
        if (PG_SETTINGS_RUN.contains(name)) {
            return Verdict.runIt();
        }
        throw refuse("setting " + name + " is not on the scratch allow list", head);
    }

    /** MySQL SET: every assignment of the comma list must be harmless; one to skip skips the whole statement. */
    private static Verdict mysqlSet(List<Token> t, String head) {
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
            if (MYSQL_SETTINGS_SKIP.contains(first)) {
                skip = first.equals("autocommit") || first.equals("transaction")
                        ? "transaction control belongs to the scratch runner"
                        : first.contains("timeout") || first.contains("time") ? "our statement time limit stays"
                        : "replication settings do not matter to a schema";
                continue;
            }
            if (!MYSQL_SETTINGS_RUN.contains(first)) {
                throw refuse("setting " + first + " is not on the scratch allow list", head);
            }
        }
        return skip != null ? Verdict.skip(skip) : Verdict.runIt();
    }

    private static Verdict pragma(List<Token> t, String head) {
        List<String> w = words(t);
        if (t.size() > 2 && t.get(2).isPunct(".")) {
            throw refuse("pragmas on another schema need ATTACH", head);
        }
        String name = at(w, 1);
        if (SQLITE_PRAGMAS_SKIP.contains(name)) {
            return Verdict.skip("storage settings of the scratch file are ours");
        }
        if (SQLITE_PRAGMAS.contains(name)) {
            return Verdict.runIt();
        }
        throw refuse("PRAGMA " + name + " is not on the scratch allow list", head);
    }

    /** Denied functions anywhere in the code, and in string literals of CREATE statements (function bodies). */
    private static void checkNames(DialectKind d, String statement, List<Token> t, List<String> w) {
        Set<String> names = new java.util.LinkedHashSet<>(GuardLexer.names(d, statement));
        if (d == DialectKind.POSTGRES && names.contains("set_config")) {
            checkSetConfig(t, w);
            names.remove("set_config");
        }
        if (d == DialectKind.MYSQL && w.contains("into") && (w.contains("outfile") || w.contains("dumpfile"))) {
            throw refuse("SELECT … INTO OUTFILE/DUMPFILE writes a file on the database server", label(t));
        }
        Map.Entry<String, String> denied = DangerousNames.firstDenied(d, ExecutionContext.SCRATCH, names);
        if (denied == null && (at(w, 0).equals("create") || at(w, 0).equals("alter"))) {
            denied = DangerousNames.firstDenied(d, ExecutionContext.SCRATCH, GuardLexer.namesInStrings(d, statement));
        }
        if (denied != null) {
            throw DbAgentException.badInput("refused in the scratch script: " + label(t) + " … calls "
                    + denied.getKey() + "(), which " + denied.getValue());
        }
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
                if (setting == null || !PG_SETTINGS_RUN.contains(setting)) {
                    throw refuse("set_config() may only change a setting SET may change here", label(t));
                }
            }
        }
    }

    /**
     * SQLite runs what follows a trigger's END as further statements in some drivers: every statement of the text
     * must be one a trigger body may hold.
     */
    private static void sqliteTriggerBody(List<Token> t, String head) {
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

    private static Verdict psqlMetaCommand(String statement) {
        int eol = statement.indexOf('\n');
        String command = (eol < 0 ? statement : statement.substring(0, eol)).trim();
        String rest = eol < 0 ? "" : statement.substring(eol + 1);
        if (!command.startsWith("\\restrict") && !command.startsWith("\\unrestrict")) {
            throw DbAgentException.badInput("refused in the scratch script: psql meta-command "
                    + command.split("\\s+")[0] + " is not SQL");
        }
        if (rest.isBlank() || check(DialectKind.POSTGRES, rest).run() == false) {
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

    private static String extensionName(List<Token> t) {
        for (int i = 0; i < t.size(); i++) {
            if (t.get(i).isWord("extension")) {
                int j = i + 1;
                while (j < t.size() && (t.get(j).isWord("if") || t.get(j).isWord("not") || t.get(j).isWord("exists"))) {
                    j++;
                }
                return j < t.size() && t.get(j).name() != null ? t.get(j).name() : "";
            }
        }
        return "";
    }

    /** Lower-case words and quoted names, in order. */
    private static List<String> words(List<Token> t) {
        List<String> out = new ArrayList<>();
        for (Token x : t) {
            if (x.kind() == Kind.WORD) {
                out.add(x.text().toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    private static String at(List<String> w, int i) {
        return i >= 0 && i < w.size() ? w.get(i) : "";
    }

    /** The first few words, to name the statement in a refusal. */
    private static String label(List<Token> t) {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (Token x : t) {
            if (x.kind() == Kind.WORD && n < 3) {
                sb.append(n++ == 0 ? "" : " ").append(x.text().toUpperCase(Locale.ROOT));
            }
        }
        return sb.isEmpty() ? "this statement" : sb.toString();
    }

    private static DbAgentException refuse(String why, String head) {
        return DbAgentException.badInput("refused in the scratch script: " + head + " … " + why);
    }
}
