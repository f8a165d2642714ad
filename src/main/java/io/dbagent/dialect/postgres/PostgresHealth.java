package io.dbagent.dialect.postgres;

import io.dbagent.dialect.DdlWriter;
import io.dbagent.dialect.postgres.PostgresHealthSql;
import io.dbagent.health.Fmt;
import io.dbagent.health.HealthRun;
import io.dbagent.health.Ratios;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.jdbc.Rows;
import io.dbagent.report.Finding;
import io.dbagent.report.Severity;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static io.dbagent.health.HealthCheck.CACHE_HIT_RATIO;
import static io.dbagent.health.HealthCheck.CONNECTION_UTILIZATION;
import static io.dbagent.health.HealthCheck.INDEX_HIT_RATIO;
import static io.dbagent.health.HealthCheck.ROLLBACK_RATE;
import static io.dbagent.health.HealthCheck.SEQUENCE_EXHAUSTION;
import static io.dbagent.health.HealthCheck.SEQ_SCAN_LARGE_TABLE;
import static io.dbagent.health.HealthCheck.STATS_STALE;
import static io.dbagent.health.HealthCheck.TXID_WRAPAROUND;
import static io.dbagent.health.HealthCheck.UNUSED_INDEX;
import static io.dbagent.health.HealthCheck.VACUUM_OVERDUE;

/**
 * PostgreSQL checks over the cumulative statistics views: database counters, connections, per-table and per-index
 * activity and sequences. Session checks and slow queries are in {@link PostgresSessions}; bloat in the bloat
 * package. Counters are cumulative since the last statistics reset, which the messages say.
 */
final class PostgresHealth {

    static final DialectKind PG = DialectKind.POSTGRES;
    private static final double WRAPAROUND_LIMIT = 2_147_483_648.0;

    /** What the role may see and the settings, read once per run. */
    record Context(String role, boolean superuser, boolean readAllStats, boolean statScanTables,
                   Map<String, String> settings, Map<String, String> extensions, String database, Instant statsReset) {

        String setting(String name) {
            return settings.get(name);
        }

        long settingLong(String name, long ifMissing) {
            try {
                return Long.parseLong(settings.get(name));
            } catch (RuntimeException e) {
                return ifMissing;
            }
        }

        String since() {
            return statsReset == null ? "since the statistics were last reset (never, in this database)"
                    : "since the statistics were reset at " + statsReset;
        }
    }

    record TableStat(String schema, String name, long seqScan, long seqTupRead, long idxScan, long live, long dead,
                     long modSinceAnalyze, long writes, Instant lastVacuum, Instant lastAutovacuum,
                     Instant lastAnalyze, Instant lastAutoanalyze, long xidAge, String reloptions) {

        String qualified() {
            return Fmt.qualified(schema, name);
        }

        String ddl() {
            return DdlWriter.of(PG).tableName(schema, name);
        }
    }

    private PostgresHealth() {
    }

    static void run(HealthRun r) throws SQLException {
        Context ctx = context(r.session.connection());
        r.metric("role", ctx.role());
        r.guard("pg_monitor", () -> database(r, ctx), CACHE_HIT_RATIO, ROLLBACK_RATE, TXID_WRAPAROUND);
        r.guard("pg_monitor", () -> connections(r, ctx), CONNECTION_UTILIZATION);
        Map<String, TableStat> tables = new HashMap<>();
        r.guard("pg_monitor", () -> tables.putAll(tables(r, ctx)), SEQ_SCAN_LARGE_TABLE, VACUUM_OVERDUE, STATS_STALE,
                UNUSED_INDEX, TXID_WRAPAROUND);
        r.guard("pg_monitor", () -> indexes(r, ctx, tables), UNUSED_INDEX, INDEX_HIT_RATIO);
        r.guard("USAGE on the sequences", () -> PostgresSequences.run(r), SEQUENCE_EXHAUSTION);
        PostgresSessions.run(r, ctx);
    }

