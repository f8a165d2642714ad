package io.dbagent.health;

import io.dbagent.DbAgentException;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The health checks, each a stable finding id with its default thresholds. The warn defaults are the product seed's
 * optimisation targets where it names one (p95 &lt; 100 ms, no seq scans on tables &gt; 10K rows, hit ratios &gt; 99 %,
 * pool utilisation &lt; 80 %, rollback rate &lt; 5 %); the rest are common DBA practice, and every one can be changed
 * with {@code --threshold id=value} or a config file.
 */
public enum HealthCheck {
    SLOW_QUERY("slow-query", "ms", 100, 1000, Direction.ABOVE,
            "statement whose estimated p95 (mean + 1.645 stddev, capped at its max) is above the threshold"),
    SEQ_SCAN_LARGE_TABLE("seq-scan-large-table", "rows", 10_000, Double.NaN, Direction.ABOVE,
            "table above the row threshold read more often by sequential scans than by index scans"),
    INDEX_HIT_RATIO("index-hit-ratio", "%", 99, 95, Direction.BELOW,
            "share of index block reads served from shared buffers"),
    CACHE_HIT_RATIO("cache-hit-ratio", "%", 99, 95, Direction.BELOW,
            "share of block reads served from the buffer cache (PG shared buffers, InnoDB buffer pool)"),
    CONNECTION_UTILIZATION("connection-utilization", "%", 80, 95, Direction.ABOVE,
            "server connections in use against max_connections"),
    CONNECTION_POOL_SATURATION("connection-pool-saturation", "%", 80, 100, Direction.ABOVE,
            "client pool (HikariCP) active connections against its maximum, or PgBouncer pool server connections in use "
                    + "against pool_size; waiting threads/clients too"),
    ROLLBACK_RATE("rollback-rate", "%", 5, 20, Direction.ABOVE,
            "rolled-back share of transactions since the statistics were reset"),
    UNUSED_INDEX("unused-index", "scans", 0, Double.NaN, Direction.ABOVE,
            "index scanned at most this many times since the statistics were reset"),
    DUPLICATE_INDEX("duplicate-index", null, Double.NaN, Double.NaN, Direction.ABOVE,
            "index identical to another or a left prefix of one (the lint rule)"),
    MISSING_PRIMARY_KEY("missing-primary-key", null, Double.NaN, Double.NaN, Direction.ABOVE,
            "table without a primary key (the lint rule)"),
    FK_WITHOUT_INDEX("fk-without-index", null, Double.NaN, Double.NaN, Direction.ABOVE,
            "foreign key no index supports (the lint rule; critical above 10,000 rows)"),
    TABLE_BLOAT("table-bloat", "%", 30, 60, Direction.ABOVE,
            "share of a table's (SQLite: the file's) space that is dead rows or free space"),
    INDEX_BLOAT("index-bloat", "%", 30, 60, Direction.ABOVE, "share of an index's space that is wasted"),
    VACUUM_OVERDUE("vacuum-overdue", "%", 20, 50, Direction.ABOVE, "dead rows as a share of all rows of a table"),
    TXID_WRAPAROUND("txid-wraparound", "%", 50, 75, Direction.ABOVE,
            "age of the oldest unfrozen transaction id as a share of the 2^31 wraparound limit"),
    SEQUENCE_EXHAUSTION("sequence-exhaustion", "%", 75, 90, Direction.ABOVE,
            "sequence or auto-increment value as a share of the maximum its column type holds"),
    LONG_RUNNING_TRANSACTION("long-running-transaction", "s", 300, 3600, Direction.ABOVE,
            "transaction open for longer than this"),
    IDLE_IN_TRANSACTION("idle-in-transaction", "s", 60, 600, Direction.ABOVE,
            "session idle inside an open transaction for longer than this"),
    BLOCKED_QUERIES("blocked-queries", "s", 5, 60, Direction.ABOVE,
            "statement waiting for a lock held by another session for longer than this"),
    STATS_STALE("stats-stale", "%", 20, Double.NaN, Direction.ABOVE,
            "table never analysed, or rows changed since the last ANALYZE as a share of its rows"),
    INTEGRITY_ERROR("integrity-error", null, Double.NaN, Double.NaN, Direction.ABOVE,
            "SQLite PRAGMA integrity_check reports corruption"),
    FOREIGN_KEY_VIOLATION("foreign-key-violation", null, Double.NaN, Double.NaN, Direction.ABOVE,
            "SQLite PRAGMA foreign_key_check finds rows whose parent is missing");

    /** Which side of the threshold is bad. */
    public enum Direction { ABOVE, BELOW }

    private final String id;
    private final String unit;
    private final double warn;
    private final double critical;
    private final Direction direction;
    private final String description;

    HealthCheck(String id, String unit, double warn, double critical, Direction direction, String description) {
        this.id = id;
        this.unit = unit;
        this.warn = warn;
        this.critical = critical;
        this.direction = direction;
        this.description = description;
    }

    public String id() {
        return id;
    }

    /** Unit of the threshold value, {@code null} when the check has no threshold. */
    public String unit() {
        return unit;
    }

    public double defaultWarn() {
        return warn;
    }

    /** NaN when the check never escalates to critical on a number. */
    public double defaultCritical() {
        return critical;
    }

    public Direction direction() {
        return direction;
    }

    public String description() {
        return description;
    }

    public static HealthCheck byId(String id) {
        String n = id.trim().toLowerCase(Locale.ROOT);
        for (HealthCheck c : values()) {
            if (c.id.equals(n)) {
                return c;
            }
        }
        throw DbAgentException.badInput("unknown health check '" + id + "': expected one of "
                + Arrays.stream(values()).map(HealthCheck::id).collect(Collectors.joining(", ")));
    }

    /**
     * Secondary thresholds: the floors below which a ratio is not judged, because a handful of events proves
     * nothing (a fresh database has a "cache hit ratio" of 80 % after its first ten reads).
     */
    static Map<String, Double> secondaryDefaults() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("seq-scan-large-table.min-scans", 10.0);
        m.put("index-hit-ratio.min-blocks", 10_000.0);
        m.put("cache-hit-ratio.min-blocks", 10_000.0);
        m.put("rollback-rate.min-transactions", 100.0);
        m.put("unused-index.min-table-scans", 100.0);
        m.put("table-bloat.min-mb", 1.0);
        m.put("index-bloat.min-mb", 1.0);
        m.put("vacuum-overdue.min-dead-rows", 1000.0);
        m.put("stats-stale.min-changed-rows", 1000.0);
        m.put("slow-query.min-calls", 5.0);
        return m;
    }
}
