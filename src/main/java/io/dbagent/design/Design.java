package io.dbagent.design;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.dbagent.report.Finding;
import io.dbagent.schema.Schema;

import java.util.List;

/**
 * The result of designing a spec for one dialect.
 *
 * @param schema     the 3NF schema in the neutral model: tables, keys, constraints, indexes, triggers
 * @param routines   PostgreSQL trigger functions the triggers call (empty elsewhere)
 * @param extras     statements the neutral model cannot describe (SQLite FTS5 virtual tables)
 * @param statements the whole DDL in execution order, without terminators
 * @param ddl        the same as a script for the engine's client
 * @param queries    join count of each query pattern
 * @param findings   denormalisation and scale advice
 */
@JsonPropertyOrder({"name", "dialect", "schema", "queries", "findings", "routines", "extras", "ddl"})
public record Design(String name, String dialect, Schema schema, List<String> routines, List<String> extras,
                     @com.fasterxml.jackson.annotation.JsonIgnore List<String> statements, String ddl,
                     List<QueryAnalysis> queries, List<Finding> findings) {

    public Design {
        routines = List.copyOf(routines);
        extras = List.copyOf(extras);
        statements = List.copyOf(statements);
        queries = List.copyOf(queries);
        findings = List.copyOf(findings);
    }

    /**
     * A query pattern over the designed tables.
     *
     * @param tables the tables it reads, including join tables on the path between the listed entities
     * @param joins  the number of joins: tables on the connecting path minus one
     */
    @JsonPropertyOrder({"name", "entities", "tables", "joins", "perSecond"})
    public record QueryAnalysis(String name, List<String> entities, List<String> tables, int joins, double perSecond) {
        public QueryAnalysis {
            entities = List.copyOf(entities);
            tables = List.copyOf(tables);
        }
    }
}