    static Context context(Connection c) throws SQLException {
        record Priv(String role, boolean superuser, boolean monitor, boolean readAll, boolean scan) {
        }
        Priv p = Rows.one(c, PostgresHealthSql.PRIVILEGES, rs -> new Priv(rs.getString("role_name"),
                rs.getBoolean("rolsuper"), rs.getBoolean("monitor"), rs.getBoolean("read_all_stats"),
                rs.getBoolean("stat_scan_tables")));
        Map<String, String> settings = new HashMap<>();
        for (String[] kv : Rows.list(c, PostgresHealthSql.SETTINGS, rs -> new String[] {rs.getString(1), rs.getString(2)})) {
            settings.put(kv[0], kv[1]);
        }
        Map<String, String> ext = new HashMap<>();
        for (String[] kv : Rows.list(c, PostgresHealthSql.EXTENSIONS, rs -> new String[] {rs.getString(1), rs.getString(3)})) {
            ext.put(kv[0], kv[1]);
        }
        String db = Rows.one(c, "SELECT current_database()", rs -> rs.getString(1));
        Instant reset = Rows.one(c, PostgresHealthSql.DATABASE_STATS, rs -> Rows.instant(rs, "stats_reset"));
        return new Context(p.role(), p.superuser(), p.superuser() || p.monitor() || p.readAll(),
                p.superuser() || p.monitor() || p.scan(), settings, ext, db, reset);
    }

    private static void database(HealthRun r, Context ctx) throws SQLException {
        record Db(long commit, long rollback, long read, long hit, long xidAge, long deadlocks, long size) {
        }
        Db d = Rows.one(r.session.connection(), PostgresHealthSql.DATABASE_STATS, rs -> new Db(rs.getLong("xact_commit"),
                rs.getLong("xact_rollback"), rs.getLong("blks_read"), rs.getLong("blks_hit"), rs.getLong("xid_age"),
                rs.getLong("deadlocks"), rs.getLong("size_bytes")));
        Map<String, Object> m = r.group("database");
        m.put("name", ctx.database());
        m.put("sizeBytes", d.size());
        m.put("xactCommit", d.commit());
        m.put("xactRollback", d.rollback());
        m.put("blksHit", d.hit());
        m.put("blksRead", d.read());
        m.put("deadlocks", d.deadlocks());
        if (ctx.statsReset() != null) {
            m.put("statsReset", ctx.statsReset().toString());
        }
        Ratios.hitRatio(r, CACHE_HIT_RATIO, d.hit(), d.read(), "database " + ctx.database(),
                "of block reads in database " + ctx.database() + " were served from shared buffers",
                cacheFix(ctx));
        Ratios.rollbackRate(r, d.commit(), d.rollback(), ctx.database(), ctx.since(),
                "-- find what rolls back: the server log records each failed statement (log_min_error_statement = error);\n"
                        + "-- look for retry loops, constraint violations and ORMs that end read-only work with ROLLBACK\n"
                        + "SELECT datname, xact_commit, xact_rollback FROM pg_stat_database WHERE datname = current_database();");
        if (r.runs(TXID_WRAPAROUND)) {
            double pct = 100.0 * d.xidAge() / WRAPAROUND_LIMIT;
            m.put("xidAge", d.xidAge());
            m.put("xidWraparoundPercent", Fmt.round2(pct));
            r.judge(TXID_WRAPAROUND, pct).ifPresent(sev -> r.add(Finding.builder(TXID_WRAPAROUND.id(), sev)
                    .subject(ctx.database())
                    .message("database " + ctx.database() + " has transaction ids " + Fmt.count(d.xidAge())
                            + " old (" + Fmt.pct(pct) + " of the 2^31 wraparound limit): PostgreSQL stops accepting "
                            + "writes before it reaches it")
                    .fix("VACUUM (FREEZE, VERBOSE);  -- in " + ctx.database()
                            + ", oldest tables first: SELECT relname, age(relfrozenxid) FROM pg_class WHERE relkind = 'r' ORDER BY 2 DESC LIMIT 10;")
                    .evidence("xidAge", d.xidAge())
                    .evidence("percentOfLimit", Fmt.round2(pct))
                    .build()));
        }
    }

    private static String cacheFix(Context ctx) {
        long buffers = ctx.settingLong("shared_buffers", -1);
        if (buffers <= 0) {
            return "-- give the working set more memory: raise shared_buffers (often ~25 % of RAM), then restart";
        }
        long mb = buffers * 8192L / (1024 * 1024);
        return "ALTER SYSTEM SET shared_buffers = '" + (mb * 2) + "MB';  -- now " + mb
                + "MB; often ~25 % of RAM; takes effect after a restart";
    }

