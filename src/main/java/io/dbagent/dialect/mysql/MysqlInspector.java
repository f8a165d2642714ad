package io.dbagent.dialect.mysql;

import io.dbagent.DbAgentException;
import io.dbagent.dialect.SchemaInspector;
import io.dbagent.dialect.Sql;
import io.dbagent.dialect.mysql.MysqlValues.Flavour;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.jdbc.Rows;
import io.dbagent.schema.Check;
import io.dbagent.schema.Column;
import io.dbagent.schema.ForeignKey;
import io.dbagent.schema.Index;
import io.dbagent.schema.Routine;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Sequence;
import io.dbagent.schema.Table;
import io.dbagent.schema.Trigger;
import io.dbagent.schema.Unique;
import io.dbagent.schema.View;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the connection's current database from information_schema into the neutral model: one query per object
 * kind, plus one small query per MariaDB sequence (their parameters are only readable from the sequence itself).
 * Works on MySQL 5.7+/8.x and MariaDB 10.2+; features a server lacks (CHECK constraints, functional index parts,
 * sequences) are simply absent from its model.
 */
public final class MysqlInspector implements SchemaInspector {

    private record TableRow(String name, String type, Long rows, Long dataLength, Long indexLength, String comment,
                            String charset, String collation, String engine) {
    }

    private record ColumnRow(String table, String name, String dataType, String columnType, boolean nullable,
                             String defaultValue, String extra, String generation, String comment, String charset,
                             String collation) {
    }

    private record KeyRow(String table, String constraint, String type, String column, String refSchema,
                          String refTable, String refColumn, String updateRule, String deleteRule) {
    }

    private record CheckRow(String table, String name, String clause) {
    }

    private record IndexRow(String table, String index, String column, String expression, Long subPart,
                            String collation, boolean nonUnique, String indexType) {
    }

    @Override
    public io.dbagent.schema.ObjectListing listObjects(DbSession session) {
        return MysqlObjects.list(session);
    }

    @Override
    public Schema inspect(DbSession session) {
        Connection c = session.connection();
        String db = currentDatabase(c);
        Flavour flavour = Flavour.of(session.isMariaDb(), session.version());

        List<TableRow> tableRows = Sql.query(c, MysqlCatalog.TABLES, rs -> new TableRow(rs.getString("table_name"),
                rs.getString("table_type"), longOrNull(rs, "table_rows"), longOrNull(rs, "data_length"),
                longOrNull(rs, "index_length"), emptyToNull(rs.getString("table_comment")),
                emptyToNull(rs.getString("table_charset")), emptyToNull(rs.getString("table_collation")),
                emptyToNull(rs.getString("engine"))), db);
        String defaultEngine = Sql.query(c, MysqlCatalog.DEFAULT_ENGINE, rs -> rs.getString(1)).stream()
                .filter(java.util.Objects::nonNull).findFirst().orElse("InnoDB");
        Map<String, List<ColumnRow>> columns = groupBy(Sql.query(c, MysqlCatalog.COLUMNS, rs -> new ColumnRow(
                rs.getString("table_name"), rs.getString("column_name"), rs.getString("data_type"),
                rs.getString("column_type"), "YES".equalsIgnoreCase(rs.getString("is_nullable")),
                rs.getString("column_default"), rs.getString("extra"),
                emptyToNull(rs.getString("generation_expression")), emptyToNull(rs.getString("column_comment")),
                emptyToNull(rs.getString("charset_name")), emptyToNull(rs.getString("collation_name"))),
                db), ColumnRow::table);
        Map<String, List<KeyRow>> keys = groupBy(Sql.query(c, MysqlCatalog.KEY_CONSTRAINTS, rs -> new KeyRow(
                rs.getString("table_name"), rs.getString("constraint_name"), rs.getString("constraint_type"),
                rs.getString("column_name"), rs.getString("ref_schema"), rs.getString("ref_table"),
                rs.getString("ref_column"), rs.getString("update_rule"), rs.getString("delete_rule")),
                db, db, db, db), KeyRow::table);
        Map<String, List<CheckRow>> checks = groupBy(readChecks(c, flavour, db), CheckRow::table);
        String expression = flavour.hasIndexExpressions() ? "s.EXPRESSION" : "NULL";
        Map<String, List<IndexRow>> indexes = groupBy(Sql.query(c, MysqlCatalog.INDEXES.formatted(expression),
                rs -> new IndexRow(rs.getString("table_name"), rs.getString("index_name"),
                        rs.getString("column_name"), rs.getString("expression"), longOrNull(rs, "sub_part"),
                        rs.getString("collation"), rs.getLong("non_unique") != 0, rs.getString("index_type")),
                db), IndexRow::table);
        Map<String, Long> indexSizes = readIndexSizes(c, db);
        Map<String, MysqlPartitions.Partitioning> partitioning = MysqlPartitions.read(c, db);

        List<Table> tables = new ArrayList<>();
        List<Sequence> sequences = new ArrayList<>();
        for (TableRow t : tableRows) {
            List<ColumnRow> cols = columns.getOrDefault(t.name(), List.of());
            if ("SEQUENCE".equals(t.type())) {
                if (flavour.mariaDb()) {
                    sequences.add(readSequence(c, db, t.name(), cols));
                }
                continue;
            }
            Table table = table(flavour, db, t, cols, keys.getOrDefault(t.name(), List.of()),
                    checks.getOrDefault(t.name(), List.of()), indexes.getOrDefault(t.name(), List.of()), indexSizes)
                    .withOptions(MysqlValues.engineOption(t.engine(), defaultEngine));
            MysqlPartitions.Partitioning p = partitioning.get(t.name());
            tables.add(p == null ? table : table.withPartitioning(p.key(), null, p.partitions()));
        }
        tables.sort(Comparator.comparing(Table::name));
        sequences.sort(Comparator.comparing(Sequence::name));

        List<View> views = new ArrayList<>(Sql.query(c, MysqlCatalog.VIEWS, rs -> {
            String name = rs.getString("view_name");
            List<String> viewColumns = columns.getOrDefault(name, List.of()).stream().map(ColumnRow::name).toList();
            return new View(db, name, false, viewColumns, rs.getString("definition"));
        }, db));
        views.sort(Comparator.comparing(View::name));

        List<Trigger> triggers = new ArrayList<>(Sql.query(c, MysqlCatalog.TRIGGERS, rs -> new Trigger(db,
                rs.getString("table_name"), rs.getString("trigger_name"), rs.getString("timing"),
                List.of(rs.getString("event")), rs.getString("orientation"), rs.getString("statement")), db));
        triggers.sort(Comparator.comparing(Trigger::name));

        String[] defaults = Sql.query(c, MysqlCatalog.DATABASE_DEFAULTS,
                rs -> new String[] {rs.getString(1), rs.getString(2)}).stream().findFirst()
                .orElse(new String[] {null, null});
        return new Schema("mysql", session.product(), session.version(), db, List.of(db), tables, views, triggers,
                sequences, List.of(), readRoutines(c, db)).withDefaults(defaults[0], defaults[1]);
    }

