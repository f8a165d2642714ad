package io.dbagent.integrity;

import io.dbagent.dialect.DdlWriter;
import io.dbagent.dialect.Dialects;
import io.dbagent.dialect.Sql;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Finding;
import io.dbagent.report.Report;
import io.dbagent.report.Severity;
import io.dbagent.schema.Column;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Proposes the integrity a database's data already (almost) satisfies but its schema does not declare:
 * {@code candidate-not-null}, {@code candidate-unique}, {@code candidate-foreign-key} (an inclusion dependency on a
 * parent key, found by the column's name), {@code candidate-check} (non-negative numbers, small closed sets of
 * strings). Each comes with a preflight count of the rows that would violate it (listed by key, up to
 * {@value #LIST_LIMIT}) and DDL that adds it safely. Read-only: it only counts.
 */
public final class ConstraintInference {

    static final int LIST_LIMIT = 10;
    /** Up to this share of violating rows a constraint is still proposed, with the rows to fix first. */
    static final double TOLERATED = 0.01;
    static final int MIN_ROWS_UNIQUE = 10;
    static final int MIN_ROWS_DOMAIN = 50;
    static final int MAX_DOMAIN = 10;

    private static final Pattern NUMERIC = Pattern.compile(
            "(?i).*(int|numeric|decimal|real|double|float|money|serial).*");
    private static final Pattern UNCOMPARABLE = Pattern.compile(
            "(?i).*(json|blob|bytea|xml|tsvector|geometry|point|polygon|box|circle|path|line|binary|image).*");
    private static final Pattern STRING = Pattern.compile("(?i).*(char|text|string|enum).*");
    private static final Pattern IDENTIFIER_NAME = Pattern.compile("(?i).*(_id|_no|_number|_code|code|number|uuid|_key)$");
    private static final Pattern SIGNED_NAME = Pattern.compile(
            "(?i).*(balance|delta|diff|change|offset|temperature|lat|lon|lng|adjust|score|profit|margin).*");

    private final DbSession session;
    private final DialectKind d;
    private final ConstraintFixes fixes;
    private final List<Finding> findings = new ArrayList<>();

    private ConstraintInference(DbSession session) {
        this.session = session;
        this.d = session.dialect();
        this.fixes = ConstraintFixes.of(d);
    }

    public static Report<Void> infer(DbSession session, List<String> tables) {
        ConstraintInference ci = new ConstraintInference(session);
        Schema all = Dialects.inspect(session);
        Schema schema = Dialects.inspect(session, tables);
        Map<String, Object> metrics = new LinkedHashMap<>();
        int profiled = 0;
        for (Table t : schema.tables()) {
            if (t.comment() != null && t.comment().startsWith("virtual table")) {
                continue;
            }
            ci.table(t, all);
            profiled++;
        }
        metrics.put("tablesProfiled", profiled);
        return new Report<>("constraints", session.url().redacted(), session.describe(), ci.findings, Map.of(), metrics);
    }

    private record Profile(Column column, long rows, long nonNull, long distinct, BigDecimal min) {
        long nulls() {
            return rows - nonNull;
        }
    }

    private String q(String ident) {
        return DdlWriter.of(d).ident(ident);
    }

    private String tn(Table t) {
        return DdlWriter.of(d).tableName(t.schema(), t.name());
    }

    private void table(Table t, Schema all) {
        List<Profile> profiles = profile(t);
        for (Profile p : profiles) {
            Column c = p.column();
            if (p.rows() == 0 || c.generated() != null) {
                continue;
            }
            boolean isFk = t.foreignKeys().stream().anyMatch(fk -> fk.columns().contains(c.name()));
            notNull(t, p);
            if (!c.primaryKey()) {
                unique(t, p, isFk);
            }
            if (!isFk && !c.primaryKey()) {
                foreignKey(t, p, all);
                checks(t, p);
            }
        }
    }

    private List<Profile> profile(Table t) {
        StringBuilder sql = new StringBuilder("SELECT COUNT(*)");
        for (Column c : t.columns()) {
            String col = q(c.name());
            sql.append(", COUNT(").append(col).append(')');
            sql.append(UNCOMPARABLE.matcher(c.type()).matches() ? ", NULL" : ", COUNT(DISTINCT " + col + ")");
            sql.append(NUMERIC.matcher(c.type()).matches() ? ", MIN(" + col + ")" : ", NULL");
        }
        sql.append(" FROM ").append(tn(t));
        List<Profile> out = new ArrayList<>();
        try (Statement st = session.connection().createStatement(); ResultSet rs = st.executeQuery(sql.toString())) {
            rs.next();
            long rows = rs.getLong(1);
            int i = 2;
            for (Column c : t.columns()) {
                long nonNull = rs.getLong(i);
                Object distinct = rs.getObject(i + 1);
                BigDecimal min = rs.getObject(i + 2) == null ? null : new BigDecimal(rs.getString(i + 2));
                out.add(new Profile(c, rows, nonNull, distinct == null ? -1 : ((Number) distinct).longValue(), min));
                i += 3;
            }
        } catch (SQLException e) {
            throw Sql.failure("profiling " + t.name(), e);
        } catch (NumberFormatException e) {
            // MIN of an exotic numeric type that is not a plain number: skip the numeric checks for it
        }
        return out;
    }

    private void notNull(Table t, Profile p) {
        Column c = p.column();
        if (!c.nullable() || !tolerable(p.nulls(), p.rows())) {
            return;
        }
        List<String> keys = p.nulls() == 0 ? List.of() : list(t, q(c.name()) + " IS NULL");
        add(Finding.builder("candidate-not-null", p.nulls() == 0 ? Severity.INFO : Severity.WARN)
                .subject(t.name() + "." + c.name())
                .message(t.name() + "." + c.name() + " is nullable but " + (p.nulls() == 0 ? "none of its "
                        + p.rows() + " rows is NULL;" : "only " + p.nulls() + " of " + p.rows() + " rows are NULL ("
                        + keyText(t, keys) + "); fix them, then")
                        + " declare it NOT NULL")
                .fix(prefix(p.nulls(), "UPDATE " + t.name() + " SET " + c.name() + " = … WHERE " + c.name()
                        + " IS NULL") + fixes.notNull(t, c))
                .evidence("rows", p.rows()).evidence("violatingRows", p.nulls()).evidence("violatingKeys",
                        keys.isEmpty() ? null : keys).build());
    }

    private void unique(Table t, Profile p, boolean isFk) {
        Column c = p.column();
        if (p.distinct() < 0 || p.nonNull() < MIN_ROWS_UNIQUE || isFk || alreadyUnique(t, c.name())) {
            return;
        }
        boolean identifierLike = STRING.matcher(c.type()).matches() || c.type().toLowerCase(Locale.ROOT).contains("uuid")
                || (NUMERIC.matcher(c.type()).matches() && IDENTIFIER_NAME.matcher(c.name()).matches());
        long duplicates = p.nonNull() - p.distinct();
        if (!identifierLike || !(duplicates == 0 || (p.nonNull() >= 1000 && duplicates <= p.nonNull() / 1000))) {
            return;
        }
        List<String> dupValues = duplicates == 0 ? List.of() : Sql.query(session.connection(), "SELECT "
                + q(c.name()) + " FROM " + tn(t) + " WHERE " + q(c.name()) + " IS NOT NULL GROUP BY " + q(c.name())
                + " HAVING COUNT(*) > 1 ORDER BY COUNT(*) DESC LIMIT " + LIST_LIMIT, rs -> rs.getString(1));
        String name = io.dbagent.design.Names.fit("uq_" + t.name() + "_" + c.name());
        add(Finding.builder("candidate-unique", duplicates == 0 ? Severity.INFO : Severity.WARN)
                .subject(t.name() + "." + c.name())
                .message(t.name() + "." + c.name() + " has " + (duplicates == 0 ? "a distinct value in each of its "
                        + p.nonNull() + " non-null rows" : p.distinct() + " distinct values in " + p.nonNull()
                        + " rows: " + duplicates + " duplicate rows (values " + dupValues + ")")
                        + "; if it identifies the row, declare it UNIQUE")
                .fix(prefix(duplicates, "remove the duplicates of " + c.name()) + fixes.unique(t, c, name))
                .evidence("rows", p.nonNull()).evidence("violatingRows", duplicates)
                .evidence("duplicateValues", dupValues.isEmpty() ? null : dupValues).build());
    }

    private void foreignKey(Table t, Profile p, Schema all) {
        Column c = p.column();
        String n = c.name().toLowerCase(Locale.ROOT);
        Table parent = null;
        String parentCol = null;
        if (n.endsWith("_id") && n.length() > 3) {
            String stem = n.substring(0, n.length() - 3);
            for (String cand : List.of(io.dbagent.design.Names.plural(stem), stem, stem + "s")) {
                Table pt = all.tables().stream().filter(x -> x.name().equalsIgnoreCase(cand)
                        && x.primaryKey().size() == 1).findFirst().orElse(null);
                if (pt != null) {
                    parent = pt;
                    parentCol = pt.primaryKey().get(0);
                    break;
                }
            }
        }
        if (parent == null && !n.equals("id")) {
            for (Table pt : all.tables()) {
                if (pt != t && pt.primaryKey().size() == 1 && pt.primaryKey().get(0).equalsIgnoreCase(c.name())) {
                    parent = pt;
                    parentCol = pt.primaryKey().get(0);
                    break;
                }
            }
        }
        if (parent == null || p.nonNull() == 0) {
            return;
        }
        String orphanCond = q(c.name()) + " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM " + tn(parent) + " p WHERE p."
                + q(parentCol) + " = " + tn(t) + "." + q(c.name()) + ")";
        long orphans = count("SELECT COUNT(*) FROM " + tn(t) + " WHERE " + orphanCond);
        if (!tolerable(orphans, p.nonNull())) {
            return;
        }
        List<String> keys = orphans == 0 ? List.of() : list(t, orphanCond);
        Column pc = parent.column(parentCol).orElseThrow();
        boolean typesDiffer = fixes.foreignKeyNeedsSameType() && !baseType(pc.type()).equals(baseType(c.type()));
        String name = io.dbagent.design.Names.fit("fk_" + t.name() + "_" + c.name());
        add(Finding.builder("candidate-foreign-key", orphans == 0 ? Severity.INFO : Severity.WARN)
                .subject(t.name() + "." + c.name())
                .message(t.name() + "." + c.name() + " looks like a reference to " + parent.name() + "." + parentCol
                        + " and " + (orphans == 0 ? "every one of its " + p.nonNull() + " values exists there"
                        : orphans + " of its " + p.nonNull() + " rows point to no " + parent.name() + " row ("
                        + keyText(t, keys) + ")") + "; declare the foreign key"
                        + (typesDiffer ? "; its type " + c.type() + " must first match " + pc.type() : ""))
                .fix(prefix(orphans, "delete the orphans or set " + c.name() + " to NULL")
                        + fixes.foreignKey(t, c, parent, parentCol, name))
                .evidence("rows", p.nonNull()).evidence("violatingRows", orphans)
                .evidence("violatingKeys", keys.isEmpty() ? null : keys).evidence("refTable", parent.name()).build());
    }

    private void checks(Table t, Profile p) {
        Column c = p.column();
        if (hasCheckOn(t, c.name()) || p.nonNull() < MIN_ROWS_UNIQUE) {
            return;
        }
        String col = q(c.name());
        if (p.min() != null && p.min().signum() >= 0 && !SIGNED_NAME.matcher(c.name()).matches()
                && !IDENTIFIER_NAME.matcher(c.name()).matches()) {
            String name = io.dbagent.design.Names.fit("ck_" + t.name() + "_" + c.name() + "_non_negative");
            add(Finding.builder("candidate-check", Severity.INFO).subject(t.name() + "." + c.name())
                    .message(t.name() + "." + c.name() + " is never negative in its " + p.nonNull()
                            + " values (minimum " + p.min().toPlainString() + "); declare CHECK (" + c.name() + " >= 0)")
                    .fix(fixes.check(t, name, col + " >= 0"))
                    .evidence("rows", p.nonNull()).evidence("violatingRows", 0).evidence("min", p.min()).build());
            return;
        }
        if (STRING.matcher(c.type()).matches() && p.distinct() >= 2 && p.distinct() <= MAX_DOMAIN
                && p.nonNull() >= MIN_ROWS_DOMAIN) {
            List<String> values = Sql.query(session.connection(), "SELECT " + col + " FROM " + tn(t) + " WHERE " + col
                    + " IS NOT NULL GROUP BY " + col + " ORDER BY " + col, rs -> rs.getString(1));
            String in = col + " IN (" + String.join(", ", values.stream().map(v -> "'" + v.replace("'", "''") + "'")
                    .toList()) + ")";
            String name = io.dbagent.design.Names.fit("ck_" + t.name() + "_" + c.name() + "_values");
            add(Finding.builder("candidate-check", Severity.INFO).subject(t.name() + "." + c.name())
                    .message(t.name() + "." + c.name() + " takes only " + values.size() + " values in its "
                            + p.nonNull() + " rows " + values + "; if that set is closed, declare it as a CHECK")
                    .fix(fixes.check(t, name, in))
                    .evidence("rows", p.nonNull()).evidence("violatingRows", 0).evidence("values", values).build());
        }
    }

    private void add(Finding f) {
        findings.add(f);
    }

    private static boolean tolerable(long violating, long rows) {
        return violating == 0 || (rows >= 100 && violating <= rows * TOLERATED);
    }

    private static String prefix(long violating, String what) {
        return violating == 0 ? "" : "-- first " + what + " (" + violating + " rows)\n";
    }

    private static String baseType(String type) {
        return type.toLowerCase(Locale.ROOT).replaceAll("\\(\\d+\\)", "").replace(" unsigned", "").trim();
    }

    private boolean alreadyUnique(Table t, String col) {
        List<String> one = List.of(col);
        return t.primaryKey().equals(one) || t.uniques().stream().anyMatch(u -> u.columns().equals(one))
                || t.indexes().stream().anyMatch(i -> i.unique() && i.where() == null && i.columns().equals(one));
    }

    private static boolean hasCheckOn(Table t, String col) {
        Pattern word = Pattern.compile("(?i)(^|[^A-Za-z0-9_])[`\"]?" + Pattern.quote(col) + "[`\"]?([^A-Za-z0-9_]|$)");
        return t.checks().stream().anyMatch(c -> word.matcher(c.expression()).find());
    }

    /** Keys of up to {@value #LIST_LIMIT} rows matching the condition: primary key values, else the rowid text. */
    private List<String> list(Table t, String condition) {
        String key = t.primaryKey().isEmpty() ? (fixes.rowKey() == null ? "*" : fixes.rowKey())
                : String.join(", ", t.primaryKey().stream().map(this::q).toList());
        if (key.equals("*")) {
            return List.of();
        }
        return Sql.query(session.connection(), "SELECT " + key + " FROM " + tn(t) + " WHERE " + condition
                + " LIMIT " + LIST_LIMIT, rs -> {
                    int n = rs.getMetaData().getColumnCount();
                    List<String> parts = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        parts.add(rs.getString(i));
                    }
                    return String.join(",", parts);
                });
    }

    private static String keyText(Table t, List<String> keys) {
        if (keys.isEmpty()) {
            return "no primary key to list them by";
        }
        String by = t.primaryKey().isEmpty() ? "rowid" : String.join(",", t.primaryKey());
        return by + " " + String.join(", ", keys) + (keys.size() == LIST_LIMIT ? ", …" : "");
    }

    private long count(String sql) {
        try (Statement st = session.connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw Sql.failure("counting violations", e);
        }
    }
}
