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
 * Decision-support advisor benchmark (run by bench/advise-dss.sh): per budget, the workload's planner cost after/before
 * for the advisor (its own advice, costed together by hypopg), plain greedy over the same candidates, and on the
 * subset of the 12 candidates with the largest saving each, greedy, the advisor's selection and the exhaustive
 * optimum; the advisor's wall time per budget; and at one budget, each statement's measured time before and after
 * creating the advisor's indexes (median of 3 after a warm-up). Prints Markdown.
 *
 *   args: URL WORKLOAD.sql MEASURE_BUDGET_MB BUDGET_MB... (0 = unlimited)
 */
public class DssAdvisorBench {

    /** A statement counts as measurably slower when its median grows by this share and by at least {@link #SLOWER_MS}. */
    static final double SLOWER_SHARE = 0.20;
    static final double SLOWER_MS = 5;
    static final int SUBSET = 12;

    public static void main(String[] args) throws Exception {
        DbUrl url = DbUrlParser.parse(args[0]);
        Workload wl = Workload.fromFile(Path.of(args[1]));
        long measureMb = Long.parseLong(args[2]);
        List<Long> budgets = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            long mb = Long.parseLong(args[i]);
            budgets.add(mb == 0 ? null : mb * 1024 * 1024);
        }
        StrategyComparison.Result cmp;
        try (DbSession ro = ConnectionFactory.open(url);
             DbSession rw = ConnectionFactory.open(url, ConnectionFactory.Access.WRITE)) {
            cmp = StrategyComparison.compare(ro, rw, AdviceOptions.builder(wl).build(), budgets, 5_000_000L, SUBSET);
        }
        System.out.printf(Locale.ROOT, "- what-if method: %s; %d statements; %d candidates, %d with a saving; costing "
                + "all candidates once: %d ms%n", cmp.method(), wl.statements().size(), cmp.candidates(), cmp.useful(),
                cmp.costingMs());
        System.out.printf(Locale.ROOT, "- workload planner cost with primary keys only: %.0f (%s)%n%n",
                cmp.noIndexCost(), cmp.costUnit());

        List<Advice> advices = new ArrayList<>();
        List<Long> walls = new ArrayList<>();
        for (Long b : budgets) {
            Double mb = b == null ? null : b / 1024.0 / 1024.0;
            long t0 = System.nanoTime();
            Advice a = IndexAdvisor.advise(url, AdviceOptions.builder(wl).budgetMb(mb).build()).payload();
            walls.add((System.nanoTime() - t0) / 1_000_000);
            advices.add(a);
        }

        System.out.println("## Relative planner cost after/before, all candidates");
        System.out.println();
        System.out.println("| budget | dbagent | plain greedy | dbagent − greedy (pp) | dbagent indexes | size | selection "
                + "| advisor wall time |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (int i = 0; i < budgets.size(); i++) {
            StrategyComparison.AtBudget at = cmp.budgets().get(i);
            Advice a = advices.get(i);
            double adv = pct(a.workloadCostAfter(), a.workloadCostBefore());
            double g = pct(at.greedy().whatIfCost(), cmp.noIndexCost());
            System.out.printf(Locale.ROOT, "| %s | %.3f%% | %.3f%% | %+.3f | %d | %.1f MB | %s | %d ms |%n",
                    label(budgets.get(i)), adv, g, adv - g, a.recommendations().size(),
                    a.recommendations().stream().mapToLong(Advice.Recommendation::sizeBytes).sum() / 1048576.0,
                    a.selection(), walls.get(i));
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "## Relative planner cost after/before, %d-candidate subset%n%n", cmp.subset().isEmpty()
                ? 0 : cmp.subsetDdl().size());
        System.out.println("The candidates with the largest saving on their own:");
        System.out.println();
        cmp.subsetDdl().forEach(d -> System.out.println("- `" + d + "`"));
        System.out.println();
        System.out.println("| budget | dbagent selection | plain greedy | exhaustive optimum | dbagent − optimum (pp) "
                + "| greedy − optimum (pp) |");
        System.out.println("|---|---|---|---|---|---|");
        for (StrategyComparison.AtBudget at : cmp.subset()) {
            double adv = pct(at.advisor().whatIfCost(), cmp.noIndexCost());
            double g = pct(at.greedy().whatIfCost(), cmp.noIndexCost());
            double ex = pct(at.exhaustive().whatIfCost(), cmp.noIndexCost());
            System.out.printf(Locale.ROOT, "| %s | %.3f%% | %.3f%% | %.3f%%%s | %+.3f | %+.3f |%n", label(at.budgetBytes()),
                    adv, g, ex, at.exhaustive().optimal() ? "" : " (search cut off)", adv - ex, g - ex);
        }
        System.out.println();
        System.out.println("Model costs (the advisor's additive model before the chosen sets are costed together), "
                + "% of the primary-keys-only cost:");
        System.out.println();
        System.out.println("| budget | greedy | advisor selection | exhaustive (all candidates) | proven optimal "
                + "| subset: greedy | subset: advisor | subset: exhaustive |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (int i = 0; i < budgets.size(); i++) {
            StrategyComparison.AtBudget at = cmp.budgets().get(i);
            StrategyComparison.AtBudget s = cmp.subset().get(i);
            double base = cmp.noIndexCost();
            System.out.printf(Locale.ROOT, "| %s | %.2f%% | %.2f%% | %.2f%% | %s | %.2f%% | %.2f%% | %.2f%% |%n",
                    label(budgets.get(i)), pct(at.greedy().modelCost(), base), pct(at.advisor().modelCost(), base),
                    pct(at.exhaustive().modelCost(), base), at.exhaustive().optimal() ? "yes" : "no",
                    pct(s.greedy().modelCost(), base), pct(s.advisor().modelCost(), base),
                    pct(s.exhaustive().modelCost(), base));
        }

