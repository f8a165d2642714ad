package io.dbagent.design;

import io.dbagent.DbAgentException;
import io.dbagent.design.Design.QueryAnalysis;
import io.dbagent.design.spec.DesignSpec.QueryPattern;
import io.dbagent.schema.ForeignKey;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tables a query pattern touches and the joins between them. The listed entities are connected through the
 * foreign-key graph by repeatedly adding the nearest unconnected one along a shortest path, so a query that names
 * {@code order} and {@code product} also counts the join table between them.
 */
final class QueryPaths {

    /** One join of the path: {@code child.column = parent.id}. */
    record Edge(String child, String column, String parent) {
    }

    /** A query pattern with its join edges. */
    record Path(QueryAnalysis analysis, List<Edge> edges) {
    }

    private QueryPaths() {
    }

    static List<QueryAnalysis> analyse(SpecModel model, Schema schema) {
        return paths(model, schema).stream().map(Path::analysis).toList();
    }

    static List<Path> paths(SpecModel model, Schema schema) {
        Map<String, List<Edge>> adj = new HashMap<>();
        for (Table t : schema.tables()) {
            for (ForeignKey fk : t.foreignKeys()) {
                Edge e = new Edge(t.name(), fk.columns().get(0), fk.refTable());
                adj.computeIfAbsent(t.name(), k -> new ArrayList<>()).add(e);
                adj.computeIfAbsent(fk.refTable(), k -> new ArrayList<>()).add(e);
            }
        }
        List<Path> out = new ArrayList<>();
        for (QueryPattern q : model.spec().queries()) {
            List<String> targets = new ArrayList<>();
            for (String ent : q.entities()) {
                String table = model.tableOf.get(ent);
                if (table == null) {
                    throw DbAgentException.badInput(model.spec().at(q.line()) + "query '" + q.name() + "' names '"
                            + ent + "', which is neither an entity nor a join entity (known: "
                            + String.join(", ", model.tableOf.keySet()) + ")");
                }
                if (!targets.contains(table)) {
                    targets.add(table);
                }
            }
            Set<String> tree = new LinkedHashSet<>();
            List<Edge> edges = new ArrayList<>();
            tree.add(targets.get(0));
            for (String target : targets) {
                if (tree.contains(target)) {
                    continue;
                }
                List<Edge> path = shortest(tree, target, adj);
                if (path == null) {
                    throw DbAgentException.badInput(model.spec().at(q.line()) + "query '" + q.name()
                            + "' reads " + target + ", which no chain of relationships connects to " + tree);
                }
                for (Edge e : path) {
                    tree.add(e.child());
                    tree.add(e.parent());
                    edges.add(e);
                }
            }
            out.add(new Path(new QueryAnalysis(q.name(), q.entities(), List.copyOf(tree), tree.size() - 1,
                    q.perSecond()), edges));
        }
        return out;
    }

    /** Breadth-first from the whole tree to the target; the edges of the path in order. */
    private static List<Edge> shortest(Set<String> from, String target, Map<String, List<Edge>> adj) {
        Map<String, Edge> via = new HashMap<>();
        ArrayDeque<String> queue = new ArrayDeque<>(from);
        Set<String> seen = new LinkedHashSet<>(from);
        while (!queue.isEmpty()) {
            String at = queue.poll();
            if (at.equals(target)) {
                List<Edge> path = new ArrayList<>();
                String cur = at;
                while (!from.contains(cur)) {
                    Edge e = via.get(cur);
                    path.add(0, e);
                    cur = e.child().equals(cur) ? e.parent() : e.child();
                }
                return path;
            }
            for (Edge e : adj.getOrDefault(at, List.of())) {
                String next = e.child().equals(at) ? e.parent() : e.child();
                if (seen.add(next)) {
                    via.put(next, e);
                    queue.add(next);
                }
            }
        }
        return null;
    }
}
