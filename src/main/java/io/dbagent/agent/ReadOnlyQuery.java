package io.dbagent.agent;

import io.dbagent.DbAgentException;
import io.dbagent.dialect.Sql;
import io.dbagent.jdbc.DbSession;
import io.dbagent.sql.ScriptSplitter;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Runs one read-only statement for the agent. The read-only session is the real guard; on top of it we accept a
 * single statement that starts like a read, refuse what a read-only transaction does not stop (writing files,
 * signalling other backends, changing settings), and bound the time and the rows.
 */
public final class ReadOnlyQuery {

    public static final int MAX_ROWS = 1000;
    static final int TIMEOUT_SECONDS = 30;

    private static final Pattern READ_START = Pattern.compile("(?is)^\\s*(\\(\\s*)*(select|with|values|show|table|describe|desc|explain)\\b.*");
    private static final Pattern FORBIDDEN = Pattern.compile("(?is).*(\\binto\\s+(outfile|dumpfile)\\b|\\bload_file\\s*\\("
            + "|\\bpg_(terminate|cancel)_backend\\b|\\bpg_reload_conf\\b|\\bpg_rotate_logfile\\b|\\blo_(import|export)\\b"
            + "|\\bpg_read_(binary_)?file\\b|\\bpg_ls_dir\\b|\\bdblink\\w*\\s*\\(|\\bset_config\\s*\\(|\\bpg_sleep\\w*\\s*\\("
            + "|\\bsleep\\s*\\(|\\bbenchmark\\s*\\(|\\bpg_advisory\\w*\\s*\\(|\\bget_lock\\s*\\(|\\bexplain\\s+(\\(\\s*)?analy[sz]e\\b).*");

    /** The rows, at most {@code maxRows}, and whether more were cut. */
    public record Result(List<String> columns, List<Map<String, Object>> rows, boolean truncated) {
    }

    private ReadOnlyQuery() {
    }

    /** Refuses anything that is not a single plain read; returns the statement without a trailing semicolon. */
    public static String check(String sql) {
        if (sql == null || sql.isBlank()) {
            throw DbAgentException.badInput("empty SQL");
        }
        List<String> statements = ScriptSplitter.split(sql);
        if (statements.size() != 1) {
            throw DbAgentException.badInput("exactly one statement is allowed, got " + statements.size()
                    + " (writes go through propose_change and need a human's approval)");
        }
        String s = statements.get(0);
        String stripped = s.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("(?m)--.*$", " ");
        if (!READ_START.matcher(stripped).matches()) {
            throw DbAgentException.badInput("only read statements (SELECT, WITH, VALUES, SHOW, EXPLAIN) run here; "
                    + "changes go through propose_change and need a human's approval");
        }
        if (FORBIDDEN.matcher(stripped).matches()) {
            throw DbAgentException.badInput("this statement uses a function or clause with side effects outside the "
                    + "transaction (file access, other sessions, settings, locks, sleeps, EXPLAIN ANALYZE); refused");
        }
        return s;
    }

    public static Result run(DbSession session, String sql, int maxRows) {
        if (!session.readOnly()) {
            throw new IllegalStateException("ReadOnlyQuery needs a read-only session");
        }
        String statement = check(sql);
        int limit = Math.max(1, Math.min(maxRows <= 0 ? 100 : maxRows, MAX_ROWS));
        try (Statement st = session.connection().createStatement()) {
            st.setQueryTimeout(TIMEOUT_SECONDS);
            st.setMaxRows(limit + 1);
            try (ResultSet rs = st.executeQuery(statement)) {
                ResultSetMetaData md = rs.getMetaData();
                List<String> cols = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    cols.add(md.getColumnLabel(i));
                }
                List<Map<String, Object>> rows = new ArrayList<>();
                boolean truncated = false;
                while (rs.next()) {
                    if (rows.size() == limit) {
                        truncated = true;
                        break;
                    }
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= cols.size(); i++) {
                        Object v = rs.getObject(i);
                        row.put(cols.get(i - 1), v == null || v instanceof Number || v instanceof Boolean ? v : v.toString());
                    }
                    rows.add(row);
                }
                return new Result(cols, rows, truncated);
            }
        } catch (SQLException e) {
            String msg = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
            if (msg.contains("read-only") || msg.contains("read only") || msg.contains("readonly")) {
                throw new DbAgentException(DbAgentException.Code.BAD_INPUT,
                        "refused by the database: the session is read-only (" + firstLine(e.getMessage()) + ")");
            }
            throw Sql.failure("query failed", e);
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl >= 0 ? s.substring(0, nl) : s).trim();
    }
}
