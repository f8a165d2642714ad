package io.dbagent.dialect.sqlite;

import io.dbagent.advisor.AdvisorDialect;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * SQLite's part of the advisors: partial indexes, rowid in every entry, timed costs, no usage counters. Its what-if
 * builds take the database write lock (there is no lock timeout to set) and the statements are timed under the
 * guard's own limit, so nothing is set around the builds.
 */
final class SqliteAdvisor implements AdvisorDialect {

    /** Deterministic functions SQLite accepts in an index on an expression and matches in a WHERE clause. */
    private static final java.util.Set<String> DETERMINISTIC = java.util.Set.of("lower", "upper", "trim", "ltrim",
            "rtrim", "abs", "substr", "substring", "length", "json_extract", "->>", "->", "ifnull", "coalesce", "date",
            "datetime", "strftime", "julianday", "round");

    @Override
    public boolean indexableExpression(String function, String columnType) {
        String f = function.toLowerCase(java.util.Locale.ROOT);
        return DETERMINISTIC.contains(f) || f.startsWith("::");
    }

    @Override
    public boolean partialIndexes() {
        return true;
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
    public String averageWidthSql(String column, String table) {
        return SqliteOptimizerSql.AVG_WIDTH_TEMPLATE.formatted(column, column, table);
    }

    @Override
    public boolean timedCosts() {
        // costs are estimated from the plan (SqlitePlanCost), not timed
        return false;
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
    public long builtIndexSize(Connection c, String schema, String name) {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(SqliteOptimizerSql.INDEX_SIZE_TEMPLATE.formatted(name))) {
            return rs.next() ? Math.max(0, rs.getLong(1)) : 0;
        } catch (SQLException noDbstat) {
            return 0; // builds without the dbstat table: the caller estimates
        }
    }
}
