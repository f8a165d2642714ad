package io.dbagent.dialect.mysql;

import io.dbagent.dialect.DdlWriter;
import io.dbagent.dialect.mysql.MysqlHealthSql;
import io.dbagent.health.Fmt;
import io.dbagent.health.HealthRun;
import io.dbagent.health.Ratios;
import io.dbagent.health.Sequences;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.jdbc.Rows;
import io.dbagent.report.Finding;
import io.dbagent.report.Severity;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import static io.dbagent.health.HealthCheck.CACHE_HIT_RATIO;
import static io.dbagent.health.HealthCheck.CONNECTION_UTILIZATION;
import static io.dbagent.health.HealthCheck.FOREIGN_KEY_VIOLATION;
import static io.dbagent.health.HealthCheck.INDEX_HIT_RATIO;
import static io.dbagent.health.HealthCheck.INTEGRITY_ERROR;
import static io.dbagent.health.HealthCheck.SEQUENCE_EXHAUSTION;
import static io.dbagent.health.HealthCheck.SEQ_SCAN_LARGE_TABLE;
import static io.dbagent.health.HealthCheck.SLOW_QUERY;
import static io.dbagent.health.HealthCheck.STATS_STALE;
import static io.dbagent.health.HealthCheck.TXID_WRAPAROUND;
import static io.dbagent.health.HealthCheck.UNUSED_INDEX;
import static io.dbagent.health.HealthCheck.VACUUM_OVERDUE;

/**
 * MySQL and MariaDB checks: global status and variables (server-wide since startup), information_schema for the
 * current database, and performance_schema where the server has it switched on. Sessions are in
 * {@link MysqlSessions}.
 */
final class MysqlHealth {

    static final DialectKind MY = DialectKind.MYSQL;

    private MysqlHealth() {
    }

    static void run(HealthRun r) throws SQLException {
        Connection c = r.session.connection();
        Map<String, String> vars = pairs(c, MysqlHealthSql.VARIABLES);
        Map<String, String> status = pairs(c, MysqlHealthSql.GLOBAL_STATUS);
        String db = Rows.one(c, "SELECT DATABASE()", rs -> rs.getString(1));
        boolean perf = "ON".equalsIgnoreCase(vars.get("performance_schema")) || "1".equals(vars.get("performance_schema"));
        Map<String, Object> server = r.group("server");
        server.put("database", db);
        server.put("uptimeSeconds", num(status, "Uptime"));
        server.put("performanceSchema", perf);
        server.put("historyListLength", status.containsKey("Innodb_history_list_length")
                ? num(status, "Innodb_history_list_length") : null);
        server.put("selectScan", num(status, "Select_scan"));
        server.put("slowQueries", num(status, "Slow_queries"));
        if (db == null) {
            throw new SQLException("no database selected: put the database in the URL (mysql://host/db)");
        }
        String since = "since the server started " + Fmt.seconds(num(status, "Uptime")) + " ago";

        long requests = num(status, "Innodb_buffer_pool_read_requests");
        long diskReads = num(status, "Innodb_buffer_pool_reads");
        Ratios.hitRatio(r, CACHE_HIT_RATIO, Math.max(0, requests - diskReads), diskReads, "InnoDB buffer pool",
                "of InnoDB page reads were served from the buffer pool " + since,
                "SET GLOBAL innodb_buffer_pool_size = " + Math.max(256L << 20, 2 * num(vars, "innodb_buffer_pool_size"))
                        + ";  -- resizes online; also persist it in the server config (often 50-75 % of RAM)");
        r.skip(INDEX_HIT_RATIO, "InnoDB stores rows inside the primary key index and caches both in the one buffer "
                + "pool: see cache-hit-ratio");
        Ratios.rollbackRate(r, num(status, "Com_commit"), num(status, "Com_rollback"), "server",
                since + " (explicit COMMIT/ROLLBACK statements, all databases)",
                "-- find what rolls back: application errors, deadlock retries (SHOW ENGINE INNODB STATUS), "
                        + "and code that ends read-only work with ROLLBACK\nSHOW GLOBAL STATUS LIKE 'Com_rollback';");
        if (r.runs(CONNECTION_UTILIZATION)) {
            Map<String, Long> byState = new TreeMap<>();
            for (Object[] row : Rows.list(c, MysqlHealthSql.PROCESSLIST_STATES,
                    rs -> new Object[] {rs.getString(1), rs.getLong(2)})) {
                byState.put((String) row[0], (Long) row[1]);
            }
            long connected = num(status, "Threads_connected");
            long listed = byState.values().stream().mapToLong(Long::longValue).sum();
            if (listed < connected) {
                // without PROCESS the list shows only our own threads: count the rest as not visible
                byState.put("not visible", connected - listed);
            }
            r.group("connections").put("maxUsed", num(status, "Max_used_connections"));
            Ratios.connectionUtilization(r, byState, num(vars, "max_connections"), 0);
        }
        r.guard("SELECT on information_schema", () -> autoIncrement(r, db), SEQUENCE_EXHAUSTION);
        if (perf) {
            r.guard("SELECT on performance_schema", () -> indexUsage(r, db, since), UNUSED_INDEX, SEQ_SCAN_LARGE_TABLE);
        } else {
            String why = "performance_schema is OFF on this server: " + enablePerformanceSchema();
            r.skip(SLOW_QUERY, why + "; statement digests are then in performance_schema.events_statements_summary_by_digest");
            r.skip(UNUSED_INDEX, why + "; index use is then in performance_schema.table_io_waits_summary_by_index_usage");
            r.skip(SEQ_SCAN_LARGE_TABLE, why + "; full-scan reads per table are then in "
                    + "performance_schema.table_io_waits_summary_by_index_usage (server-wide Select_scan is in the metrics)");
        }
        MysqlSessions.run(r, vars, perf);
        r.skip(VACUUM_OVERDUE, "InnoDB purges old row versions in the background; what holds purge back shows as "
                + "long-running-transaction (history list length is in the metrics)");
        r.skip(TXID_WRAPAROUND, "PostgreSQL only: InnoDB transaction ids are 48-bit and do not wrap around in practice");
        r.skip(INTEGRITY_ERROR, "SQLite only (on MySQL: CHECK TABLE)");
        r.skip(FOREIGN_KEY_VIOLATION, "SQLite only: InnoDB enforces foreign keys unless foreign_key_checks was off");
        statsRecalc(r, vars);
    }

