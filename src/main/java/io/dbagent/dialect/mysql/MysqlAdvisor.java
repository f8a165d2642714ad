package io.dbagent.dialect.mysql;

import io.dbagent.advisor.AdvisorDialect;
import io.dbagent.advisor.PartitionDdl;
import io.dbagent.advisor.WorkloadSources;
import io.dbagent.advisor.WorkloadStats;
import io.dbagent.dialect.DdlWriter;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Table;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * MySQL/MariaDB's part of the advisors: InnoDB keys in every index entry, no partial indexes, performance_schema
 * digests, and partitioning in place. Its what-if builds run on scratch copies, not inside a transaction, so there
 * is nothing to set around them.
 */
final class MysqlAdvisor implements AdvisorDialect, WorkloadStats, PartitionDdl {

    private static final DialectKind D = DialectKind.MYSQL;

    @Override
    public String noExpressionIndexNote(String table, String expression) {
        return "the statements compare " + expression + " on " + table + ": no index candidate for it here (MariaDB "
                + "has no index on an expression, MySQL 8.0.13+ has functional key parts that this advisor does not "
                + "cost); an indexed generated column serves it: ALTER TABLE " + table + " ADD COLUMN <name> <type> AS ("
                + expression + ") VIRTUAL, ADD INDEX (<name>), and compare <name> in the query";
    }

    @Override
    public boolean partialIndexes() {
        return false;
    }

    @Override
    public boolean keyInEveryIndex() {
        return true;
    }

    @Override
    public double indexEntryOverhead() {
        return 14 + 8; // record header + the primary key every secondary entry carries
    }

    @Override
    public String averageWidthSql(String column, String table) {
        return MysqlOptimizerSql.AVG_WIDTH_TEMPLATE.formatted(column, column, table);
    }

    @Override
    public boolean timedCosts() {
        return false;
    }

    @Override
    public String indexUsageHint() {
        return "(sys.schema_unused_indexes)";
    }

    @Override
    public String analyzeTable(String table) {
        return MysqlOptimizerSql.ANALYZE_TABLE_TEMPLATE.formatted(table);
    }

    @Override
    public long builtIndexSize(Connection c, String schema, String name) {
        return 0;
    }

    @Override
    public String source() {
        return "performance_schema";
    }

    @Override
    public String unavailableReason(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(MysqlOptimizerSql.PERFORMANCE_SCHEMA_ON)) {
            rs.next();
            return rs.getInt(1) == 1 ? null : "needs performance_schema: set performance_schema=ON in the "
                    + "server configuration and restart";
        }
    }

    @Override
    public String sql() {
        return MysqlOptimizerSql.DIGESTS;
    }

    @Override
    public WorkloadSources.SeenStatement read(ResultSet rs) throws SQLException {
        return new WorkloadSources.SeenStatement(rs.getString(1), rs.getLong(2), rs.getDouble(3), rs.getLong(4));
    }

    @Override
    public String columnRangeSql(String column, String table) {
        return MysqlOptimizerSql.COLUMN_RANGE_TEMPLATE.formatted(column, table);
    }

    @Override
    public String range(Table t, String col, List<LocalDate> cuts, boolean monthly) {
        String tbl = DdlWriter.of(D).tableName(t.schema(), t.name());
        String c = DdlWriter.of(D).ident(col);
        boolean timestamp = t.column(col).map(x -> x.type().toLowerCase(Locale.ROOT).startsWith("timestamp"))
                .orElse(false);
        StringBuilder sb = new StringBuilder();
        sb.append("-- InnoDB: every unique key must contain ").append(col)
                .append(", and partitioned tables cannot have foreign keys\n");
        if (!t.primaryKey().isEmpty()) {
            sb.append("ALTER TABLE ").append(tbl).append(" DROP PRIMARY KEY, ADD PRIMARY KEY (")
                    .append(DdlWriter.of(D).columnList(PartitionDdl.keyWith(t, col))).append(");\n");
        }
        sb.append("ALTER TABLE ").append(tbl).append(timestamp ? " PARTITION BY RANGE (UNIX_TIMESTAMP(" + c + ")) (\n"
                : " PARTITION BY RANGE COLUMNS (" + c + ") (\n");
        for (int i = 1; i < cuts.size(); i++) {
            String bound = timestamp ? "UNIX_TIMESTAMP('" + cuts.get(i) + " 00:00:00')" : "'" + cuts.get(i) + "'";
            sb.append("  PARTITION p").append(PartitionDdl.suffix(cuts.get(i - 1), monthly))
                    .append(" VALUES LESS THAN (").append(bound).append("),\n");
        }
        sb.append("  PARTITION pmax VALUES LESS THAN (MAXVALUE)\n);");
        return sb.toString();
    }

    @Override
    public String hash(Table t, String col, int partitions) {
        String tbl = DdlWriter.of(D).tableName(t.schema(), t.name());
        return "-- InnoDB: every unique key must contain " + col + ", and partitioned tables cannot have foreign keys\n"
                + (t.primaryKey().isEmpty() ? "" : "ALTER TABLE " + tbl + " DROP PRIMARY KEY, ADD PRIMARY KEY ("
                + DdlWriter.of(D).columnList(PartitionDdl.keyWith(t, col)) + ");\n")
                + "ALTER TABLE " + tbl + " PARTITION BY HASH (" + DdlWriter.of(D).ident(col) + ") PARTITIONS " + partitions + ";";
    }
}
