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
 * transaction control) are skipped with a reason. The least-privilege scratch identity is the second wall. What only
 * one engine has (its SET and PRAGMA settings, psql meta-commands, trigger bodies) is in its {@link EngineGuard}.
 */
final class ScratchRules {

    private static final Set<String> OBJECTS = Set.of("table", "index", "view", "sequence", "type", "domain",
            "function", "procedure", "trigger", "schema", "policy", "rule", "aggregate", "operator", "collation",
            "statistics", "cast", "text", "extension");
    private static final Set<String> CREATE_MODIFIERS = Set.of("or", "replace", "temp", "temporary", "unlogged",
            "global", "local", "unique", "materialized", "recursive", "constraint", "algorithm", "undefined", "merge",
            "temptable", "sql", "security", "definer", "invoker", "if", "not", "exists", "virtual", "clustered",
            "nonclustered", "fulltext", "spatial", "online", "offline", "aggregate", "force");
    private ScratchRules() {
    }

    static Verdict check(DialectKind d, String statement) {
        return check(EngineGuard.of(d), statement);
    }

    static Verdict check(EngineGuard engine, String statement) {
        if (statement == null || statement.isBlank()) {
            return Verdict.skip("empty statement");
        }
        List<Token> t = GuardLexer.tokens(engine, statement);
        if (t.stream().allMatch(x -> x.isPunct(";"))) {
            return Verdict.skip("only comments");
        }
        Verdict meta = engine.scratchMetaCommand(statement, t);
        if (meta != null) {
            return meta;
        }
        String head = label(t);
        boolean routineBody = engine.inlineBodies() && head.startsWith("CREATE")
                && t.stream().anyMatch(x -> x.isWord("begin"));
        for (Mode m : engine.lexings()) {
            if (!m.real()) {
                continue;
            }
            List<Token> tokens = GuardLexer.tokenize(statement, m);
            int count = !engine.inlineBodies() && head.startsWith("CREATE") ? withAtomicBody(tokens)
                    : ReadRules.countStatements(tokens);
            if (!routineBody && count > 1) {
                throw refuse("one statement at a time: this text holds several when read as " + engine.kind()
                        + " reads it", head);
            }
            if (tokens.stream().anyMatch(x -> x.kind() == Kind.UNICODE_IDENT)) {
                throw refuse("U&\"…\" names spell a name with escapes this check cannot verify", head);
            }
        }
        if (routineBody) {
            engine.checkScratchBody(t, head);
        }
        List<String> w = words(t);
        Verdict v = classify(engine, t, w, head);
        if (v.run()) {
            checkNames(engine, statement, t, w);
        }
        return v;
    }

