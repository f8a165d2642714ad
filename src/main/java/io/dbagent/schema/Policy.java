package io.dbagent.schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * A PostgreSQL row-level security policy on a table.
 *
 * @param name       policy name
 * @param command    {@code ALL}, {@code SELECT}, {@code INSERT}, {@code UPDATE} or {@code DELETE}
 * @param permissive true for PERMISSIVE, false for RESTRICTIVE
 * @param roles      roles it applies to ({@code public} for all)
 * @param using      the USING expression, if any
 * @param withCheck  the WITH CHECK expression, if any
 */
public record Policy(String name, String command, boolean permissive, List<String> roles,
                     @JsonInclude(JsonInclude.Include.NON_NULL) String using,
                     @JsonInclude(JsonInclude.Include.NON_NULL) String withCheck) {

    public Policy {
        roles = List.copyOf(roles == null ? List.of() : roles);
    }
}
