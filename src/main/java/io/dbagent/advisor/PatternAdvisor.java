package io.dbagent.advisor;

import io.dbagent.dialect.Dialects;
import io.dbagent.explain.ExplainService;
import io.dbagent.guard.GuardedSession;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Finding;
import io.dbagent.report.Severity;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;
import io.dbagent.sql.Fingerprint;
import io.dbagent.sql.SqlAnalysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Access patterns across many executions, from a query log or the server's statement statistics: N+1 loops
 * ({@code n-plus-one}), hot read-mostly statements worth caching ({@code cache-candidate}) and repeated expensive
 * aggregates or joins worth materialising ({@code matview-candidate}).
 */
public final class PatternAdvisor {

    /** A burst of at least this many lookups of one shape in a row is an N+1 loop. */
    static final int N_PLUS_ONE_MIN = 10;
    /** Lookups further apart than this many statements belong to different bursts. */
    static final int BURST_GAP = 3;
    static final long CACHE_MIN_CALLS = 50;
    static final double CACHE_MIN_REPEAT = 0.5;
    static final double CACHE_MAX_WRITE_RATIO = 0.01;
    static final long MATVIEW_MIN_CALLS = 10;
    static final double MATVIEW_MIN_MEAN_MS = 10;
    /** The seed's notion of a large table: reading this many rows per execution is expensive. */
    static final long MATVIEW_MIN_ROWS = 10_000;

    /** All executions of one statement shape. */
    record Group(String id, String fingerprint, String sample, long calls, Set<String> texts, Double totalMs,
                 SqlAnalysis analysis) {
        double repeatRatio() {
            return calls == 0 ? 0 : 1.0 - (double) texts.size() / calls;
        }
    }

    private PatternAdvisor() {
    }

    /** Findings from a query log. */
    public static List<Finding> fromLog(GuardedSession s, Schema schema, QueryLog log, Map<String, String> skipped) {
        Map<String, Group> groups = group(log.entries(), schema);
        List<Finding> out = new ArrayList<>(nPlusOne(s.session().dialect(), schema, log, groups));
        Set<String> loops = new LinkedHashSet<>();
        out.forEach(f -> loops.add(String.valueOf(f.evidence().get("fingerprintId"))));
        Map<String, Long> writes = writesPerTable(groups);
        out.addAll(cacheCandidates(s, schema, groups, writes, loops, skipped));
        out.addAll(matviews(s, schema, groups, writes));
        return out;
    }

    static Map<String, Group> group(List<QueryLog.Entry> entries, Schema schema) {
        Map<String, Group> groups = new LinkedHashMap<>();
        Map<String, Double> ms = new LinkedHashMap<>();
        Map<String, Boolean> allTimed = new LinkedHashMap<>();
        Map<String, Long> calls = new LinkedHashMap<>();
        for (QueryLog.Entry e : entries) {
            String id = Fingerprint.id(e.sql());
            Group g = groups.get(id);
            if (g == null) {
                g = new Group(id, Fingerprint.normalize(e.sql()), e.sql(), 0, new LinkedHashSet<>(), null,
                        SqlAnalysis.of(e.sql(), ExplainService.columnsOf(schema)));
                groups.put(id, g);
            }
            g.texts().add(e.sql());
            calls.merge(id, 1L, Long::sum);
            ms.merge(id, e.durationMs() == null ? 0 : e.durationMs(), Double::sum);
            allTimed.merge(id, e.durationMs() != null, (a, b) -> a && b);
        }
        Map<String, Group> out = new LinkedHashMap<>();
        groups.forEach((id, g) -> out.put(id, new Group(id, g.fingerprint(), g.sample(), calls.get(id), g.texts(),
                allTimed.get(id) ? ms.get(id) : null, g.analysis())));
        return out;
    }

