package io.dbagent.dialect.sqlite;

import io.dbagent.advisor.AdvisorDialect;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** SQLite's part of the advisors: partial indexes, rowid in every entry, timed costs, no usage counters. */
final class SqliteAdvisor implements AdvisorDialect {

    @Override
    public boolean partialIndexes() {
        return true;
    }

    @Override
    public boolean includeColumns() {
        return false;
    }

    @Override
    public boolean keyInEveryIndex() {
        return true;
    }

    @Override
    public double indexEntryOverhead() {
        return 10;
    }

    @Override
    public double indexFillFactor() {
        return 0.7;
    }

    @Override
    public String averageWidthSql(String column, String table) {
        return SqliteOptimizerSql.AVG_WIDTH_TEMPLATE.formatted(column, column, table);
    }

    @Override
    public boolean timedCosts() {
        return true;
    }

    @Override
    public String indexUsageHint() {
        return "(SQLite keeps no usage counters: check the application's queries)";
    }

    @Override
    public String analyzeTable(String table) {
        return SqliteOptimizerSql.ANALYZE_TABLE_TEMPLATE.formatted(table);
    }

    @Override
    public String batchedLookup(String column) {
        return column + " IN (?, ?, ...)";
    }

    @Override
    public String batchedLookupNote() {
        return "";
    }

    @Override
    public boolean materializedViews() {
        return false;
    }

    @Override
    public void beforeIndexBuilds(Statement st) {
        // the builds take the database write lock; there is no lock timeout to set
    }

    @Override
    public void afterIndexBuilds(Statement st, long timeoutMs) {
        // statements are timed under the guard's own limit
    }

    @Override
    public long builtIndexSize(Connection c, String schema, String name) {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(SqliteOptimizerSql.INDEX_SIZE_TEMPLATE.formatted(name))) {
            return rs.next() ? Math.max(0, rs.getLong(1)) : 0;
        } catch (SQLException noDbstat) {
            return 0; // builds without the dbstat table: the caller estimates
        }
    }
}
