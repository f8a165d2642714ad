package io.dbagent.dialect.postgres;

import io.dbagent.advisor.AdvisorDialect;
import io.dbagent.advisor.PartitionDdl;
import io.dbagent.advisor.WorkloadSources;
import io.dbagent.advisor.WorkloadStats;
import io.dbagent.dialect.DdlWriter;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Table;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;

/** PostgreSQL's part of the advisors: partial and covering indexes, pg_stat_statements, declarative partitions. */
final class PostgresAdvisor implements AdvisorDialect, WorkloadStats, PartitionDdl {

    private static final DialectKind D = DialectKind.POSTGRES;

    /** Immutable on any argument type they accept, so an index on them is allowed and matched. */
    private static final java.util.Set<String> IMMUTABLE = java.util.Set.of("lower", "upper", "btrim", "trim", "ltrim",
            "rtrim", "md5", "abs", "left", "right", "substr", "substring", "length", "char_length", "->>", "->",
            "#>>", "#>", "round", "floor", "ceil");
    /** Immutable on timestamp without time zone and date, only stable on timestamptz. */
    private static final java.util.Set<String> TIME = java.util.Set.of("date_trunc", "date", "extract", "date_part");

    @Override
    public boolean indexableExpression(String function, String columnType) {
        String f = function.toLowerCase(java.util.Locale.ROOT);
        String t = columnType == null ? "" : columnType.toLowerCase(java.util.Locale.ROOT);
        boolean zoned = t.contains("with time zone") || t.equals("timestamptz");
        boolean temporal = t.startsWith("timestamp") || t.equals("date") || t.startsWith("time");
        if (IMMUTABLE.contains(f)) {
            return !temporal;
        }
        if (TIME.contains(f)) {
            return temporal && !zoned;
        }
        if (f.startsWith("::")) {
            // casts between text and numbers are immutable; from a time type only to date, and not from timestamptz
            return temporal ? !zoned && f.equals("::date") : !t.isEmpty();
        }
        return false;
    }

    @Override
    public boolean partialIndexes() {
        return true;
    }

    @Override
    public boolean includeColumns() {
        return true;
    }

    @Override
    public boolean keyInEveryIndex() {
        return false;
    }

    @Override
    public double indexEntryOverhead() {
        return 16;
    }

    @Override
    public double indexFillFactor() {
        return 0.9;
    }

    @Override
    public String averageWidthSql(String column, String table) {
        return PostgresOptimizerSql.AVG_WIDTH_TEMPLATE.formatted(column, column, table);
    }

    @Override
    public boolean timedCosts() {
        return false;
    }

    @Override
    public String indexUsageHint() {
        return "(pg_stat_user_indexes.idx_scan)";
    }

    @Override
    public String analyzeTable(String table) {
        return PostgresOptimizerSql.ANALYZE_TABLE_TEMPLATE.formatted(table);
    }

    @Override
    public String batchedLookup(String column) {
        return column + " = ANY(?)";
    }

    @Override
    public String batchedLookupNote() {
        return " (bind the keys as one array)";
    }

    @Override
    public boolean materializedViews() {
        return true;
    }

    @Override
    public void beforeIndexBuilds(Statement st) throws SQLException {
        st.execute(PostgresOptimizerSql.LOCK_TIMEOUT_LOCAL);
        // the builds are dbagent's own DDL: they keep today's behaviour, only workload text is limited
        st.execute("SET LOCAL statement_timeout = 0");
    }

    @Override
    public void afterIndexBuilds(Statement st, long timeoutMs) throws SQLException {
        st.execute("SET LOCAL statement_timeout = " + Math.max(1, timeoutMs));
    }

    @Override
    public long builtIndexSize(Connection c, String schema, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(PostgresOptimizerSql.INDEX_SIZE)) {
            ps.setString(1, schema == null ? name : "\"" + schema + "\"." + name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Math.max(0, rs.getLong(1)) : 0;
            }
        }
    }

    @Override
    public String source() {
        return "pg_stat_statements";
    }

    @Override
    public String unavailableReason(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(PostgresOptimizerSql.STAT_STATEMENTS_READY)) {
            rs.next();
            return rs.getBoolean(1) ? null : "needs pg_stat_statements: add it to shared_preload_libraries "
                    + "(ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'; restart), then "
                    + "CREATE EXTENSION pg_stat_statements";
        }
    }

    @Override
    public String sql() {
        return PostgresOptimizerSql.STAT_STATEMENTS;
    }

    @Override
    public WorkloadSources.SeenStatement read(ResultSet rs) throws SQLException {
        return new WorkloadSources.SeenStatement(rs.getString(1), rs.getLong(2), rs.getDouble(3), rs.getLong(5));
    }

    @Override
    public String columnRangeSql(String column, String table) {
        return PostgresOptimizerSql.COLUMN_RANGE_TEMPLATE.formatted(column, table);
    }

    @Override
    public String range(Table t, String col, List<LocalDate> cuts, boolean monthly) {
        String tbl = DdlWriter.of(D).tableName(t.schema(), t.name());
        String c = DdlWriter.of(D).ident(col);
        String p = t.name() + "_part";
        StringBuilder sb = new StringBuilder();
        sb.append("-- PostgreSQL partitions a new table: create it, copy the rows, swap the names\n");
        sb.append("CREATE TABLE ").append(p).append(" (LIKE ").append(tbl)
                .append(" INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE (").append(c).append(");\n");
        if (!t.primaryKey().isEmpty()) {
            sb.append("ALTER TABLE ").append(p).append(" ADD PRIMARY KEY (")
                    .append(DdlWriter.of(D).columnList(PartitionDdl.keyWith(t, col)))
                    .append(");  -- the key must contain the partition column\n");
        }
        for (int i = 0; i + 1 < cuts.size(); i++) {
            sb.append("CREATE TABLE ").append(p).append('_').append(PartitionDdl.suffix(cuts.get(i), monthly))
                    .append(" PARTITION OF ").append(p).append(" FOR VALUES FROM ('").append(cuts.get(i))
                    .append("') TO ('").append(cuts.get(i + 1)).append("');\n");
        }
        sb.append("CREATE TABLE ").append(p).append("_default PARTITION OF ").append(p).append(" DEFAULT;\n");
        sb.append("INSERT INTO ").append(p).append(" SELECT * FROM ").append(tbl).append(";\n");
        sb.append("BEGIN;\nALTER TABLE ").append(tbl).append(" RENAME TO ").append(t.name()).append("_old;\n")
                .append("ALTER TABLE ").append(p).append(" RENAME TO ").append(t.name()).append(";\nCOMMIT;\n")
                .append("-- recreate secondary indexes and foreign keys on the new table, then drop ")
                .append(t.name()).append("_old");
        return sb.toString();
    }

    @Override
    public String hash(Table t, String col, int partitions) {
        String tbl = DdlWriter.of(D).tableName(t.schema(), t.name());
        String p = t.name() + "_part";
        StringBuilder sb = new StringBuilder("CREATE TABLE " + p + " (LIKE " + tbl
                + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY HASH (" + DdlWriter.of(D).ident(col) + ");\n");
        for (int i = 0; i < partitions; i++) {
            sb.append("CREATE TABLE ").append(p).append('_').append(i).append(" PARTITION OF ").append(p)
                    .append(" FOR VALUES WITH (MODULUS ").append(partitions).append(", REMAINDER ").append(i)
                    .append(");\n");
        }
        sb.append("INSERT INTO ").append(p).append(" SELECT * FROM ").append(tbl).append(";\n")
                .append("-- then swap the names in one transaction and recreate indexes and foreign keys");
        return sb.toString();
    }
}
