package io.dbagent.diff;

import io.dbagent.dialect.Dialects;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Check;
import io.dbagent.schema.ForeignKey;
import io.dbagent.schema.Index;
import io.dbagent.schema.Partition;
import io.dbagent.schema.Routine;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Sequence;
import io.dbagent.schema.Table;
import io.dbagent.schema.Trigger;
import io.dbagent.schema.View;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Brings inspected models into the form the diff compares: what describes the data (row estimates, sizes, sequence
 * positions) is cleared, MySQL's database name is taken out of object names and view texts (a scratch database
 * has another name than the live one), routine texts are compared as the engine would recreate them, and sequences owned by a column travel with that column.
 */
public final class DiffModels {

    private DiffModels() {
    }

    public static DialectKind dialect(Schema s) {
        return DialectKind.parse(s.dialect());
    }

    /** An empty model of a dialect: the "from" side of a diff that creates everything. */
    public static Schema empty(DialectKind d) {
        return new Schema(d.id(), null, null, null, List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    }

    /** The model as the diff sees it. */
    public static Schema prepare(Schema s) {
        DiffDialect engine = Dialects.of(dialect(s)).diff();
        boolean mysql = engine.schemaIsDatabase();
        String db = s.database();
        List<Table> tables = s.tables().stream().filter(t -> !io.dbagent.schema.HistoryTables.isHistoryTable(t.name())).map(t -> new Table(mysql ? null : t.schema(), t.name(), -1, -1,
                t.columns(), t.primaryKey(), t.primaryKeyName(),
                t.foreignKeys().stream().map(fk -> mysql ? new ForeignKey(fk.name(), fk.columns(), null, fk.refTable(),
                        fk.refColumns(), fk.onDelete(), fk.onUpdate()) : fk).toList(),
                t.uniques(),
                t.checks().stream().map(c -> new Check(c.name(), engine.canonicalExpression(c.expression()))).toList(),
                t.indexes().stream().map(i -> new Index(i.name(), i.columns(), i.unique(), i.primary(), i.method(),
                        engine.canonicalExpression(i.where()), i.include(), -1)).toList(),
                t.comment(), t.partitionKey(), t.partitionOf(), t.partitions().stream().map(p -> partition(p, mysql))
                .toList(), t.charset(), t.collation(), t.inherits(), t.rowSecurity(),
                t.policies(), t.exclusions(), t.options())).toList();
        if (engine.partitionsAreTables()) {
            List<Table> all = tables;
            tables = tables.stream().map(t -> ownPart(t, all)).toList();
        }
        List<View> views = s.views().stream().map(v -> new View(mysql ? null : v.schema(), v.name(), v.materialized(),
                v.columns(), mysql ? unqualify(v.definition(), db)
                : engine.canonicalExpression(v.definition()), v.indexes().stream().map(i -> new Index(i.name(),
                i.columns(), i.unique(), i.primary(), i.method(), engine.canonicalExpression(i.where()), i.include(),
                -1)).toList())).toList();
        List<Trigger> triggers = s.triggers().stream().map(t -> new Trigger(mysql ? null : t.schema(), t.table(),
                t.name(), t.timing(), t.events(), t.level(), mysql ? unqualify(t.definition(), db) : t.definition()))
                .toList();
        List<Sequence> sequences = s.sequences().stream().filter(q -> q.ownedBy() == null)
                .map(q -> new Sequence(mysql ? null : q.schema(), q.name(), q.dataType(), q.start(), q.increment(),
                        q.minValue(), q.maxValue(), q.cycle(), null, null)).toList();
        List<Routine> routines = s.routines().stream().map(r -> r.with(mysql ? null : r.schema(),
                mysql ? unqualify(engine.canonicalRoutine(r), db) : engine.canonicalRoutine(r))).toList();
        return new Schema(s.dialect(), s.product(), null, null, s.schemas(), tables, views, triggers, sequences,
                s.enums(), routines, s.domains(), s.extensions());
    }

    /**
     * A partition without the data it describes (rows, sizes), its sub-partitions likewise; without its schema where
     * the schema is the database (MySQL).
     */
    static Partition partition(Partition p, boolean withoutSchema) {
        return new Partition(withoutSchema ? null : p.schema(), p.name(), p.bound(), -1, -1, p.subpartitionKey(),
                p.subpartitions().stream().map(s -> partition(s, withoutSchema)).toList());
    }

    /**
     * Where partitions are tables of their own (PostgreSQL), a partition keeps only what is its own: the columns,
     * keys, checks, foreign keys and indexes it inherits from its parent come and go with the parent, and
     * {@code CREATE TABLE … PARTITION OF} brings them.
     */
    static Table ownPart(Table t, List<Table> all) {
        if (t.partitionOf() == null) {
            return t;
        }
        Table parent = all.stream().filter(p -> p.qualifiedName().equals(t.partitionOf())).findFirst().orElse(null);
        if (parent == null) {
            return t;
        }
        boolean inheritedKey = !parent.primaryKey().isEmpty() && parent.primaryKey().equals(t.primaryKey());
        List<Index> indexes = t.indexes().stream().filter(i -> parent.indexes().stream().noneMatch(pi ->
                pi.columns().equals(i.columns()) && pi.unique() == i.unique()
                        && java.util.Objects.equals(pi.method(), i.method())
                        && java.util.Objects.equals(pi.where(), i.where()) && pi.include().equals(i.include())))
                .toList();
        List<ForeignKey> fks = t.foreignKeys().stream().filter(fk -> parent.foreignKeys().stream().noneMatch(pf ->
                pf.columns().equals(fk.columns()) && pf.refTable().equals(fk.refTable())
                        && pf.refColumns().equals(fk.refColumns()))).toList();
        List<io.dbagent.schema.Unique> uniques = t.uniques().stream().filter(u -> parent.uniques().stream()
                .noneMatch(pu -> pu.columns().equals(u.columns()))).toList();
        List<Check> checks = t.checks().stream().filter(c -> parent.checks().stream()
                .noneMatch(pc -> pc.name().equals(c.name()))).toList();
        return new Table(t.schema(), t.name(), t.rowEstimate(), t.sizeBytes(), List.of(),
                inheritedKey ? List.of() : t.primaryKey(), inheritedKey ? null : t.primaryKeyName(), fks, uniques,
                checks, indexes, t.comment(), t.partitionKey(), t.partitionOf(), t.partitions(), t.charset(),
                t.collation(), t.inherits(), t.rowSecurity(), t.policies(), t.exclusions(), t.options());
    }

    /** Removes {@code `db`.} qualifiers MySQL writes into stored view and trigger texts. */
    static String unqualify(String text, String db) {
        if (text == null || db == null) {
            return text;
        }
        return text.replace(DialectKind.MYSQL.quote(db) + ".", "");
    }

    /** The key objects are matched by: schema-qualified on PostgreSQL, the bare name elsewhere. */
    static String key(DialectKind d, String schema, String name) {
        return Dialects.of(d).namesBySchema() ? (schema == null ? "public" : schema) + "." + name : name;
    }

    static String key(DialectKind d, Table t) {
        return key(d, t.schema(), t.name());
    }

    /** The key of a table's inheritance parent, written as {@link Table#inherits()} holds it. */
    static String parentKey(DialectKind d, Table child, String parent) {
        String p = parent.replace("\"", "");
        int dot = p.indexOf('.');
        return dot < 0 ? key(d, child.schema(), p) : key(d, p.substring(0, dot), p.substring(dot + 1));
    }

    /**
     * A table as CREATE TABLE … INHERITS declares it: without the columns and CHECK constraints it gets from its
     * parents, which PostgreSQL adds by itself (declaring them again would make them local to the child).
     */
    public static Table declaredPart(DialectKind d, Table t, java.util.Collection<Table> all) {
        if (t.inherits().isEmpty()) {
            return t;
        }
        java.util.Set<String> columns = new java.util.HashSet<>();
        java.util.Set<String> checks = new java.util.HashSet<>();
        for (String parent : t.inherits()) {
            String k = parentKey(d, t, parent);
            Table p = all.stream().filter(x -> key(d, x).equals(k)).findFirst().orElse(null);
            if (p != null) {
                p.columns().forEach(c -> columns.add(c.name()));
                p.checks().forEach(c -> checks.add(c.name()));
            }
        }
        return new Table(t.schema(), t.name(), t.rowEstimate(), t.sizeBytes(),
                t.columns().stream().filter(c -> !columns.contains(c.name())).toList(), t.primaryKey(),
                t.primaryKeyName(), t.foreignKeys(), t.uniques(),
                t.checks().stream().filter(c -> !checks.contains(c.name())).toList(), t.indexes(), t.comment(),
                t.partitionKey(), t.partitionOf(), t.partitions(), t.charset(), t.collation(), t.inherits(),
                t.rowSecurity(), t.policies(), t.exclusions(), t.options());
    }

    /** Indexes that exist only because a constraint does: the diff handles the constraint instead. */
    public static boolean backsConstraint(DialectKind d, Table t, Index i) {
        if (i.primary() || "PRIMARY".equals(i.name())) {
            return true;
        }
        return Dialects.of(d).diff().backsUnique(t, i);
    }

    private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

    /** Whether a view or trigger text names the table (as an identifier, quoted or not). */
    static boolean mentions(String text, String name) {
        if (text == null) {
            return false;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        var m = WORD.matcher(text.replace('"', ' ').replace('`', ' '));
        while (m.find()) {
            if (m.group().toLowerCase(Locale.ROOT).equals(lower)) {
                return true;
            }
        }
        return false;
    }
}
