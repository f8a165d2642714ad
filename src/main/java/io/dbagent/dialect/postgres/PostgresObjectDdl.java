package io.dbagent.dialect.postgres;

import io.dbagent.dialect.DdlWriter;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Check;
import io.dbagent.schema.Domain;
import io.dbagent.schema.Exclusion;
import io.dbagent.schema.Extension;
import io.dbagent.schema.Policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * DDL for PostgreSQL's own object kinds, shared by the DDL writer (a whole schema) and the change writer (a diff):
 * extensions, domains, row-level security and its policies, exclusion constraints and deferrable constraints.
 */
final class PostgresObjectDdl {

    private PostgresObjectDdl() {
    }

    static String createExtension(Extension e) {
        return "CREATE EXTENSION IF NOT EXISTS " + id(e.name()) + (e.schema() == null ? "" : " WITH SCHEMA "
                + id(e.schema()));
    }

    static String createDomain(Domain d) {
        StringBuilder sb = new StringBuilder("CREATE DOMAIN ").append(qualified(d.schema(), d.name())).append(" AS ")
                .append(d.baseType());
        if (d.collation() != null) {
            sb.append(" COLLATE ").append(d.collation());
        }
        if (d.defaultValue() != null) {
            sb.append(" DEFAULT ").append(d.defaultValue());
        }
        if (d.notNull()) {
            sb.append(" NOT NULL");
        }
        for (Check c : d.checks()) {
            sb.append("\n    ").append(check(c));
        }
        return sb.toString();
    }

    /** ALTER DOMAIN for everything but the base type and collation: default, NOT NULL, CHECK constraints. */
    static List<String> alterDomain(Domain from, Domain to) {
        String alter = "ALTER DOMAIN " + qualified(to.schema(), to.name()) + " ";
        List<String> out = new ArrayList<>();
        for (Check c : from.checks()) {
            if (!to.checks().contains(c)) {
                out.add(alter + "DROP CONSTRAINT " + id(c.name()));
            }
        }
        if (!Objects.equals(from.defaultValue(), to.defaultValue())) {
            out.add(alter + (to.defaultValue() == null ? "DROP DEFAULT" : "SET DEFAULT " + to.defaultValue()));
        }
        if (from.notNull() != to.notNull()) {
            out.add(alter + (to.notNull() ? "SET NOT NULL" : "DROP NOT NULL"));
        }
        for (Check c : to.checks()) {
            if (!from.checks().contains(c)) {
                out.add(alter + "ADD " + check(c));
            }
        }
        return out;
    }

    private static String check(Check c) {
        return (c.name() == null ? "" : "CONSTRAINT " + id(c.name()) + " ") + "CHECK (" + c.expression() + ")";
    }

    /** The statements that take a table's row-level security from one state ({@code enabled}, {@code forced}, null) to another. */
    static List<String> rowSecurity(String table, String from, String to) {
        List<String> out = new ArrayList<>();
        String alter = "ALTER TABLE " + table + " ";
        boolean wasOn = from != null;
        boolean isOn = to != null;
        boolean wasForced = "forced".equals(from);
        boolean isForced = "forced".equals(to);
        if (isOn && !wasOn) {
            out.add(alter + "ENABLE ROW LEVEL SECURITY");
        }
        if (isForced && !wasForced) {
            out.add(alter + "FORCE ROW LEVEL SECURITY");
        }
        if (wasForced && !isForced) {
            out.add(alter + "NO FORCE ROW LEVEL SECURITY");
        }
        if (wasOn && !isOn) {
            out.add(alter + "DISABLE ROW LEVEL SECURITY");
        }
        return out;
    }

    static String createPolicy(String table, Policy p) {
        StringBuilder sb = new StringBuilder("CREATE POLICY ").append(id(p.name())).append(" ON ").append(table);
        if (!p.permissive()) {
            sb.append(" AS RESTRICTIVE");
        }
        if (p.command() != null && !p.command().equalsIgnoreCase("ALL")) {
            sb.append(" FOR ").append(p.command());
        }
        if (!p.roles().isEmpty() && !(p.roles().size() == 1 && p.roles().get(0).equalsIgnoreCase("public"))) {
            sb.append(" TO ").append(p.roles().stream()
                    .map(r -> r.equalsIgnoreCase("public") ? "PUBLIC" : id(r)).collect(Collectors.joining(", ")));
        }
        if (p.using() != null) {
            sb.append(" USING (").append(p.using()).append(')');
        }
        if (p.withCheck() != null) {
            sb.append(" WITH CHECK (").append(p.withCheck()).append(')');
        }
        return sb.toString();
    }

    static String exclusion(Exclusion x) {
        return (x.name() == null ? "" : "CONSTRAINT " + id(x.name()) + " ") + x.definition() + deferrable(x.deferrable());
    }

    private static final java.util.regex.Pattern WITH_OPCLASS =
            java.util.regex.Pattern.compile("(.+) ([A-Za-z_][A-Za-z0-9_]*_ops)");

    /** An index key part as CREATE INDEX writes it: a column, an expression in parentheses, an operator class after. */
    static String indexPart(String part) {
        java.util.regex.Matcher m = WITH_OPCLASS.matcher(part);
        if (m.matches()) {
            return indexPart(m.group(1)) + " " + m.group(2);
        }
        return io.dbagent.diff.ChangeWriter.isPlainColumn(part) ? id(part) : "(" + part + ")";
    }

    /** {@code " DEFERRABLE INITIALLY …"}, or nothing for a constraint checked at once. */
    static String deferrable(String deferrable) {
        return deferrable == null ? "" : " " + deferrable;
    }

    private static String qualified(String schema, String name) {
        return DdlWriter.of(DialectKind.POSTGRES).tableName(schema, name);
    }

    private static String id(String name) {
        return DdlWriter.of(DialectKind.POSTGRES).ident(name);
    }
}
