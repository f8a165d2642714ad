package io.dbagent.dialect;

import io.dbagent.DbAgentException;
import io.dbagent.schema.Check;
import io.dbagent.schema.Column;
import io.dbagent.schema.ForeignKey;
import io.dbagent.schema.Index;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;
import io.dbagent.schema.Trigger;
import io.dbagent.schema.Unique;
import io.dbagent.schema.View;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** What the three {@link DdlWriter}s share; each dialect overrides where its syntax differs. */
public abstract class BaseDdlWriter implements DdlWriter {

    @Override
    public String ident(String name) {
        return DdlFixes.ident(dialect(), name);
    }

    @Override
    public String tableName(String schema, String table) {
        return DdlFixes.table(dialect(), schema, table);
    }

    protected String name(Table t) {
        return tableName(t.schema(), t.name());
    }

    protected String cols(List<String> columns) {
        return columns.stream().map(c -> c.contains("(") || c.contains(" ") ? c : ident(c))
                .collect(Collectors.joining(", "));
    }

    @Override
    public String createTable(Table t, boolean withForeignKeys) {
        List<String> parts = new ArrayList<>();
        for (Column c : t.columns()) {
            parts.add(columnDefinition(t, c));
        }
        String pk = primaryKeyClause(t);
        if (pk != null) {
            parts.add(pk);
        }
        for (Unique u : t.uniques()) {
            parts.add(uniqueClause(u));
        }
        for (Check c : t.checks()) {
            parts.add(constraint(c.name()) + "CHECK (" + c.expression() + ")");
        }
        parts.addAll(otherConstraints(t));
        if (withForeignKeys) {
            for (ForeignKey fk : t.foreignKeys()) {
                parts.add(foreignKeyClause(t, fk));
            }
        }
        parts.addAll(inlineIndexes(t));
        return "CREATE TABLE " + name(t) + " (\n  " + String.join(",\n  ", parts) + "\n)" + tableOptions(t);
    }

    /** {@code [CONSTRAINT name] UNIQUE (columns)}. */
    protected String uniqueClause(Unique u) {
        return constraint(u.name()) + "UNIQUE (" + cols(u.columns()) + ")";
    }

    /** Constraint clauses of kinds only one engine has (PostgreSQL exclusion constraints); none by default. */
    protected List<String> otherConstraints(Table t) {
        return List.of();
    }

    /** Secondary index clauses inside CREATE TABLE (MySQL); none elsewhere. */
    protected List<String> inlineIndexes(Table t) {
        return List.of();
    }

    protected String tableOptions(Table t) {
        return "";
    }

    protected String primaryKeyClause(Table t) {
        if (t.primaryKey().isEmpty()) {
            return null;
        }
        return constraint(t.primaryKeyName()) + "PRIMARY KEY (" + cols(t.primaryKey()) + ")";
    }

    protected String constraint(String name) {
        return name == null || name.isBlank() ? "" : "CONSTRAINT " + ident(name) + " ";
    }

    protected String foreignKeyClause(Table t, ForeignKey fk) {
        StringBuilder sb = new StringBuilder(constraint(fk.name()));
        sb.append("FOREIGN KEY (").append(cols(fk.columns())).append(") REFERENCES ")
                .append(tableName(fk.refSchema() == null ? t.schema() : fk.refSchema(), fk.refTable()))
                .append(" (").append(cols(fk.refColumns().isEmpty() ? List.of("id") : fk.refColumns())).append(')');
        if (fk.onDelete() != null && !fk.onDelete().equalsIgnoreCase("NO ACTION")) {
            sb.append(" ON DELETE ").append(fk.onDelete().toUpperCase(Locale.ROOT));
        }
        if (fk.onUpdate() != null && !fk.onUpdate().equalsIgnoreCase("NO ACTION")) {
            sb.append(" ON UPDATE ").append(fk.onUpdate().toUpperCase(Locale.ROOT));
        }
        return sb.toString();
    }

    /** Indexes that back the primary key or a unique constraint come with the table. */
    protected boolean comesWithTable(Table t, Index i) {
        if (i.primary()) {
            return true;
        }
        if (!i.unique()) {
            return false;
        }
        return t.uniques().stream().anyMatch(u -> i.name().equalsIgnoreCase(u.name())
                || (i.where() == null && u.columns().equals(i.columns())));
    }

    @Override
    public List<String> createIndexes(Table t) {
        List<String> out = new ArrayList<>();
        for (Index i : t.indexes()) {
            if (!comesWithTable(t, i) && !inlineIndexed(t, i)) {
                out.add(createIndex(t, i));
            }
        }
        return out;
    }

    protected boolean inlineIndexed(Table t, Index i) {
        return false;
    }

    @Override
    public String createIndex(Table t, Index i) {
        StringBuilder sb = new StringBuilder("CREATE ");
        if (i.unique()) {
            sb.append("UNIQUE ");
        }
        sb.append("INDEX ").append(ident(i.name())).append(" ON ").append(name(t)).append(" (")
                .append(cols(i.columns())).append(')');
        if (i.where() != null) {
            sb.append(" WHERE ").append(i.where());
        }
        return sb.toString();
    }

    @Override
    public String dropTable(Table t) {
        return "DROP TABLE " + name(t);
    }

