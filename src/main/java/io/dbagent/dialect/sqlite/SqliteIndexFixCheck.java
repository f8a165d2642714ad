package io.dbagent.dialect.sqlite;

import io.dbagent.explain.IndexFixCheck;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.ScratchDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQLite: the candidate is built on a private copy that holds the user's schema (tables, indexes, views), its
 * statistics ({@code sqlite_stat1}, {@code sqlite_stat4}) and the rows of the candidate's table (an even sample
 * above {@link #SAMPLE_ROWS}), which is then analysed with the candidate in place. SQLite's planner chooses by those
 * statistics (per-value samples included), so the plan on the copy is the plan the database would have after the
 * index is built and analysed; statistics alone are not enough, since the candidate's per-value samples exist only
 * where its rows do. The copy is a private temporary file, deleted afterwards; the user's file is only read.
 */
final class SqliteIndexFixCheck implements IndexFixCheck {

    private static final Pattern CREATE = Pattern.compile(
            "(?is)^CREATE\\s+(UNIQUE\\s+)?INDEX\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(\"?)([A-Za-z0-9_]+)\\2\\s+ON\\s+"
                    + "(\"?)([A-Za-z0-9_]+)\\4\\s*\\((.*)\\)\\s*;?\\s*$");

    /** Rows of a table copied at most; above, an even sample (the planner reads proportions, kept by it). */
    static final long SAMPLE_ROWS = 100_000;

    @Override
    public Result check(Context ctx, Proposal p) throws SQLException {
        Connection live = ctx.live().connection();
        int seconds = (int) Math.max(1, ctx.live().timeout().toSeconds());
        try (ScratchDatabase copy = ScratchDatabase.sqlite(); DbSession s = copy.openWritable();
             Statement st = s.connection().createStatement()) {
            st.setQueryTimeout(seconds);
            // only the candidate's table gets rows: the tables its foreign keys point at stay empty on the copy
            st.execute("PRAGMA foreign_keys = OFF");
            copySchema(live, st);
            st.execute("ANALYZE"); // creates the statistics tables on the copy (its tables are empty)
            for (String stat : List.of("sqlite_stat1", "sqlite_stat4")) {
                copyStats(live, s.connection(), stat);
            }
            Set<String> tables = new LinkedHashSet<>();
            List<String> builds = new ArrayList<>();
            for (String ddl : p.ddl()) {
                Matcher m = CREATE.matcher(ddl.strip());
                if (!m.matches()) {
                    return Result.unverified("not a CREATE INDEX the check can read: " + ddl);
                }
                tables.add(m.group(5));
                builds.add(ddl.strip().replaceFirst(";$", ""));
            }
            s.connection().setAutoCommit(false);
            long copied = 0;
            for (String t : tables) {
                copied += copyRows(live, s.connection(), t, seconds);
            }
            for (String b : builds) {
                st.execute(b);
            }
            for (String t : tables) {
                st.execute("ANALYZE " + quote(t)); // the sample's statistics, the candidate's included
            }
            s.connection().commit();
            s.connection().setAutoCommit(true);
            List<String> details = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("EXPLAIN QUERY PLAN " + p.statement())) {
                while (rs.next()) {
                    details.add(rs.getString("detail"));
                }
            }
            boolean used = p.indexNames().stream().allMatch(n -> details.stream().anyMatch(d ->
                    Pattern.compile("(?i)\\bINDEX " + Pattern.quote(n) + "\\b").matcher(d).find()));
            return new Result("copy", used, null, null, "schema, statistics and " + copied + " rows of "
                    + String.join(", ", tables) + " on a private temporary copy");
        }
    }

    private static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** The table's rows (its stored columns), all of them up to {@link #SAMPLE_ROWS}, else an even sample. */
    private static long copyRows(Connection live, Connection copy, String table, int seconds) throws SQLException {
        List<String> cols = new ArrayList<>();
        try (PreparedStatement ps = live.prepareStatement("SELECT name, hidden FROM pragma_table_xinfo(?)")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getInt(2) == 0) {
                        cols.add(quote(rs.getString(1)));
                    }
                }
            }
        }
        if (cols.isEmpty()) {
            return 0;
        }
        long rows;
        try (Statement st = live.createStatement()) {
            st.setQueryTimeout(seconds);
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + quote(table))) {
                rs.next();
                rows = rs.getLong(1);
            }
        }
        long every = Math.max(1, (rows + SAMPLE_ROWS - 1) / SAMPLE_ROWS);
        String list = String.join(", ", cols);
        String select = "SELECT " + list + " FROM " + quote(table)
                + (every > 1 ? " WHERE abs(random()) % " + every + " = 0" : "");
        String insert = "INSERT INTO " + quote(table) + " (" + list + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(cols.size(), "?")) + ")";
        long n = 0;
        try (Statement st = live.createStatement(); PreparedStatement ins = copy.prepareStatement(insert)) {
            st.setQueryTimeout(seconds);
            try (ResultSet rs = st.executeQuery(select)) {
                while (rs.next()) {
                    for (int i = 1; i <= cols.size(); i++) {
                        ins.setObject(i, rs.getObject(i));
                    }
                    ins.addBatch();
                    if (++n % 1000 == 0) {
                        ins.executeBatch();
                    }
                }
            }
            ins.executeBatch();
        }
        return n;
    }

    /** Tables first, then indexes and views; what SQLite cannot build on the copy (virtual tables) is left out. */
    private static void copySchema(Connection live, Statement copy) throws SQLException {
        List<String> ddl = new ArrayList<>();
        try (Statement st = live.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' "
                        + "AND type IN ('table', 'index', 'view') "
                        + "ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 ELSE 2 END")) {
            while (rs.next()) {
                ddl.add(rs.getString(1));
            }
        }
        for (String d : ddl) {
            try {
                copy.execute(d);
            } catch (SQLException skipped) {
                // a virtual table or an object needing an extension: plans of other tables do not depend on it
            }
        }
    }

    /** The live statistics table's rows, where both the live database and the copy have it. */
    private static void copyStats(Connection live, Connection copy, String table) throws SQLException {
        if (!hasTable(live, table) || !hasTable(copy, table)) {
            return;
        }
        try (Statement del = copy.createStatement()) {
            del.execute("DELETE FROM " + table);
        }
        try (Statement st = live.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
            int n = rs.getMetaData().getColumnCount();
            try (PreparedStatement ins = copy.prepareStatement("INSERT INTO " + table + " VALUES ("
                    + String.join(", ", java.util.Collections.nCopies(n, "?")) + ")")) {
                while (rs.next()) {
                    for (int i = 1; i <= n; i++) {
                        ins.setObject(i, rs.getObject(i));
                    }
                    ins.executeUpdate();
                }
            }
        }
    }

    private static boolean hasTable(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM sqlite_master WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

}
