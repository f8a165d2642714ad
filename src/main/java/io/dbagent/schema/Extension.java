package io.dbagent.schema;

/**
 * An installed PostgreSQL extension ({@code citext}, {@code pg_trgm}).
 *
 * @param name    extension name
 * @param schema  the schema its objects live in
 * @param version installed version
 */
public record Extension(String name, String schema, String version) {
}