    @Override
    public String addColumn(Table t, Column c) {
        return "ALTER TABLE " + name(t) + " ADD COLUMN " + columnDefinition(t, c);
    }

    @Override
    public String dropColumn(Table t, String column) {
        return "ALTER TABLE " + name(t) + " DROP COLUMN " + ident(column);
    }

    @Override
    public String addForeignKey(Table t, ForeignKey fk) {
        return "ALTER TABLE " + name(t) + " ADD " + foreignKeyClause(t, fk);
    }

    @Override
    public String addUnique(Table t, Unique u) {
        return "ALTER TABLE " + name(t) + " ADD " + uniqueClause(u);
    }

    @Override
    public String dropUnique(Table t, Unique u) {
        return "ALTER TABLE " + name(t) + " DROP CONSTRAINT " + ident(u.name());
    }

    @Override
    public String addCheck(Table t, Check c) {
        return "ALTER TABLE " + name(t) + " ADD " + constraint(c.name()) + "CHECK (" + c.expression() + ")";
    }

    @Override
    public String dropCheck(Table t, Check c) {
        return "ALTER TABLE " + name(t) + " DROP CONSTRAINT " + ident(c.name());
    }

    @Override
    public String createView(View v) {
        return "CREATE VIEW " + tableName(v.schema(), v.name()) + " AS " + v.definition().strip();
    }

    @Override
    public String dropView(View v) {
        return "DROP VIEW " + tableName(v.schema(), v.name());
    }

    @Override
    public String createTrigger(Trigger tr) {
        String def = tr.definition() == null ? "" : tr.definition().strip();
        if (def.regionMatches(true, 0, "CREATE", 0, 6)) {
            return def.endsWith(";") ? def.substring(0, def.length() - 1) : def;
        }
        if (tr.events().size() != 1) {
            throw new DbAgentException(DbAgentException.Code.UNSUPPORTED, dialect().id() + " trigger " + tr.name()
                    + " must fire on exactly one event, not " + tr.events());
        }
        return "CREATE TRIGGER " + ident(tr.name()) + " " + tr.timing() + " " + tr.events().get(0) + " ON "
                + tableName(tr.schema(), tr.table()) + " FOR EACH ROW " + def;
    }

    @Override
    public String dropTrigger(Trigger tr) {
        return "DROP TRIGGER " + ident(tr.name());
    }

    protected DbAgentException unsupported(String what) {
        return new DbAgentException(DbAgentException.Code.UNSUPPORTED, what);
    }

    @Override
    public List<String> createSchema(Schema s) {
        List<String> out = new ArrayList<>();
        Set<String> deferred = new HashSet<>();
        List<Table> ordered = dependencyOrder(s.tables(), deferred);
        for (Table t : ordered) {
            out.add(createTable(t, !deferred.contains(t.name()) || !canAddForeignKeys()));
        }
        if (canAddForeignKeys()) {
            for (Table t : ordered) {
                if (deferred.contains(t.name())) {
                    t.foreignKeys().forEach(fk -> out.add(addForeignKey(t, fk)));
                }
            }
        }
        for (Table t : ordered) {
            out.addAll(createIndexes(t));
            out.addAll(comments(t));
        }
        for (io.dbagent.schema.View v : s.views()) {
            out.add(createView(v));
            Table on = new Table(v.schema(), v.name(), -1, -1, List.of(), List.of(), null, List.of(), List.of(),
                    List.of(), List.of(), null);
            v.indexes().forEach(i -> out.add(createIndex(on, i)));
        }
        s.triggers().forEach(tr -> out.add(createTrigger(tr)));
        return out;
    }

    /**
     * Statements that set the table's and its columns' comments where CREATE TABLE cannot hold them (PostgreSQL
     * {@code COMMENT ON}); none by default (MySQL writes them inline, SQLite has none).
     */
    protected List<String> comments(Table t) {
        return List.of();
    }

    /** SQLite declares foreign keys to tables that do not exist yet, so it never needs to add them later. */
    protected boolean canAddForeignKeys() {
        return true;
    }

    /**
     * Parents before children. Tables in a reference cycle go last, in their given order, and are named in
     * {@code deferred} so their foreign keys are added after every table exists.
     */
    public static List<Table> dependencyOrder(List<Table> tables, Set<String> deferred) {
        Map<String, Table> byName = new HashMap<>();
        tables.forEach(t -> byName.put(t.name(), t));
        Set<String> done = new LinkedHashSet<>();
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Table t : tables) {
                if (done.contains(t.name())) {
                    continue;
                }
                boolean ready = t.foreignKeys().stream().allMatch(fk -> fk.refTable().equals(t.name())
                        || !byName.containsKey(fk.refTable()) || done.contains(fk.refTable()));
                if (ready) {
                    done.add(t.name());
                    progress = true;
                }
            }
        }
        List<Table> out = new ArrayList<>();
        done.forEach(n -> out.add(byName.get(n)));
        for (Table t : tables) {
            if (!done.contains(t.name())) {
                deferred.add(t.name());
                out.add(t);
            }
        }
        return out;
    }

    @Override
    public String script(List<String> statements) {
        return statements.stream().map(s -> s + ";").collect(Collectors.joining("\n\n")) + "\n";
    }
}
