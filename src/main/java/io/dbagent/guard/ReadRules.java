package io.dbagent.guard;

import io.dbagent.DbAgentException;
import io.dbagent.guard.GuardLexer.Kind;
import io.dbagent.guard.GuardLexer.Mode;
import io.dbagent.guard.GuardLexer.Token;
import io.dbagent.jdbc.DialectKind;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.update.Update;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The rules of the READ and MEASURE contexts that need no database: one statement, of a kind the context runs, with
 * no clause that writes outside the transaction and no denied function. Structure is read from the tokens under
 * every plausible lexing (the stricter answer wins); JSqlParser, where it parses, can only make the answer stricter.
 */
final class ReadRules {

    /** The statement as it will run, its kind, and every name it mentions (for the catalog check). */
    record Result(StatementGuard.Checked checked, Set<String> names) {
    }

    private static final Set<String> READ_START = Set.of("select", "with", "values", "table", "show", "describe",
            "desc", "explain");
    private static final Set<String> MEASURE_START = Set.of("select", "with", "values", "table", "insert", "update",
            "delete", "merge");
    private static final Set<String> DML_WORDS = Set.of("insert", "update", "delete", "merge");
    private static final Set<String> BEFORE_INTO = Set.of("insert", "replace", "merge", "ignore", "low_priority",
            "delayed", "high_priority");

    private ReadRules() {
    }

    static Result check(ExecutionContext context, DialectKind dialect, String sql) {
        return check(context, EngineGuard.of(dialect), sql);
    }

    static Result check(ExecutionContext context, EngineGuard engine, String sql) {
        if (context != ExecutionContext.READ && context != ExecutionContext.MEASURE) {
            throw new IllegalArgumentException("check() is for READ and MEASURE, not " + context);
        }
        if (sql == null || sql.isBlank()) {
            throw DbAgentException.badInput("empty SQL");
        }
        List<Token> primary = GuardLexer.tokens(engine, sql);
        if (primary.stream().allMatch(t -> t.isPunct(";"))) {
            throw DbAgentException.badInput("empty SQL");
        }
        boolean read = context == ExecutionContext.READ;
        boolean dml = false;
        for (Mode m : engine.lexings()) {
            if (!m.real()) {
                continue;
            }
            List<Token> tokens = GuardLexer.tokenize(sql, m);
            int statements = countStatements(tokens);
            if (statements != 1) {
                throw DbAgentException.badInput("exactly one statement is allowed, got " + statements
                        + " (writes go through propose_change and need a human's approval)");
            }
            if (tokens.stream().anyMatch(t -> t.kind() == Kind.UNICODE_IDENT)) {
                throw DbAgentException.badInput("refused: U&\"…\" names spell a name with escapes this check cannot "
                        + "verify; write the name plainly");
            }
            dml |= checkStructure(read, engine, tokens);
        }
        dml |= parserSaysWrite(sql);
        if (dml && read) {
            throw DbAgentException.badInput("only read statements run here (this one writes); changes go through "
                    + "propose_change and need a human's approval");
        }
        Set<String> names = GuardLexer.names(engine, sql);
        Map.Entry<String, String> denied = DangerousNames.firstDenied(engine, context, names);
        if (denied != null) {
            throw refusal(denied.getKey(), denied.getValue());
        }
        return new Result(new StatementGuard.Checked(withoutTrailingSemicolons(sql, primary),
                dml ? StatementGuard.Kind.DML : StatementGuard.Kind.READ), names);
    }

    static DbAgentException refusal(String name, String reason) {
        return DbAgentException.badInput("refused: " + name + "() " + reason + "; run it yourself if you mean it");
    }

    /** Non-empty statements separated by {@code ;} (empty ones between doubled semicolons do not count). */
    static int countStatements(List<Token> tokens) {
        int count = 0;
        boolean inStatement = false;
        for (Token t : tokens) {
            if (t.isPunct(";")) {
                inStatement = false;
            } else if (!inStatement) {
                inStatement = true;
                count++;
            }
        }
        return count;
    }

