package io.dbagent.dialect.mysql;

import io.dbagent.dialect.Sql;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Partition;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Partitioned tables of a MySQL/MariaDB database, read from information_schema.PARTITIONS: the key as the engine
 * writes it after {@code PARTITION BY} ({@code RANGE (year(`sold_on`))}, {@code LIST (`region_id`)},
 * {@code HASH (`id`)}, {@code KEY (`id`)}, {@code RANGE COLUMNS (`a`,`b`)}), each partition's bound as its DDL writes
 * it ({@code VALUES LESS THAN (2020)}, {@code VALUES LESS THAN MAXVALUE}, {@code VALUES IN (1,2)}, {@code DEFAULT};
 * none for HASH and KEY) and sub-partitions. Partitions keep their definition order, which RANGE partitions need.
 */
final class MysqlPartitions {

    static final String PARTITIONS = """
            SELECT p.TABLE_NAME AS table_name, p.PARTITION_NAME AS partition_name,
                   p.SUBPARTITION_NAME AS subpartition_name, p.PARTITION_METHOD AS method,
                   p.SUBPARTITION_METHOD AS sub_method, p.PARTITION_EXPRESSION AS expression,
                   p.SUBPARTITION_EXPRESSION AS sub_expression, p.PARTITION_DESCRIPTION AS description,
                   p.TABLE_ROWS AS table_rows, p.DATA_LENGTH AS data_length, p.INDEX_LENGTH AS index_length
            FROM information_schema.PARTITIONS p
            WHERE p.TABLE_SCHEMA = ? AND p.PARTITION_NAME IS NOT NULL
            ORDER BY p.TABLE_NAME, p.PARTITION_ORDINAL_POSITION, p.SUBPARTITION_ORDINAL_POSITION
            """;

    private static final Pattern DEFAULT_PARTITION = Pattern.compile("PARTITION `((?:[^`]|``)+)` DEFAULT");

    /** One table's partitioning. */
    record Partitioning(String key, List<Partition> partitions) {
    }

    private record Row(String table, String partition, String subpartition, String method, String subMethod,
                       String expression, String subExpression, String description, long rows, long size) {
    }

    private MysqlPartitions() {
    }

    /** Partitioned tables by name. */
    static Map<String, Partitioning> read(Connection c, String db) {
        List<Row> rows = Sql.query(c, PARTITIONS, rs -> {
            long tableRows = rs.getLong("table_rows");
            boolean noRows = rs.wasNull();
            long data = rs.getLong("data_length");
            long index = rs.getLong("index_length");
            return new Row(rs.getString("table_name"), rs.getString("partition_name"),
                    rs.getString("subpartition_name"), rs.getString("method"), rs.getString("sub_method"),
                    rs.getString("expression"), rs.getString("sub_expression"), rs.getString("description"),
                    noRows ? -1 : tableRows, data + index);
        }, db);
        Map<String, List<Row>> byTable = new LinkedHashMap<>();
        rows.forEach(r -> byTable.computeIfAbsent(r.table(), k -> new ArrayList<>()).add(r));
        Map<String, Partitioning> out = new LinkedHashMap<>();
        byTable.forEach((table, tableRows) -> {
            Row first = tableRows.get(0);
            Set<String> defaults = first.method().toUpperCase(Locale.ROOT).startsWith("LIST")
                    ? defaultPartitions(c, db, table) : Set.of();
            Map<String, List<Row>> byPartition = new LinkedHashMap<>();
            tableRows.forEach(r -> byPartition.computeIfAbsent(r.partition(), k -> new ArrayList<>()).add(r));
            List<Partition> partitions = new ArrayList<>();
            byPartition.forEach((name, parts) -> {
                Row p = parts.get(0);
                String bound = bound(p.method(), p.description(), defaults.contains(name));
                if (p.subpartition() == null) {
                    partitions.add(new Partition(db, name, bound, p.rows(), p.size()));
                } else {
                    List<Partition> subs = parts.stream()
                            .map(s -> new Partition(db, s.subpartition(), null, s.rows(), s.size())).toList();
                    partitions.add(new Partition(db, name, bound, subs.stream().mapToLong(Partition::rowEstimate)
                            .filter(n -> n >= 0).sum(), subs.stream().mapToLong(Partition::sizeBytes).sum(),
                            key(p.subMethod(), p.subExpression()), subs));
                }
            });
            out.put(table, new Partitioning(key(first.method(), first.expression()), partitions));
        });
        return out;
    }

    /** {@code RANGE (year(`sold_on`))}; {@code RANGE COLUMNS (`a`,`b`)}. */
    static String key(String method, String expression) {
        return method.toUpperCase(Locale.ROOT) + " (" + expression + ")";
    }

    /** The partition's VALUES clause as its DDL writes it; null for HASH and KEY partitions, which have none. */
    static String bound(String method, String description, boolean isDefault) {
        String m = method.toUpperCase(Locale.ROOT);
        if (isDefault) {
            return "DEFAULT";
        }
        if (m.startsWith("RANGE")) {
            return "MAXVALUE".equals(description) ? "VALUES LESS THAN MAXVALUE"
                    : "VALUES LESS THAN (" + description + ")";
        }
        if (m.startsWith("LIST")) {
            return "VALUES IN (" + description + ")";
        }
        return null;
    }

    /**
     * The DEFAULT partitions of a LIST-partitioned table: information_schema shows their description as {@code 0},
     * like {@code VALUES IN (0)}, so the table's CREATE text tells them apart.
     */
    private static Set<String> defaultPartitions(Connection c, String db, String table) {
        String sql = "SHOW CREATE TABLE " + DialectKind.MYSQL.quote(db) + "." + DialectKind.MYSQL.quote(table);
        Set<String> out = new HashSet<>();
        for (String text : Sql.query(c, sql, rs -> rs.getString(2))) {
            Matcher m = DEFAULT_PARTITION.matcher(text == null ? "" : text);
            while (m.find()) {
                out.add(m.group(1).replace("``", "`"));
            }
        }
        return out;
    }
}