    static Map<String, String> pairs(Connection c, String sql) throws SQLException {
        Map<String, String> m = new HashMap<>();
        for (String[] kv : Rows.list(c, sql, rs -> new String[] {rs.getString(1), rs.getString(2)})) {
            m.put(kv[0], kv[1]);
        }
        return m;
    }

    static long num(Map<String, String> m, String key) {
        try {
            return Long.parseLong(m.get(key));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    static String enablePerformanceSchema() {
        return "add performance_schema=ON under [mysqld] in the server config (e.g. "
                + "/etc/mysql/mariadb.conf.d/50-server.cnf or my.cnf) and restart the server";
    }

    private static void autoIncrement(HealthRun r, String db) throws SQLException {
        Connection c = r.session.connection();
        record Col(String column, String dataType, boolean unsigned, boolean nullable, String comment) {
        }
        Map<String, Col> cols = new HashMap<>();
        for (Object[] row : Rows.list(c, MysqlHealthSql.AUTO_INCREMENT_COLUMNS, rs -> new Object[] {
                rs.getString("TABLE_NAME"), new Col(rs.getString("COLUMN_NAME"), rs.getString("DATA_TYPE"),
                        rs.getString("COLUMN_TYPE").toLowerCase(Locale.ROOT).contains("unsigned"),
                        "YES".equalsIgnoreCase(rs.getString("IS_NULLABLE")),
                        rs.getString("COLUMN_COMMENT") == null || rs.getString("COLUMN_COMMENT").isEmpty() ? null
                                : rs.getString("COLUMN_COMMENT"))})) {
            cols.put((String) row[0], (Col) row[1]);
        }
        double worst = 0;
        for (Object[] row : Rows.list(c, MysqlHealthSql.TABLES, rs -> new Object[] {rs.getString("TABLE_NAME"),
                rs.getObject("AUTO_INCREMENT") == null ? null : rs.getLong("AUTO_INCREMENT")})) {
            String table = (String) row[0];
            Long next = (Long) row[1];
            Col col = cols.get(table);
            if (next == null || col == null) {
                continue;
            }
            long max = Sequences.mysqlTypeMax(col.dataType(), col.unsigned());
            long used = next - 1;
            double pct = 100.0 * used / max;
            worst = Math.max(worst, pct);
            Optional<Severity> sev = r.judge(SEQUENCE_EXHAUSTION, pct);
            if (sev.isEmpty()) {
                continue;
            }
            String type = col.dataType().toUpperCase(Locale.ROOT) + (col.unsigned() ? " UNSIGNED" : "");
            r.add(Finding.builder(SEQUENCE_EXHAUSTION.id(), sev.get())
                    .subject(db + "." + table + "." + col.column())
                    .message("auto-increment of " + db + "." + table + "." + col.column() + " (" + type + ") is at "
                            + Fmt.count(used) + " of " + Fmt.count(max) + " (" + Fmt.pct(pct)
                            + "): inserts fail when it runs out")
                    .fix(widen(db, table, col.column(), col.unsigned(), col.nullable(), col.comment())
                            + "  -- rebuilds the table; widen the foreign keys that reference it too")
                    .evidence("next", next)
                    .evidence("maxValue", max)
                    .evidence("percent", Fmt.round2(pct))
                    .build());
        }
        r.group("sequences").put("maxUsedPercent", Fmt.round2(worst));
    }

    /** MODIFY to BIGINT, restating the rest of an auto-increment column (no default, no character set). */
    private static String widen(String db, String table, String column, boolean unsigned, boolean nullable,
                                String comment) {
        io.dbagent.schema.Column c = new io.dbagent.schema.Column(column, unsigned ? "int unsigned" : "int", nullable,
                null, false, true, null, null, null, comment);
        io.dbagent.schema.Table t = new io.dbagent.schema.Table(db, table, -1, -1, List.of(c), List.of(), null,
                List.of(), List.of(), List.of(), List.of(), null);
        return DdlWriter.of(MY).changeTypeFix(t, c, unsigned ? "bigint unsigned" : "bigint", null);
    }

    /** Unused indexes and full-scan-heavy tables from performance_schema's per-index I/O since startup. */
    private static void indexUsage(HealthRun r, String db, String since) throws SQLException {
        Connection c = r.session.connection();
        record Use(String table, String index, long count, long read, long write) {
        }
        List<Use> uses = Rows.list(c, MysqlHealthSql.INDEX_USAGE, rs -> new Use(rs.getString("table_name"),
                rs.getString("index_name"), rs.getLong("COUNT_STAR"), rs.getLong("COUNT_READ"), rs.getLong("COUNT_WRITE")));
        Set<String> keep = indexesToKeep(c);
        Map<String, Long> sizes = new HashMap<>();
        try {
            for (Object[] s : Rows.list(c, MysqlHealthSql.INDEX_SIZES, rs -> new Object[] {
                    rs.getString(1) + "." + rs.getString(2), rs.getLong(3)})) {
                sizes.put((String) s[0], (Long) s[1]);
            }
        } catch (SQLException e) {
            // sizes need SELECT on mysql.innodb_index_stats; the finding still stands without them
        }
        Map<String, Long> rows = new HashMap<>();
        for (Object[] t : Rows.list(c, MysqlHealthSql.TABLES, rs -> new Object[] {rs.getString("TABLE_NAME"),
                rs.getLong("TABLE_ROWS")})) {
            rows.put((String) t[0], (Long) t[1]);
        }
        Map<String, long[]> perTable = new HashMap<>();
        for (Use u : uses) {
            long[] acc = perTable.computeIfAbsent(u.table(), k -> new long[3]);
            if (u.index() == null) {
                acc[0] += u.read();
            } else {
                acc[1] += u.read();
            }
            acc[2] += u.write();
        }
        for (Use u : uses) {
            if (u.index() == null || !r.runs(UNUSED_INDEX) || u.count() > r.t.warn(UNUSED_INDEX)
                    || keep.contains(u.table() + "." + u.index())) {
                continue;
            }
            long[] t = perTable.get(u.table());
            long reads = t[0] + t[1];
            boolean judged = reads >= r.t.get("unused-index.min-table-scans");
            Long size = sizes.get(u.table() + "." + u.index());
            r.add(Finding.builder(UNUSED_INDEX.id(), judged ? Severity.WARN : Severity.INFO)
                    .subject(db + "." + u.table() + "." + u.index())
                    .message("index " + u.index() + " on " + db + "." + u.table() + (size == null ? "" : " (" + Fmt.bytes(size) + ")")
                            + " was not used " + since + ", while the table took " + Fmt.count(t[2])
                            + " row writes that maintain it"
                            + (judged ? "" : "; the table was read only " + Fmt.count(reads)
                                    + " times, so judge again after a representative period"))
                    .fix("ALTER TABLE " + DdlWriter.of(MY).ident(u.table()) + " DROP INDEX " + DdlWriter.of(MY).ident(u.index())
                            + ";  -- check replicas first: reads there do not count here")
                    .evidence("table", u.table())
                    .evidence("sizeBytes", size)
                    .evidence("tableWrites", t[2])
                    .evidence("tableRowReads", reads)
                    .build());
        }
        for (Map.Entry<String, long[]> e : perTable.entrySet()) {
            long n = rows.getOrDefault(e.getKey(), 0L);
            long full = e.getValue()[0];
            long viaIndex = e.getValue()[1];
            if (!r.runs(SEQ_SCAN_LARGE_TABLE) || n <= r.t.warn(SEQ_SCAN_LARGE_TABLE)
                    || full < n * r.t.get("seq-scan-large-table.min-scans") || full <= viaIndex) {
                continue;
            }
            r.add(Finding.builder(SEQ_SCAN_LARGE_TABLE.id(), Severity.WARN)
                    .subject(db + "." + e.getKey())
                    .message("table " + db + "." + e.getKey() + " (~" + Fmt.count(n) + " rows) had " + Fmt.count(full)
                            + " rows read by full table scans (~" + Fmt.count(full / Math.max(1, n)) + " scans) against "
                            + Fmt.count(viaIndex) + " through indexes " + since)
                    .fix("-- find the statements that scan it and index the columns they filter on:\n"
                            + "SELECT DIGEST_TEXT, COUNT_STAR, SUM_NO_INDEX_USED FROM performance_schema."
                            + "events_statements_summary_by_digest WHERE DIGEST_TEXT LIKE '%" + e.getKey()
                            + "%' AND SUM_NO_INDEX_USED > 0 ORDER BY SUM_TIMER_WAIT DESC LIMIT 10;")
                    .evidence("rows", n)
                    .evidence("fullScanRowsRead", full)
                    .evidence("indexRowsRead", viaIndex)
                    .build());
        }
        r.group("indexes").put("tracked", uses.stream().filter(u -> u.index() != null).count());
    }

    /** table.index of unique indexes and of the indexes foreign keys need (their columns lead the index). */
    private static Set<String> indexesToKeep(Connection c) throws SQLException {
        Map<String, List<String>> indexCols = new java.util.LinkedHashMap<>();
        Set<String> keep = new HashSet<>();
        for (String[] row : Rows.list(c, MysqlHealthSql.INDEX_COLUMNS, rs -> new String[] {rs.getString(1),
                rs.getString(2), rs.getString(3), rs.getString(4)})) {
            String key = row[0] + "." + row[1];
            indexCols.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(row[2].toLowerCase(Locale.ROOT));
            if ("0".equals(row[3])) {
                keep.add(key);
            }
        }
        Map<String, List<String>> fkCols = new java.util.LinkedHashMap<>();
        for (String[] row : Rows.list(c, MysqlHealthSql.FOREIGN_KEY_COLUMNS, rs -> new String[] {rs.getString(1),
                rs.getString(2), rs.getString(3)})) {
            fkCols.computeIfAbsent(row[0] + "\u0000" + row[1], k -> new java.util.ArrayList<>())
                    .add(row[2].toLowerCase(Locale.ROOT));
        }
        fkCols.forEach((fk, cols) -> {
            String table = fk.substring(0, fk.indexOf('\u0000'));
            indexCols.forEach((idx, icols) -> {
                if (idx.startsWith(table + ".") && icols.size() >= cols.size()
                        && icols.subList(0, cols.size()).equals(cols)) {
                    keep.add(idx);
                }
            });
        });
        return keep;
    }

    private static void statsRecalc(HealthRun r, Map<String, String> vars) {
        if (!r.runs(STATS_STALE)) {
            return;
        }
        String recalc = vars.get("innodb_stats_auto_recalc");
        if (recalc == null || "ON".equalsIgnoreCase(recalc) || "1".equals(recalc)) {
            r.skip(STATS_STALE, "InnoDB recalculates persistent statistics itself after 10 % of a table changes "
                    + "(innodb_stats_auto_recalc=ON)");
            return;
        }
        r.add(Finding.builder(STATS_STALE.id(), Severity.WARN)
                .subject("server")
                .message("innodb_stats_auto_recalc is OFF: table statistics change only when ANALYZE TABLE runs, so "
                        + "plans drift as data changes")
                .fix("SET GLOBAL innodb_stats_auto_recalc = ON;  -- and persist it in the server config")
                .evidence("innodb_stats_auto_recalc", recalc)
                .build());
    }
}
