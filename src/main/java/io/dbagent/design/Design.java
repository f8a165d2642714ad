package io.dbagent.design;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.dbagent.report.Finding;
import io.dbagent.report.Report;
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
     * The design on the report envelope every command's JSON uses: {@code command} "design", {@code target} the spec
     * and dialect, the advice as {@code findings} with {@code summary}, the counts as {@code metrics}, and the design
     * itself (name, dialect, schema, queries, routines, extras, ddl) at the top level beside them.
     */
    public Report<Payload> report() {
        java.util.Map<String, Object> metrics = new java.util.LinkedHashMap<>();
        metrics.put("tables", schema.tables().size());
        metrics.put("triggers", schema.triggers().size());
        metrics.put("queries", queries.size());
        return new Report<>("design", name + " (" + dialect + ")", null, findings, null, metrics,
                new Payload(name, dialect, schema, queries, routines, extras, ddl));
    }

    /** The design's own part of {@link #report()}: everything but the findings, which the envelope carries. */
    @JsonPropertyOrder({"name", "dialect", "schema", "queries", "routines", "extras", "ddl"})
    public record Payload(String name, String dialect, Schema schema, List<QueryAnalysis> queries,
                          List<String> routines, List<String> extras, String ddl) {
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
