package io.dbagent.jdbc;

import java.util.Locale;

/** The three engine families dbagent speaks. MariaDB is a flavour of {@link #MYSQL}; see {@link DbSession#product()}. */
public enum DialectKind {
    POSTGRES("postgres"),
    MYSQL("mysql"),
    SQLITE("sqlite");

    private final String id;

    DialectKind(String id) {
        this.id = id;
    }

    /** The stable lower-case name used in JSON output and on the command line. */
    public String id() {
        return id;
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
