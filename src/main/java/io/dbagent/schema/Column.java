package io.dbagent.schema;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A table column.
 *
 * @param name          column name
 * @param type          the engine's type as it would be written in DDL, lower case
 *                      ({@code integer}, {@code character varying(255)}, {@code varchar(255)}, {@code numeric(10,2)})
 * @param nullable      whether NULL is allowed
 * @param defaultValue  default expression as the engine reports it ({@code "default"} in JSON); {@code null} if none
 * @param primaryKey    whether the column is part of the primary key
 * @param autoIncrement identity, serial, AUTO_INCREMENT, or SQLite INTEGER PRIMARY KEY (rowid alias)
 * @param identity      PG identity generation, {@code always} or {@code by default}; {@code null} otherwise
 * @param generated     expression of a generated column; {@code null} for ordinary columns
 * @param generatedKind {@code stored} or {@code virtual} for generated columns
 * @param comment       column comment, if any
 * @param charset       MySQL/MariaDB character set of a text column; {@code null} elsewhere and for non-text columns
 * @param collation     collation of a text column where it is not the default one the engine reports for the table
 *                      (MySQL/MariaDB: always the column's collation; PostgreSQL: only an explicit {@code COLLATE});
 *                      (SQLite: an explicit {@code COLLATE NOCASE|RTRIM|BINARY} of the column);
 *                      {@code null} otherwise
 * @param onUpdate      MySQL/MariaDB {@code ON UPDATE} expression of a timestamp column, lower case as the server
 *                      reports it ({@code current_timestamp()}, {@code current_timestamp(6)}); {@code null} elsewhere
 */
@JsonPropertyOrder({"name", "type", "nullable", "default", "primaryKey", "autoIncrement", "identity", "generated",
        "generatedKind", "comment", "charset", "collation", "onUpdate"})
public record Column(String name, String type, boolean nullable,
                     @com.fasterxml.jackson.annotation.JsonProperty("default") String defaultValue,
                     boolean primaryKey, boolean autoIncrement, String identity, String generated,
                     String generatedKind, String comment,
                     @com.fasterxml.jackson.annotation.JsonInclude(
                             com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String charset,
                     @com.fasterxml.jackson.annotation.JsonInclude(
                             com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String collation,
                     @com.fasterxml.jackson.annotation.JsonInclude(
                             com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String onUpdate) {

    /** A column without an {@code ON UPDATE} clause. */
    public Column(String name, String type, boolean nullable, String defaultValue, boolean primaryKey,
                  boolean autoIncrement, String identity, String generated, String generatedKind, String comment,
                  String charset, String collation) {
        this(name, type, nullable, defaultValue, primaryKey, autoIncrement, identity, generated, generatedKind, comment,
                charset, collation, null);
    }

    /** A column without a character set or collation of its own. */
    public Column(String name, String type, boolean nullable, String defaultValue, boolean primaryKey,
                  boolean autoIncrement, String identity, String generated, String generatedKind, String comment) {
        this(name, type, nullable, defaultValue, primaryKey, autoIncrement, identity, generated, generatedKind, comment,
                null, null);
    }

    /** A copy with this character set and collation. */
    public Column withCharset(String newCharset, String newCollation) {
        return new Column(name, type, nullable, defaultValue, primaryKey, autoIncrement, identity, generated,
                generatedKind, comment, newCharset, newCollation, onUpdate);
    }

    /** A copy under another name. */
    public Column withName(String newName) {
        return new Column(newName, type, nullable, defaultValue, primaryKey, autoIncrement, identity, generated,
                generatedKind, comment, charset, collation, onUpdate);
    }

    /** A copy with this default and generation expression. */
    public Column withExpressions(String newDefault, String newGenerated) {
        return new Column(name, type, nullable, newDefault, primaryKey, autoIncrement, identity, newGenerated,
                generatedKind, comment, charset, collation, onUpdate);
    }

    /** A copy with this comment. */
    public Column withComment(String newComment) {
        return new Column(name, type, nullable, defaultValue, primaryKey, autoIncrement, identity, generated,
                generatedKind, newComment, charset, collation, onUpdate);
    }

    /** A copy with this {@code ON UPDATE} expression (MySQL/MariaDB), or none. */
    public Column withOnUpdate(String newOnUpdate) {
        return new Column(name, type, nullable, defaultValue, primaryKey, autoIncrement, identity, generated,
                generatedKind, comment, charset, collation, newOnUpdate);
    }

    /** A copy that allows NULL or not. */
    public Column withNullable(boolean newNullable) {
        return new Column(name, type, newNullable, defaultValue, primaryKey, autoIncrement, identity, generated,
                generatedKind, comment, charset, collation, onUpdate);
    }

    /** A copy of another type. */
    public Column withType(String newType) {
        return new Column(name, newType, nullable, defaultValue, primaryKey, autoIncrement, identity, generated,
                generatedKind, comment, charset, collation, onUpdate);
    }

    /** The common case: a plain column with an optional default. */
    public static Column of(String name, String type, boolean nullable, String defaultValue) {
        return new Column(name, type, nullable, defaultValue, false, false, null, null, null, null);
    }
}