    /** A single-table SELECT by equality on a key-like column: the child query of an N+1 loop. */
    static SqlAnalysis.Predicate keyLookup(Schema schema, Group g) {
        SqlAnalysis a = g.analysis();
        if (!a.parsed() || a.kind() != SqlAnalysis.Kind.SELECT || a.tableNames().size() != 1 || a.hasAggregate()) {
            return null;
        }
        Table t = schema.table(a.tableNames().get(0)).orElse(null);
        for (SqlAnalysis.Predicate p : a.predicates()) {
            if (p.op() != SqlAnalysis.Op.EQ || p.function() != null || p.negated()
                    || p.valueKind() == SqlAnalysis.ValueKind.SUBQUERY || p.valueKind() == SqlAnalysis.ValueKind.EXPRESSION) {
                continue;
            }
            String c = p.column().toLowerCase(Locale.ROOT);
            boolean keyLike = c.equals("id") || c.endsWith("_id") || t != null && (t.primaryKey().stream()
                    .anyMatch(k -> k.equalsIgnoreCase(c)) || t.foreignKeys().stream().anyMatch(fk -> fk.columns()
                    .stream().anyMatch(k -> k.equalsIgnoreCase(c))));
            if (keyLike) {
                return p;
            }
        }
        return null;
    }

    static List<Finding> nPlusOne(DialectKind d, Schema schema, QueryLog log, Map<String, Group> groups) {
        Map<String, List<QueryLog.Entry>> sessions = new LinkedHashMap<>();
        for (QueryLog.Entry e : log.entries()) {
            sessions.computeIfAbsent(e.session() == null ? "" : e.session(), k -> new ArrayList<>()).add(e);
        }
        Map<String, int[]> stats = new LinkedHashMap<>(); // id -> {bursts, executions in bursts, largest}
        Map<String, String> parents = new LinkedHashMap<>();
        for (List<QueryLog.Entry> seq : sessions.values()) {
            List<String> ids = seq.stream().map(e -> Fingerprint.id(e.sql())).toList();
            Map<String, int[]> open = new LinkedHashMap<>(); // id -> {start, last, count}
            for (int i = 0; i <= ids.size(); i++) {
                String id = i < ids.size() ? ids.get(i) : null;
                // close bursts that this position ends
                for (var it = open.entrySet().iterator(); it.hasNext(); ) {
                    var b = it.next();
                    int start = b.getValue()[0];
                    // the parent statement running again starts the next loop
                    boolean parentAgain = id != null && start > 0 && id.equals(ids.get(start - 1));
                    if (id == null || i - b.getValue()[1] > BURST_GAP || parentAgain) {
                        close(b.getKey(), b.getValue(), ids, seq, stats, parents);
                        it.remove();
                    }
                }
                if (id == null || keyLookup(schema, groups.get(id)) == null) {
                    continue;
                }
                int[] b = open.get(id);
                if (b == null) {
                    open.put(id, new int[] {i, i, 1});
                } else {
                    b[1] = i;
                    b[2]++;
                }
            }
        }
        List<Finding> out = new ArrayList<>();
        stats.forEach((id, st) -> {
            Group g = groups.get(id);
            SqlAnalysis.Predicate p = keyLookup(schema, g);
            String table = g.analysis().tableNames().get(0);
            String parent = parents.get(id);
            out.add(Finding.builder("n-plus-one", st[2] >= 100 ? Severity.CRITICAL : Severity.WARN)
                    .subject(abbreviate(g.fingerprint()))
                    .message(String.format(Locale.ROOT, "%s ran %d times in a row%s (%d burst%s, %d executions): one "
                                    + "query per parent row instead of one for all of them", "the lookup of " + table
                                    + " by " + p.column(), st[2], parent == null ? "" : " after " + abbreviate(parent),
                            st[0], st[0] == 1 ? "" : "s", st[1]))
                    .fix(batched(d, g, p, table, parent))
                    .evidence("fingerprintId", id)
                    .evidence("fingerprint", g.fingerprint())
                    .evidence("largestBurst", st[2])
                    .evidence("bursts", st[0])
                    .evidence("executions", st[1])
                    .evidence("parent", parent)
                    .build());
        });
        return out;
    }

