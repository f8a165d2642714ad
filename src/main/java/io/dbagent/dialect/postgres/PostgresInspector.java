package io.dbagent.dialect.postgres;

import io.dbagent.dialect.SchemaInspector;
import io.dbagent.dialect.Sql;
import io.dbagent.jdbc.DbSession;
import io.dbagent.schema.Check;
import io.dbagent.schema.Column;
import io.dbagent.schema.Domain;
import io.dbagent.schema.EnumType;
import io.dbagent.schema.Exclusion;
import io.dbagent.schema.Extension;
import io.dbagent.schema.ForeignKey;
import io.dbagent.schema.Index;
import io.dbagent.schema.Partition;
import io.dbagent.schema.Policy;
import io.dbagent.schema.Routine;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Sequence;
import io.dbagent.schema.Table;
import io.dbagent.schema.Trigger;
import io.dbagent.schema.Unique;
import io.dbagent.schema.View;

import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a PostgreSQL database (12 or later) into the neutral {@link Schema} with nine catalog queries, whatever the
 * number of tables. Every non-system schema is read; objects that belong to an extension are left out. When the
 * session is in auto-commit mode the queries share one read-only REPEATABLE READ transaction, so they all see the
 * same catalog even while DDL runs elsewhere.
 *
 * <p>Indexes of materialized views are not reported: the model has no place for them.
 */
public final class PostgresInspector implements SchemaInspector {

    @Override
    public io.dbagent.schema.ObjectListing listObjects(DbSession session) {
        return PostgresObjects.list(session);
    }

    @Override
    public Schema inspect(DbSession session) {
        Connection c = session.connection();
        try {
            if (!c.getAutoCommit()) {
                return read(session, c);
            }
            int isolation = c.getTransactionIsolation();
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                return read(session, c);
            } finally {
                c.rollback();
                c.setTransactionIsolation(isolation);
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw Sql.failure("cannot read the PostgreSQL catalog", e);
        }
    }

