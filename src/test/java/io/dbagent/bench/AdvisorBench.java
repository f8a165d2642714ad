package io.dbagent.bench;

import io.dbagent.advisor.Advice;
import io.dbagent.advisor.AdviceOptions;
import io.dbagent.advisor.IndexAdvisor;
import io.dbagent.advisor.StrategyComparison;
import io.dbagent.advisor.Workload;
import io.dbagent.explain.ExplainService;
import io.dbagent.guard.GuardedSession;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DbUrlParser;

import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Advisor benchmark (run by bench/advise.sh): at each budget, plain greedy vs the advisor vs the exhaustive optimum
 * over the same candidates, costed together by the what-if method; the advisor's wall time; and the measured
 * workload time before and after creating the advisor's indexes. Prints Markdown table rows.
 *
 *   args: URL WORKLOAD.sql BUDGET_MB... (0 = unlimited)
 */
public class AdvisorBench {

    public static void main(String[] args) throws Exception {
        DbUrl url = DbUrlParser.parse(args[0]);
        Workload wl = Workload.fromFile(Path.of(args[1]));
        List<Long> budgets = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            long mb = Long.parseLong(args[i]);
            budgets.add(mb == 0 ? null : mb * 1024 * 1024);
        }
        AdviceOptions base = AdviceOptions.builder(wl).build();
        StrategyComparison.Result cmp;
        try (DbSession ro = ConnectionFactory.open(url); DbSession rw = ConnectionFactory.open(url, ConnectionFactory.Access.WRITE)) {
            cmp = StrategyComparison.compare(ro, rw, base, budgets, 50_000_000L);
        }
        System.out.printf(Locale.ROOT, "- what-if method: %s; %d statements; %d candidates, %d with a saving; costing all "
                + "candidates once: %d ms%n", cmp.method(), wl.statements().size(), cmp.candidates(), cmp.useful(),
                cmp.costingMs());
        System.out.printf(Locale.ROOT, "- workload cost with primary keys only: %.0f (%s)%n%n", cmp.noIndexCost(), cmp.costUnit());
        System.out.println("| budget | greedy | advisor | exhaustive optimum | advisor − optimum (pp) | advisor wall time "
                + "| indexes (advisor) | size | measured before → after (ms, sum of medians) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        double before = measure(url, wl);
        for (StrategyComparison.AtBudget b : cmp.budgets()) {
            Double mb = b.budgetBytes() == null ? null : b.budgetBytes() / 1024.0 / 1024.0;
            long t0 = System.nanoTime();
            Advice a = IndexAdvisor.advise(url, AdviceOptions.builder(wl).budgetMb(mb).build()).payload();
            long wall = (System.nanoTime() - t0) / 1_000_000;
            double after = applyMeasureDrop(url, wl, a);
            double g = pct(b.greedy().whatIfCost(), cmp.noIndexCost());
            double adv = pct(b.advisor().whatIfCost(), cmp.noIndexCost());
            double ex = pct(b.exhaustive().whatIfCost(), cmp.noIndexCost());
            System.out.printf(Locale.ROOT, "| %s | %.1f%% | %.1f%% | %.1f%%%s | %+.1f | %d ms | %d | %.1f MB | %.0f → %.0f |%n",
                    mb == null ? "unlimited" : String.format(Locale.ROOT, "%.0f MB", mb), g, adv, ex,
                    b.exhaustive().optimal() ? "" : " (search cut off)", adv - ex, wall, a.recommendations().size(),
                    a.recommendations().stream().mapToLong(Advice.Recommendation::sizeBytes).sum() / 1024.0 / 1024.0,
                    before, after);
        }
        System.out.println();
        System.out.println("Model costs (before costing the chosen sets together), % of the primary-keys-only cost:");
        System.out.println();
        System.out.println("| budget | greedy | advisor | exhaustive | exhaustive proven optimal |");
        System.out.println("|---|---|---|---|---|");
        for (StrategyComparison.AtBudget b : cmp.budgets()) {
            System.out.printf(Locale.ROOT, "| %s | %.1f%% | %.1f%% | %.1f%% | %s |%n",
                    b.budgetBytes() == null ? "unlimited" : (b.budgetBytes() / 1024 / 1024) + " MB",
                    pct(b.greedy().modelCost(), cmp.noIndexCost()), pct(b.advisor().modelCost(), cmp.noIndexCost()),
                    pct(b.exhaustive().modelCost(), cmp.noIndexCost()), b.exhaustive().optimal() ? "yes" : "no");
        }
    }

    static double pct(double cost, double base) {
        return base <= 0 ? 0 : 100 * cost / base;
    }

    /** Sum over the statements of the median of 3 timed runs (after one warm-up); writes are rolled back. */
    static double measure(DbUrl url, Workload wl) {
        double total = 0;
        try (DbSession s = ConnectionFactory.open(url, ConnectionFactory.Access.WRITE)) {
            // the measure context rolls every timed run back, so writes leave the data as it was
            GuardedSession g = GuardedSession.measure(s, Duration.ofMinutes(10));
            for (Workload.Statement st : wl.statements()) {
                ExplainService.timeStatement(g, st.sql(), 1);
                total += ExplainService.timeStatement(g, st.sql(), 3).p50Ms();
            }
        }
        return total;
    }

    static double applyMeasureDrop(DbUrl url, Workload wl, Advice a) throws Exception {
        List<String> names = new ArrayList<>();
        try (DbSession s = ConnectionFactory.open(url, ConnectionFactory.Access.WRITE); Statement st = s.connection().createStatement()) {
            for (Advice.Recommendation r : a.recommendations()) {
                st.execute(r.ddl().replace(" CONCURRENTLY", "").replaceAll(";$", ""));
                names.add(r.ddl().replaceAll("(?i)^CREATE INDEX( CONCURRENTLY)? (\\S+) ON.*$", "$2"));
            }
            st.execute("ANALYZE");
        }
        double after = measure(url, wl);
        try (DbSession s = ConnectionFactory.open(url, ConnectionFactory.Access.WRITE); Statement st = s.connection().createStatement()) {
            for (String n : names) {
                st.execute("DROP INDEX IF EXISTS " + n);
            }
        }
        return after;
    }
}