    private static void close(String id, int[] burst, List<String> ids, List<QueryLog.Entry> seq,
                              Map<String, int[]> stats, Map<String, String> parents) {
        if (burst[2] < N_PLUS_ONE_MIN) {
            return;
        }
        int[] st = stats.computeIfAbsent(id, k -> new int[3]);
        st[0]++;
        st[1] += burst[2];
        st[2] = Math.max(st[2], burst[2]);
        for (int j = burst[0] - 1; j >= 0; j--) {
            if (!ids.get(j).equals(id)) {
                parents.putIfAbsent(id, Fingerprint.normalize(seq.get(j).sql()));
                break;
            }
        }
    }

    /** The lookup rewritten to take all keys at once. */
    static String batched(DialectKind d, Group g, SqlAnalysis.Predicate p, String table, String parent) {
        String normalized = io.dbagent.sql.Rewrites.normalized(g.sample()).orElse(g.sample());
        AdvisorDialect engine = Dialects.of(d).advisor();
        String batch = engine.batchedLookup(p.column());
        String rewritten = normalized.contains(p.text()) ? normalized.replace(p.text(), batch)
                : "SELECT ... FROM " + table + " WHERE " + batch;
        return "-- fetch the children of all parent rows in one statement"
                + engine.batchedLookupNote() + ":\n" + rewritten
                + (parent == null ? "" : "\n-- or join it to the parent query: ... JOIN " + table + " ON " + table
                + "." + p.column() + " = <parent key>");
    }

    static Map<String, Long> writesPerTable(Map<String, Group> groups) {
        Map<String, Long> w = new LinkedHashMap<>();
        for (Group g : groups.values()) {
            if (g.analysis().kind().isDml() && !g.analysis().tableNames().isEmpty()) {
                w.merge(g.analysis().tableNames().get(0), g.calls(), Long::sum);
            }
        }
        return w;
    }

    static List<Finding> cacheCandidates(GuardedSession s, Schema schema, Map<String, Group> groups, Map<String, Long> writes,
                                         Set<String> loops, Map<String, String> skipped) {
        List<Finding> out = new ArrayList<>();
        for (Group g : groups.values()) {
            SqlAnalysis a = g.analysis();
            if (a.kind() != SqlAnalysis.Kind.SELECT || g.calls() < CACHE_MIN_CALLS || loops.contains(g.id())
                    || g.repeatRatio() < CACHE_MIN_REPEAT || a.tableNames().isEmpty()) {
                continue;
            }
            long w = a.tableNames().stream().mapToLong(t -> writes.getOrDefault(t, 0L)).sum();
            if (w > CACHE_MAX_WRITE_RATIO * g.calls()) {
                continue;
            }
            double mean = meanMs(s, schema, g);
            double saved = g.calls() * g.repeatRatio() * mean;
            out.add(Finding.builder("cache-candidate", Severity.INFO)
                    .subject(abbreviate(g.fingerprint()))
                    .message(String.format(Locale.ROOT, "%d calls with only %d distinct parameter sets (%.0f%% repeats) "
                                    + "on %s, which the log writes %d times: a cache would save about %.0f ms",
                            g.calls(), g.texts().size(), 100 * g.repeatRatio(), String.join(", ", a.tableNames()), w,
                            saved))
                    .fix("-- cache the result in the application, keyed by the statement's parameters (e.g. a 60 s "
                            + "TTL),\n-- and invalidate it on INSERT/UPDATE/DELETE of: " + String.join(", ", a.tableNames()))
                    .evidence("calls", g.calls())
                    .evidence("distinctParameterSets", g.texts().size())
                    .evidence("meanMs", Math.round(mean * 1000) / 1000.0)
                    .evidence("savedMs", Math.round(saved))
                    .evidence("invalidateOnWritesTo", a.tableNames())
                    .build());
        }
        return out;
    }

