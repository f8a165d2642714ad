package io.dbagent.dialect.sqlite;

import io.dbagent.dialect.DdlWriter;
import io.dbagent.dialect.sqlite.SqliteHealthSql;
import io.dbagent.health.Fmt;
import io.dbagent.health.HealthRun;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.jdbc.Rows;
import io.dbagent.report.Finding;
import io.dbagent.report.Severity;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.dbagent.health.HealthCheck.BLOCKED_QUERIES;
import static io.dbagent.health.HealthCheck.CACHE_HIT_RATIO;
import static io.dbagent.health.HealthCheck.CONNECTION_UTILIZATION;
import static io.dbagent.health.HealthCheck.FOREIGN_KEY_VIOLATION;
import static io.dbagent.health.HealthCheck.IDLE_IN_TRANSACTION;
import static io.dbagent.health.HealthCheck.INDEX_HIT_RATIO;
import static io.dbagent.health.HealthCheck.INTEGRITY_ERROR;
import static io.dbagent.health.HealthCheck.LONG_RUNNING_TRANSACTION;
import static io.dbagent.health.HealthCheck.ROLLBACK_RATE;
import static io.dbagent.health.HealthCheck.SEQUENCE_EXHAUSTION;
import static io.dbagent.health.HealthCheck.SEQ_SCAN_LARGE_TABLE;
import static io.dbagent.health.HealthCheck.SLOW_QUERY;
import static io.dbagent.health.HealthCheck.STATS_STALE;
import static io.dbagent.health.HealthCheck.TXID_WRAPAROUND;
import static io.dbagent.health.HealthCheck.UNUSED_INDEX;
import static io.dbagent.health.HealthCheck.VACUUM_OVERDUE;

/**
 * SQLite checks from PRAGMAs: integrity_check, foreign_key_check, the free list (in the bloat part) and whether
 * ANALYZE has recorded statistics. An embedded engine keeps no server statistics, so the server checks are listed
 * as skipped with the reason.
 */
final class SqliteHealth {

    private static final DialectKind LITE = DialectKind.SQLITE;
    private static final Pattern INDEX_IN_MESSAGE = Pattern.compile("(?:from|in) index (\\S+)");

    private SqliteHealth() {
    }

    static void run(HealthRun r) throws SQLException {
        Connection c = r.session.connection();
        String file = r.session.url().inMemory() ? ":memory:" : Path.of(r.session.url().database()).getFileName().toString();
        Map<String, Object> m = r.group("database");
        long pageSize = pragma(c, SqliteHealthSql.PAGE_SIZE);
        long pages = pragma(c, SqliteHealthSql.PAGE_COUNT);
        m.put("file", file);
        m.put("pageSize", pageSize);
        m.put("pageCount", pages);
        m.put("freelistCount", pragma(c, SqliteHealthSql.FREELIST_COUNT));
        m.put("sizeBytes", pageSize * pages);
        m.put("journalMode", Rows.one(c, SqliteHealthSql.JOURNAL_MODE, rs -> rs.getString(1)));
        m.put("autoVacuum", switch ((int) pragma(c, SqliteHealthSql.AUTO_VACUUM)) {
            case 1 -> "full";
            case 2 -> "incremental";
            default -> "none";
        });
        r.guard("read access to the file", () -> integrity(r, file), INTEGRITY_ERROR);
        r.guard("read access to the file", () -> foreignKeys(r), FOREIGN_KEY_VIOLATION);
        r.guard("read access to the file", () -> statistics(r), STATS_STALE);

        String embedded = "SQLite is embedded: ";
        r.skip(SLOW_QUERY, embedded + "it keeps no statement statistics; time queries in the application and check "
                + "their plans with EXPLAIN QUERY PLAN");
        r.skip(SEQ_SCAN_LARGE_TABLE, embedded + "it keeps no per-table scan counters; EXPLAIN QUERY PLAN shows "
                + "'SCAN <table>' for a full scan");
        r.skip(UNUSED_INDEX, embedded + "it keeps no index usage counters");
        r.skip(INDEX_HIT_RATIO, embedded + "each connection has its own page cache and keeps no hit statistics");
        r.skip(CACHE_HIT_RATIO, embedded + "each connection has its own page cache and keeps no hit statistics");
        r.skip(CONNECTION_UTILIZATION, embedded + "there is no server and no connection limit");
        r.skip(ROLLBACK_RATE, embedded + "it keeps no transaction counters");
        r.skip(VACUUM_OVERDUE, "SQLite puts the pages of deleted rows on the free list at once: see table-bloat");
        r.skip(TXID_WRAPAROUND, "PostgreSQL only");
        r.skip(SEQUENCE_EXHAUSTION, "SQLite rowids and AUTOINCREMENT counters are 64-bit");
        String sessions = embedded + "there are no server sessions to inspect; a writer holding the lock shows up as "
                + "SQLITE_BUSY in the application";
        r.skip(LONG_RUNNING_TRANSACTION, sessions);
        r.skip(IDLE_IN_TRANSACTION, sessions);
        r.skip(BLOCKED_QUERIES, sessions);
    }

    private static long pragma(Connection c, String sql) throws SQLException {
        return Rows.one(c, sql, rs -> rs.getLong(1));
    }

