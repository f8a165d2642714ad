package io.dbagent.dialect.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.explain.PlanJson;
import io.dbagent.explain.PlanNode;
import io.dbagent.explain.Timing;
import io.dbagent.report.Json;

import java.util.Locale;

/** Parses {@code EXPLAIN (FORMAT JSON)} output of PostgreSQL into the neutral tree. */
public final class PostgresPlanParser {

    /** The parsed tree plus the statement-level times PG reports. */
    public record Parsed(PlanNode plan, Double planningMs, Double executionMs) {
    }

    private PostgresPlanParser() {
    }

    public static Parsed parse(String json) {
        try {
            JsonNode root = Json.MAPPER.readTree(json);
            JsonNode top = root.isArray() ? root.get(0) : root;
            return new Parsed(node(top.get("Plan")), num(top, "Planning Time"), num(top, "Execution Time"));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read PostgreSQL plan JSON: " + e.getMessage(), e);
        }
    }

    public static PlanNode node(JsonNode p) {
        String type = p.path("Node Type").asText();
        String strategy = p.path("Strategy").asText(null);
        String name = type;
        if ("Aggregate".equals(type) && strategy != null && !"Plain".equals(strategy)) {
            name = ("Hashed".equals(strategy) ? "Hash" : strategy) + " Aggregate";
        }
        if ("ModifyTable".equals(type) && p.has("Operation")) {
            name = p.get("Operation").asText() + " on table";
        }
        Double loops = num(p, "Actual Loops");
        Double perLoopTime = num(p, "Actual Total Time");
        PlanNode.Builder b = PlanNode.builder(name, kind(type))
                .relation(text(p, "Relation Name"))
                .alias(text(p, "Alias"))
                .index(text(p, "Index Name"))
                .estimatedRows(num(p, "Plan Rows"))
                .actualRows(num(p, "Actual Rows"))
                .loops(loops == null ? null : loops.longValue())
                .cost(num(p, "Total Cost"))
                .timeMs(perLoopTime == null ? null : Timing.round(perLoopTime * (loops == null ? 1 : loops)))
                .filter(firstText(p, "Filter", "Hash Cond", "Merge Cond", "Join Filter", "Recheck Cond"))
                .indexCondition(text(p, "Index Cond"));
        Double removed = num(p, "Rows Removed by Filter");
        if (removed != null) {
            b.rowsRemovedByFilter(removed.longValue());
        }
        for (String k : new String[] {"Join Type", "Parent Relationship", "Sort Key", "Sort Method", "Sort Space Used",
                "Sort Space Type", "Hash Batches", "Original Hash Batches", "Peak Memory Usage", "Disk Usage",
                "Temp Written Blocks", "Temp Read Blocks", "Shared Hit Blocks", "Shared Read Blocks", "Group Key",
                "Workers Launched", "Subplan Name"}) {
            JsonNode v = p.get(k);
            if (v != null && !v.isNull()) {
                b.extra(camel(k), v.isNumber() ? (Object) v.numberValue() : v.isArray() ? v.toString() : v.asText());
            }
        }
        workerSpill(p, b);
        if (p.has("Plans")) {
            for (JsonNode c : p.get("Plans")) {
                b.child(node(c));
            }
        }
        return b.build();
    }

    /**
     * Under a Gather Merge each parallel worker sorts its share with its own work_mem and reports it in "Workers",
     * while the node's own fields describe only the leader's share (often in memory): a spill in any worker is a
     * spill of the node, and the temp space of all of them adds up.
     */
    private static void workerSpill(JsonNode p, PlanNode.Builder b) {
        JsonNode workers = p.get("Workers");
        if (workers == null || !workers.isArray()) {
            return;
        }
        boolean leaderDisk = "Disk".equals(text(p, "Sort Space Type"));
        double kb = leaderDisk && num(p, "Sort Space Used") != null ? num(p, "Sort Space Used") : 0;
        String method = leaderDisk ? text(p, "Sort Method") : null;
        boolean anyDisk = leaderDisk;
        for (JsonNode w : workers) {
            if ("Disk".equals(text(w, "Sort Space Type"))) {
                anyDisk = true;
                Double used = num(w, "Sort Space Used");
                kb += used == null ? 0 : used;
                method = method == null ? text(w, "Sort Method") : method;
            }
        }
        if (anyDisk) {
            b.extra("sortSpaceType", "Disk").extra("sortMethod", method).extra("sortSpaceUsed", (long) kb);
        }
    }

    static String kind(String type) {
        return switch (type) {
            case "Seq Scan", "Parallel Seq Scan" -> "full-scan";
            case "Index Scan", "Bitmap Heap Scan", "Bitmap Index Scan" -> "index-scan";
            case "Index Only Scan" -> "index-only-scan";
            case "Nested Loop", "Hash Join", "Merge Join" -> "join";
            case "Sort", "Incremental Sort" -> "sort";
            case "Aggregate", "HashAggregate", "GroupAggregate", "WindowAgg" -> "aggregate";
            case "ModifyTable" -> "modify";
            case "SubPlan", "Subquery Scan", "CTE Scan" -> "subquery";
            default -> "other";
        };
    }

    private static String camel(String k) {
        String[] parts = k.split(" ");
        StringBuilder sb = new StringBuilder(parts[0].toLowerCase(Locale.ROOT));
        for (int i = 1; i < parts.length; i++) {
            sb.append(parts[i].substring(0, 1).toUpperCase(Locale.ROOT)).append(parts[i].substring(1).toLowerCase(Locale.ROOT));
        }
        return sb.toString();
    }

    private static String text(JsonNode p, String k) {
        JsonNode v = p.get(k);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String firstText(JsonNode p, String... keys) {
        for (String k : keys) {
            String t = text(p, k);
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    /** A number, also when printed as a string (MySQL 8 writes {@code "filtered": "10.00"}). */
    static Double num(JsonNode p, String k) {
        return PlanJson.num(p, k);
    }
}
