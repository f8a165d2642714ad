package io.dbagent.dialect;

import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Check;
import io.dbagent.schema.Column;
import io.dbagent.schema.ForeignKey;
import io.dbagent.schema.Index;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;
import io.dbagent.schema.Trigger;
import io.dbagent.schema.Unique;
import io.dbagent.schema.View;

import java.util.List;

/**
 * Writes DDL for the neutral model ({@link io.dbagent.schema}) in one dialect. Statements come without the trailing
 * {@code ;}; {@link #script(List)} joins them into a script the engine's own client accepts (MySQL compound trigger
 * bodies inside {@code DELIMITER}). Works for models read by an inspector and for models built by the designer.
 *
 * <p>What an engine cannot do in place throws a {@link io.dbagent.DbAgentException} with code {@code UNSUPPORTED}
 * that says so (SQLite cannot add a foreign key or a check to an existing table).
 */
public interface DdlWriter {

    static DdlWriter of(DialectKind dialect) {
        return Dialects.of(dialect).ddlWriter();
    }

    DialectKind dialect();

    /** An identifier, quoted only when it needs it. */
    String ident(String name);

    /** {@code schema.table} or just the table where the schema is the default one. */
    String tableName(String schema, String table);

    /** {@code name type [generated] [NOT NULL] [DEFAULT …] [identity]}, as inside CREATE TABLE. */
    String columnDefinition(Table table, Column column);

    /**
     * CREATE TABLE with columns, primary key, unique and check constraints, and the foreign keys when asked (leave
     * them out to add them later with {@link #addForeignKey} where tables reference each other in a cycle). MySQL
     * also declares the secondary indexes inline; the other dialects leave them to {@link #createIndexes}.
     */
    String createTable(Table table, boolean withForeignKeys);

    /** CREATE INDEX for every index that {@link #createTable} did not create (not PK, unique constraints, inline). */
    List<String> createIndexes(Table table);

    String createIndex(Table table, Index index);

    String dropIndex(Table table, Index index);

    String dropTable(Table table);

    String addColumn(Table table, Column column);

    String dropColumn(Table table, String column);

    String addForeignKey(Table table, ForeignKey fk);

    String dropForeignKey(Table table, ForeignKey fk);

    String addUnique(Table table, Unique unique);

    String dropUnique(Table table, Unique unique);

    String addCheck(Table table, Check check);

    String dropCheck(Table table, Check check);

    String createView(View view);

    String dropView(View view);

    /**
     * CREATE TRIGGER. A {@code definition} that is a whole CREATE TRIGGER statement is used as it is; otherwise it is
     * the action after {@code FOR EACH ROW}: {@code EXECUTE FUNCTION f()} on PostgreSQL, a statement or a
     * {@code BEGIN … END} block on MySQL, {@code [WHEN …] BEGIN … END} on SQLite. MySQL and SQLite triggers fire on
     * one event each.
     */
    String createTrigger(Trigger trigger);

    String dropTrigger(Trigger trigger);

    /**
     * The statements that create a whole schema: tables in foreign-key order (foreign keys inside a cycle added after
     * all tables where the engine can), their indexes, views, then triggers.
     */
    List<String> createSchema(Schema schema);

    /** Joins statements into a script for the engine's client, each ending in {@code ;}. */
    String script(List<String> statements);
}