    private static void integrity(HealthRun r, String file) throws SQLException {
        List<String> problems = Rows.list(r.session.connection(), SqliteHealthSql.INTEGRITY_CHECK, rs -> rs.getString(1));
        boolean ok = problems.size() == 1 && "ok".equals(problems.get(0));
        r.group("database").put("integrityCheck", ok ? "ok" : problems.size() + " problems");
        if (ok) {
            return;
        }
        List<String> indexes = new ArrayList<>();
        boolean onlyIndexes = true;
        for (String p : problems) {
            Matcher mt = INDEX_IN_MESSAGE.matcher(p);
            if (mt.find()) {
                if (!indexes.contains(mt.group(1))) {
                    indexes.add(mt.group(1));
                }
            } else {
                onlyIndexes = false;
            }
        }
        String fix = onlyIndexes
                ? String.join("\n", indexes.stream().map(i -> "REINDEX " + DdlWriter.of(LITE).ident(i) + ";").toList())
                + "\n-- only indexes disagree with their tables: rebuilding them repairs the file"
                : "-- back up the file first; then salvage what is readable into a new file (sqlite3 shell):\n"
                + "-- sqlite3 " + file + " \".recover\" | sqlite3 recovered.db\n-- or restore the last good backup";
        r.add(Finding.builder(INTEGRITY_ERROR.id(), Severity.CRITICAL)
                .subject(file)
                .message("PRAGMA integrity_check reports " + problems.size() + (problems.size() >= 100 ? "+" : "")
                        + " problems in " + file + ", first: " + problems.get(0))
                .fix(fix)
                .evidence("problems", problems.subList(0, Math.min(10, problems.size())))
                .evidence("indexes", indexes.isEmpty() ? null : indexes)
                .build());
    }

    private static void foreignKeys(HealthRun r) throws SQLException {
        record Orphan(String table, String parent) {
        }
        Map<Orphan, Long> counts = new LinkedHashMap<>();
        for (Orphan o : Rows.list(r.session.connection(), SqliteHealthSql.FOREIGN_KEY_CHECK,
                rs -> new Orphan(rs.getString("table"), rs.getString("parent")))) {
            counts.merge(o, 1L, Long::sum);
        }
        r.group("database").put("foreignKeyViolations", counts.values().stream().mapToLong(Long::longValue).sum());
        counts.forEach((o, n) -> r.add(Finding.builder(FOREIGN_KEY_VIOLATION.id(), Severity.CRITICAL)
                .subject(o.table() + " -> " + o.parent())
                .message(Fmt.count(n) + " rows of " + o.table() + " point at " + o.parent()
                        + " rows that do not exist (written while PRAGMA foreign_keys was off)")
                .fix("DELETE FROM " + DdlWriter.of(LITE).ident(o.table()) + " WHERE rowid IN (SELECT rowid FROM "
                        + "pragma_foreign_key_check('" + o.table().replace("'", "''") + "') WHERE parent = '"
                        + o.parent().replace("'", "''") + "');\n-- or insert the missing " + o.parent()
                        + " rows; and run PRAGMA foreign_keys = ON in every connection")
                .evidence("table", o.table())
                .evidence("parent", o.parent())
                .evidence("rows", n)
                .build()));
    }

    /** Tables with indexes whose row count is missing from sqlite_stat1 or moved far from it. */
    private static void statistics(HealthRun r) throws SQLException {
        Connection c = r.session.connection();
        boolean analysed = pragma(c, SqliteHealthSql.STAT1_PRESENT) > 0;
        r.group("database").put("sqliteStat1", analysed);
        Map<String, Long> recorded = new HashMap<>();
        if (analysed) {
            for (Object[] row : Rows.list(c, SqliteHealthSql.STAT1_ROWS, rs -> new Object[] {rs.getString(1), rs.getLong(2)})) {
                recorded.put((String) row[0], (Long) row[1]);
            }
        }
        double min = r.t.get("stats-stale.min-changed-rows");
        for (String table : Rows.list(c, SqliteHealthSql.INDEXED_TABLES, rs -> rs.getString(1))) {
            long rows = Rows.one(c, "SELECT count(*) FROM " + DdlWriter.of(LITE).ident(table), rs -> rs.getLong(1));
            Long before = recorded.get(table);
            long changed = before == null ? rows : Math.abs(rows - before);
            double pct = 100.0 * changed / Math.max(1, Math.max(rows, before == null ? 0 : before));
            if (changed < min || before != null && r.judge(STATS_STALE, pct).isEmpty()) {
                continue;
            }
            r.add(Finding.builder(STATS_STALE.id(), Severity.WARN)
                    .subject(table)
                    .message(before == null
                            ? "table " + table + " (" + Fmt.count(rows) + " rows) has indexes but "
                            + (analysed ? "no statistics in sqlite_stat1" : "ANALYZE has never run on this file")
                            + ": the planner guesses which index is selective"
                            : "table " + table + " has " + Fmt.count(rows) + " rows, " + Fmt.count(before)
                            + " when ANALYZE last ran (" + Fmt.pct(pct) + " changed)")
                    .fix("ANALYZE " + DdlWriter.of(LITE).ident(table) + ";  -- or PRAGMA optimize; before closing long-lived connections")
                    .evidence("rows", rows)
                    .evidence("analysedRows", before)
                    .build());
        }
    }
}
