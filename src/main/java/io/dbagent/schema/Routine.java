package io.dbagent.schema;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A stored function, procedure or (MySQL/MariaDB) event. Events are routines too: like a procedure they are a named
 * body kept by the server, created and dropped whole, and a trigger or another routine may refer to them by name.
 *
 * @param schema            owning schema (the database on MySQL)
 * @param name              routine name
 * @param kind              {@code FUNCTION}, {@code PROCEDURE} or {@code EVENT}
 * @param arguments         the argument list as the engine prints it, with names, modes and defaults
 *                          ({@code p_customer integer, p_days integer DEFAULT 3}); empty for an event
 * @param identityArguments the argument types that tell overloads apart ({@code integer, integer}); PostgreSQL drops
 *                          a routine by them; equal to {@code arguments} on MySQL
 * @param returns           the return type ({@code trigger}, {@code TABLE(id integer)}, {@code int(11)}); null for a
 *                          procedure or event
 * @param language          {@code plpgsql}, {@code sql}, … ({@code SQL} on MySQL)
 * @param volatility        PostgreSQL {@code IMMUTABLE}, {@code STABLE} or {@code VOLATILE}; MySQL
 *                          {@code DETERMINISTIC} or {@code NOT DETERMINISTIC}; null for an event
 * @param securityDefiner   whether it runs with its owner's rights ({@code SECURITY DEFINER}, MySQL
 *                          {@code SQL SECURITY DEFINER})
 * @param body              the body as stored ({@code prosrc}, MySQL ROUTINE_DEFINITION/EVENT_DEFINITION); null for a
 *                          PostgreSQL routine with an SQL-standard body ({@code BEGIN ATOMIC …}), which lives in
 *                          {@code definition} only
 * @param definition        the full CREATE statement as the engine gives it back ({@code pg_get_functiondef},
 *                          {@code SHOW CREATE PROCEDURE/FUNCTION/EVENT}), without a trailing semicolon
 */
@JsonPropertyOrder({"schema", "name", "kind", "arguments", "identityArguments", "returns", "language", "volatility",
        "securityDefiner", "body", "definition"})
public record Routine(String schema, String name, String kind, String arguments, String identityArguments,
                      String returns, String language, String volatility, boolean securityDefiner, String body,
                      String definition) {

    public static final String FUNCTION = "FUNCTION";
    public static final String PROCEDURE = "PROCEDURE";
    public static final String EVENT = "EVENT";

    public Routine {
        arguments = arguments == null ? "" : arguments;
        identityArguments = identityArguments == null ? arguments : identityArguments;
    }

    /** {@code name(identity arguments)}: what tells two PostgreSQL overloads apart; just the name for an event. */
    @JsonIgnore
    public String signature() {
        return EVENT.equals(kind) ? name : name + "(" + identityArguments + ")";
    }

    /** A copy with another schema and definition (the diff's preparation of MySQL models). */
    public Routine with(String newSchema, String newDefinition) {
        return new Routine(newSchema, name, kind, arguments, identityArguments, returns, language, volatility,
                securityDefiner, body, newDefinition);
    }
}
