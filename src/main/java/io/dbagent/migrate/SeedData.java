package io.dbagent.migrate;

import io.dbagent.dialect.DdlWriter;
import io.dbagent.dialect.Dialects;
import io.dbagent.guard.ScriptExecutor;
import io.dbagent.guard.StatementFailure;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Check;
import io.dbagent.schema.Column;
import io.dbagent.schema.EnumType;
import io.dbagent.schema.ForeignKey;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Fills empty tables of a scratch database with sample rows generated from the schema: parents before children,
 * foreign key columns taking keys that exist, values unique per row, labels of an enum or of a {@code col IN (…)}
 * check where there is one. Every value is written as a quoted literal, which each engine converts to the column's
 * type. A table whose rows the engine refuses is left empty and reported, never half-filled.
 */
final class SeedData {

    private static final Pattern IN_LIST = Pattern.compile("(?i)([\\w\"`]+)\\)?(?:::[\\w ]+)?\\s+IN\\s*\\(([^)]*)\\)");
    private static final Pattern ANY_ARRAY = Pattern.compile("(?i)\\(?([\\w\"`]+)\\)?(?:::[\\w ]+)?\\s*=\\s*ANY\\s*\\(\\(?ARRAY\\[([^\\]]*)\\]");
    private static final Pattern LITERAL = Pattern.compile("'((?:[^']|'')*)'");
    private static final Pattern LENGTH = Pattern.compile("\\((\\d+)(?:,\\s*(\\d+))?\\)");

    private SeedData() {
    }