    /** Procedures and functions (information_schema plus SHOW CREATE each), then events; by kind and name. */
    private static List<Routine> readRoutines(Connection c, String db) {
        record Param(String routine, String type, String mode, String name, String dataType) {
        }
        Map<String, List<Param>> params = groupBy(Sql.query(c, MysqlCatalog.ROUTINE_PARAMETERS, rs -> new Param(
                rs.getString("routine_name"), rs.getString("routine_type"), rs.getString("mode"),
                rs.getString("name"), rs.getString("type")), db), p -> p.type() + " " + p.routine());
        List<Routine> out = new ArrayList<>(Sql.query(c, MysqlCatalog.ROUTINES, rs -> {
            String name = rs.getString("routine_name");
            String kind = rs.getString("routine_type").toUpperCase(Locale.ROOT);
            String args = params.getOrDefault(kind + " " + name, List.of()).stream()
                    .map(p -> (Routine.PROCEDURE.equals(kind) && p.mode() != null ? p.mode() + " " : "")
                            + DialectKind.MYSQL.quote(p.name()) + " " + p.dataType())
                    .collect(java.util.stream.Collectors.joining(", "));
            return new Routine(db, name, kind, args, args,
                    Routine.FUNCTION.equals(kind) ? rs.getString("returns") : null, rs.getString("language"),
                    "YES".equalsIgnoreCase(rs.getString("is_deterministic")) ? "DETERMINISTIC" : "NOT DETERMINISTIC",
                    "DEFINER".equalsIgnoreCase(rs.getString("security_type")), rs.getString("body"), null);
        }, db));
        out.addAll(Sql.query(c, MysqlCatalog.EVENTS, rs -> new Routine(db, rs.getString("event_name"), Routine.EVENT,
                "", "", null, "SQL", null, true, rs.getString("body"), null), db));
        return out.stream().map(r -> r.with(db, showCreate(c, db, r))).toList();
    }

    /** The CREATE text of a routine or event as the server prints it; null when we may not see it. */
    private static String showCreate(Connection c, String db, Routine r) {
        String sql = "SHOW CREATE " + r.kind() + " " + DialectKind.MYSQL.quote(db) + "." + DialectKind.MYSQL.quote(r.name());
        String column = "Create " + r.kind().charAt(0) + r.kind().substring(1).toLowerCase(Locale.ROOT);
        List<String> rows = Sql.query(c, sql, rs -> rs.getString(column));
        String text = rows.isEmpty() ? null : rows.get(0);
        return text == null ? null : text.strip();
    }