    /** Throws for what the context refuses; returns true when the statement writes (or locks rows). */
    private static boolean checkStructure(boolean read, EngineGuard engine, List<Token> tokens) {
        int first = 0;
        while (first < tokens.size() && tokens.get(first).isPunct("(")) {
            first++;
        }
        String head = first < tokens.size() && tokens.get(first).kind() == Kind.WORD
                ? tokens.get(first).text().toLowerCase(Locale.ROOT) : "";
        boolean explain = head.equals("explain") || head.equals("describe") || head.equals("desc");
        boolean replace = head.equals("replace") && engine.replaceStatement();
        if (read ? !READ_START.contains(head) : !(MEASURE_START.contains(head) || replace)) {
            throw DbAgentException.badInput(read
                    ? "only read statements (SELECT, WITH, VALUES, TABLE, SHOW, DESCRIBE, EXPLAIN) run here; "
                    + "changes go through propose_change and need a human's approval"
                    : "only SELECT, WITH, INSERT, UPDATE, DELETE or MERGE can be measured, not "
                    + (head.isEmpty() ? "this statement" : head.toUpperCase(Locale.ROOT)));
        }
        boolean writes = DML_WORDS.contains(head) || replace;
        for (int i = first; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.kind() != Kind.WORD) {
                continue;
            }
            String w = t.text().toLowerCase(Locale.ROOT);
            String prev = word(tokens, i - 1);
            String next = word(tokens, i + 1);
            if (explain && (w.equals("analyze") || w.equals("analyse"))) {
                throw DbAgentException.badInput("refused: EXPLAIN ANALYZE runs the statement; use explain --analyze, "
                        + "which runs it in a transaction that is rolled back");
            }
            if (w.equals("into") && !BEFORE_INTO.contains(prev)) {
                if (next.equals("outfile") || next.equals("dumpfile")) {
                    throw DbAgentException.badInput("refused: SELECT … INTO " + next.toUpperCase(Locale.ROOT)
                            + " writes a file on the database server");
                }
                boolean variable = engine.selectIntoVariables() && i + 1 < tokens.size()
                        && tokens.get(i + 1).isPunct("@");
                if (!variable) {
                    throw DbAgentException.badInput(engine.selectIntoCreatesTable()
                            ? "refused: SELECT … INTO creates a table; use CREATE TABLE … AS through propose_change"
                            : "refused: SELECT … INTO writes outside the result; only INTO @variable may run here");
                }
            }
            boolean lockingFor = prev.equals("for") && (w.equals("update") || w.equals("share")
                    || w.equals("no") && next.equals("key") || w.equals("key") && next.equals("share"));
            boolean lockInShare = w.equals("lock") && next.equals("in");
            if (!explain && (lockingFor || lockInShare)) {
                if (read) {
                    throw DbAgentException.badInput("refused: a locking read (FOR UPDATE/SHARE, LOCK IN SHARE MODE) "
                            + "holds row locks that block other sessions; leave the locking clause out");
                }
                writes = true;
            } else if (!explain && DML_WORDS.contains(w) && !(i + 1 < tokens.size() && tokens.get(i + 1).isPunct("("))
                    && !prev.equals("key") && !prev.equals("on")) {
                // a data-modifying CTE (WITH x AS (DELETE …) SELECT …); "insert(" is MySQL's string function
                writes = true;
            }
            if (read && engine.nextValueFor() && w.equals("next") && next.equals("value")) {
                throw refusal("nextval", "advances a sequence (NEXT VALUE FOR), which no rollback undoes");
            }
        }
        return writes;
    }

    private static String word(List<Token> tokens, int i) {
        return i >= 0 && i < tokens.size() && tokens.get(i).kind() == Kind.WORD
                ? tokens.get(i).text().toLowerCase(Locale.ROOT) : "";
    }

    /** JSqlParser's opinion, where it parses: it can only add "this writes", never take it away. */
    private static boolean parserSaysWrite(String sql) {
        try {
            Statement st = CCJSqlParserUtil.parse(sql, p -> p.withTimeOut(2000));
            return st instanceof Insert || st instanceof Update || st instanceof Delete || st instanceof Merge;
        } catch (Exception | StackOverflowError e) {
            return false; // not parsed: the token rules above decided alone
        }
    }

    private static String withoutTrailingSemicolons(String sql, List<Token> primary) {
        int end = sql.length();
        for (int i = primary.size() - 1; i >= 0 && primary.get(i).isPunct(";"); i--) {
            end = primary.get(i).start();
        }
        return sql.substring(0, end).strip();
    }
}
