package io.dbagent.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

/** Connecting to MySQL and MariaDB with Connector/J. */
final class MysqlConnections extends ServerConnections {

    /** Connector/J 9: LOCAL INFILE, deserialisation, interceptors and other pluggable classes, client key files. */
    private static final Set<String> REFUSED_PARAMETERS = UrlParameters.lower(
            "allowLoadLocalInfile", "allowLoadLocalInfileInPath", "allowUrlInLocalInfile", "autoDeserialize",
            "queryInterceptors", "exceptionInterceptors", "connectionLifecycleInterceptors", "statementInterceptors",
            "propertiesTransform", "socketFactory", "clientInfoProvider", "authenticationPlugins",
            "defaultAuthenticationPlugin", "disabledAuthenticationPlugins", "logger", "profilerEventHandler",
            "loadBalanceExceptionChecker", "ha.loadBalanceStrategy", "loadBalanceStrategy",
            "parseInfoCacheFactory", "serverConfigCacheFactory", "serverRSAPublicKeyFile",
            "trustCertificateKeyStoreUrl", "clientCertificateKeyStoreUrl");

    MysqlConnections() {
        super(REFUSED_PARAMETERS, new MysqlScratchServer());
    }

    @Override
    public String displayName() {
        return "MySQL/MariaDB";
    }

    @Override
    public List<String> urlSchemes() {
        return List.of("mysql", "mariadb");
    }

    @Override
    public List<String> jdbcSubprotocols() {
        return List.of("mysql", "mariadb");
    }

    @Override
    public String scheme() {
        return "mysql";
    }

    @Override
    public String jdbcPrefix() {
        return "jdbc:mysql://";
    }

    @Override
    public int defaultPort() {
        return 3306;
    }

    @Override
    public String defaultUser() {
        return "root";
    }

    @Override
    public String defaultPassword() {
        return null;
    }

    @Override
    public boolean isProduct(String productName) {
        return productName.contains("mysql") || productName.contains("mariadb");
    }

    @Override
    public Connection connect(DbUrl url, ConnectionFactory.Access access) throws SQLException {
        Properties props = credentials(url);
        String jdbc = url.jdbcUrl().toLowerCase(Locale.ROOT);
        props.setProperty("connectTimeout", String.valueOf(ConnectionFactory.CONNECT_TIMEOUT_SECONDS * 1000));
        if (!jdbc.contains("allowpublickeyretrieval")) {
            props.setProperty("allowPublicKeyRetrieval", "true");
        }
        if (!jdbc.contains("sslmode") && !jdbc.contains("usessl")) {
            props.setProperty("sslMode", "PREFERRED");
        }
        props.setProperty("connectionAttributes", "program_name:dbagent");
        return ConnectionFactory.direct(new com.mysql.cj.jdbc.Driver(), url.jdbcUrl(), props);
    }

    @Override
    public Product identify(Connection c) throws SQLException {
        String full;
        try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT VERSION()")) {
            rs.next();
            full = rs.getString(1);
        }
        int dash = full.indexOf('-');
        return new Product(full.toLowerCase(Locale.ROOT).contains("mariadb") ? "MariaDB" : "MySQL",
                dash > 0 ? full.substring(0, dash) : full);
    }

    @Override
    String readOnlySql(boolean readOnly) {
        return "SET SESSION TRANSACTION " + (readOnly ? "READ ONLY" : "READ WRITE");
    }
}