    private static void connections(HealthRun r, Context ctx) throws SQLException {
        Map<String, Long> byState = new java.util.TreeMap<>();
        for (Object[] row : Rows.list(r.session.connection(), PostgresHealthSql.CONNECTIONS,
                rs -> new Object[] {rs.getString("state"), rs.getLong("n")})) {
            byState.put((String) row[0], (Long) row[1]);
        }
        long max = ctx.settingLong("max_connections", -1);
        long reserved = ctx.settingLong("superuser_reserved_connections", 0);
        Ratios.connectionUtilization(r, byState, max, reserved);
    }

    private static Map<String, TableStat> tables(HealthRun r, Context ctx) throws SQLException {
        List<TableStat> list = Rows.list(r.session.connection(), PostgresHealthSql.TABLES, rs -> {
            long live = rs.getLong("n_live_tup");
            double reltuples = rs.getDouble("reltuples");
            return new TableStat(rs.getString("schema_name"), rs.getString("table_name"), rs.getLong("seq_scan"),
                    rs.getLong("seq_tup_read"), rs.getLong("idx_scan"), live > 0 ? live : Math.max(0, (long) reltuples),
                    rs.getLong("n_dead_tup"), rs.getLong("n_mod_since_analyze"),
                    rs.getLong("n_tup_ins") + rs.getLong("n_tup_upd") - rs.getLong("n_tup_hot_upd")
                            + rs.getLong("n_tup_del"),
                    Rows.instant(rs, "last_vacuum"), Rows.instant(rs, "last_autovacuum"),
                    Rows.instant(rs, "last_analyze"), Rows.instant(rs, "last_autoanalyze"), rs.getLong("xid_age"),
                    rs.getString("reloptions"));
        });
        Map<String, TableStat> byName = new HashMap<>();
        long live = 0;
        long dead = 0;
        for (TableStat t : list) {
            byName.put(t.schema() + "." + t.name(), t);
            live += t.live();
            dead += t.dead();
            if (!inScope(r, t.schema())) {
                continue;
            }
            seqScan(r, ctx, t);
            vacuumOverdue(r, ctx, t);
            statsStale(r, t);
        }
        Map<String, Object> m = r.group("tables");
        m.put("count", list.size());
        m.put("liveRows", live);
        m.put("deadRows", dead);
        return byName;
    }

    static boolean inScope(HealthRun r, String schema) {
        return r.inScope(schema);
    }

    private static void seqScan(HealthRun r, Context ctx, TableStat t) {
        if (!r.runs(SEQ_SCAN_LARGE_TABLE) || t.live() <= r.t.warn(SEQ_SCAN_LARGE_TABLE)
                || t.seqScan() < r.t.get("seq-scan-large-table.min-scans") || t.seqScan() <= t.idxScan()) {
            return;
        }
        long perScan = t.seqScan() == 0 ? 0 : t.seqTupRead() / t.seqScan();
        r.add(Finding.builder(SEQ_SCAN_LARGE_TABLE.id(), Severity.WARN)
                .subject(t.qualified())
                .message("table " + t.qualified() + " (~" + Fmt.count(t.live()) + " rows) was read by "
                        + Fmt.count(t.seqScan()) + " sequential scans against " + Fmt.count(t.idxScan())
                        + " index scans " + ctx.since() + " (~" + Fmt.count(perScan) + " rows read per scan)")
                .fix("-- find the statements that scan it and index the columns they filter on:\n"
                        + "SELECT query, calls, mean_exec_time FROM pg_stat_statements WHERE query ILIKE '%"
                        + t.name() + "%' ORDER BY total_exec_time DESC LIMIT 10;\n"
                        + "-- then EXPLAIN (ANALYZE, BUFFERS) the worst one and CREATE INDEX CONCURRENTLY ON "
                        + t.ddl() + " (<filter columns>);")
                .evidence("schema", t.schema())
                .evidence("rows", t.live())
                .evidence("seqScan", t.seqScan())
                .evidence("idxScan", t.idxScan())
                .evidence("rowsPerSeqScan", perScan)
                .build());
    }

