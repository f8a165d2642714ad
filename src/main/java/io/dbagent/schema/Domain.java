package io.dbagent.schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * A PostgreSQL domain: a base type with constraints.
 *
 * @param schema       owning schema
 * @param name         domain name
 * @param baseType     the underlying type as DDL writes it ({@code text}, {@code numeric(10,2)})
 * @param notNull      whether the domain forbids NULL
 * @param defaultValue default expression, if any
 * @param collation    explicit collation, if any
 * @param checks       its CHECK constraints, by name
 */
public record Domain(String schema, String name, String baseType, boolean notNull,
                     @JsonInclude(JsonInclude.Include.NON_NULL) String defaultValue,
                     @JsonInclude(JsonInclude.Include.NON_NULL) String collation, List<Check> checks) {

    public Domain {
        checks = List.copyOf(checks == null ? List.of() : checks);
    }
}
