package io.dbagent.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.Set;

/**
 * What connecting to a database server (not an embedded file) does alike on every engine: the refused driver
 * parameters and the scratch server are given once, the session is made read-only by one engine statement, and the
 * driver properties start from the URL's user and password.
 */
abstract class ServerConnections implements EngineConnections {

    private final Set<String> refusedParameters;
    private final ScratchServer scratch;

    ServerConnections(Set<String> refusedParameters, ScratchServer scratch) {
        this.refusedParameters = refusedParameters;
        this.scratch = scratch;
    }

    @Override
    public final boolean embedded() {
        return false;
    }

    @Override
    public final boolean refusesParameter(String key) {
        return refusedParameters.contains(key);
    }

    /** The statement that makes the session read-only, or writable again. */
    abstract String readOnlySql(boolean readOnly);

    @Override
    public final void setReadOnly(Connection c, boolean readOnly) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(readOnlySql(readOnly));
        }
        c.setReadOnly(readOnly);
    }

    @Override
    public final ScratchServer scratchServer() {
        return scratch;
    }

    /** Driver properties holding the URL's user and password, where it gives them. */
    static Properties credentials(DbUrl url) {
        Properties props = new Properties();
        if (url.user() != null) {
            props.setProperty("user", url.user());
        }
        if (url.password() != null) {
            props.setProperty("password", url.password());
        }
        return props;
    }
}