    private static String currentDatabase(Connection c) {
        List<String> rows = Sql.query(c, MysqlCatalog.CURRENT_DATABASE, rs -> rs.getString(1));
        String db = rows.isEmpty() ? null : rows.get(0);
        if (db == null || db.isEmpty()) {
            throw DbAgentException.badInput("no MySQL/MariaDB database selected: put the database name in the URL, "
                    + "e.g. mysql://user@host:3306/DBNAME");
        }
        return db;
    }

    private static Table table(Flavour flavour, String db, TableRow t, List<ColumnRow> cols, List<KeyRow> keyRows,
                               List<CheckRow> checkRows, List<IndexRow> indexRows, Map<String, Long> indexSizes) {
        // Rows arrive in key-column order, so the lists built here keep key order.
        Map<String, List<KeyRow>> byConstraint = new LinkedHashMap<>();
        for (KeyRow k : keyRows) {
            byConstraint.computeIfAbsent(k.constraint(), x -> new ArrayList<>()).add(k);
        }
        Map<String, List<IndexRow>> byIndex = new LinkedHashMap<>();
        for (IndexRow i : indexRows) {
            byIndex.computeIfAbsent(i.index(), x -> new ArrayList<>()).add(i);
        }

        List<String> primaryKey = new ArrayList<>();
        String primaryKeyName = null;
        List<ForeignKey> foreignKeys = new ArrayList<>();
        List<Unique> uniques = new ArrayList<>();
        for (Map.Entry<String, List<KeyRow>> e : byConstraint.entrySet()) {
            List<KeyRow> parts = e.getValue();
            List<String> keyColumns = parts.stream().map(KeyRow::column).toList();
            switch (parts.get(0).type()) {
                case "PRIMARY KEY" -> {
                    primaryKey.addAll(keyColumns);
                    primaryKeyName = e.getKey();
                }
                case "FOREIGN KEY" -> foreignKeys.add(new ForeignKey(e.getKey(), keyColumns, parts.get(0).refSchema(),
                        parts.get(0).refTable(), parts.stream().map(KeyRow::refColumn).toList(),
                        parts.get(0).deleteRule(), parts.get(0).updateRule()));
                default -> {
                    // A unique index on a prefix or an expression constrains less (or other) than its columns:
                    // listing it as a unique constraint on those columns would overstate it. It stays in indexes.
                    if (!isPartial(byIndex.get(e.getKey()))) {
                        uniques.add(new Unique(e.getKey(), keyColumns));
                    }
                }
            }
        }

        // MariaDB implements JSON as LONGTEXT plus a column-level CHECK (json_valid(`col`)) named after the column.
        // That check is the type, not a user rule: drop it and report the column as json, as it was declared.
        Set<String> jsonColumns = new HashSet<>();
        List<Check> checks = new ArrayList<>();
        for (CheckRow ck : checkRows) {
            boolean jsonAlias = cols.stream().anyMatch(col -> col.name().equals(ck.name())
                    && "longtext".equalsIgnoreCase(col.dataType())
                    && ck.clause().trim().equalsIgnoreCase("json_valid(" + DialectKind.MYSQL.quote(col.name()) + ")"));
            if (jsonAlias) {
                jsonColumns.add(ck.name());
            } else {
                checks.add(new Check(ck.name(), MysqlValues.checkExpression(ck.clause())));
            }
        }

        Set<String> pkSet = new HashSet<>(primaryKey);
        List<Column> columns = new ArrayList<>();
        for (ColumnRow col : cols) {
            String extra = col.extra() == null ? "" : col.extra().toLowerCase(Locale.ROOT);
            boolean generated = col.generation() != null;
            String type = jsonColumns.contains(col.name()) ? "json" : MysqlValues.lowerType(col.columnType());
            String defaultValue = generated ? null
                    : MysqlValues.normaliseDefault(flavour, col.defaultValue(), col.dataType(), col.extra());
            // the effective character set and collation of every text column (json has none of its own: MariaDB's
            // utf8mb4_bin is part of the alias), so two models compare what the columns hold, whatever the defaults
            boolean text = col.charset() != null && !"json".equals(type);
            columns.add(new Column(col.name(), type, col.nullable(), defaultValue, pkSet.contains(col.name()),
                    extra.contains("auto_increment"), null, MysqlValues.checkExpression(col.generation()),
                    generated ? MysqlValues.generatedKind(col.extra()) : null, col.comment(),
                    text ? col.charset() : null, text ? col.collation() : null, MysqlValues.onUpdate(col.extra())));
        }

        List<Index> indexes = new ArrayList<>();
        for (Map.Entry<String, List<IndexRow>> e : byIndex.entrySet()) {
            List<IndexRow> parts = e.getValue();
            IndexRow first = parts.get(0);
            List<String> keyParts = parts.stream()
                    .map(p -> MysqlValues.indexPart(p.column(), p.expression(), p.subPart(), p.collation()))
                    .toList();
            long size = indexSizes.getOrDefault(t.name() + "\u0000" + e.getKey(), -1L);
            indexes.add(new Index(e.getKey(), keyParts, !first.nonUnique(), "PRIMARY".equals(e.getKey()),
                    MysqlValues.indexMethod(first.indexType()), null, List.of(), size));
        }

        foreignKeys.sort(Comparator.comparing(ForeignKey::name));
        uniques.sort(Comparator.comparing(Unique::name));
        checks.sort(Comparator.comparing(Check::name));
        indexes.sort(Comparator.comparing(Index::name));
        long rows = t.rows() == null ? -1 : t.rows();
        long size = t.dataLength() == null && t.indexLength() == null ? -1
                : nz(t.dataLength()) + nz(t.indexLength());
        return new Table(db, t.name(), rows, size, columns, primaryKey, primaryKeyName, foreignKeys, uniques, checks,
                indexes, t.comment()).withCharset(t.charset(), t.collation());
    }

