package io.dbagent.agent;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Json;

import java.util.List;

/** Schema design, normalisation and constraint inference tools. None of them changes the database. */
public final class DesignTools {

    private final DatabaseTools core;

    DesignTools(DatabaseTools core) {
        this.core = core;
    }

    @ToolHints(readOnly = true, idempotent = true)
    @Tool(name = "design_schema", value = {
            "Design a 3NF schema from a spec (YAML or JSON: entities with typed attributes, relationships with "
                    + "cardinalities, query patterns, volumes) for postgres, mysql or sqlite: surrogate keys, foreign "
                    + "keys with indexes, join tables, constraints, updated_at and derived-attribute triggers, full-text "
                    + "search, plus denormalisation/matview/partition advice. Returns the report envelope (command, "
                    + "target, findings, summary, metrics) with the schema model, queries and DDL beside the findings. Use for 'design tables for …'; write the spec from the user's description first."})
    public String designSchema(
            @P("The design spec as YAML or JSON text (spec format: docs/design.md)") String spec,
            @P("Target dialect: postgres, mysql or sqlite") String dialect) {
        return DatabaseTools.guarded(() -> Json.write(core.app().schema().design(spec, "spec", DialectKind.parse(dialect))
                .report()));
    }

    @ToolHints(readOnly = true, idempotent = true)
    @Tool(name = "normalize", value = {
            "Normalisation theory on a relation and its functional dependencies: candidate keys, prime attributes, "
                    + "minimal cover, highest normal form with each violation explained, 3NF synthesis and BCNF "
                    + "decomposition (lossless by the chase, lost dependencies named). Example: relation "
                    + "'R(A,B,C,D)', fds ['A->B', 'B,C->D']."})
    public String normalize(
            @P("The relation, e.g. R(A,B,C,D,E)") String relation,
            @P("Functional dependencies, each like 'A->B' or 'B,C->D'") List<String> fds) {
        return DatabaseTools.guarded(() -> Json.write(core.app().schema().normalize(relation, fds)));
    }

    @ToolHints(readOnly = true, idempotent = true)
    @Tool(name = "discover_dependencies", value = {
            "Discover the functional dependencies that hold in a table's rows (TANE), then analyse its normal form "
                    + "and propose decomposed tables with the data-migration SQL (it copies the rows and checks the "
                    + "counts; it drops nothing unless allowDestructive). Use when a wide table repeats data."})
    public String discoverDependencies(
            @P("The table") String table,
            @P(value = "Rows to sample (default: all)", required = false) Integer sample,
            @P(value = "End the data migration by dropping the moved columns, after its row-count checks "
                    + "(default false)", required = false) Boolean allowDestructive) {
        return DatabaseTools.guarded(() -> Json.write(core.app().schema().discoverDependencies(table, sample,
                Boolean.TRUE.equals(allowDestructive))));
    }

    @ToolHints(readOnly = true, idempotent = true)
    @Tool(name = "infer_constraints", value = {
            "Propose missing integrity constraints from the data: NOT NULL, UNIQUE, FOREIGN KEY (inclusion "
                    + "dependencies plus naming) and CHECK (non-negative numbers, small closed domains), each with the "
                    + "count of rows that would violate it and safe DDL. Use for 'guard my data integrity'."})
    public String inferConstraints(
            @P(value = "Only these tables; omit for all", required = false) List<String> tables) {
        return DatabaseTools.guarded(() -> Json.write(core.app().schema().inferConstraints(tables)));
    }
}
