package io.dbagent.migrate;

import io.dbagent.DbAgentException;
import io.dbagent.jdbc.DbSession;

import java.util.Locale;

/**
 * Which history table the runner reads and writes: {@code dbagent} (its own), {@code flyway} (Flyway's, created the
 * way Flyway creates it when missing) or {@code auto}: Flyway's when that table exists and dbagent's does not, else
 * dbagent's (with a note when both exist).
 *
 * @param mode         {@code auto}, {@code dbagent} or {@code flyway}
 * @param flywayTable  the name of Flyway's table (Flyway's {@code table} setting), {@code flyway_schema_history} by default
 */
public record HistoryOption(String mode, String flywayTable) {

    public static final HistoryOption AUTO = new HistoryOption("auto", FlywayHistory.DEFAULT_TABLE);

    /** The store chosen, and a one-line note when it was chosen by detection. */
    public record Resolved(HistoryStore store, String note) {
    }

    /** Checks the user's values; null means the default ({@code auto}, {@code flyway_schema_history}). */
    public static HistoryOption parse(String mode, String flywayTable) {
        String m = mode == null || mode.isBlank() ? "auto" : mode.trim().toLowerCase(Locale.ROOT);
        if (!m.equals("auto") && !m.equals("dbagent") && !m.equals("flyway")) {
            throw DbAgentException.badInput("--history must be flyway, dbagent or auto, got '" + mode + "'");
        }
        String t = flywayTable == null || flywayTable.isBlank() ? FlywayHistory.DEFAULT_TABLE : flywayTable.trim();
        if (!t.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            throw DbAgentException.badInput("--history-table must be a plain table name (letters, digits, _), got '"
                    + flywayTable + "'");
        }
        if (t.equalsIgnoreCase(HistorySql.TABLE)) {
            throw DbAgentException.badInput("--history-table names Flyway's table; " + HistorySql.TABLE
                    + " is dbagent's own (use --history dbagent)");
        }
        return new HistoryOption(m, t);
    }

    /** The store to use on {@code s}; reads the catalog only. */
    public Resolved resolve(DbSession s) {
        FlywayHistory flyway = new FlywayHistory(flywayTable, s.dialect());
        switch (mode) {
            case "flyway":
                return new Resolved(flyway, null);
            case "dbagent":
                return new Resolved(HistoryStore.DBAGENT, null);
            default:
                boolean ours = History.exists(s);
                if (!flyway.exists(s)) {
                    return new Resolved(HistoryStore.DBAGENT, null);
                }
                if (!ours) {
                    return new Resolved(flyway, "using Flyway's history table " + flywayTable
                            + " (found, and no " + HistorySql.TABLE + "); pass --history dbagent to keep dbagent's own");
                }
                return new Resolved(HistoryStore.DBAGENT, "both " + HistorySql.TABLE + " and Flyway's " + flywayTable
                        + " exist: using dbagent's; pass --history flyway for Flyway's");
        }
    }
}