    /** Seeds every empty table with {@code rows} rows; returns table → why it stayed empty. */
    static Map<String, String> seed(DbSession s, Schema schema, int rows) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (rows <= 0) {
            return problems;
        }
        for (Table t : parentsFirst(schema)) {
            if (t.name().equalsIgnoreCase(HistorySql.TABLE) || t.comment() != null && t.comment().startsWith("virtual table")
                    || count(s, t) > 0) {
                continue;
            }
            String error = insert(s, schema, t, rows);
            if (error != null) {
                problems.put(t.name(), error);
            }
        }
        return problems;
    }

    private static String insert(DbSession s, Schema schema, Table t, int rows) {
        DialectKind d = s.dialect();
        List<Column> cols = t.columns().stream().filter(c -> c.generated() == null && !c.autoIncrement()
                && c.identity() == null).toList();
        Map<String, List<String>> parentKeys = new HashMap<>();
        for (ForeignKey fk : t.foreignKeys()) {
            if (fk.columns().size() == 1 && fk.refColumns().size() == 1) {
                parentKeys.put(fk.columns().get(0), keys(s, fk, t));
            }
        }
        List<String> statements = new ArrayList<>();
        String colList = cols.stream().map(c -> DdlWriter.of(d).ident(c.name())).collect(Collectors.joining(", "));
        for (int i = 1; i <= rows; i++) {
            List<String> values = new ArrayList<>();
            for (Column c : cols) {
                values.add(value(schema, t, c, i, parentKeys.get(c.name())));
            }
            statements.add(cols.isEmpty() ? "INSERT INTO " + DdlWriter.of(d).tableName(t.schema(), t.name()) + " DEFAULT VALUES"
                    : "INSERT INTO " + DdlWriter.of(d).tableName(t.schema(), t.name()) + " (" + colList + ") VALUES ("
                    + String.join(", ", values) + ")");
        }
        try {
            ScriptExecutor.run(s, statements.stream().map(q -> new io.dbagent.sql.ScriptSplitter.Statement(q, 1)).toList(),
                    true);
            return null;
        } catch (StatementFailure e) {
            // without transactional DDL the statements ran one by one: take back the rows that went in
            if (!Dialects.of(d).transactionalDdl()) {
                try (Statement st = s.connection().createStatement()) {
                    st.execute("DELETE FROM " + DdlWriter.of(d).tableName(t.schema(), t.name()));
                } catch (SQLException ignored) {
                    // reported below either way
                }
            }
            return e.getMessage();
        }
    }

    private static String value(Schema schema, Table t, Column c, int i, List<String> parentKeys) {
        if (parentKeys != null) {
            if (parentKeys.isEmpty()) {
                return "NULL";
            }
            return quote(parentKeys.get((i - 1) % parentKeys.size()));
        }
        List<String> labels = labels(schema, t, c);
        if (!labels.isEmpty()) {
            return quote(labels.get((i - 1) % labels.size()));
        }
        String type = c.type() == null ? "" : c.type().toLowerCase(Locale.ROOT);
        if (type.contains("bool")) {
            return quote(i % 2 == 0 ? "true" : "false");
        }
        if (type.contains("int") || type.contains("serial")) {
            return quote(String.valueOf(i));
        }
        if (type.startsWith("numeric") || type.startsWith("decimal") || type.contains("real") || type.contains("double")
                || type.contains("float")) {
            return quote(i + ".5");
        }
        if (type.contains("timestamp") || type.startsWith("datetime")) {
            return quote(String.format(Locale.ROOT, "2024-01-%02d 12:00:00", 1 + (i - 1) % 28));
        }
        if (type.startsWith("date")) {
            return quote(String.format(Locale.ROOT, "2024-01-%02d", 1 + (i - 1) % 28));
        }
        if (type.startsWith("time")) {
            return quote("12:00:00");
        }
        if (type.contains("json")) {
            return quote("{\"n\": " + i + "}");
        }
        if (type.equals("uuid")) {
            return quote(String.format(Locale.ROOT, "00000000-0000-4000-8000-%012d", i));
        }
        if (type.contains("bytea") || type.contains("blob") || type.contains("binary")) {
            return "NULL";
        }
        String text = c.name() + "_" + i;
        Matcher m = LENGTH.matcher(type);
        if ((type.contains("char") || type.contains("text")) && m.find()) {
            int max = Integer.parseInt(m.group(1));
            if (text.length() > max) {
                String n = String.valueOf(i);
                text = n.length() >= max ? n.substring(n.length() - max) : text.substring(0, max - n.length()) + n;
            }
        }
        return quote(text);
    }

    /** Allowed labels of a column: its enum type, or the list of a {@code col IN (…)} check. */
    private static List<String> labels(Schema schema, Table t, Column c) {
        String type = c.type() == null ? "" : c.type();
        for (EnumType e : schema.enums()) {
            if (type.equals(e.name()) || type.equals(e.schema() + "." + e.name())) {
                return e.values();
            }
        }
        if (type.toLowerCase(Locale.ROOT).startsWith("enum(") || type.toLowerCase(Locale.ROOT).startsWith("set(")) {
            return literals(type);
        }
        for (Check ck : t.checks()) {
            for (Pattern p : new Pattern[] {IN_LIST, ANY_ARRAY}) {
                Matcher m = p.matcher(ck.expression());
                while (m.find()) {
                    if (m.group(1).replaceAll("[\"`()]", "").equalsIgnoreCase(c.name())) {
                        return literals(m.group(2));
                    }
                }
            }
        }
        return List.of();
    }

    private static List<String> literals(String s) {
        List<String> out = new ArrayList<>();
        Matcher m = LITERAL.matcher(s);
        while (m.find()) {
            out.add(m.group(1).replace("''", "'"));
        }
        return out;
    }

    private static List<String> keys(DbSession s, ForeignKey fk, Table child) {
        DialectKind d = s.dialect();
        List<String> out = new ArrayList<>();
        String sql = "SELECT " + DdlWriter.of(d).ident(fk.refColumns().get(0)) + " FROM "
                + DdlWriter.of(d).tableName(fk.refSchema() == null ? child.schema() : fk.refSchema(), fk.refTable())
                + " WHERE " + DdlWriter.of(d).ident(fk.refColumns().get(0)) + " IS NOT NULL";
        try (Statement st = s.connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next() && out.size() < 1000) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            return List.of();
        }
        return out;
    }

    static long count(DbSession s, Table t) {
        try (Statement st = s.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM " + DdlWriter.of(s.dialect()).tableName(t.schema(), t.name()))) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    private static List<Table> parentsFirst(Schema schema) {
        List<Table> out = new ArrayList<>();
        Set<String> done = new HashSet<>();
        Set<String> visiting = new HashSet<>();
        for (Table t : schema.tables()) {
            visit(schema, t, done, visiting, out);
        }
        return out;
    }

    private static void visit(Schema schema, Table t, Set<String> done, Set<String> visiting, List<Table> out) {
        String key = t.schema() + "." + t.name();
        if (done.contains(key) || !visiting.add(key)) {
            return;
        }
        for (ForeignKey fk : t.foreignKeys()) {
            schema.tables().stream().filter(p -> p.name().equals(fk.refTable()) && p != t).findFirst()
                    .ifPresent(p -> visit(schema, p, done, visiting, out));
        }
        done.add(key);
        out.add(t);
    }

    private static String quote(String v) {
        return "'" + v.replace("'", "''") + "'";
    }
}
