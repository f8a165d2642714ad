package io.dbagent.jdbc;

import java.util.Locale;

/**
 * The three engine families dbagent speaks. MariaDB is a flavour of {@link #MYSQL}; see {@link DbSession#product()}.
 * Each constant carries how dbagent connects to its engine, so the connection code never tests which engine it has.
 */
public enum DialectKind {
    POSTGRES("postgres", '"', new PostgresConnections()),
    MYSQL("mysql", '`', new MysqlConnections()),
    SQLITE("sqlite", '"', new SqliteConnections());

    private final String id;
    private final char identifierQuote;
    private final EngineConnections connections;

    DialectKind(String id, char identifierQuote, EngineConnections connections) {
        this.id = id;
        this.identifierQuote = identifierQuote;
        this.connections = connections;
    }

    /**
     * The engine's one way to quote an identifier: always quoted, in the engine's quote character ({@code "…"} on
     * PostgreSQL and SQLite, {@code `…`} on MySQL/MariaDB), as JDBC's {@code Statement.enquoteIdentifier(name, true)}
     * does; a quote character inside the name is doubled rather than refused, so no name is turned away and the
     * result does not depend on a driver or a connection.
     */
    public String quote(String name) {
        String q = String.valueOf(identifierQuote);
        return q + name.replace(q, q + q) + q;
    }

    /** The stable lower-case name used in JSON output and on the command line. */
    public String id() {
        return id;
    }

    /** How dbagent connects to this engine: URL shape, driver settings, read-only sessions, scratch databases. */
    EngineConnections connections() {
        return connections;
    }

    /** The engine whose JDBC product name this is ({@code PostgreSQL}, {@code MariaDB}, …), or null. */
    static DialectKind ofProduct(String productName) {
        String p = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
        for (DialectKind k : values()) {
            if (k.connections.isProduct(p)) {
                return k;
            }
        }
        return null;
    }

    /** Parses {@code postgres|postgresql|pg|mysql|mariadb|sqlite}. */
    public static DialectKind parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "postgres", "postgresql", "pg" -> POSTGRES;
            case "mysql", "mariadb" -> MYSQL;
            case "sqlite", "sqlite3" -> SQLITE;
            default -> throw io.dbagent.DbAgentException.badInput(
                    "unknown dialect '" + name + "': expected postgres, mysql, mariadb or sqlite");
        };
    }

    @Override
    public String toString() {
        return id;
    }
}
