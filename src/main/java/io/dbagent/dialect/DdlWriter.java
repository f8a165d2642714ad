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

    /**
     * A value read from the database as a literal this engine compares with its column: numbers bare, booleans as
     * TRUE/FALSE, text quoted with quotes doubled; null for what has no safe literal form (NULL, bytes).
     */
    default String valueLiteral(Object v) {
        if (v instanceof Number n) {
            return n.toString();
        }
        if (v instanceof Boolean b) {
            return b ? "TRUE" : "FALSE";
        }
        if (v == null || v instanceof byte[]) {
            return null;
        }
        return "'" + v.toString().replace("'", "''") + "'";
    }

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

    // Fix snippets: the pasteable DDL that findings offer, each a whole statement ending in ";" (or, where the engine
    // cannot do it in place, a comment that says how), with the lock-avoiding form where the engine has one.

    /** Column names for a column list, quoted where needed; expressions such as {@code lower(email)} stay as written. */
    default String columnList(List<String> cols) {
        return DdlFixes.columns(dialect(), cols);
    }

    /** An index name in our convention: {@code idx_<table>_<col>_<col>}, cut to the 63 bytes PG allows. */
    static String indexName(String table, List<String> cols) {
        return DdlFixes.indexName(table, cols);
    }

    /** CREATE INDEX that does not block writes where the engine can avoid it. */
    default String createIndexFix(String schema, String table, String name, List<String> cols) {
        return DdlFixes.createIndex(dialect(), schema, table, name, cols);
    }

    /** {@link #createIndexFix} with INCLUDE columns (PostgreSQL only) and a partial-index predicate (not MySQL). */
    default String createIndexFix(String schema, String table, String name, List<String> cols, List<String> include,
                                  String where) {
        return DdlFixes.createIndex(dialect(), schema, table, name, cols, include, where);
    }

    /** An index on an expression such as {@code lower(email)}; MariaDB needs a generated column for that. */
    default String createExpressionIndexFix(boolean mariaDb, String schema, String table, String name,
                                            String expression, String generatedColumn, String generatedType) {
        return DdlFixes.createExpressionIndex(dialect(), mariaDb, schema, table, name, expression, generatedColumn,
                generatedType);
    }

    /**
     * An index fix ({@link #createIndexFix} / {@link #dropIndexFix}) for {@code t}: where {@code t} is a partitioned
     * parent and the engine refuses the online form there, the plain form; otherwise {@code indexFix} unchanged.
     */
    default String indexFixFor(Table t, String indexFix) {
        return indexFix;
    }

    /**
     * A CREATE INDEX fix for {@code t} in a form that does not block writes on a partitioned parent where the
     * engine allows it (PostgreSQL: the index on the parent alone, built CONCURRENTLY on each partition and
     * attached); by default {@link #indexFixFor}.
     */
    default String onlineIndexFixFor(Table t, String indexFix) {
        return indexFixFor(t, indexFix);
    }

    default String dropIndexFix(String schema, String table, String name) {
        return DdlFixes.dropIndex(dialect(), schema, table, name);
    }

    /**
     * Makes column {@code c} of {@code t} (as inspected) NOT NULL; SQLite cannot, so its fix is the rebuild procedure
     * in words. MySQL's {@code MODIFY} restates the column's whole definition ({@link #columnDefinition}).
     */
    default String setNotNullFix(Table t, Column c) {
        return DdlFixes.setNotNull(dialect(), t.schema(), t.name(), c.name(), c.type());
    }

    /**
     * Gives column {@code c} of {@code t} (as inspected) the type {@code newType}, converting with {@code using}
     * (PostgreSQL) and keeping the rest of the column: MySQL's {@code MODIFY} restates its whole definition.
     */
    default String changeTypeFix(Table t, Column c, String newType, String using) {
        return DdlFixes.changeType(dialect(), t.schema(), t.name(), c.name(), newType, using, !c.nullable());
    }

    /** ADD FOREIGN KEY; on PostgreSQL NOT VALID then VALIDATE, so the long scan does not hold the strong lock. */
    default String addForeignKeyFix(String schema, String table, String name, List<String> cols, String refTable,
                                    List<String> refCols) {
        return DdlFixes.addForeignKey(dialect(), schema, table, name, cols, refTable, refCols);
    }

    /** ADD COLUMN for a nullable column; SQLite, MySQL and PostgreSQL all accept this form. */
    default String addColumnFix(String table, String column, String type) {
        return DdlFixes.addColumnSketch(dialect(), table, column, type);
    }
}
