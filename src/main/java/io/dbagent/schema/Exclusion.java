package io.dbagent.schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A PostgreSQL exclusion constraint.
 *
 * @param name       constraint name
 * @param definition the definition as the engine prints it: {@code EXCLUDE USING gist (room WITH =, during WITH &&)}
 * @param deferrable {@code DEFERRABLE INITIALLY …} or {@code null}
 */
public record Exclusion(String name, String definition,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String deferrable) {
}
