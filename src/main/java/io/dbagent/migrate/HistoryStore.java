package io.dbagent.migrate;

import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DialectKind;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Where the runner records what it ran: dbagent's own {@code dbagent_schema_history} or Flyway's
 * {@code flyway_schema_history}. Rows come back in one neutral form ({@link History.Row}) whose {@code type} is
 * {@code up}, {@code down}, {@code repeatable}, {@code baseline} or {@code deleted}; a repeatable row has no version.
 */
public interface HistoryStore {

    /** {@code dbagent} or {@code flyway}. */
    String format();

    /** The table's name. */
    String table();

    boolean exists(DbSession s);

    /** Creates the table when it is not there yet. */
    void ensure(DbSession s);

    /** All rows in rank order; empty when the table does not exist. */
    default List<History.Row> read(DbSession s) {
        return exists(s) ? read(s.connection()) : List.of();
    }

    List<History.Row> read(Connection c);

    /** The checksum this history records for a file, as text. */
    String checksum(MigrationFile f);

    /** Adds the row of a file run (up, down or repeatable) and returns its rank; on the caller's transaction. */
    int insert(Connection c, DialectKind d, MigrationFile f, long ms, boolean success, String detail)
            throws SQLException;

    void update(Connection c, int rank, long ms, boolean success, String detail) throws SQLException;

    /** Removes the rows of failed attempts; returns how many. */
    int deleteFailed(Connection c) throws SQLException;

    /** Records that everything up to {@code version} is applied, without running it. */
    void insertBaseline(Connection c, DialectKind d, String version, String description) throws SQLException;

    /** dbagent's own history table. */
    HistoryStore DBAGENT = new HistoryStore() {
        @Override
        public String format() {
            return "dbagent";
        }

        @Override
        public String table() {
            return HistorySql.TABLE;
        }

        @Override
        public boolean exists(DbSession s) {
            return History.exists(s);
        }

        @Override
        public void ensure(DbSession s) {
            History.ensure(s);
        }

        @Override
        public List<History.Row> read(Connection c) {
            return History.read(c);
        }

        @Override
        public String checksum(MigrationFile f) {
            return f.checksum();
        }

        @Override
        public int insert(Connection c, DialectKind d, MigrationFile f, long ms, boolean success, String detail)
                throws SQLException {
            return History.insert(c, d, f, ms, success, detail);
        }

        @Override
        public void update(Connection c, int rank, long ms, boolean success, String detail) throws SQLException {
            History.update(c, rank, ms, success, detail);
        }

        @Override
        public int deleteFailed(Connection c) throws SQLException {
            return History.deleteFailed(c);
        }

        @Override
        public void insertBaseline(Connection c, DialectKind d, String version, String description)
                throws SQLException {
            History.insertBaseline(c, d, version, description);
        }
    };
}
