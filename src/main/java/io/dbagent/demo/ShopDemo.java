package io.dbagent.demo;

import io.dbagent.advisor.Advice;
import io.dbagent.advisor.AdviceApplier;
import io.dbagent.advisor.AdviceOptions;
import io.dbagent.advisor.IndexAdvisor;
import io.dbagent.advisor.Workload;
import io.dbagent.explain.ExplainOptions;
import io.dbagent.explain.ExplainPayload;
import io.dbagent.explain.ExplainService;
import io.dbagent.jdbc.DbSession;
import io.dbagent.report.Finding;
import io.dbagent.report.Report;
import io.dbagent.report.ReportRenderer;
import io.dbagent.report.TextTable;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The query-optimisation part of {@code dbagent demo}: on the demo's shop database (users, categories, products,
 * orders, order_items), run a slow workload, show what explain finds, let the advisor recommend indexes, apply them
 * and report the measured time of every query before and after. The session must be writable and, on PostgreSQL,
 * have the demo schema on its search_path.
 */
public final class ShopDemo {

    /** The workload: the shop's everyday questions, none served by the demo schema's indexes. */
    static final String WORKLOAD = """
            -- weight: 20
            SELECT id, user_id, total FROM orders WHERE status = 'pending' ORDER BY created_at DESC LIMIT 20;
            -- weight: 10
            SELECT count(*), sum(quantity) FROM order_items WHERE product_id = 7;
            -- weight: 5
            SELECT id, total FROM orders WHERE coupon_id = 7;
            -- weight: 5
            SELECT id, email FROM users WHERE country = 'JP' AND created_at >= '2025-10-01';
            -- weight: 2
            SELECT p.name, sum(i.quantity) FROM order_items i JOIN products p ON p.id = i.product_id
            WHERE p.category_id = 3 GROUP BY p.name;
            """;

    /**
     * What the demo shows.
     *
     * @param findings per query id, what explain found
     * @param advice   the advisor's recommendations, applied, with measured before/after
     */
    public record Result(List<QueryFindings> findings, Advice advice) {

        /** The demo section as text. */
        public String text() {
            StringBuilder sb = new StringBuilder("== query optimisation ==\n");
            sb.append("slow workload: ").append(advice.statements().size()).append(" queries\n");
            for (QueryFindings q : findings) {
                sb.append('\n').append(q.id()).append("  ").append(IndexAdvisor.abbreviate(q.sql()))
                        .append(String.format(Locale.ROOT, "  (%.1f ms)%n", q.ms()));
                for (Finding f : q.findings()) {
                    sb.append("  ").append(ReportRenderer.tag(f)).append("  ").append(f.message()).append('\n');
                }
            }
            sb.append("\nrecommended and applied (").append(advice.method()).append("):\n");
            if (advice.recommendations().isEmpty()) {
                sb.append("  none: the workload is served by the existing indexes\n");
            }
            for (Advice.Recommendation r : advice.recommendations()) {
                sb.append("  ").append(r.ddl()).append(String.format(Locale.ROOT, "  -- %.1f%% of the workload cost, %s%n",
                        r.benefitPct(), String.join(",", r.queries())));
            }
            sb.append(String.format(Locale.ROOT, "workload cost %.2f -> %.2f %s (-%.1f%%)%n%n",
                    advice.workloadCostBefore(), advice.workloadCostAfter(), advice.costUnit(), advice.improvementPct()));
            TextTable t = new TextTable("query", "before ms", "after ms", "change", "new index used");
            for (Advice.Measured m : advice.measured()) {
                t.row(m.id(), fmt(m.beforeMs()), fmt(m.afterMs()),
                        m.speedup() != null ? String.format(Locale.ROOT, "%.1fx faster", m.speedup()) : m.verdict(),
                        m.usesNewIndex() ? "yes" : "no");
            }
            sb.append("measured (median of 5 runs after a warm-up; a speed-up only where the interquartile ranges do "
                    + "not overlap):\n").append(t.render("  "));
            return sb.toString();
        }
    }

    /** One workload query with its findings and its analysed execution time. */
    public record QueryFindings(String id, String sql, double ms, List<Finding> findings) {
    }

    private ShopDemo() {
    }

    public static Result run(DbSession writable) {
        Workload wl = Workload.parse("demo workload", WORKLOAD);
        List<QueryFindings> found = new ArrayList<>();
        for (Workload.Statement st : wl.statements()) {
            Report<ExplainPayload> r = ExplainService.explain(writable, ExplainOptions.builder(st.sql()).analyze(true).build());
            List<Finding> interesting = r.findings().stream().filter(f -> !f.id().equals("select-star")).toList();
            found.add(new QueryFindings(st.id(), st.sql(), r.payload().executionMs() == null ? 0 : r.payload().executionMs(),
                    interesting));
        }
        Report<Advice> advice = IndexAdvisor.advise(writable, writable, AdviceOptions.builder(wl).build());
        return new Result(found, AdviceApplier.apply(writable, advice, 5).payload());
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