    private static void vacuumOverdue(HealthRun r, Context ctx, TableStat t) {
        long total = t.live() + t.dead();
        if (!r.runs(VACUUM_OVERDUE) || total == 0 || t.dead() < r.t.get("vacuum-overdue.min-dead-rows")) {
            return;
        }
        double pct = 100.0 * t.dead() / total;
        Optional<Severity> sev = r.judge(VACUUM_OVERDUE, pct);
        if (sev.isEmpty()) {
            return;
        }
        boolean tableOff = autovacuumDisabled(t.reloptions());
        boolean serverOff = "off".equalsIgnoreCase(ctx.setting("autovacuum"));
        Instant last = latest(t.lastVacuum(), t.lastAutovacuum());
        String why = tableOff ? " (autovacuum is disabled for this table)"
                : serverOff ? " (autovacuum is off on the server)" : " (autovacuum has not kept up)";
        StringBuilder fix = new StringBuilder("VACUUM (ANALYZE) " + t.ddl() + ";");
        if (tableOff) {
            fix.append("\nALTER TABLE ").append(t.ddl()).append(" RESET (autovacuum_enabled);");
        }
        if (serverOff) {
            fix.append("\nALTER SYSTEM SET autovacuum = on;\nSELECT pg_reload_conf();");
        }
        r.add(Finding.builder(VACUUM_OVERDUE.id(), sev.get())
                .subject(t.qualified())
                .message("table " + t.qualified() + " has " + Fmt.count(t.dead()) + " dead rows (" + Fmt.pct(pct)
                        + " of " + Fmt.count(total) + "), last vacuumed " + (last == null ? "never" : "at " + last) + why)
                .fix(fix.toString())
                .evidence("schema", t.schema())
                .evidence("deadRows", t.dead())
                .evidence("liveRows", t.live())
                .evidence("deadPercent", Fmt.round2(pct))
                .evidence("lastVacuum", t.lastVacuum() == null ? null : t.lastVacuum().toString())
                .evidence("lastAutovacuum", t.lastAutovacuum() == null ? null : t.lastAutovacuum().toString())
                .evidence("autovacuumEnabled", !tableOff && !serverOff)
                .build());
    }

    static boolean autovacuumDisabled(String reloptions) {
        String o = reloptions == null ? "" : reloptions.toLowerCase(Locale.ROOT).replace(" ", "");
        return o.matches("(^|.*,)autovacuum_enabled=(false|off|no|0)(,.*|$)");
    }

    private static void statsStale(HealthRun r, TableStat t) {
        if (!r.runs(STATS_STALE) || t.modSinceAnalyze() < r.t.get("stats-stale.min-changed-rows")) {
            return;
        }
        Instant last = latest(t.lastAnalyze(), t.lastAutoanalyze());
        double pct = 100.0 * t.modSinceAnalyze() / Math.max(1, t.live());
        if (last != null && r.judge(STATS_STALE, pct).isEmpty()) {
            return;
        }
        r.add(Finding.builder(STATS_STALE.id(), Severity.WARN)
                .subject(t.qualified())
                .message(last == null
                        ? "table " + t.qualified() + " was never analysed and has " + Fmt.count(t.modSinceAnalyze())
                                + " changed rows: the planner guesses its row counts and value distribution"
                        : "table " + t.qualified() + " has " + Fmt.count(t.modSinceAnalyze())
                                + " rows changed since its last ANALYZE at " + last + " (" + Fmt.pct(pct) + " of "
                                + Fmt.count(t.live()) + " rows)")
                .fix("ANALYZE " + t.ddl() + ";")
                .evidence("schema", t.schema())
                .evidence("changedRows", t.modSinceAnalyze())
                .evidence("rows", t.live())
                .evidence("lastAnalyze", last == null ? null : last.toString())
                .build());
    }