    /**
     * Repeated aggregates/joins that read many rows each time (by the plan, so the verdict does not depend on how
     * busy the machine is; or by the log's durations when it has them), on tables written less often than the
     * statement runs (else the view would be stale before it is read).
     */
    static List<Finding> matviews(GuardedSession s, Schema schema, Map<String, Group> groups, Map<String, Long> writes) {
        List<Finding> out = new ArrayList<>();
        for (Group g : groups.values()) {
            SqlAnalysis a = g.analysis();
            if (a.kind() != SqlAnalysis.Kind.SELECT || g.calls() < MATVIEW_MIN_CALLS
                    || !(a.hasAggregate() || a.tableNames().size() >= 2)) {
                continue;
            }
            long w = a.tableNames().stream().mapToLong(t -> writes.getOrDefault(t, 0L)).sum();
            if (w >= g.calls()) {
                continue;
            }
            long rows = rowsRead(s, schema, g);
            boolean timed = g.totalMs() != null;
            double mean = meanMs(s, schema, g);
            if (timed ? mean < MATVIEW_MIN_MEAN_MS : rows < MATVIEW_MIN_ROWS) {
                continue;
            }
            Matviews.Plan mv = Matviews.plan(s.session().dialect(), g, a);
            out.add(Finding.builder("matview-candidate", Severity.INFO)
                    .subject(abbreviate(g.fingerprint()))
                    .message(String.format(Locale.ROOT, "%s ran %d times, reading about %,d rows at %.1f ms each, while "
                                    + "its tables were written %d times: precompute it and read the result; the "
                                    + "trade-off is staleness between refreshes",
                            a.hasAggregate() ? "this aggregate" : "this join", g.calls(), rows, mean, w))
                    .fix(mv.ddl())
                    .evidence("calls", g.calls())
                    .evidence("rowsRead", rows)
                    .evidence("meanMs", Math.round(mean * 1000) / 1000.0)
                    .evidence("writesToItsTables", w)
                    .evidence("name", mv.name())
                    .evidence("groupedBy", mv.groupedBy())
                    .build());
        }
        return out;
    }

    /**
     * Rows one execution reads: the larger of what the plan says (whole tables for full scans, estimates for index
     * accesses) and the size of the tables the statement reads without any filter on them (a join driven through an
     * index still visits every row of an unfiltered table; SQLite's plan has no row counts to tell).
     */
    static long rowsRead(GuardedSession s, Schema schema, Group g) {
        long unfiltered = 0;
        for (String t : g.analysis().tableNames()) {
            boolean filtered = g.analysis().predicatesOn(t).stream().anyMatch(SqlAnalysis.Predicate::sargable);
            if (!filtered) {
                unfiltered += schema.table(t).map(x -> Math.max(0, x.rowEstimate())).orElse(0L);
            }
        }
        return Math.max(unfiltered, planRows(s, schema, g));
    }

    static long planRows(GuardedSession s, Schema schema, Group g) {
        try {
            String sql = s.check(ExplainService.bindSampleValues(s, s.check(g.sample()).sql(), schema)).sql();
            io.dbagent.explain.ExplainRunner runner = io.dbagent.explain.ExplainRunner.of(s.session());
            io.dbagent.explain.PlanNode plan = s.rolledBack(() -> runner.explain(s, sql, false)).plan();
            return plan.walk().filter(n -> n.relation() != null).mapToLong(n -> {
                if ("full-scan".equals(n.kind())) {
                    String rel = g.analysis().tables().stream()
                            .filter(t -> n.relation().equalsIgnoreCase(t.alias()) || n.relation().equalsIgnoreCase(t.name()))
                            .map(SqlAnalysis.TableRef::name).findFirst().orElse(n.relation());
                    return schema.table(rel).map(t -> Math.max(0, t.rowEstimate())).orElse(0L);
                }
                return n.estimatedRows() == null ? 0 : n.estimatedRows().longValue();
            }).sum();
        } catch (java.sql.SQLException | RuntimeException e) {
            return 0;
        }
    }

    /** From the log's durations when it has them, else timed now (measure context: checked, rolled back, limited). */
    static double meanMs(GuardedSession s, Schema schema, Group g) {
        if (g.totalMs() != null && g.calls() > 0) {
            return g.totalMs() / g.calls();
        }
        try {
            String sql = s.check(ExplainService.bindSampleValues(s, s.check(g.sample()).sql(), schema)).sql();
            ExplainService.timeStatement(s, sql, 1);
            return ExplainService.timeStatement(s, sql, 3).p50Ms();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    static String abbreviate(String sql) {
        return IndexAdvisor.abbreviate(sql);
    }
}
