package io.dbagent.dialect.postgres;

import io.dbagent.dialect.DdlWriter;
import io.dbagent.health.HealthCheck;
import io.dbagent.health.bloat.BloatEntry;
import io.dbagent.health.bloat.BloatEstimator;
import io.dbagent.health.bloat.BloatOptions;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DialectKind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL bloat: an estimate from the statistics for every table and b-tree index (cheap, needs ANALYZE to have
 * run), then, where pgstattuple is installed and the role may use it, the exact figure for the candidates, so the
 * finding quotes a measured number and the estimate stays in the evidence for comparison.
 */
final class PostgresBloat implements BloatEstimator {

    /** Page header; b-tree pages also keep a 16-byte special area. */
    private static final int PAGE_HEADER = 24;
    private static final int BTREE_SPECIAL = 16;
    private static final int HEAP_TUPLE_HEADER = 23;
    private static final int INDEX_TUPLE_HEADER = 8;
    private static final int LINE_POINTER = 4;

    PostgresBloat() {
    }

    @Override
    public List<BloatEntry> measure(DbSession session, BloatOptions options, Map<String, String> skipped)
            throws SQLException {
        return measure(session.connection(), options, skipped);
    }

    static List<BloatEntry> measure(Connection c, BloatOptions o, Map<String, String> skipped) throws SQLException {
        List<BloatEntry> out = new ArrayList<>();
        List<String> unanalysed = new ArrayList<>();
        List<Long> tableOids = new ArrayList<>();
        List<Long> indexOids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(PostgresHealthSql.TABLE_BLOAT_INPUT);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String schema = rs.getString("schema_name");
                String table = rs.getString("table_name");
                if (!o.selects(schema, table)) {
                    continue;
                }
                long heap = rs.getLong("heap_bytes");
                if (rs.getLong("stat_cols") == 0) {
                    if (heap > 0) {
                        unanalysed.add(qualified(schema, table));
                    }
                    continue;
                }
                long live = rs.getLong("n_live_tup");
                if (rs.wasNull()) {
                    live = Math.max(0, (long) rs.getDouble("reltuples"));
                }
                long expected = expectedHeapBytes(live, rs.getDouble("data_width"), rs.getLong("null_cols") > 0,
                        rs.getInt("natts"), rs.getInt("block_size"), rs.getInt("fillfactor"));
                long wasted = Math.max(0, heap - expected);
                out.add(new BloatEntry("table", schema, table, table, heap, wasted, BloatEntry.percent(wasted, heap),
                        "estimate", wasted, null, null));
                tableOids.add(rs.getLong("oid"));
            }
        }
        try (PreparedStatement ps = c.prepareStatement(PostgresHealthSql.INDEX_BLOAT_INPUT);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String schema = rs.getString("schema_name");
                String table = rs.getString("table_name");
                if (!o.selects(schema, table) || rs.getObject("key_width") == null || rs.getLong("missing") > 0) {
                    continue;
                }
                long size = rs.getLong("index_bytes");
                long expected = expectedBtreeBytes(rs.getLong("live_rows"), rs.getDouble("key_width"),
                        rs.getBoolean("has_nulls"), rs.getInt("block_size"), rs.getInt("fillfactor"));
                long wasted = Math.max(0, size - expected);
                out.add(new BloatEntry("index", schema, table, rs.getString("index_name"), size, wasted,
                        BloatEntry.percent(wasted, size), "estimate", wasted, null, null));
                indexOids.add(rs.getLong("indexrelid"));
            }
        }
        if (!unanalysed.isEmpty()) {
            skipped.put("estimate", "no column statistics visible (never analysed: run ANALYZE; or no SELECT "
                    + "privilege on the table), so no row widths to estimate from: "
                    + String.join(", ", unanalysed.subList(0, Math.min(10, unanalysed.size())))
                    + (unanalysed.size() > 10 ? " and " + (unanalysed.size() - 10) + " more" : ""));
        }
        if (o.exact()) {
            out = confirmExact(c, o, out, tableOids, indexOids, skipped);
        }
        List<BloatEntry> withFixes = new ArrayList<>();
        for (BloatEntry e : out) {
            withFixes.add(o.worthFixing(e) ? e.withFix(fix(e)) : e);
        }
        return withFixes;
    }

    /**
     * Bytes the live rows need: row header (23 bytes, plus a null bitmap when some column has NULLs) and data,
     * each aligned to 8 bytes, a 4-byte line pointer per row, pages filled up to the fillfactor.
     */
    static long expectedHeapBytes(long liveRows, double dataWidth, boolean hasNulls, int natts, int blockSize,
                                  int fillfactor) {
        if (liveRows <= 0) {
            return 0;
        }
        int header = align(HEAP_TUPLE_HEADER + (hasNulls ? (natts + 7) / 8 : 0));
        double tuple = header + align((int) Math.ceil(dataWidth)) + LINE_POINTER;
        double usable = (blockSize - PAGE_HEADER) * fillfactor / 100.0;
        long perPage = Math.max(1, (long) Math.floor(usable / tuple));
        long pages = (liveRows + perPage - 1) / perPage;
        return pages * blockSize;
    }

    /** Leaf pages at the fillfactor (default 90), plus the metapage and about 1 % internal pages. */
    static long expectedBtreeBytes(long liveRows, double keyWidth, boolean hasNulls, int blockSize, int fillfactor) {
        double tuple = align(INDEX_TUPLE_HEADER + (hasNulls ? 4 : 0) + (int) Math.ceil(keyWidth)) + LINE_POINTER;
        double usable = (blockSize - PAGE_HEADER - BTREE_SPECIAL) * fillfactor / 100.0;
        long perPage = Math.max(1, (long) Math.floor(usable / tuple));
        long leaf = Math.max(1, (Math.max(0, liveRows) + perPage - 1) / perPage);
        long internal = Math.max(liveRows > perPage ? 1 : 0, (long) Math.ceil(leaf / 100.0));
        return (1 + leaf + internal) * blockSize;
    }

    private static int align(int n) {
        return (n + 7) & ~7;
    }

    /**
     * Measures the candidates (estimated at half the warn level or more, or every selected table with --table) that
     * are not larger than the limit; pgstattuple reads every page, so it never runs on everything by default.
     */
    private static List<BloatEntry> confirmExact(Connection c, BloatOptions o, List<BloatEntry> entries,
                                                 List<Long> tableOids, List<Long> indexOids,
                                                 Map<String, String> skipped) throws SQLException {
        String extSchema = null;
        try (PreparedStatement ps = c.prepareStatement(PostgresHealthSql.EXTENSIONS); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if ("pgstattuple".equals(rs.getString(1))) {
                    extSchema = rs.getString("ext_schema");
                }
            }
        }
        if (extSchema == null) {
            skipped.put("exact", "pgstattuple is not installed: figures are estimates from the statistics "
                    + "(CREATE EXTENSION pgstattuple; as a superuser for exact ones)");
            return entries;
        }
        boolean allowed;
        try (PreparedStatement ps = c.prepareStatement(PostgresHealthSql.PRIVILEGES); ResultSet rs = ps.executeQuery()) {
            allowed = rs.next() && (rs.getBoolean("rolsuper") || rs.getBoolean("stat_scan_tables"));
        }
        if (!allowed) {
            skipped.put("exact", "skipped: needs pg_stat_scan_tables (or pg_monitor) to run pgstattuple: "
                    + "figures are estimates");
            return entries;
        }
        int blockSize;
        try (PreparedStatement ps = c.prepareStatement("SELECT current_setting('block_size')::int");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            blockSize = rs.getInt(1);
        }
        List<BloatEntry> out = new ArrayList<>();
        int ti = 0;
        int ii = 0;
        double tableHalf = o.thresholds().warn(HealthCheck.TABLE_BLOAT) / 2;
        double indexHalf = o.thresholds().warn(HealthCheck.INDEX_BLOAT) / 2;
        for (BloatEntry e : entries) {
            long oid = "table".equals(e.kind()) ? tableOids.get(ti++) : indexOids.get(ii++);
            boolean candidate = !o.tables().isEmpty()
                    || e.wastedPercent() >= ("table".equals(e.kind()) ? tableHalf : indexHalf);
            if (!candidate || e.sizeBytes() > o.exactMaxBytes() || e.sizeBytes() == 0) {
                out.add(e);
                continue;
            }
            out.add("table".equals(e.kind()) ? exactTable(c, extSchema, oid, e)
                    : exactIndex(c, extSchema, oid, e, blockSize));
        }
        return out;
    }

    private static BloatEntry exactTable(Connection c, String ext, long oid, BloatEntry e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(PostgresHealthSql.pgstattuple(ext))) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                // dead rows and free space are what a rewrite gives back
                return e.withExact(rs.getLong("dead_tuple_len") + rs.getLong("free_space"), "pgstattuple");
            }
        }
    }

    /** Leaf pages fuller than the default 90 % fillfactor are not bloated; emptier ones waste the difference. */
    private static BloatEntry exactIndex(Connection c, String ext, long oid, BloatEntry e, int blockSize)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(PostgresHealthSql.pgstatindex(ext))) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long leafBytes = rs.getLong("leaf_pages") * blockSize;
                double density = rs.getDouble("avg_leaf_density");
                long unusedLeaf = density > 0 && density < 90 ? Math.round(leafBytes * (90 - density) / 100.0) : 0;
                long empty = (rs.getLong("empty_pages") + rs.getLong("deleted_pages")) * blockSize;
                return e.withExact(unusedLeaf + empty, "pgstatindex");
            }
        }
    }

    static String fix(BloatEntry e) {
        DialectKind d = DialectKind.POSTGRES;
        if ("index".equals(e.kind())) {
            return "REINDEX INDEX CONCURRENTLY " + DdlWriter.of(d).tableName(e.schema(), e.name()) + ";";
        }
        String t = DdlWriter.of(d).tableName(e.schema(), e.table());
        return "VACUUM (FULL, ANALYZE) " + t + ";\n-- VACUUM FULL locks " + t + " while it rewrites it; online: "
                + "pg_repack --no-order --table=" + e.schema() + "." + e.table() + " <db>";
    }

    private static String qualified(String schema, String name) {
        return "public".equals(schema) ? name : schema + "." + name;
    }
}