    private static void indexes(HealthRun r, Context ctx, Map<String, TableStat> tables) throws SQLException {
        Connection c = r.session.connection();
        // partitions: how many leaf indexes a partitioned index has (0 for any other index); reads and writes are
        // those of its leaf tables (the statistics views have no row for a partitioned table)
        record Idx(String schema, String table, String name, long scans, long size, boolean enforces, int partitions,
                   long reads, long writes) {
        }
        List<Idx> list = new java.util.ArrayList<>(Rows.list(c, PostgresHealthSql.INDEXES, rs -> new Idx(
                rs.getString("schema_name"), rs.getString("table_name"), rs.getString("index_name"),
                rs.getLong("idx_scan"), rs.getLong("size_bytes"),
                rs.getBoolean("indisunique") || rs.getBoolean("indisprimary") || rs.getBoolean("backs_constraint")
                        || rs.getBoolean("supports_fk"), 0, -1, -1)));
        list.addAll(Rows.list(c, PostgresHealthSql.PARTITIONED_INDEXES, rs -> new Idx(rs.getString("schema_name"),
                rs.getString("table_name"), rs.getString("index_name"), rs.getLong("idx_scan"),
                rs.getLong("size_bytes"), rs.getBoolean("indisunique") || rs.getBoolean("indisprimary")
                        || rs.getBoolean("backs_constraint") || rs.getBoolean("supports_fk"),
                rs.getInt("leaf_count"), rs.getLong("table_reads"), rs.getLong("table_writes"))));
        long unused = 0;
        for (Idx i : list) {
            if (i.enforces() || i.scans() > r.t.warn(UNUSED_INDEX) || !r.runs(UNUSED_INDEX) || !inScope(r, i.schema())) {
                continue;
            }
            unused++;
            TableStat t = tables.get(i.schema() + "." + i.table());
            boolean partitioned = i.partitions() > 0;
            long reads = partitioned ? i.reads() : t == null ? 0 : t.seqScan() + t.idxScan();
            long writes = partitioned ? i.writes() : t == null ? 0 : t.writes();
            boolean judged = reads >= r.t.get("unused-index.min-table-scans");
            String qi = Fmt.qualified(i.schema(), i.name());
            String dropped = DdlWriter.of(PG).tableName(i.schema(), i.name());
            r.add(Finding.builder(UNUSED_INDEX.id(), judged ? Severity.WARN : Severity.INFO)
                    .subject(qi)
                    .message((partitioned ? "partitioned index " : "index ") + qi + " on "
                            + Fmt.qualified(i.schema(), i.table()) + " (" + Fmt.bytes(i.size())
                            + (partitioned ? " in " + Fmt.count(i.partitions()) + " partition indexes" : "")
                            + ") was scanned " + Fmt.count(i.scans()) + " times "
                            + (partitioned ? "in all its partitions together " : "") + ctx.since() + ", while "
                            + Fmt.count(writes) + " row writes had to maintain it"
                            + (judged ? "" : "; the table itself was read only " + Fmt.count(reads)
                                    + " times, so judge again after a representative period"))
                    .fix(partitioned
                            ? "DROP INDEX " + dropped + ";  -- drops the index of every partition with it; "
                            + "CONCURRENTLY is not possible on a partitioned index, so this briefly locks the table "
                            + "and its partitions: run it in a quiet moment, and check replicas first (scans there "
                            + "do not count here)"
                            : "DROP INDEX CONCURRENTLY " + dropped
                            + ";  -- check replicas first: scans there do not count here")
                    .evidence("schema", i.schema())
                    .evidence("table", i.table())
                    .evidence("idxScan", i.scans())
                    .evidence("sizeBytes", i.size())
                    .evidence("tableWrites", writes)
                    .evidence("tableReads", reads)
                    .evidence("partitionIndexes", partitioned ? i.partitions() : null)
                    .build());
        }
        Map<String, Object> m = r.group("indexes");
        m.put("count", list.size());
        m.put("unused", unused);
        m.put("sizeBytes", list.stream().mapToLong(Idx::size).sum());
        long[] io = Rows.one(c, PostgresHealthSql.INDEX_IO, rs -> new long[] {rs.getLong("hit"), rs.getLong("read")});
        m.put("blksHit", io[0]);
        m.put("blksRead", io[1]);
        Ratios.hitRatio(r, INDEX_HIT_RATIO, io[0], io[1], "indexes of " + ctx.database(),
                "of index block reads in database " + ctx.database() + " were served from shared buffers",
                cacheFix(ctx) + "\n-- and drop unused or bloated indexes so the hot ones fit (see unused-index, index-bloat)");
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
