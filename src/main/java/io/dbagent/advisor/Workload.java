package io.dbagent.advisor;

import io.dbagent.DbAgentException;
import io.dbagent.sql.ScriptSplitter;
import io.dbagent.sql.SqlAnalysis;
import io.dbagent.sql.SqlLexer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The statements the advisor optimises for, each with a weight (how often it runs). From a SQL file: statements
 * separated by {@code ;}, an optional {@code -- weight: N} comment inside or just before a statement.
 *
 * @param source     where it came from (file name, {@code pg_stat_statements}, …)
 * @param statements the statements
 */
public record Workload(String source, List<Statement> statements) {

    private static final Pattern WEIGHT = Pattern.compile("(?i)--\\s*weight\\s*:\\s*([0-9]+(?:\\.[0-9]+)?)");

    /**
     * @param id     {@code q1}, {@code q2} … in file order
     * @param line   line in the source where it starts (0 when not from a file)
     * @param sql    the statement without comments around it
     * @param weight relative frequency
     */
    public record Statement(String id, int line, String sql, double weight) {

        public SqlAnalysis.Kind kind() {
            return SqlAnalysis.kindOf(sql);
        }
    }

    public static Workload fromFile(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw DbAgentException.badInput("cannot read workload file " + file + ": " + e.getMessage());
        }
        return parse(file.toString(), text);
    }

    public static Workload parse(String source, String text) {
        List<Statement> out = new ArrayList<>();
        for (ScriptSplitter.Statement st : ScriptSplitter.splitWithLines(text)) {
            String body = stripComments(st.text());
            if (body.isBlank()) {
                continue;
            }
            double weight = 1;
            Matcher m = WEIGHT.matcher(st.text());
            if (m.find()) {
                weight = Double.parseDouble(m.group(1));
                if (weight <= 0) {
                    throw DbAgentException.badInput("statement at line " + st.line() + " of " + source
                            + " has weight " + m.group(1) + ": weights must be positive");
                }
            }
            out.add(new Statement("q" + (out.size() + 1), st.line(), body, weight));
        }
        if (out.isEmpty()) {
            throw DbAgentException.badInput("workload " + source + " has no statements: put SELECT/INSERT/UPDATE/"
                    + "DELETE statements in it, separated by ';' (optionally '-- weight: N' before each)");
        }
        return new Workload(source, out);
    }

    /** The statement without leading/trailing comments and without its delimiter. */
    static String stripComments(String sql) {
        List<SqlLexer.Token> tokens = SqlLexer.tokenize(sql);
        int start = 0;
        int end = tokens.size();
        while (start < end && (tokens.get(start).kind() == SqlLexer.Kind.SPACE || tokens.get(start).kind() == SqlLexer.Kind.COMMENT)) {
            start++;
        }
        while (end > start && (tokens.get(end - 1).kind() == SqlLexer.Kind.SPACE
                || tokens.get(end - 1).kind() == SqlLexer.Kind.COMMENT
                || tokens.get(end - 1).kind() == SqlLexer.Kind.PUNCT && tokens.get(end - 1).text().equals(";"))) {
            end--;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = start; i < end; i++) {
            sb.append(tokens.get(i).text());
        }
        return sb.toString();
    }

    /**
     * One statement per fingerprint (literals and IN-lists normalised, {@link io.dbagent.sql.Fingerprint}): the first
     * statement of each shape stands for it, with its id and line, and the weights of all statements of that shape
     * summed. The same workload when no two statements share a shape.
     */
    public Workload grouped() {
        java.util.Map<String, Statement> first = new java.util.LinkedHashMap<>();
        java.util.Map<String, Double> weight = new java.util.HashMap<>();
        for (Statement st : statements) {
            String key = io.dbagent.sql.Fingerprint.normalize(st.sql());
            first.putIfAbsent(key, st);
            weight.merge(key, st.weight(), Double::sum);
        }
        if (first.size() == statements.size()) {
            return this;
        }
        List<Statement> out = new ArrayList<>();
        first.forEach((k, st) -> out.add(new Statement(st.id(), st.line(), st.sql(), weight.get(k))));
        return new Workload(source, out);
    }

    public double totalWeight() {
        return statements.stream().mapToDouble(Statement::weight).sum();
    }
}