    private Schema read(DbSession session, Connection c) throws SQLException {
        record Names(String database, List<String> schemas) {
        }
        Names names = Sql.query(c, PostgresCatalog.SCHEMAS,
                rs -> new Names(rs.getString("db"), strings(rs, "schemas"))).get(0);
        Array schemaParam = c.createArrayOf("text", names.schemas().toArray());

        Map<Long, Relation> relations = new LinkedHashMap<>();
        for (Relation r : Sql.query(c, PostgresCatalog.RELATIONS, PostgresInspector::relation, schemaParam)) {
            relations.put(r.oid, r);
        }
        Sql.query(c, PostgresCatalog.COLUMNS, rs -> {
            Relation r = relations.get(rs.getLong("attrelid"));
            if (r != null) {
                r.columns.add(new ColumnRow(rs.getString("attname"), rs.getString("type"), !rs.getBoolean("attnotnull"),
                        rs.getString("default_expr"), PostgresCodes.identity(rs.getString("attidentity")),
                        rs.getString("generated_expr"), PostgresCodes.generatedKind(rs.getString("attgenerated")),
                        rs.getString("comment"), rs.getString("collation")));
            }
            return null;
        }, schemaParam);
        Sql.query(c, PostgresCatalog.CONSTRAINTS, rs -> {
            Relation r = relations.get(rs.getLong("conrelid"));
            if (r != null) {
                addConstraint(r, rs);
            }
            return null;
        }, schemaParam);
        Sql.query(c, PostgresCatalog.INDEXES, rs -> {
            Relation r = relations.get(rs.getLong("indrelid"));
            if (r != null) {
                r.indexes.add(index(rs));
            }
            return null;
        }, schemaParam);
        Sql.query(c, PostgresCatalog.TRIGGERS, rs -> {
            Relation r = relations.get(rs.getLong("tgrelid"));
            if (r != null) {
                int type = rs.getInt("tgtype");
                r.triggers.add(new Trigger(r.schema, r.name, rs.getString("tgname"), PostgresCodes.triggerTiming(type),
                        PostgresCodes.triggerEvents(type), PostgresCodes.triggerLevel(type),
                        rs.getString("definition")));
            }
            return null;
        }, schemaParam);
        List<Sequence> sequences = Sql.query(c, PostgresCatalog.SEQUENCES, PostgresInspector::sequence, schemaParam);
        List<EnumType> enums = Sql.query(c, PostgresCatalog.ENUMS,
                rs -> new EnumType(rs.getString("nspname"), rs.getString("typname"), strings(rs, "labels")),
                schemaParam);
        List<Routine> routines = Sql.query(c, PostgresCatalog.ROUTINES, PostgresInspector::routine, schemaParam);
        Sql.query(c, PostgresCatalog.POLICIES, rs -> {
            Relation r = relations.get(rs.getLong("polrelid"));
            if (r != null) {
                r.policies.add(new Policy(rs.getString("polname"), PostgresCodes.policyCommand(rs.getString("polcmd")),
                        rs.getBoolean("polpermissive"), strings(rs, "roles"), rs.getString("using_expr"),
                        rs.getString("check_expr")));
            }
            return null;
        }, schemaParam);
        List<Domain> domains = Sql.query(c, PostgresCatalog.DOMAINS, PostgresInspector::domain, schemaParam);
        List<Extension> extensions = Sql.query(c, PostgresCatalog.EXTENSIONS,
                rs -> new Extension(rs.getString("extname"), rs.getString("nspname"), rs.getString("extversion")));

        // Relations arrive sorted by (schema, name) and triggers by name within each, so this keeps both orders.
        List<Table> tables = new ArrayList<>();
        List<View> views = new ArrayList<>();
        List<Trigger> triggers = new ArrayList<>();
        // A parent's partitions (which may be partitioned themselves) arrive as relations of their own.
        for (Relation r : relations.values()) {
            if (r.parentName != null) {
                relations.values().stream()
                        .filter(p -> p.schema.equals(r.parentSchema) && p.name.equals(r.parentName))
                        .findFirst().ifPresent(p -> p.children.add(r));
            }
        }
        for (Relation r : relations.values()) {
            triggers.addAll(r.triggers);
            if (r.isView()) {
                // a materialized view has indexes of its own (a plain view has none)
                views.add(new View(r.schema, r.name, r.kind.equals("m"),
                        r.columns.stream().map(ColumnRow::name).toList(), r.viewDefinition, r.indexes));
            } else {
                tables.add(r.toTable());
            }
        }
        return new Schema("postgres", "PostgreSQL", serverVersion(session), names.database(), names.schemas(), tables,
                views, triggers, sequences, enums, routines, domains, extensions);
    }

    private static Domain domain(ResultSet rs) throws SQLException {
        List<String> names = strings(rs, "check_names");
        List<String> defs = strings(rs, "check_defs");
        List<Check> checks = new ArrayList<>();
        for (int i = 0; i < names.size() && i < defs.size(); i++) {
            checks.add(new Check(names.get(i), PostgresCodes.checkExpression(defs.get(i))));
        }
        return new Domain(rs.getString("nspname"), rs.getString("typname"), rs.getString("base_type"),
                rs.getBoolean("typnotnull"), rs.getString("typdefault"), rs.getString("collation"), checks);
    }

    private static Routine routine(ResultSet rs) throws SQLException {
        String body = rs.getString("prosrc");
        String definition = rs.getString("definition");
        return new Routine(rs.getString("nspname"), rs.getString("proname"),
                "p".equals(rs.getString("prokind")) ? Routine.PROCEDURE : Routine.FUNCTION,
                rs.getString("arguments"), rs.getString("identity_arguments"), rs.getString("result"),
                rs.getString("lanname"), PostgresCodes.volatility(rs.getString("provolatile")),
                rs.getBoolean("prosecdef"),
                body == null || body.isEmpty() ? null : body, // an SQL-standard body is in the definition only
                definition == null ? null : definition.strip());
    }

