package io.dbagent.jdbc;

import java.sql.SQLException;
import java.util.List;

/**
 * One server engine's half of {@link ScratchServers}: the statements that create a scratch database with its
 * temporary least-privilege identity, and drop both. Names and passwords are ours (random hex).
 */
interface ScratchServer {

    /** The temporary identity's name for scratch database {@code database} made with random {@code suffix}. */
    String userName(String database, String suffix);

    /**
     * Creates database {@code name} and, when the server's user may, the temporary identity; otherwise the database
     * only, and the caller's account with the reason.
     */
    ScratchServers.Account create(DbSession admin, String name, String user, String password) throws SQLException;

    /** Creates the database, owned by {@code owner} where the engine has owners (null: the caller). */
    void createDatabase(DbSession admin, String name, String owner) throws SQLException;

    /**
     * The statements that drop the database and the temporary identity, in order; may first end the identity's
     * sessions where the engine keeps them after the drop.
     */
    List<String> dropStatements(DbSession admin, String name, ScratchServers.Account account);

    /** How the note names a temporary identity ({@code as temporary role … without superuser}). */
    String temporaryIdentityNote(String user);
}
