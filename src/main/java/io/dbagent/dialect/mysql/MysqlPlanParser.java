package io.dbagent.dialect.mysql;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.explain.PlanJson;
import io.dbagent.explain.PlanNode;
import io.dbagent.explain.Timing;
import io.dbagent.report.Json;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Parses MySQL's {@code EXPLAIN FORMAT=JSON} and MariaDB's {@code EXPLAIN/ANALYZE FORMAT=JSON} into the neutral
 * tree. Both print nested objects keyed by operation ({@code query_block}, {@code nested_loop}, {@code table},
 * {@code filesort}, {@code temporary_table}, {@code subqueries} …); MariaDB's ANALYZE adds {@code r_*} actuals.
 */
public final class MysqlPlanParser {

    private MysqlPlanParser() {
    }

    public static PlanNode parse(String json) {
        try {
            JsonNode root = Json.MAPPER.readTree(json);
            List<PlanNode> nodes = walk(root);
            if (nodes.size() == 1) {
                return nodes.get(0);
            }
            return PlanNode.builder("Query", "other").children(nodes).build();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read MySQL/MariaDB plan JSON: " + e.getMessage(), e);
        }
    }

    /** The plan nodes an arbitrary JSON value contributes. */
    private static List<PlanNode> walk(JsonNode v) {
        List<PlanNode> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (v.isArray()) {
            v.forEach(x -> out.addAll(walk(x)));
            return out;
        }
        if (!v.isObject()) {
            return out;
        }
        Iterator<Map.Entry<String, JsonNode>> it = v.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode val = e.getValue();
            switch (key) {
                case "query_block" -> out.add(block(val));
                case "table" -> out.add(table(val));
                case "nested_loop" -> {
                    List<PlanNode> parts = walk(val);
                    out.add(parts.size() == 1 ? parts.get(0)
                            : PlanNode.builder("Nested Loop", "join").children(parts).build());
                }
                case "filesort", "ordering_operation", "grouping_operation", "duplicates_removal" -> {
                    String name = switch (key) {
                        case "filesort" -> "Sort";
                        case "ordering_operation" -> "Order";
                        case "grouping_operation" -> "Group";
                        default -> "Duplicates Removal";
                    };
                    PlanNode.Builder b = PlanNode.builder(name, name.equals("Group") ? "aggregate" : "sort")
                            .loops(longOrNull(val, "r_loops"))
                            .timeMs(PlanJson.num(val, "r_total_time_ms"))
                            .extra("sortKey", text(val, "sort_key"))
                            .extra("usingFilesort", val.has("using_filesort") ? val.get("using_filesort").asBoolean() : null)
                            .extra("usingTemporaryTable", val.has("using_temporary_table")
                                    ? val.get("using_temporary_table").asBoolean() : null)
                            .extra("sortMode", text(val, "r_sort_mode"))
                            .extra("sortPasses", longOrNull(val, "r_sort_passes"));
                    b.children(walk(val));
                    out.add(b.build());
                }
                case "temporary_table" -> out.add(PlanNode.builder("Temporary Table", "other").children(walk(val)).build());
                case "subqueries" -> {
                    for (PlanNode p : walk(val)) {
                        out.add(PlanNode.builder("Subquery", "subquery").child(p).build());
                    }
                }
                case "union_result" -> out.add(PlanNode.builder("Union", "other").children(walk(val)).build());
                case "materialized" -> out.add(PlanNode.builder("Materialize", "subquery").children(walk(val)).build());
                default -> {
                    if (val.isObject() || val.isArray()) {
                        out.addAll(walk(val));
                    }
                }
            }
        }
        return out;
    }

    private static PlanNode block(JsonNode qb) {
        JsonNode cost = qb.get("cost_info");
        PlanNode.Builder b = PlanNode.builder("Query Block", "other")
                .loops(longOrNull(qb, "r_loops"))
                .timeMs(PlanJson.num(qb, "r_total_time_ms"))
                .cost(cost == null ? PlanJson.num(qb, "cost") : parseDouble(cost.get("query_cost")))
                .extra("selectId", qb.has("select_id") ? qb.get("select_id").asInt() : null);
        List<PlanNode> children = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = qb.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isObject() || e.getValue().isArray()) {
                var wrapper = Json.MAPPER.createObjectNode();
                wrapper.set(e.getKey(), e.getValue());
                children.addAll(walk(wrapper));
            }
        }
        // a block holding a single table is just that table
        return b.children(children).build();
    }

    private static PlanNode table(JsonNode t) {
        String access = text(t, "access_type");
        boolean covering = t.path("using_index").asBoolean(false);
        String node;
        String kind;
        switch (access == null ? "" : access) {
            case "ALL" -> { node = "Full Table Scan"; kind = "full-scan"; }
            case "index" -> { node = "Full Index Scan"; kind = covering ? "index-only-scan" : "index-scan"; }
            case "range" -> { node = "Index Range Scan"; kind = covering ? "index-only-scan" : "index-scan"; }
            case "ref", "eq_ref", "ref_or_null", "const", "system", "fulltext", "index_merge", "unique_subquery",
                    "index_subquery" -> { node = "Index Lookup (" + access + ")"; kind = covering ? "index-only-scan" : "index-scan"; }
            default -> { node = access == null ? "Table" : "Table (" + access + ")"; kind = "other"; }
        }
        JsonNode cost = t.get("cost_info");
        Double rows = PlanJson.num(t, "rows");
        if (rows == null) {
            rows = PlanJson.num(t, "rows_examined_per_scan");
        }
        Double tableMs = PlanJson.num(t, "r_table_time_ms");
        Double otherMs = PlanJson.num(t, "r_other_time_ms");
        List<String> parts = new ArrayList<>();
        if (t.has("used_key_parts")) {
            t.get("used_key_parts").forEach(x -> parts.add(x.asText()));
        }
        // rows = rows examined per loop; scaled by filtered% it is the output estimate, comparable with PG's rows
        Double filtered = PlanJson.num(t, "filtered");
        Double rRows = PlanJson.num(t, "r_rows");
        Double rFiltered = PlanJson.num(t, "r_filtered");
        PlanNode.Builder b = PlanNode.builder(node, kind)
                .relation(text(t, "table_name"))
                .index(text(t, "key"))
                .estimatedRows(rows == null ? null : Timing.round(rows * (filtered == null ? 100 : filtered) / 100))
                .actualRows(rRows == null ? null : Timing.round(rRows * (rFiltered == null ? 100 : rFiltered) / 100))
                .extra("rowsExamined", rows)
                .extra("actualRowsExamined", rRows)
                .loops(longOrNull(t, "r_loops"))
                .cost(cost == null ? null : parseDouble(cost.get("prefix_cost")))
                .timeMs(tableMs == null ? null : Timing.round(tableMs + (otherMs == null ? 0 : otherMs)))
                .filter(text(t, "attached_condition"))
                .indexCondition(t.has("index_condition") ? text(t, "index_condition")
                        : parts.isEmpty() ? null : String.join(", ", parts))
                .extra("accessType", access)
                .extra("possibleKeys", t.has("possible_keys") ? t.get("possible_keys").toString() : null)
                .extra("filteredPct", PlanJson.num(t, "filtered"))
                .extra("actualFilteredPct", PlanJson.num(t, "r_filtered"));
        // derived tables and subqueries attached to a table
        for (String k : new String[] {"materialized_from_subquery", "materialized"}) {
            if (t.has(k)) {
                b.children(walk(t.get(k)));
            }
        }
        return b.build();
    }

    private static Long longOrNull(JsonNode v, String k) {
        Double d = PlanJson.num(v, k);
        return d == null ? null : d.longValue();
    }

    private static String text(JsonNode v, String k) {
        JsonNode x = v.get(k);
        return x == null || x.isNull() ? null : x.asText();
    }

    private static Double parseDouble(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        try {
            return Double.parseDouble(v.asText());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