    private static Relation relation(ResultSet rs) throws SQLException {
        return new Relation(rs.getLong("oid"), rs.getString("nspname"), rs.getString("relname"),
                rs.getString("relkind"), rs.getLong("row_estimate"), rs.getLong("size_bytes"),
                strip(rs.getString("view_def")), rs.getString("comment"), rs.getString("partition_key"),
                rs.getString("partition_bound"), rs.getString("parent_schema"), rs.getString("parent_name"),
                rs.getBoolean("relrowsecurity") ? (rs.getBoolean("relforcerowsecurity") ? "forced" : "enabled") : null,
                strings(rs, "inherits"));
    }

    private static void addConstraint(Relation r, ResultSet rs) throws SQLException {
        String name = rs.getString("conname");
        List<String> columns = strings(rs, "columns");
        String deferrable = !rs.getBoolean("condeferrable") ? null
                : rs.getBoolean("condeferred") ? "DEFERRABLE INITIALLY DEFERRED" : "DEFERRABLE INITIALLY IMMEDIATE";
        switch (rs.getString("contype")) {
            case "p" -> {
                r.primaryKey = columns;
                r.primaryKeyName = name;
            }
            case "u" -> r.uniques.add(new Unique(name, columns, deferrable));
            case "x" -> r.exclusions.add(new Exclusion(name,
                    PostgresCodes.exclusionDefinition(rs.getString("check_def")), deferrable));
            case "c" -> r.checks.add(new Check(name, PostgresCodes.checkExpression(rs.getString("check_def"))));
            case "f" -> r.foreignKeys.add(new ForeignKey(name, columns, rs.getString("ref_schema"),
                    rs.getString("ref_table"), strings(rs, "ref_columns"),
                    PostgresCodes.foreignKeyAction(rs.getString("confdeltype")),
                    PostgresCodes.foreignKeyAction(rs.getString("confupdtype")), deferrable));
            default -> {
                // the query asks for p, f, u, c and x only
            }
        }
    }

    private static Index index(ResultSet rs) throws SQLException {
        List<String> parts = strings(rs, "parts");
        int keyCount = Math.min(rs.getInt("indnkeyatts"), parts.size());
        return new Index(rs.getString("relname"), parts.subList(0, keyCount), rs.getBoolean("indisunique"),
                rs.getBoolean("indisprimary"), rs.getString("amname"), rs.getString("predicate"),
                parts.subList(keyCount, parts.size()), rs.getLong("size_bytes"));
    }

    private static Sequence sequence(ResultSet rs) throws SQLException {
        return new Sequence(rs.getString("nspname"), rs.getString("relname"), rs.getString("data_type"),
                rs.getLong("seqstart"), rs.getLong("seqincrement"), rs.getLong("seqmin"), rs.getLong("seqmax"),
                rs.getBoolean("seqcycle"), rs.getObject("last_value", Long.class), rs.getString("owned_by"));
    }

    /** pg_get_viewdef starts with a space; nothing reading the model wants it. */
    private static String strip(String text) {
        return text == null ? null : text.strip();
    }

    private static List<String> strings(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        if (array == null) {
            return List.of();
        }
        try {
            return Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
        } finally {
            array.free();
        }
    }

    /** {@code 15.20} rather than the driver's {@code 15.20 (Debian 15.20-0+deb12u1)}. */
    private static String serverVersion(DbSession session) {
        String v = session.version() == null ? "" : session.version().trim();
        int space = v.indexOf(' ');
        return space > 0 ? v.substring(0, space) : v;
    }

