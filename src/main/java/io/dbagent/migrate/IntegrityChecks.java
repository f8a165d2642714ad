package io.dbagent.migrate;

import io.dbagent.dialect.DdlWriter;
import io.dbagent.dialect.Dialects;
import io.dbagent.guard.ScriptExecutor;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Check;
import io.dbagent.schema.Column;
import io.dbagent.schema.ForeignKey;
import io.dbagent.schema.Index;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;
import io.dbagent.schema.Unique;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Verifies that the rows in a database satisfy its constraints, whatever the engine let through: foreign keys without
 * orphans (a PostgreSQL NOT VALID constraint, or rows written with foreign key checks off), check constraints,
 * unique keys and NOT NULL columns. Each violation is one line naming the constraint and the count.
 */
final class IntegrityChecks {

    /** One broken rule: its kind ({@code orphan-rows}, {@code check-violation}, …) and what it found. */
    record Violation(String kind, String subject, long rows, String detail) {
    }

    private IntegrityChecks() {
    }

    static List<Violation> run(DbSession s, Schema schema) {
        List<Violation> out = new ArrayList<>();
        DialectKind d = s.dialect();
        for (Table t : schema.tables()) {
            if (t.name().equalsIgnoreCase(HistorySql.TABLE) || t.comment() != null && t.comment().startsWith("virtual table")) {
                continue;
            }
            String table = DdlWriter.of(d).tableName(t.schema(), t.name());
            for (ForeignKey fk : t.foreignKeys()) {
                if (fk.refColumns().size() != fk.columns().size()) {
                    continue;
                }
                String ref = DdlWriter.of(d).tableName(fk.refSchema() == null ? t.schema() : fk.refSchema(), fk.refTable());
                List<String> notNull = new ArrayList<>();
                List<String> join = new ArrayList<>();
                for (int i = 0; i < fk.columns().size(); i++) {
                    notNull.add("c." + id(d, fk.columns().get(i)) + " IS NOT NULL");
                    join.add("p." + id(d, fk.refColumns().get(i)) + " = c." + id(d, fk.columns().get(i)));
                }
                long n = count(s, "SELECT count(*) FROM " + table + " c WHERE " + String.join(" AND ", notNull)
                        + " AND NOT EXISTS (SELECT 1 FROM " + ref + " p WHERE " + String.join(" AND ", join) + ")");
                if (n != 0) {
                    out.add(new Violation("orphan-rows", t.name() + "." + (fk.name() == null ? String.join(",", fk.columns())
                            : fk.name()), n, n + " row(s) of " + t.name() + " reference no row of " + fk.refTable() + " ("
                            + String.join(", ", fk.columns()) + " → " + String.join(", ", fk.refColumns()) + ")"));
                }
            }
            for (Check c : t.checks()) {
                long n = count(s, "SELECT count(*) FROM " + table + " WHERE NOT (" + c.expression() + ")");
                if (n != 0) {
                    out.add(new Violation("check-violation", t.name() + "." + (c.name() == null ? "check" : c.name()), n,
                            n + " row(s) of " + t.name() + " violate CHECK (" + c.expression() + ")"));
                }
            }
            List<List<String>> keys = new ArrayList<>();
            if (!t.primaryKey().isEmpty()) {
                keys.add(t.primaryKey());
            }
            t.uniques().stream().map(Unique::columns).forEach(keys::add);
            t.indexes().stream().filter(i -> i.unique() && i.where() == null
                    && i.columns().stream().allMatch(col -> t.column(col).isPresent())).map(Index::columns).forEach(keys::add);
            for (List<String> key : keys.stream().distinct().toList()) {
                String cols = key.stream().map(k -> id(d, k)).collect(Collectors.joining(", "));
                String nn = key.stream().map(k -> id(d, k) + " IS NOT NULL").collect(Collectors.joining(" AND "));
                long n = count(s, "SELECT count(*) FROM (SELECT " + cols + " FROM " + table + " WHERE " + nn
                        + " GROUP BY " + cols + " HAVING count(*) > 1) dup");
                if (n != 0) {
                    out.add(new Violation("unique-violation", t.name() + "(" + String.join(", ", key) + ")", n,
                            n + " value(s) of (" + String.join(", ", key) + ") occur more than once in " + t.name()));
                }
            }
            for (Column c : t.columns()) {
                if (!c.nullable() && c.generated() == null) {
                    long n = count(s, "SELECT count(*) FROM " + table + " WHERE " + id(d, c.name()) + " IS NULL");
                    if (n != 0) {
                        out.add(new Violation("null-violation", t.name() + "." + c.name(), n,
                                n + " row(s) of " + t.name() + " hold NULL in NOT NULL column " + c.name()));
                    }
                }
            }
        }
        if (Dialects.of(d).validatesConstraintsLater()) {
            out.addAll(validateNotValid(s, d));
        }
        return out;
    }

    /** PostgreSQL: constraints added NOT VALID were never checked against old rows; VALIDATE them (scratch only). */
    private static List<Violation> validateNotValid(DbSession s, DialectKind d) {
        List<Violation> out = new ArrayList<>();
        List<String[]> pending = new ArrayList<>();
        try (Statement st = s.connection().createStatement(); ResultSet rs = st.executeQuery(IntegritySql.PG_NOT_VALID)) {
            while (rs.next()) {
                pending.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
            }
        } catch (SQLException e) {
            return out;
        }
        for (String[] p : pending) {
            try (Statement st = s.connection().createStatement()) {
                st.execute("ALTER TABLE " + DdlWriter.of(d).tableName(p[0], p[1]) + " VALIDATE CONSTRAINT "
                        + DdlWriter.of(d).ident(p[2]));
            } catch (SQLException e) {
                out.add(new Violation("not-valid-constraint", p[1] + "." + p[2], -1, "VALIDATE CONSTRAINT " + p[2]
                        + " on " + p[1] + " fails: " + ScriptExecutor.firstLine(e.getMessage())));
            }
        }
        return out;
    }

    private static String id(DialectKind d, String name) {
        return DdlWriter.of(d).ident(name);
    }

    private static long count(DbSession s, String sql) {
        try (Statement st = s.connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            // an expression the engine cannot evaluate this way is not a violation we can prove
            return 0;
        }
    }
}
