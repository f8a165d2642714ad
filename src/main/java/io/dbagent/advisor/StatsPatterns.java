package io.dbagent.advisor;

import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Finding;
import io.dbagent.report.Severity;
import io.dbagent.schema.ForeignKey;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;
import io.dbagent.sql.Fingerprint;
import io.dbagent.sql.SqlAnalysis;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Access patterns from the server's statement statistics (pg_stat_statements, performance_schema digests), which
 * count calls and time per normalised statement but keep no order and no parameter values: matview-candidate from
 * calls × mean time, n-plus-one inferred from call ratios (a key lookup called at least ten times as often as the
 * query that reads its parent table). Cache candidates need repeated parameter values, which statistics do not keep.
 */
public final class StatsPatterns {

    static final double N_PLUS_ONE_RATIO = 10;

    private StatsPatterns() {
    }

    public static List<Finding> of(DialectKind d, Schema schema, List<WorkloadSources.SeenStatement> seen,
                                   Map<String, String> skipped) {
        skipped.put("cache-candidate", "server statistics keep no parameter values, so repeats cannot be told; "
                + "use --log FILE");
        List<PatternAdvisor.Group> groups = new ArrayList<>();
        for (WorkloadSources.SeenStatement s : seen) {
            SqlAnalysis a = SqlAnalysis.of(s.sql(), io.dbagent.explain.ExplainService.columnsOf(schema));
            groups.add(new PatternAdvisor.Group(Fingerprint.id(s.sql()), Fingerprint.normalize(s.sql()), s.sql(),
                    s.calls(), new LinkedHashSet<>(List.of(s.sql())), s.totalMs(), a));
        }
        List<Finding> out = new ArrayList<>();
        for (PatternAdvisor.Group g : groups) {
            SqlAnalysis.Predicate key = PatternAdvisor.keyLookup(schema, g);
            if (key != null) {
                nPlusOne(d, schema, g, key, groups).ifPresent(out::add);
            }
            SqlAnalysis a = g.analysis();
            double mean = g.calls() == 0 || g.totalMs() == null ? 0 : g.totalMs() / g.calls();
            if (a.kind() == SqlAnalysis.Kind.SELECT && g.calls() >= PatternAdvisor.MATVIEW_MIN_CALLS
                    && (a.hasAggregate() || a.tableNames().size() >= 2) && mean >= PatternAdvisor.MATVIEW_MIN_MEAN_MS
                    && !a.tableNames().isEmpty()) {
                Matviews.Plan mv = Matviews.plan(d, g, a);
                out.add(Finding.builder("matview-candidate", Severity.INFO)
                        .subject(IndexAdvisor.abbreviate(g.fingerprint()))
                        .message(String.format(Locale.ROOT, "%s ran %d times at %.1f ms each (%.0f ms in all, from the "
                                        + "server's statistics): precompute it and read the result; the trade-off is "
                                        + "staleness between refreshes", a.hasAggregate() ? "this aggregate" : "this join",
                                g.calls(), mean, g.totalMs()))
                        .fix(mv.ddl())
                        .evidence("calls", g.calls()).evidence("meanMs", Math.round(mean * 1000) / 1000.0)
                        .evidence("name", mv.name())
                        .build());
            }
        }
        return out;
    }

    /** The lookup's column points at a parent table; a statement reading that table ran far fewer times. */
    static Optional<Finding> nPlusOne(DialectKind d, Schema schema, PatternAdvisor.Group child,
                                      SqlAnalysis.Predicate key, List<PatternAdvisor.Group> all) {
        String childTable = child.analysis().tableNames().get(0);
        String parentTable = parentOf(schema, childTable, key.column());
        if (parentTable == null) {
            return Optional.empty();
        }
        PatternAdvisor.Group parent = all.stream()
                // the parent lists rows to loop over: not an aggregate
                .filter(g -> g != child && g.analysis().kind() == SqlAnalysis.Kind.SELECT && !g.analysis().hasAggregate()
                        && g.analysis().tableNames().contains(parentTable.toLowerCase(Locale.ROOT)))
                .filter(g -> child.calls() >= N_PLUS_ONE_RATIO * Math.max(1, g.calls()))
                // a query on the parent table alone is the likelier driver of the loop than a join that reads it
                .max(java.util.Comparator.<PatternAdvisor.Group>comparingInt(g -> g.analysis().tableNames().size() == 1 ? 1 : 0)
                        .thenComparingLong(PatternAdvisor.Group::calls)).orElse(null);
        if (parent == null) {
            return Optional.empty();
        }
        double ratio = (double) child.calls() / Math.max(1, parent.calls());
        return Optional.of(Finding.builder("n-plus-one", Severity.WARN)
                .subject(IndexAdvisor.abbreviate(child.fingerprint()))
                .message(String.format(Locale.ROOT, "the lookup of %s by %s ran %d times, %.0f times as often as %s "
                                + "(inferred from the server's call counts): likely one query per parent row",
                        childTable, key.column(), child.calls(), ratio, IndexAdvisor.abbreviate(parent.fingerprint())))
                .fix(PatternAdvisor.batched(d, child, key, childTable, parent.fingerprint()))
                .evidence("calls", child.calls()).evidence("parentCalls", parent.calls())
                .evidence("ratio", Math.round(ratio * 10) / 10.0).evidence("parent", parent.fingerprint())
                .build());
    }

    /** The table a key column refers to: its foreign key, else the {@code <name>_id} convention. */
    static String parentOf(Schema schema, String table, String column) {
        Table t = schema.table(table).orElse(null);
        if (t != null) {
            for (ForeignKey fk : t.foreignKeys()) {
                if (fk.columns().size() == 1 && fk.columns().get(0).equalsIgnoreCase(column)) {
                    return fk.refTable();
                }
            }
        }
        String c = column.toLowerCase(Locale.ROOT);
        if (c.endsWith("_id") && c.length() > 3) {
            String base = c.substring(0, c.length() - 3);
            for (String name : List.of(base, base + "s", base + "es", base.replaceAll("y$", "ies"))) {
                if (schema.table(name).isPresent()) {
                    return schema.table(name).get().name();
                }
            }
        }
        return null;
    }
}
