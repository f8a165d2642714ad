package io.dbagent.dialect.postgres;

import io.dbagent.dialect.BaseDdlWriter;
import io.dbagent.diff.DiffModels;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Column;
import io.dbagent.schema.ForeignKey;
import io.dbagent.schema.Index;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;
import io.dbagent.schema.Trigger;
import io.dbagent.schema.Unique;
import io.dbagent.schema.View;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** PostgreSQL DDL: identity columns, stored generated columns, index methods, INCLUDE, partial indexes. */
public final class PostgresDdlWriter extends BaseDdlWriter {

    @Override
    public DialectKind dialect() {
        return DialectKind.POSTGRES;
    }

    @Override
    public String columnDefinition(Table t, Column c) {
        StringBuilder sb = new StringBuilder(ident(c.name())).append(' ').append(c.type());
        if (c.collation() != null) {
            sb.append(" COLLATE ").append(DialectKind.POSTGRES.quote(c.collation()));
        }
        if (c.identity() != null) {
            sb.append(" GENERATED ").append(c.identity().toUpperCase(Locale.ROOT)).append(" AS IDENTITY");
        } else if (c.generated() != null) {
            sb.append(" GENERATED ALWAYS AS (").append(c.generated()).append(") STORED");
        }
        if (!c.nullable()) {
            sb.append(" NOT NULL");
        }
        if (c.defaultValue() != null && c.identity() == null && c.generated() == null) {
            sb.append(" DEFAULT ").append(c.defaultValue());
        }
        return sb.toString();
    }

