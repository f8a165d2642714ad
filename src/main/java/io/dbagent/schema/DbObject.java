package io.dbagent.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One named object in a cheap listing (no columns): a table, partitioned table, view, materialized view, sequence,
 * foreign table, function, procedure, aggregate, trigger or event. Partitions are not listed on their own: their
 * parent carries their number, rows and size.
 *
 * @param schema     the PostgreSQL schema, the MySQL database, {@code main} for SQLite
 * @param name       the name (routines with their argument types: {@code f(integer, text)})
 * @param kind       {@code table}, {@code partitioned table}, {@code view}, {@code materialized view},
 *                   {@code sequence}, {@code foreign table}, {@code function}, {@code procedure}, {@code aggregate},
 *                   {@code trigger}, {@code event}
 * @param rows       estimated rows from the catalog statistics, null when the engine has none
 * @param bytes      size on disk including indexes (and partitions), null when not known
 * @param partitions number of partitions of a partitioned table, else null
 */
@JsonPropertyOrder({"schema", "name", "kind", "rows", "bytes", "partitions"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DbObject(String schema, String name, String kind, Long rows, Long bytes, Integer partitions) {
}
