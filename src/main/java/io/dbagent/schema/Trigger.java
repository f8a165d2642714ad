package io.dbagent.schema;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * A trigger.
 *
 * @param timing     {@code BEFORE}, {@code AFTER} or {@code INSTEAD OF}
 * @param events     {@code INSERT}, {@code UPDATE}, {@code DELETE}, {@code TRUNCATE}, in that order
 * @param level      {@code ROW} or {@code STATEMENT}
 * @param definition the full CREATE TRIGGER text where the engine keeps it, else the action body
 */
@JsonPropertyOrder({"schema", "table", "name", "timing", "events", "level", "definition"})
public record Trigger(String schema, String table, String name, String timing, List<String> events, String level,
                      String definition) {

    public Trigger {
        events = List.copyOf(events == null ? List.of() : events);
    }
}