        System.out.println();
        System.out.println("Where the advisor's selection and plain greedy differ (all candidates):");
        System.out.println();
        for (int i = 0; i < budgets.size(); i++) {
            StrategyComparison.AtBudget at = cmp.budgets().get(i);
            List<String> onlyG = new ArrayList<>(at.greedy().ddl());
            onlyG.removeAll(at.advisor().ddl());
            List<String> onlyA = new ArrayList<>(at.advisor().ddl());
            onlyA.removeAll(at.greedy().ddl());
            if (!onlyG.isEmpty() || !onlyA.isEmpty()) {
                System.out.printf(Locale.ROOT, "- %s: only greedy %s; only the advisor %s%n", label(budgets.get(i)),
                        names(onlyG), names(onlyA));
            }
        }

        int mi = budgets.indexOf(measureMb * 1024 * 1024);
        if (mi < 0) {
            return;
        }
        Advice a = advices.get(mi);
        System.out.println();
        System.out.printf(Locale.ROOT, "## Measured at %d MB (median of 3 after one warm-up, ms)%n%n", measureMb);
        System.out.println("Indexes created (without CONCURRENTLY):");
        System.out.println();
        a.recommendations().forEach(r -> System.out.printf(Locale.ROOT, "- `%s` (%.1f MB)%n", r.ddl(),
                r.sizeBytes() / 1048576.0));
        System.out.println();
        double[] before = measure(url, wl);
        double[] after = applyMeasureDrop(url, wl, a);
        System.out.println("| statement | weight | before | after | after/before | planner cost before → after |");
        System.out.println("|---|---|---|---|---|---|");
        int slower = 0;
        double sb = 0;
        double sa = 0;
        for (int q = 0; q < before.length; q++) {
            Workload.Statement st = wl.statements().get(q);
            Advice.StatementCost sc = a.statements().get(q);
            boolean worse = after[q] > before[q] * (1 + SLOWER_SHARE) && after[q] - before[q] >= SLOWER_MS;
            slower += worse ? 1 : 0;
            sb += before[q];
            sa += after[q];
            System.out.printf(Locale.ROOT, "| %s `%s` | %s | %.1f | %.1f | %.2f%s | %.0f → %.0f |%n", st.id(),
                    IndexAdvisor.abbreviate(st.sql()).replace("|", "\\|"), fmt(st.weight()), before[q], after[q],
                    before[q] <= 0 ? 0 : after[q] / before[q], worse ? " **slower**" : "", sc.costBefore(),
                    sc.costAfter());
        }
        System.out.printf(Locale.ROOT, "| total | | %.1f | %.1f | %.2f | |%n", sb, sa, sb <= 0 ? 0 : sa / sb);
        System.out.println();
        System.out.printf(Locale.ROOT, "Statements measurably slower (median up by more than %.0f%% and %.0f ms): %d%n",
                100 * SLOWER_SHARE, SLOWER_MS, slower);
    }

    static String names(List<String> ddl) {
        return ddl.isEmpty() ? "none" : String.join(", ", ddl.stream()
                .map(d -> d.replaceAll("(?i)^CREATE INDEX( CONCURRENTLY)? \\S+ ON (.*?);?$", "$2")).toList());
    }

    static String label(Long bytes) {
        return bytes == null ? "unlimited" : (bytes / 1024 / 1024) + " MB";
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    static double pct(double cost, double base) {
        return base <= 0 ? 0 : 100 * cost / base;
    }

    /** Per statement, the median of 3 timed runs after one warm-up; writes are rolled back. */
    static double[] measure(DbUrl url, Workload wl) {
        double[] out = new double[wl.statements().size()];
        try (DbSession s = ConnectionFactory.open(url, ConnectionFactory.Access.WRITE)) {
            GuardedSession g = GuardedSession.measure(s, Duration.ofMinutes(10));
            for (int q = 0; q < out.length; q++) {
                String sql = wl.statements().get(q).sql();
                ExplainService.timeStatement(g, sql, 1);
                out[q] = ExplainService.timeStatement(g, sql, 3).p50Ms();
            }
        }
        return out;
    }

    static double[] applyMeasureDrop(DbUrl url, Workload wl, Advice a) throws Exception {
        List<String> names = new ArrayList<>();
        try (DbSession s = ConnectionFactory.open(url, ConnectionFactory.Access.WRITE);
             Statement st = s.connection().createStatement()) {
            for (Advice.Recommendation r : a.recommendations()) {
                st.execute(r.ddl().replace(" CONCURRENTLY", "").replaceAll(";$", ""));
                names.add(r.ddl().replaceAll("(?i)^CREATE INDEX( CONCURRENTLY)? (\\S+) ON.*$", "$2"));
            }
            st.execute("ANALYZE");
        }
        try {
            return measure(url, wl);
        } finally {
            try (DbSession s = ConnectionFactory.open(url, ConnectionFactory.Access.WRITE);
                 Statement st = s.connection().createStatement()) {
                for (String n : names) {
                    st.execute("DROP INDEX IF EXISTS " + n);
                }
            }
        }
    }
}