    private static boolean isPartial(List<IndexRow> parts) {
        return parts != null && parts.stream()
                .anyMatch(p -> p.subPart() != null || p.column() == null || p.column().isEmpty());
    }

    private static List<CheckRow> readChecks(Connection c, Flavour flavour, String db) {
        if (!flavour.hasCheckConstraints()) {
            return List.of();
        }
        Rows.Mapper<CheckRow> mapper = rs -> new CheckRow(rs.getString("table_name"),
                rs.getString("constraint_name"), rs.getString("check_clause"));
        return flavour.mariaDb()
                ? Sql.query(c, MysqlCatalog.CHECKS_MARIADB, mapper, db)
                : Sql.query(c, MysqlCatalog.CHECKS_MYSQL, mapper, db, db);
    }

    /** Keyed by table and index name; partitions summed into their table. Empty when the statistics are unreadable. */
    private static Map<String, Long> readIndexSizes(Connection c, String db) {
        Map<String, Long> sizes = new HashMap<>();
        try {
            Sql.query(c, MysqlCatalog.INDEX_SIZES, rs -> {
                String key = MysqlValues.unpartitioned(rs.getString("table_name")) + "\u0000"
                        + rs.getString("index_name");
                sizes.merge(key, rs.getLong("size_bytes"), Long::sum);
                return key;
            }, db);
        } catch (DbAgentException e) {
            // No SELECT grant on the mysql schema (usual for application users): sizes stay unknown, not fatal.
            return Map.of();
        }
        return sizes;
    }

    private static Sequence readSequence(Connection c, String db, String name, List<ColumnRow> cols) {
        String dataType = cols.stream().filter(col -> col.name().equals("next_not_cached_value"))
                .map(col -> MysqlValues.withoutDisplayWidth(MysqlValues.lowerType(col.columnType())))
                .findFirst().orElse("bigint");
        String sql = MysqlCatalog.SEQUENCE_STATE.formatted(DialectKind.MYSQL.quote(db) + "." + DialectKind.MYSQL.quote(name));
        return Sql.query(c, sql, rs -> {
            long next = rs.getLong("next_not_cached_value");
            long start = rs.getLong("start_value");
            long increment = rs.getLong("increment");
            boolean used = next != start || rs.getLong("cycle_count") != 0;
            // The server reserves cache_size values at a time and only records the end of the reservation, so
            // next - increment is the highest value that may have been handed out: exact with no cache or after
            // a restart, an upper bound otherwise, which is what an exhaustion check needs.
            Long lastValue = used ? next - increment : null;
            return new Sequence(db, name, dataType, start, increment, rs.getLong("minimum_value"),
                    rs.getLong("maximum_value"), rs.getLong("cycle_option") != 0, lastValue, null);
        }).stream().findFirst().orElseThrow(() -> new DbAgentException(DbAgentException.Code.DATABASE,
                "sequence " + db + "." + name + " returned no row"));
    }

    private static <T> Map<String, List<T>> groupBy(List<T> rows, Function<T, String> key) {
        Map<String, List<T>> out = new HashMap<>();
        for (T row : rows) {
            out.computeIfAbsent(key.apply(row), k -> new ArrayList<>()).add(row);
        }
        return out;
    }

    private static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static long nz(Long v) {
        return v == null ? 0 : v;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
