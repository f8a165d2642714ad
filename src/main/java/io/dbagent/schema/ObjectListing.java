package io.dbagent.schema;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * What a database holds, without reading columns, keys or indexes: the user schemas (MySQL: the databases the user
 * can see) and the objects of the inspected ones.
 *
 * @param dialect  {@code postgres}, {@code mysql} or {@code sqlite}
 * @param database the database (file path for SQLite)
 * @param schemas  the user schemas with how many objects each holds (MySQL: only the current database is counted)
 * @param objects  the objects, by schema, kind and name
 */
@JsonPropertyOrder({"dialect", "database", "schemas", "objects"})
public record ObjectListing(String dialect, String database, List<SchemaSummary> schemas, List<DbObject> objects) {

    /** A schema and its object count ({@code objects} null when its objects were not listed). */
    @JsonPropertyOrder({"name", "objects"})
    public record SchemaSummary(String name, Integer objects) {
    }

    public ObjectListing {
        schemas = List.copyOf(schemas);
        objects = List.copyOf(objects);
    }
}