    /** A column as read, before the primary key (from another query) is known. */
    private record ColumnRow(String name, String type, boolean nullable, String defaultValue, String identity,
                             String generated, String generatedKind, String comment, String collation) {

        Column toColumn(boolean inPrimaryKey) {
            boolean autoIncrement = identity != null
                    || defaultValue != null && defaultValue.startsWith("nextval(");
            return new Column(name, type, nullable, defaultValue, inPrimaryKey, autoIncrement, identity, generated,
                    generatedKind, comment, null, collation);
        }
    }

    /** A table or view being assembled from the rows of several queries. */
    private static final class Relation {
        final long oid;
        final String schema;
        final String name;
        final String kind;
        final long rowEstimate;
        final long sizeBytes;
        final String viewDefinition;
        final String comment;
        final List<ColumnRow> columns = new ArrayList<>();
        final List<ForeignKey> foreignKeys = new ArrayList<>();
        final List<Unique> uniques = new ArrayList<>();
        final List<Check> checks = new ArrayList<>();
        final List<Index> indexes = new ArrayList<>();
        final List<Trigger> triggers = new ArrayList<>();
        final List<Policy> policies = new ArrayList<>();
        final List<Exclusion> exclusions = new ArrayList<>();
        final String rowSecurity;
        final List<String> inherits;
        final String partitionKey;
        final String partitionBound;
        final String parentSchema;
        final String parentName;
        final List<Relation> children = new ArrayList<>();
        List<String> primaryKey = List.of();
        String primaryKeyName;

        Relation(long oid, String schema, String name, String kind, long rowEstimate, long sizeBytes,
                 String viewDefinition, String comment, String partitionKey, String partitionBound,
                 String parentSchema, String parentName, String rowSecurity, List<String> inherits) {
            this.rowSecurity = rowSecurity;
            this.inherits = inherits;
            this.partitionKey = partitionKey;
            this.partitionBound = partitionBound;
            this.parentSchema = parentSchema;
            this.parentName = parentName;
            this.oid = oid;
            this.schema = schema;
            this.name = name;
            this.kind = kind;
            this.rowEstimate = rowEstimate;
            this.sizeBytes = sizeBytes;
            this.viewDefinition = viewDefinition;
            this.comment = comment;
        }

        boolean isView() {
            return kind.equals("v") || kind.equals("m");
        }

        Table toTable() {
            List<Column> cols = columns.stream().map(col -> col.toColumn(primaryKey.contains(col.name()))).toList();
            String parent = parentName == null ? null
                    : "public".equals(parentSchema) ? parentName : parentSchema + "." + parentName;
            List<Partition> parts = children.stream().map(Relation::asPartition).toList();
            return new Table(schema, name, kind.equals("p") ? totalRows() : rowEstimate,
                    kind.equals("p") ? totalSize() : sizeBytes, cols, primaryKey, primaryKeyName, foreignKeys,
                    uniques, checks, indexes, comment, partitionKey, parent, parts)
                    .withInherits(inherits).withRowSecurity(rowSecurity, policies).withExclusions(exclusions);
        }

        /** This relation as a partition of its parent, with its own partitions when it is partitioned again. */
        Partition asPartition() {
            return new Partition(schema, name, partitionBound, totalRows(), totalSize(), partitionKey,
                    children.stream().map(Relation::asPartition).toList());
        }

        /** A partitioned parent holds no rows itself: its estimate is its partitions' (-1 when none is known). */
        long totalRows() {
            if (!kind.equals("p")) {
                return rowEstimate;
            }
            long sum = -1;
            for (Relation c : children) {
                long n = c.totalRows();
                if (n >= 0) {
                    sum = Math.max(sum, 0) + n;
                }
            }
            return sum;
        }

        /** pg_total_relation_size of a partitioned parent is 0; its size is that of its partitions. */
        long totalSize() {
            if (!kind.equals("p")) {
                return sizeBytes;
            }
            long sum = Math.max(sizeBytes, 0);
            for (Relation c : children) {
                sum += Math.max(c.totalSize(), 0);
            }
            return sum;
        }
    }
}