    @Override
    protected List<String> comments(Table t) {
        List<String> out = new java.util.ArrayList<>();
        if (t.comment() != null) {
            out.add("COMMENT ON TABLE " + name(t) + " IS " + literal(t.comment()));
        }
        for (Column c : t.columns()) {
            if (c.comment() != null) {
                out.add("COMMENT ON COLUMN " + name(t) + "." + ident(c.name()) + " IS " + literal(c.comment()));
            }
        }
        return out;
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    @Override
    protected String uniqueClause(Unique u) {
        return super.uniqueClause(u) + PostgresObjectDdl.deferrable(u.deferrable());
    }

    @Override
    protected List<String> otherConstraints(Table t) {
        return t.exclusions().stream().map(PostgresObjectDdl::exclusion).toList();
    }

    @Override
    protected String foreignKeyClause(Table t, ForeignKey fk) {
        return super.foreignKeyClause(t, fk) + PostgresObjectDdl.deferrable(fk.deferrable());
    }

    @Override
    protected String tableOptions(Table t) {
        return t.inherits().isEmpty() ? "" : " INHERITS (" + String.join(", ", t.inherits()) + ")";
    }

    /** The index of an exclusion constraint comes with the constraint. */
    @Override
    protected boolean comesWithTable(Table t, Index i) {
        return super.comesWithTable(t, i) || t.exclusions().stream().anyMatch(x -> x.name().equals(i.name()));
    }

    /**
     * Extensions and domains first, inheritance parents before their children (which declare only their own
     * columns), and row-level security with its policies after everything else, since a policy may call any function
     * and read any table.
     */
    @Override
    public List<String> createSchema(Schema s) {
        List<String> out = new ArrayList<>();
        s.extensions().forEach(e -> out.add(PostgresObjectDdl.createExtension(e)));
        s.domains().forEach(d -> out.add(PostgresObjectDdl.createDomain(d)));
        List<Table> declared = parentsFirst(s.tables()).stream()
                .map(t -> DiffModels.declaredPart(DialectKind.POSTGRES, t, s.tables())).toList();
        out.addAll(super.createSchema(s.withTables(declared)));
        for (Table t : declared) {
            out.addAll(PostgresObjectDdl.rowSecurity(name(t), null, t.rowSecurity()));
            t.policies().forEach(p -> out.add(PostgresObjectDdl.createPolicy(name(t), p)));
        }
        return out;
    }

    private static List<Table> parentsFirst(List<Table> tables) {
        List<Table> out = new ArrayList<>();
        List<Table> left = new ArrayList<>(tables);
        while (!left.isEmpty()) {
            int before = left.size();
            for (java.util.Iterator<Table> it = left.iterator(); it.hasNext(); ) {
                Table t = it.next();
                boolean ready = t.inherits().stream().noneMatch(p -> left.stream()
                        .anyMatch(o -> o != t && (o.qualifiedName().equals(p.replace("\"", "")))));
                if (ready) {
                    out.add(t);
                    it.remove();
                }
            }
            if (left.size() == before) {
                out.addAll(left);
                break;
            }
        }
        return out;
    }

    @Override
    public String createIndex(Table t, Index i) {
        StringBuilder sb = new StringBuilder("CREATE ");
        if (i.unique()) {
            sb.append("UNIQUE ");
        }
        sb.append("INDEX ").append(ident(i.name())).append(" ON ").append(name(t));
        if (i.method() != null && !i.method().equalsIgnoreCase("btree")) {
            sb.append(" USING ").append(i.method().toLowerCase(Locale.ROOT));
        }
        sb.append(" (").append(i.columns().stream().map(PostgresObjectDdl::indexPart)
                .collect(java.util.stream.Collectors.joining(", "))).append(')');
        if (!i.include().isEmpty()) {
            sb.append(" INCLUDE (").append(cols(i.include())).append(')');
        }
        if (i.where() != null) {
            sb.append(" WHERE ").append(i.where());
        }
        return sb.toString();
    }

    @Override
    public String dropIndex(Table t, Index i) {
        return "DROP INDEX " + tableName(t.schema(), i.name());
    }

    @Override
    public String dropForeignKey(Table t, ForeignKey fk) {
        return "ALTER TABLE " + name(t) + " DROP CONSTRAINT " + ident(fk.name());
    }

    @Override
    public String createView(View v) {
        return "CREATE " + (v.materialized() ? "MATERIALIZED " : "") + "VIEW " + tableName(v.schema(), v.name())
                + " AS " + v.definition().strip();
    }

    @Override
    public String dropView(View v) {
        return "DROP " + (v.materialized() ? "MATERIALIZED " : "") + "VIEW " + tableName(v.schema(), v.name());
    }

    @Override
    public String createTrigger(Trigger tr) {
        String def = tr.definition() == null ? "" : tr.definition().strip();
        if (def.regionMatches(true, 0, "CREATE", 0, 6)) {
            return super.createTrigger(tr);
        }
        return "CREATE TRIGGER " + ident(tr.name()) + " " + tr.timing() + " " + String.join(" OR ", tr.events())
                + " ON " + tableName(tr.schema(), tr.table()) + " FOR EACH "
                + (tr.level() == null ? "ROW" : tr.level()) + " " + def;
    }

    @Override
    public String dropTrigger(Trigger tr) {
        return "DROP TRIGGER " + ident(tr.name()) + " ON " + tableName(tr.schema(), tr.table());
    }

    /**
     * CONCURRENTLY is refused on a partitioned table, so a fix for one uses the plain form: on the parent it creates
     * (or drops) the index on every partition in one statement, holding a SHARE lock on them while it builds.
     */
    @Override
    public String indexFixFor(Table t, String indexFix) {
        return t != null && t.partitioned()
                ? indexFix.replaceFirst("^(CREATE (UNIQUE )?INDEX|DROP INDEX) CONCURRENTLY ", "$1 ") : indexFix;
    }

    private static final java.util.regex.Pattern CREATE_CONCURRENTLY = java.util.regex.Pattern.compile(
            "^CREATE (UNIQUE )?INDEX CONCURRENTLY (\\S+) ON \\S+ (\\(.*?);?$", java.util.regex.Pattern.DOTALL);

    /**
     * On a partitioned parent: {@code CREATE INDEX … ON ONLY parent} (invalid until every partition has its index),
     * then per partition {@code CREATE INDEX CONCURRENTLY} and {@code ALTER INDEX … ATTACH PARTITION}; a partition
     * that is partitioned again gets its own ON ONLY index the same way. Each statement runs on its own, outside a
     * transaction block.
     */
    @Override
    public String onlineIndexFixFor(Table t, String indexFix) {
        java.util.regex.Matcher m = CREATE_CONCURRENTLY.matcher(indexFix.strip());
        if (t == null || !t.partitioned() || !m.matches()) {
            return indexFixFor(t, indexFix);
        }
        String unique = m.group(1) == null ? "" : m.group(1);
        String name = unquote(m.group(2));
        String rest = m.group(3);
        java.util.List<String> out = new java.util.ArrayList<>();
        out.add("-- " + t.qualifiedName() + " is partitioned: index the parent alone, build each partition's index"
                + " without blocking writes, then attach it");
        out.add("CREATE " + unique + "INDEX " + ident(name) + " ON ONLY " + name(t) + " " + rest + ";");
        for (io.dbagent.schema.Partition p : t.partitions()) {
            partitionIndex(out, unique, t.schema(), name, name, p, rest);
        }
        return String.join("\n", out);
    }

    private void partitionIndex(java.util.List<String> out, String unique, String parentSchema, String parentIndex,
                                String topIndex, io.dbagent.schema.Partition p, String rest) {
        String index = p.name() + "_" + topIndex;
        if (index.length() > 63) {
            index = index.substring(0, 54) + "_" + Integer.toHexString(index.hashCode() & 0xfffffff);
        }
        String table = tableName(p.schema(), p.name());
        if (p.subpartitions().isEmpty()) {
            out.add("CREATE " + unique + "INDEX CONCURRENTLY " + ident(index) + " ON " + table + " " + rest + ";");
        } else {
            out.add("CREATE " + unique + "INDEX " + ident(index) + " ON ONLY " + table + " " + rest + ";");
            for (io.dbagent.schema.Partition sub : p.subpartitions()) {
                partitionIndex(out, unique, p.schema(), index, topIndex, sub, rest);
            }
        }
        out.add("ALTER INDEX " + tableName(parentSchema, parentIndex) + " ATTACH PARTITION "
                + tableName(p.schema(), index) + ";");
    }

    private static String unquote(String name) {
        return name.length() > 1 && name.startsWith("\"") && name.endsWith("\"")
                ? name.substring(1, name.length() - 1).replace("\"\"", "\"") : name;
    }
}
