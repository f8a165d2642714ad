package io.dbagent.diff;

import io.dbagent.guard.ScratchRunner;
import io.dbagent.jdbc.DbSession;
import io.dbagent.schema.Index;
import io.dbagent.schema.Routine;
import io.dbagent.schema.Table;
import io.dbagent.sql.ScriptSplitter;

import java.util.List;

/**
 * What the schema diff needs to know about the engine besides the DDL it writes ({@link ChangeWriter}): whether
 * tables change in place, how names and stored texts compare. The dialect hands out the instance
 * ({@code Dialect.diff()}); each engine overrides only where it differs from the defaults (tables altered in place,
 * foreign keys only to existing tables, schemas apart from databases, expressions and column order kept as written,
 * unique constraints backed by an index of the same name).
 */
public interface DiffDialect {

    /**
     * Whether columns, keys and checks change by ALTER TABLE; false where anything beyond indexes and appended plain
     * columns rebuilds the table (SQLite), which also carries the foreign keys.
     */
    default boolean altersTablesInPlace() {
        return true;
    }

    /**
     * Whether a foreign key may name a table that a later statement creates (SQLite), so tables in a reference cycle
     * need no foreign key added afterwards.
     */
    default boolean forwardForeignKeys() {
        return false;
    }

    /** Whether the schema is the database itself (MySQL): objects compare without it, stored texts lose it. */
    default boolean schemaIsDatabase() {
        return false;
    }

    /** A stored expression (check, index predicate, view) in the form the engine reads back after its own DDL. */
    default String canonicalExpression(String expression) {
        return expression;
    }

    /** Whether {@code i} exists only because of a unique constraint of {@code t} (not the primary key). */
    default boolean backsUnique(Table t, Index i) {
        return t.uniques().stream().anyMatch(u -> u.name() != null && u.name().equals(i.name()));
    }

    /**
     * Whether a round trip keeps the declared column order; PostgreSQL appends every added column, so its columns
     * compare by name.
     */
    default boolean keepsColumnOrder() {
        return true;
    }

    /**
     * A routine's CREATE text in the form two models compare by (MySQL: without its {@code DEFINER}, and an event
     * without the start time and on/off state the server fills in); by default as inspected.
     */
    default String canonicalRoutine(Routine r) {
        return r.definition();
    }

    /**
     * Whether a routine whose kind, arguments and return type stay is replaced in place
     * ({@code CREATE OR REPLACE}, PostgreSQL) rather than dropped and created again.
     */
    default boolean replacesRoutinesInPlace() {
        return false;
    }

    /**
     * Whether a partition is a table of its own, created with {@code CREATE TABLE … PARTITION OF} and dropped with
     * {@code DROP TABLE} (PostgreSQL), rather than a part of its table's definition (MySQL/MariaDB).
     */
    default boolean partitionsAreTables() {
        return false;
    }

    // ---- loading a dump or schema script on a scratch database ({@link DumpScripts})

    /**
     * A dump's text as the engine's server reads it before it is split into statements (MySQL: the executable
     * comments a server of this version would run are opened); by default unchanged.
     *
     * @param serverVersion the scratch server's version as MySQL numbers it in executable comments (10.11.5 is
     *                      101105)
     * @param mariadb       whether the scratch server is MariaDB ({@code /*M!…} comments run only there)
     */
    default String readDump(String sql, int serverVersion, boolean mariadb) {
        return sql;
    }

    /**
     * Adds one statement of a dump to {@code out} as the engine's client would send it (PostgreSQL: a psql
     * meta-command line becomes a statement of its own; MySQL: without its DEFINER clause), or to {@code skipped}
     * with the reason (SQLite's own {@code sqlite_sequence}); by default as it is.
     */
    default void prepareDumpStatement(ScriptSplitter.Statement s, List<ScriptSplitter.Statement> out,
                                      List<ScratchRunner.Skipped> skipped) {
        out.add(s);
    }

    /**
     * Statements that give a scratch database the defaults of the live database it is compared with, run before the
     * scripts, so that what a script leaves to the database defaults comes out as it does on the live side (MySQL:
     * the default character set and collation, which tables without their own inherit); by default none.
     *
     * @param live a read-only session on the live database
     */
    default List<String> scratchDefaults(DbSession live) {
        return List.of();
    }

    /**
     * Undoes what the loaded scripts changed in the session that the catalog reads depend on, before the scratch
     * copy is inspected (PostgreSQL: the search_path {@code pg_dump} empties); by default nothing.
     */
    default void afterScriptsLoaded(DbSession s) {
    }
}
