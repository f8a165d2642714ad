package io.dbagent.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/** Connecting to PostgreSQL with PgJDBC. */
final class PostgresConnections extends ServerConnections {

    /** PgJDBC 42.7: socket/SSL/auth classes, the driver log file, executors, client-side service files. */
    private static final Set<String> REFUSED_PARAMETERS = UrlParameters.lower(
            "socketFactory", "socketFactoryArg", "sslfactory", "sslfactoryarg", "sslhostnameverifier",
            "sslpasswordcallback", "authenticationPluginClassName", "loggerFile", "loggerLevel",
            "connectExecutor", "connectExecutorArg", "classLoaderStrategy", "service", "replication");

    PostgresConnections() {
        super(REFUSED_PARAMETERS, new PostgresScratchServer());
    }

    @Override
    public String displayName() {
        return "PostgreSQL";
    }

    @Override
    public List<String> urlSchemes() {
        return List.of("postgres", "postgresql");
    }

    @Override
    public List<String> jdbcSubprotocols() {
        return List.of("postgresql");
    }

    @Override
    public String scheme() {
        return "postgres";
    }

    @Override
    public String jdbcPrefix() {
        return "jdbc:postgresql://";
    }

    @Override
    public int defaultPort() {
        return 5432;
    }

    @Override
    public String defaultUser() {
        return System.getenv().getOrDefault("PGUSER", "postgres");
    }

    @Override
    public String defaultPassword() {
        return System.getenv("PGPASSWORD");
    }

    @Override
    public boolean isProduct(String productName) {
        return productName.contains("postgres");
    }

    @Override
    public Connection connect(DbUrl url, ConnectionFactory.Access access) throws SQLException {
        Properties props = credentials(url);
        props.setProperty("connectTimeout", String.valueOf(ConnectionFactory.CONNECT_TIMEOUT_SECONDS));
        props.setProperty("ApplicationName", "dbagent");
        return ConnectionFactory.direct(new org.postgresql.Driver(), url.jdbcUrl(), props);
    }

    @Override
    public Product identify(Connection c) throws SQLException {
        // the driver reports e.g. "15.20 (Debian 15.20-0+deb12u1)"; keep the version number
        return new Product("PostgreSQL", c.getMetaData().getDatabaseProductVersion().split(" ")[0]);
    }

    @Override
    String readOnlySql(boolean readOnly) {
        return "SET SESSION default_transaction_read_only = " + (readOnly ? "on" : "off");
    }

    @Override
    public boolean unreachable(String sqlState) {
        return sqlState.equals("08001");
    }
}