    private static Verdict classify(EngineGuard engine, List<Token> t, List<String> w, String head) {
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
            case "create" -> {
                return create(engine, t, w, head);
            }
            case "alter" -> {
                return alter(engine, w, head);
            }
            case "drop" -> {
                return objectStatement(engine, w, 1, head);
            }
            case "insert", "update", "delete", "truncate", "with", "select", "values" -> {
                return Verdict.runIt();
            }
            default -> {
                // SET, PRAGMA, LOCK, COMMENT, MERGE, …: the engine's own statements
                Verdict v = engine.scratchStatement(w0, t, w, head);
                if (v != null) {
                    return v;
                }
            }
        }
        throw refuse("not on the scratch allow list", head);
    }

    private static Verdict create(EngineGuard engine, List<Token> t, List<String> w, String head) {
        if (w.contains("soname")) {
            throw refuse("a UDF (SONAME) loads native code into the server", head);
        }
        int i = skipModifiers(w, 1);
        String obj = at(w, i);
        if (obj.equals("trusted") || obj.equals("procedural") || obj.equals("language")) {
            throw refuse("a procedural language runs code the guard cannot read", head);
        }
        if (obj.equals("function") || obj.equals("procedure")) {
            engine.checkScratchRoutine(t, w, head);
        }
        if (obj.equals("extension")) {
            String name = extensionName(t);
            if (!CatalogCheck.POSTGRES_ALLOWED_EXTENSIONS.contains(name)) {
                throw refuse("extension " + name + " is not on the allow list ("
                        + String.join(", ", CatalogCheck.POSTGRES_ALLOWED_EXTENSIONS) + ")", head);
            }
            return Verdict.runIt();
        }
        return objectStatement(engine, w, 1, head);
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

    private static Verdict alter(EngineGuard engine, List<String> w, String head) {
        String joined = String.join(" ", w);
        if (joined.contains(" owner to ")) {
            return Verdict.skip("ownership does not matter to a schema");
        }
        if (joined.startsWith("alter default privileges")) {
            return Verdict.skip("privileges do not matter to a schema");
        }
        Verdict own = engine.scratchAlter(w, head);
        if (own != null) {
            return own;
        }
        if (w.contains("extension")) {
            throw refuse("extensions are only created, from the allow list", head);
        }
        return objectStatement(engine, w, 1, head);
    }

    /** CREATE/ALTER/DROP [modifiers] object …: runs when the object is on the list. */
    private static Verdict objectStatement(EngineGuard engine, List<String> w, int from, String head) {
        int i = skipModifiers(w, from);
        String obj = at(w, i);
        if (obj.equals("schema") && engine.schemaIsDatabase()) {
            throw refuse("on MySQL/MariaDB a schema is another database", head);
        }
        boolean mysqlEvent = obj.equals("event") && engine.schemaIsDatabase() && !at(w, i + 1).equals("trigger");
        if (obj.equals("event") && !(mysqlEvent && (w.get(0).equals("drop")
                || w.get(0).equals("create") && disabledEvent(w)))) {
            throw refuse("events and event triggers run code on their own, outside the script (a scratch copy "
                    + "creates an event only when it is DISABLE)", head);
        }
        if (obj.equals("event")) {
            return Verdict.runIt();
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

    /**
     * The statements in a CREATE whose routine has an SQL-standard body (PostgreSQL {@code BEGIN ATOMIC … END}): the
     * body's own semicolons do not count, up to the {@code END} that closes it ({@code CASE … END} nests inside);
     * anything after that END counts as usual.
     */
    static int withAtomicBody(List<Token> tokens) {
        int begin = -1;
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (tokens.get(i).isWord("begin") && tokens.get(i + 1).isWord("atomic")) {
                begin = i;
                break;
            }
        }
        if (begin < 0) {
            return ReadRules.countStatements(tokens);
        }
        int depth = 1;
        int end = -1;
        for (int i = begin + 2; i < tokens.size() && end < 0; i++) {
            if (tokens.get(i).isWord("case")) {
                depth++;
            } else if (tokens.get(i).isWord("end") && --depth == 0) {
                end = i;
            }
        }
        if (end < 0) {
            return ReadRules.countStatements(tokens);
        }
        List<Token> outside = new ArrayList<>(tokens.subList(0, begin));
        outside.addAll(tokens.subList(end + 1, tokens.size()));
        return ReadRules.countStatements(outside);
    }

    /**
     * {@code CREATE EVENT … DISABLE DO …}: an event that never runs by itself; it is code like a procedure body, which
     * the deny list still reads.
     */
    private static boolean disabledEvent(List<String> w) {
        int doAt = w.indexOf("do");
        if (doAt < 0) {
            return false;
        }
        List<String> head = w.subList(0, doAt);
        return head.contains("disable") && !head.contains("enable") && !head.contains("slave")
                && !head.contains("replica");
    }

    /** Denied functions anywhere in the code, and in string literals of CREATE statements (function bodies). */
    private static void checkNames(EngineGuard engine, String statement, List<Token> t, List<String> w) {
        Set<String> names = new java.util.LinkedHashSet<>(GuardLexer.names(engine, statement));
        engine.checkScratchNames(t, w, names);
        Map.Entry<String, String> denied = DangerousNames.firstDenied(engine, ExecutionContext.SCRATCH, names);
        if (denied == null && (at(w, 0).equals("create") || at(w, 0).equals("alter"))) {
            denied = DangerousNames.firstDenied(engine, ExecutionContext.SCRATCH,
                    GuardLexer.namesInStrings(engine, statement));
        }
        if (denied != null) {
            throw DbAgentException.badInput("refused in the scratch script: " + label(t) + " … calls "
                    + denied.getKey() + "(), which " + denied.getValue());
        }
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
    static List<String> words(List<Token> t) {
        List<String> out = new ArrayList<>();
        for (Token x : t) {
            if (x.kind() == Kind.WORD) {
                out.add(x.text().toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    static String at(List<String> w, int i) {
        return i >= 0 && i < w.size() ? w.get(i) : "";
    }

    /** The first few words, to name the statement in a refusal. */
    static String label(List<Token> t) {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (Token x : t) {
            if (x.kind() == Kind.WORD && n < 3) {
                sb.append(n++ == 0 ? "" : " ").append(x.text().toUpperCase(Locale.ROOT));
            }
        }
        return sb.isEmpty() ? "this statement" : sb.toString();
    }

    static DbAgentException refuse(String why, String head) {
        return DbAgentException.badInput("refused in the scratch script: " + head + " … " + why);
    }
}
