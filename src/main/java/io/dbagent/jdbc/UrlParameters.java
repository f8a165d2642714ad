package io.dbagent.jdbc;

import io.dbagent.DbAgentException;

import java.util.Locale;
import java.util.Set;

/**
 * Connection parameters that a URL may not carry. URLs come from users and from the model (MCP tools take URLs), and
 * these driver parameters load classes named in the URL, write or read files on the client, or let the server read
 * client files: a URL must never be a way to run code or touch files where dbagent runs. Names are compared without
 * case (MySQL Connector/J matches its property names case-insensitively; PgJDBC and sqlite-jdbc do not, but a
 * refusal is cheap) and after percent-decoding.
 */
final class UrlParameters {

    /** PgJDBC 42.7: socket/SSL/auth classes, the driver log file, executors, client-side service files. */
    static final Set<String> POSTGRES = lower(
            "socketFactory", "socketFactoryArg", "sslfactory", "sslfactoryarg", "sslhostnameverifier",
            "sslpasswordcallback", "authenticationPluginClassName", "loggerFile", "loggerLevel",
            "connectExecutor", "connectExecutorArg", "classLoaderStrategy", "service", "replication");

    /** Connector/J 9: LOCAL INFILE, deserialisation, interceptors and other pluggable classes, client key files. */
    static final Set<String> MYSQL = lower(
            "allowLoadLocalInfile", "allowLoadLocalInfileInPath", "allowUrlInLocalInfile", "autoDeserialize",
            "queryInterceptors", "exceptionInterceptors", "connectionLifecycleInterceptors", "statementInterceptors",
            "propertiesTransform", "socketFactory", "clientInfoProvider", "authenticationPlugins",
            "defaultAuthenticationPlugin", "disabledAuthenticationPlugins", "logger", "profilerEventHandler",
            "loadBalanceExceptionChecker", "ha.loadBalanceStrategy", "loadBalanceStrategy",
            "parseInfoCacheFactory", "serverConfigCacheFactory", "serverRSAPublicKeyFile",
            "trustCertificateKeyStoreUrl", "clientCertificateKeyStoreUrl");

    /** sqlite-jdbc 3.54: extension loading, where temp files go, and the ATTACH limit the scratch context sets. */
    static final Set<String> SQLITE = lower("enable_load_extension", "load_extension", "temp_store_directory",
            "limit_attached");

    private UrlParameters() {
    }

    /**
     * Throws bad input when {@code rawKey} (as written in the URL) is refused for {@code dialect}. The message names
     * the parameter, which is never a secret, but not its value.
     */
    static void check(DialectKind dialect, String rawKey) {
        String key = PercentDecoder.decodeQuietly(rawKey).strip().toLowerCase(Locale.ROOT);
        Set<String> refused = switch (dialect) {
            case POSTGRES -> POSTGRES;
            case MYSQL -> MYSQL;
            case SQLITE -> SQLITE;
        };
        if (refused.contains(key) || (dialect == DialectKind.SQLITE && key.contains("extension"))) {
            throw DbAgentException.badInput("the database URL parameter '" + printable(key) + "' is refused: it "
                    + "would let the URL load code or touch files where dbagent runs; remove it from the URL");
        }
    }

    private static String printable(String key) {
        return key.length() > 60 || !key.matches("[a-z0-9_.\\-]*") ? "(unprintable)" : key;
    }

    private static Set<String> lower(String... names) {
        return Set.of(java.util.Arrays.stream(names).map(n -> n.toLowerCase(Locale.ROOT)).toArray(String[]::new));
    }
}
