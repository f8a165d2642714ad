package io.dbagent.dialect.sqlite;

import io.dbagent.explain.PlanNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns SQLite's {@code EXPLAIN QUERY PLAN} rows (id, parent, detail) into the neutral tree. SQLite prints no
 * costs or row counts; analysed plans get the measured time and the row count on the root.
 */
public final class SqlitePlanParser {

    /** One EXPLAIN QUERY PLAN row. */
    public record Row(int id, int parent, String detail) {
    }

    private static final Pattern SCAN = Pattern.compile(
            "^(SCAN|SEARCH) (?:TABLE )?(\\S+)(?: AS (\\S+))?(?: USING (?:(COVERING|AUTOMATIC COVERING|AUTOMATIC PARTIAL COVERING|AUTOMATIC) )?INDEX(?: (\\S+))?| USING (INTEGER PRIMARY KEY|PRIMARY KEY))?(?: \\((.*)\\))?");

    private SqlitePlanParser() {
    }

    public static PlanNode parse(List<Row> rows) {
        Map<Integer, PlanNode.Builder> builders = new LinkedHashMap<>();
        Map<Integer, Integer> parents = new LinkedHashMap<>();
        for (Row r : rows) {
            builders.put(r.id(), node(r.detail()));
            parents.put(r.id(), r.parent());
        }
        List<Integer> ids = new ArrayList<>(builders.keySet());
        // build bottom-up: children were printed after their parents
        Map<Integer, PlanNode> built = new LinkedHashMap<>();
        for (int i = ids.size() - 1; i >= 0; i--) {
            int id = ids.get(i);
            PlanNode.Builder b = builders.get(id);
            List<PlanNode> kids = new ArrayList<>();
            for (int j = i + 1; j < ids.size(); j++) {
                int cid = ids.get(j);
                if (parents.get(cid) == id && built.containsKey(cid)) {
                    kids.add(built.remove(cid));
                }
            }
            built.put(id, b.children(kids).build());
        }
        List<PlanNode> roots = new ArrayList<>();
        for (int id : ids) {
            if (built.containsKey(id)) {
                roots.add(built.get(id));
            }
        }
        return PlanNode.builder("Query", "other").children(roots).build();
    }

    public static PlanNode.Builder node(String detail) {
        Matcher m = SCAN.matcher(detail);
        if (m.find()) {
            boolean search = m.group(1).equals("SEARCH");
            String how = m.group(4);
            String index = m.group(5) != null ? m.group(5) : m.group(6);
            boolean automatic = how != null && how.startsWith("AUTOMATIC");
            boolean covering = how != null && how.contains("COVERING");
            String node;
            String kind;
            if (automatic) {
                node = "Automatic Index (built per execution)";
                kind = "full-scan";
                index = null;
            } else if (!search && index == null) {
                node = "Full Scan";
                kind = "full-scan";
            } else if (!search) {
                node = covering ? "Full Covering Index Scan" : "Full Index Scan";
                kind = covering ? "index-only-scan" : "index-scan";
            } else {
                node = covering ? "Covering Index Search" : "Index Search";
                kind = covering ? "index-only-scan" : "index-scan";
            }
            return PlanNode.builder(node, kind).relation(m.group(2)).alias(m.group(3)).index(index)
                    .indexCondition(m.group(7)).extra("detail", detail);
        }
        String kind = detail.startsWith("USE TEMP B-TREE") ? "sort"
                : detail.contains("SUBQUERY") || detail.startsWith("CO-ROUTINE") || detail.startsWith("MATERIALIZE")
                ? "subquery" : "other";
        return PlanNode.builder(detail, kind).extra("detail", detail);
    }
}
