package io.dbagent.dialect.mysql;

import io.dbagent.explain.IndexFixCheck;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.jdbc.ScratchDatabase;
import io.dbagent.schema.Table;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MySQL/MariaDB (DDL commits, no hypothetical indexes): with a development server ({@code --dev-db},
 * {@code DBAGENT_DEV_DB}) the candidate is built on a scratch copy there: a scratch database holding the table's
 * definition and its rows (an even sample above {@link #SAMPLE_ROWS}), analysed with the candidate in place, and the
 * statement planned on it. InnoDB estimates ranges by reading the index itself, so the copy needs rows, not only
 * statistics. The scratch database is dropped afterwards; the user's database is only read. Without a development
 * server the fix is not checked and the result says what to pass.
 */
final class MysqlIndexFixCheck implements IndexFixCheck {

    static final long SAMPLE_ROWS = 20_000;
    private static final int CHUNK = 500;
    private static final Pattern ALTER = Pattern.compile(
            "(?is)^ALTER\\s+TABLE\\s+(?:(`(?:[^`]|``)+`|[A-Za-z0-9_$]+)\\.)?(`(?:[^`]|``)+`|[A-Za-z0-9_$]+)\\s+(.*)$");

    @Override
    public Result check(Context ctx, Proposal p) throws SQLException {
        if (ctx.devServer() == null) {
            return Result.unverified("MySQL/MariaDB cannot plan with a hypothetical index: pass --dev-db URL of a "
                    + "development server (or set DBAGENT_DEV_DB) to check it on a scratch copy of the table there");
        }
        DbSession liveSession = ctx.live().session();
        Connection live = liveSession.connection();
        String db = liveSession.url().database();
        Set<String> tables = new LinkedHashSet<>();
        List<String> builds = new ArrayList<>();
        for (String ddl : p.ddl()) {
            Matcher m = ALTER.matcher(ddl.strip());
            if (!m.matches()) {
                return Result.unverified("not an ALTER TABLE the check can read: " + ddl);
            }
            String table = unquote(m.group(2));
            tables.add(table);
            builds.add("ALTER TABLE " + ident(table) + " " + m.group(3).strip()
                    .replaceFirst(";$", ""));
        }
        String statement = db == null ? p.statement()
                : p.statement().replace(ident(db) + ".", "").replaceAll("(?i)\\b" + Pattern.quote(db) + "\\.", "");
        try (ScratchDatabase scratch = ScratchDatabase.create(DialectKind.MYSQL, ctx.devServer(), liveSession.url());
             DbSession s = scratch.openWritable(); Statement st = s.connection().createStatement()) {
            st.execute("SET foreign_key_checks = 0");
            long copied = 0;
            for (String t : tables) {
                st.execute(createStatement(live, db, t));
                long rows = ctx.schema().table(t).map(Table::rowEstimate).orElse(-1L);
                copied += copyRows(live, s.connection(), db, t, rows, SAMPLE_ROWS);
            }
            for (String b : builds) {
                st.execute(b);
            }
            for (String t : tables) {
                st.executeQuery("ANALYZE TABLE " + ident(t)).close();
            }
            List<String> keys = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("EXPLAIN " + statement)) {
                while (rs.next()) {
                    String k = rs.getString("key");
                    if (k != null) {
                        keys.addAll(List.of(k.split(",")));
                    }
                }
            }
            boolean used = p.indexNames().stream().allMatch(n -> keys.stream().anyMatch(k -> k.strip()
                    .equalsIgnoreCase(n)));
            return new Result("scratch", used, null, null, copied + " rows of " + String.join(", ", tables)
                    + " copied to a scratch database on " + ctx.devServer().hostPort() + ", dropped afterwards");
        }
    }

    /** The table's CREATE TABLE statement as the live server prints it. */
    static String createStatement(Connection live, String db, String table) throws SQLException {
        try (Statement ls = live.createStatement(); ResultSet rs = ls.executeQuery("SHOW CREATE TABLE "
                + (db == null ? "" : ident(db) + ".") + ident(table))) {
            rs.next();
            return rs.getString(2);
        }
    }

    /** Copies the table's rows (a RAND() sample of about {@code sampleRows} above that) from live to copy. */
    static long copyRows(Connection live, Connection copy, String db, String table, long rows, long sampleRows)
            throws SQLException {
        List<String> cols = new ArrayList<>();
        try (PreparedStatement ps = live.prepareStatement("SELECT COLUMN_NAME FROM information_schema.COLUMNS "
                + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND EXTRA NOT LIKE '%GENERATED%' "
                + "ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    cols.add(ident(rs.getString(1)));
                }
            }
        }
        if (cols.isEmpty()) {
            return 0;
        }
        String list = String.join(", ", cols);
        String sample = rows > sampleRows
                ? " WHERE RAND() < " + String.format(Locale.ROOT, "%.6f", (double) sampleRows / rows) : "";
        String row = "(" + String.join(", ", Collections.nCopies(cols.size(), "?")) + ")";
        String insert = "INSERT INTO " + ident(table) + " (" + list + ") VALUES ";
        long n = 0;
        boolean auto = copy.getAutoCommit();
        copy.setAutoCommit(false);
        try (Statement st = live.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + list + " FROM " + ident(db) + "." + ident(table) + sample)) {
            // multi-row INSERTs of CHUNK rows: one round trip each
            List<Object> values = new ArrayList<>();
            while (rs.next()) {
                for (int i = 1; i <= cols.size(); i++) {
                    values.add(rs.getObject(i));
                }
                if (++n % CHUNK == 0) {
                    insertRows(copy, insert, row, values, cols.size());
                }
            }
            insertRows(copy, insert, row, values, cols.size());
            copy.commit();
        } finally {
            copy.setAutoCommit(auto);
        }
        return n;
    }

    private static void insertRows(Connection copy, String insert, String row, List<Object> values, int width)
            throws SQLException {
        if (values.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = copy.prepareStatement(insert
                + String.join(", ", Collections.nCopies(values.size() / width, row)))) {
            for (int i = 0; i < values.size(); i++) {
                ps.setObject(i + 1, values.get(i));
            }
            ps.executeUpdate();
        }
        values.clear();
    }

    private static String unquote(String name) {
        return name.startsWith("`") ? name.substring(1, name.length() - 1).replace("``", "`") : name;
    }

    private static String ident(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
