package io.dbagent.schema;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A sequence (PostgreSQL, MariaDB 10.3+).
 *
 * @param ownedBy {@code table.column} that owns it (serial/identity), {@code null} for free sequences
 * @param lastValue last value handed out; {@code null} if never used or not readable
 */
@JsonPropertyOrder({"schema", "name", "dataType", "start", "increment", "minValue", "maxValue", "cycle", "lastValue",
        "ownedBy"})
public record Sequence(String schema, String name, String dataType, long start, long increment, long minValue,
                       long maxValue, boolean cycle, Long lastValue, String ownedBy) {
}
