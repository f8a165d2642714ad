package io.dbagent.demo;

import io.dbagent.jdbc.DbUrl;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * The demo's engine half: the shop schema in the engine's types, the place the demo creates for it (a schema on
 * PostgreSQL, a database on MySQL, a file on SQLite) and how it is set up and removed. Each engine's implementation
 * lives with its dialect ({@code Dialect.demo()}).
 */
public interface DemoDialect {

    /** The shop schema's DDL (see {@link DemoSchema}). */
    String shopDdl();

    /**
     * Creates the demo's own schema or database called {@code name} through the administrative session's statement
     * and returns the URL to build the shop in; refuses (bad input) when it exists already. SQLite: {@code admin}.
     */
    DbUrl createArea(Statement st, DbUrl admin, String name) throws SQLException;

    /** Drops what {@link #createArea} created, if anything. */
    void dropArea(Statement st, String name) throws SQLException;

    /** Makes unqualified names resolve in {@code path} (PostgreSQL's search_path); nothing elsewhere. */
    void useSchemas(Statement st, String path) throws SQLException;

    /** Refreshes the planner statistics of the shop's tables. */
    void analyze(Statement st) throws SQLException;

    /** The column type of a point in time, as the migration demo adds it. */
    String timestampType();

    /**
     * Whether the schema model holds all a trigger needs to be recreated on a copy (every engine now: trigger
     * functions are routines of the model).
     */
    boolean modelRecreatesTriggers();
}
