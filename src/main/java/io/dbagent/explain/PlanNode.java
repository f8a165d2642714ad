package io.dbagent.explain;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One node of the neutral plan tree every engine's EXPLAIN is parsed into.
 *
 * @param node          the engine's operation, e.g. {@code Seq Scan}, {@code Hash Join} (PG), {@code Full Table Scan},
 *                      {@code Index Lookup} (MySQL/MariaDB), {@code Full Scan}, {@code Index Search} (SQLite)
 * @param kind          the neutral category findings reason about: {@code full-scan}, {@code index-scan},
 *                      {@code index-only-scan}, {@code join}, {@code sort}, {@code aggregate}, {@code modify},
 *                      {@code subquery}, {@code other}
 * @param relation      base table read by this node, if any
 * @param alias         the alias the statement gave the table
 * @param index         index used, if any
 * @param estimatedRows rows the planner expects per loop (PG: output rows; MySQL: rows examined)
 * @param actualRows    rows seen per loop when analysed
 * @param loops         how many times the node ran (analysed plans)
 * @param cost          planner cost (PG total cost, MySQL prefix cost); engine units, comparable only within one engine
 * @param timeMs        time spent in this node and below, all loops, when analysed
 * @param filter        filter condition as the engine prints it
 * @param indexCondition index condition / key parts used
 * @param rowsRemovedByFilter rows read and thrown away by the filter (PG, analysed)
 * @param extra         engine-specific details (sort method, spill sizes, hash batches, buffers)
 * @param children      child nodes; for joins the outer (driving) side first
 */
@JsonPropertyOrder({"node", "kind", "relation", "alias", "index", "estimatedRows", "actualRows", "loops", "cost",
        "timeMs", "filter", "indexCondition", "rowsRemovedByFilter", "extra", "children"})
public record PlanNode(String node, String kind, String relation, String alias, String index, Double estimatedRows,
                       Double actualRows, Long loops, Double cost, Double timeMs, String filter, String indexCondition,
                       Long rowsRemovedByFilter, Map<String, Object> extra, List<PlanNode> children) {

    public PlanNode {
        extra = extra == null || extra.isEmpty() ? null : new LinkedHashMap<>(extra);
        children = List.copyOf(children == null ? List.of() : children);
    }

    /** This node and all below it, depth first. */
    public Stream<PlanNode> walk() {
        return Stream.concat(Stream.of(this), children.stream().flatMap(PlanNode::walk));
    }

    /** Whether the plan reads {@code table} through {@code indexName} (or through any index when null) anywhere. */
    public boolean usesIndex(String table, String indexName) {
        return walk().anyMatch(n -> n.index() != null && (table == null || table.equalsIgnoreCase(n.relation()))
                && (indexName == null || n.index().equalsIgnoreCase(indexName)
                || n.index().toLowerCase(java.util.Locale.ROOT).endsWith(indexName.toLowerCase(java.util.Locale.ROOT))));
    }

    @JsonIgnore
    public Object extra(String key) {
        return extra == null ? null : extra.get(key);
    }

    public static Builder builder(String node, String kind) {
        return new Builder(node, kind);
    }

    /** Builder, since a node has many optional parts. */
    public static final class Builder {
        private final String node;
        private final String kind;
        private String relation;
        private String alias;
        private String index;
        private Double estimatedRows;
        private Double actualRows;
        private Long loops;
        private Double cost;
        private Double timeMs;
        private String filter;
        private String indexCondition;
        private Long rowsRemovedByFilter;
        private final Map<String, Object> extra = new LinkedHashMap<>();
        private final List<PlanNode> children = new ArrayList<>();

        private Builder(String node, String kind) {
            this.node = node;
            this.kind = kind;
        }

        public Builder relation(String v) { relation = v; return this; }
        public Builder alias(String v) { alias = v; return this; }
        public Builder index(String v) { index = v; return this; }
        public Builder estimatedRows(Double v) { estimatedRows = v; return this; }
        public Builder actualRows(Double v) { actualRows = v; return this; }
        public Builder loops(Long v) { loops = v; return this; }
        public Builder cost(Double v) { cost = v; return this; }
        public Builder timeMs(Double v) { timeMs = v; return this; }
        public Builder filter(String v) { filter = v; return this; }
        public Builder indexCondition(String v) { indexCondition = v; return this; }
        public Builder rowsRemovedByFilter(Long v) { rowsRemovedByFilter = v; return this; }

        public Builder extra(String key, Object value) {
            if (value != null) {
                extra.put(key, value);
            }
            return this;
        }

        public Builder child(PlanNode c) {
            if (c != null) {
                children.add(c);
            }
            return this;
        }

        public Builder children(List<PlanNode> cs) {
            cs.forEach(this::child);
            return this;
        }

        public PlanNode build() {
            return new PlanNode(node, kind, relation, alias, index, estimatedRows, actualRows, loops, cost, timeMs,
                    filter, indexCondition, rowsRemovedByFilter, extra, children);
        }
    }
}
