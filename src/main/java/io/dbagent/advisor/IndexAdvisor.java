package io.dbagent.advisor;

import io.dbagent.DbAgentException;
import io.dbagent.dialect.Dialects;
import io.dbagent.explain.ExplainRunner;
import io.dbagent.explain.ExplainService;
import io.dbagent.explain.PlanNode;
import io.dbagent.guard.GuardedSession;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Finding;
import io.dbagent.report.Report;
import io.dbagent.dialect.DdlWriter;
import io.dbagent.schema.Schema;
import io.dbagent.sql.SqlAnalysis;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The workload index advisor: candidates from the statements, one what-if costing per candidate, a selection under
 * the storage budget on the resulting cost model, then the chosen set costed together for the reported totals.
 */
public final class IndexAdvisor {

    /** SQLite costs are measured times: savings below this share are noise, not an index effect. */
    static final double SQLITE_NOISE = 0.10;
    static final double PLANNER_NOISE = 0.001;
    /** Share of a write statement's cost each extra index on its table adds (heuristic). */
    static final double WRITE_PENALTY = 0.2;
    /** Share of a statement's cost a wider index must save beyond a narrower one to be preferred. */
    static final double WIDER_MUST_SAVE = 0.10;

    private IndexAdvisor() {
    }

    /** Opens a read-only session, plus a writable one when the what-if method needs it. */
    public static Report<Advice> advise(DbUrl url, AdviceOptions o) {
        validate(o);
        try (DbSession ro = ConnectionFactory.open(url)) {
            boolean needsWrite = needsWritableSession(ro, o.whatIf());
            if (!needsWrite) {
                return advise(ro, null, o);
            }
            try (DbSession rw = ConnectionFactory.open(url, ConnectionFactory.Access.WRITE)) {
                return advise(ro, rw, o);
            }
        } catch (SQLException e) {
            throw ExplainService.rejected(e);
        }
    }

    /** One plain line per phase with the time since the start: no escape codes, nothing redrawn. */
    private record Progress(java.util.function.Consumer<String> out, long t0) {
        void line(String text) {
            out.accept(String.format(Locale.ROOT, "%s (%.1f s)", text, (System.nanoTime() - t0) / 1e9));
        }
    }

    static void validate(AdviceOptions o) {
        if (o.budgetMb() != null && o.budgetMb() <= 0) {
            throw DbAgentException.badInput("--budget-mb must be greater than 0, got " + fmt(o.budgetMb())
                    + " (leave it out for no limit)");
        }
        if (o.maxColumns() < 1 || o.maxColumns() > 8) {
            throw DbAgentException.badInput("--max-columns must be between 1 and 8, got " + o.maxColumns());
        }
        if (!List.of("auto", "hypopg", "rollback", "scratch").contains(o.whatIf())) {
            throw DbAgentException.badInput("--what-if must be auto, hypopg, rollback or scratch, got " + o.whatIf());
        }
    }

    static boolean needsWritableSession(DbSession ro, String whatIf) throws SQLException {
        return Dialects.of(ro).whatIf().needsWritableSession(ro, whatIf);
    }

    /**
     * @param ro a session to read with (may be writable)
     * @param rw a writable session for what-if builds, or null when {@code ro} has hypopg installed
     */
    public static Report<Advice> advise(DbSession ro, DbSession rw, AdviceOptions o) {
        return advise(ro, rw, o, Dialects.of(ro).whatIf());
    }

    /** The same with the what-if method given (the engine's own, or one whose availability checks are set). */
    public static Report<Advice> advise(DbSession ro, DbSession rw, AdviceOptions o, WhatIfMethod method) {
        validate(o);
        long t0 = System.nanoTime();
        Schema schema = Dialects.inspect(ro);
        DialectKind d = ro.dialect();
        List<String> notes = new ArrayList<>();
        // workload text is hostile: every statement is checked by the guard (measure context: DML is only ever
        // explained, or timed inside a transaction that is rolled back) and everything that carries it is limited
        GuardedSession gro = GuardedSession.measure(ro, o.timeout());
        GuardedSession grw = rw == null ? null : rw == ro ? gro : GuardedSession.measure(rw, o.timeout());
        // statements from a log or the server's statistics are what ran, not what the user chose: keep the plannable ones
        // statements of one shape (literals and IN-lists aside) are costed once, with their weights summed
        Workload grouped = o.workload().grouped();
        int given = o.workload().statements().size();
        if (grouped.statements().size() < given) {
            notes.add(String.format(Locale.ROOT, "%,d statements were grouped into %,d shapes (literals and IN-lists "
                    + "normalised), weights summed", given, grouped.statements().size()));
        }
        Progress progress = new Progress(o.progress(), t0);
        progress.line(String.format(Locale.ROOT, "advise: %,d statement(s), %,d shape(s) after grouping", given,
                grouped.statements().size()));
        Workload wl = o.log() == null && o.seen() == null ? grouped
                : usable(grw != null ? grw : gro, schema, grouped, notes);
        List<WhatIf.Stmt> stmts = prepare(gro, schema, wl);
        // MySQL refuses even a plain EXPLAIN of DML in a read-only transaction
        Map<String, List<String>> usedBy = baselinePlans(grw != null ? grw : gro, stmts, wl);
        Set<String> usedIndexes = usedBy.keySet();
        progress.line(String.format(Locale.ROOT, "advise: planned %,d statement(s)", stmts.size()));
        try (WhatIf w = method.open(gro, grw, schema, o.whatIf(), o.devServer(), notes)) {
            Set<String> tables = new LinkedHashSet<>();
            stmts.forEach(st -> tables.addAll(st.analysis().tableNames()));
            w.prepare(tables);
            Map<String, Double> base = w.costs(List.of(), stmts);
            Map<String, SqlAnalysis> analyses = new LinkedHashMap<>();
            stmts.forEach(st -> analyses.put(st.id(), st.analysis()));
            CandidateGenerator gen = new CandidateGenerator(d, schema, o.maxColumns(), ro.connection());
            // a stable order whatever order the generator produced: ties in the selection go to the same candidate
            List<Candidate> cands = new ArrayList<>(gen.generate(wl.statements(), analyses));
            cands.sort(java.util.Comparator.comparing(Candidate::key));
            long budget = o.budgetMb() == null ? Long.MAX_VALUE : (long) (o.budgetMb() * 1024 * 1024);
            CostModel model;
            Selection choice;
            progress.line(String.format(Locale.ROOT, "advise: %,d candidate(s), costing with %s", cands.size(),
                    w.method()));
            if (w.costsCandidates()) {
                model = model(w, d, stmts, base, cands);
                progress.line(String.format(Locale.ROOT, "advise: costed %,d candidate(s) on %,d statement(s)",
                        cands.size(), stmts.size()));
                choice = select(w, d, cands, model, stmts, budget);
                if (!choice.filled().isEmpty()) {
                    notes.add(String.format(Locale.ROOT, "%d index(es) the cost model set aside were kept: costed by "
                            + "the engine together with the chosen indexes on their table, each pays for itself",
                            choice.filled().size()));
                }
                notes.addAll(checkNotes(choice.check(), cands));
            } else {
                model = new CostModel(new double[0], new double[0], new long[0], new int[0], new double[0][0],
                        new double[0]);
                choice = new Selection(new BitSet(), "not costed", Map.of());
            }
            BitSet picked = choice.picked();
            Map<Integer, EngineFill.Added> filled = choice.filled();
            String selection = choice.strategy();
            notes.addAll(gen.notes());
            List<Candidate> chosen = new ArrayList<>();
            picked.stream().forEach(i -> chosen.add(cands.get(i)));
            progress.line(String.format(Locale.ROOT, "advise: selected %d index(es) (%s)", chosen.size(),
                    selection));
            Map<String, Double> after = chosen.isEmpty() ? base : w.costs(chosen, stmts);
            double before = weighted(stmts, base);
            double afterCost = weighted(stmts, after);
            List<Advice.Recommendation> recs = recommendations(d, schema, w, model, picked, cands, stmts,
                    before, filled);
            List<Advice.Drop> drops = DropAdvisor.drops(d, schema, stmts, usedIndexes, chosen);
            List<Advice.StatementCost> perStatement = new ArrayList<>();
            for (int i = 0; i < stmts.size(); i++) {
                WhatIf.Stmt st = stmts.get(i);
                perStatement.add(new Advice.StatementCost(st.id(), wl.statements().get(i).line(),
                        wl.statements().get(i).sql(), st.weight(), round(base.get(st.id())),
                        round(after.get(st.id()))));
            }
            if (cands.isEmpty()) {
                notes.add("no index candidates: the statements filter, join and sort on columns that are indexed "
                        + "already (or on expressions)");
            }
            Map<String, Object> whatIf = new LinkedHashMap<>(w.stats());
            Map<String, String> skipped = new LinkedHashMap<>();
            List<Finding> findings = new ArrayList<>();
            if (w instanceof PlannerOnlyWhatIf p) {
                findings.add(unavailable(p.unavailable(), cands.size(), ro.url().redacted()));
            }
            findings.addAll(DropAdvisor.prefixesInUse(d, schema, stmts, usedBy));
            findings.addAll(PartitionAdvisor.of(ro, schema, stmts, o.partitionMinRows()));
            if (o.log() != null) {
                findings.addAll(PatternAdvisor.fromLog(gro, schema, o.log(), skipped));
            } else if (o.seen() != null) {
                findings.addAll(StatsPatterns.of(d, schema, o.seen(), skipped));
            } else {
                for (String id : List.of("n-plus-one", "cache-candidate", "matview-candidate")) {
                    skipped.put(id, "needs --log FILE or --from-stats: a workload file has no execution order, "
                            + "call counts or durations");
                }
            }
            Advice advice = new Advice(wl.source(), w.method(), w.costUnit(), o.budgetMb() == null ? null : budget,
                    cands.size(), selection, round(before), round(afterCost),
                    before <= 0 ? 0 : round(100 * (before - afterCost) / before), recs, drops, perStatement, List.of(),
                    whatIf, (System.nanoTime() - t0) / 1_000_000, notes);
            return new Report<>("advise", ro.url().redacted(), ro.describe(), findings, skipped, null, advice);
        } catch (SQLException e) {
            throw new DbAgentException(DbAgentException.Code.DATABASE,
                    "what-if costing failed: " + ExplainService.rejected(e).getMessage().replace(
                            "the database rejected the statement: ", ""), e);
        }
    }

    /** The chosen candidates, how they were found, and those the engine gave back ({@link EngineFill}). */
    record Selection(BitSet picked, String strategy, Map<Integer, EngineFill.Added> filled,
                     LeaveOneOut.Result check) {
        Selection(BitSet picked, String strategy, Map<Integer, EngineFill.Added> filled) {
            this(picked, strategy, filled, null);
        }
    }

    /**
     * The selection on a costed model: the search ({@link Selector#search}), pruning of what does not pay
     * ({@link Selector#prune}), no two indexes where one is a prefix of the other unless both pay
     * ({@link PrefixPairs}), then the engine's word on what pruning set aside ({@link EngineFill}).
     */
    static Selection select(CandidateCosts w, DialectKind d, List<Candidate> cands, CostModel model,
                            List<WhatIf.Stmt> stmts, long budget) throws SQLException {
        return select(w, d, cands, model, stmts, budget, true);
    }

    /** As {@link #select(CandidateCosts, DialectKind, List, CostModel, List, long)}; without plain greedy as a rival. */
    static Selection select(CandidateCosts w, DialectKind d, List<Candidate> cands, CostModel model,
                            List<WhatIf.Stmt> stmts, long budget, boolean greedyRival) throws SQLException {
        Selector sel = new Selector(model);
        double noise = Dialects.of(d).advisor().timedCosts() ? SQLITE_NOISE : PLANNER_NOISE;
        Selector.Choice searched = sel.search(budget);
        Selection mine = refine(w, cands, model, stmts, budget, sel, searched, noise);
        if (!greedyRival || w.buildsIndexes() || Dialects.of(d).advisor().timedCosts()) {
            return mine;
        }
        // Plain greedy is the baseline the advisor must never lose to. Its set goes through the same steps (pruning,
        // prefix pairs, the engine's fill and check) and is priced by the engine next to the search's, planner cost
        // plus each index's write penalty: the cheaper one wins. Planner costs are deterministic, so the same input
        // still gives the same answer.
        Selector.Choice greedyChoice = sel.greedy(budget);
        if (greedyChoice.chosen().equals(searched.chosen())) {
            return mine;
        }
        Selection rival = refine(w, cands, model, stmts, budget, sel, greedyChoice, noise);
        if (rival.picked().equals(mine.picked())) {
            return mine;
        }
        double own = price(w, cands, model, stmts, mine.picked());
        double theirs = price(w, cands, model, stmts, rival.picked());
        if (theirs < own - 1e-9 * Math.abs(own)) {
            return new Selection(rival.picked(), rival.strategy() + " (priced below the search's set by the engine)",
                    rival.filled(), rival.check());
        }
        return mine;
    }

    /**
     * The steps after a model's choice: pruning of what does not pay, prefix pairs, the engine's fill of what pruning
     * set aside, and the engine's leave-one-out check.
     */
    private static Selection refine(CandidateCosts w, List<Candidate> cands, CostModel model, List<WhatIf.Stmt> stmts,
                                    long budget, Selector sel, Selector.Choice searched, double noise)
            throws SQLException {
        Selector.Choice pruned = sel.prune(searched);
        BitSet picked = PrefixPairs.prune(pruned.chosen(), cands, model);
        BitSet aside = (BitSet) searched.chosen().clone();
        aside.andNot(picked);
        EngineFill.Result fill = EngineFill.fill(w, cands, model, stmts, picked, aside, budget, noise);
        LeaveOneOut.Result check = LeaveOneOut.check(w, cands, model, stmts, fill.chosen(), noise);
        Map<Integer, EngineFill.Added> filled = new LinkedHashMap<>(fill.added());
        filled.keySet().removeIf(c -> !check.chosen().get(c));
        return new Selection(check.chosen(), pruned.strategy() + (fill.added().isEmpty() ? "" : "+engine fill")
                + (check.dropped().isEmpty() ? "" : "+engine check"), filled, check);
    }

    /** The engine's weighted cost of the workload with {@code set} in place, plus the write penalty of its indexes. */
    private static double price(CandidateCosts w, List<Candidate> cands, CostModel model, List<WhatIf.Stmt> stmts,
                                BitSet set) throws SQLException {
        List<Candidate> config = new ArrayList<>();
        double penalty = 0;
        for (int c = set.nextSetBit(0); c >= 0; c = set.nextSetBit(c + 1)) {
            config.add(cands.get(c));
            penalty += model.penalty[c];
        }
        return weighted(stmts, w.costs(config, stmts)) + penalty;
    }

    /** What the leave-one-out check on the engine dropped, or why it did not run. */
    static List<String> checkNotes(LeaveOneOut.Result check, List<Candidate> cands) {
        List<String> out = new ArrayList<>();
        if (check == null) {
            return out;
        }
        if (!check.dropped().isEmpty()) {
            List<String> names = new ArrayList<>();
            check.dropped().keySet().forEach(c -> names.add(cands.get(c).table() + " (" + String.join(", ",
                    cands.get(c).columns()) + ")" + (cands.get(c).include().isEmpty() ? ""
                    : " INCLUDE (" + String.join(", ", cands.get(c).include()) + ")")));
            out.add(String.format(Locale.ROOT, "%d index(es) the cost model chose were left out: costed by the engine "
                    + "with the rest of the set, each saves less than it costs in writes or than the noise floor "
                    + "(%s); %d what-if costing(s)", names.size(), String.join("; ", names), check.costings()));
        }
        if (check.skipped() != null) {
            out.add("the chosen set was not checked index by index on the engine: " + check.skipped());
        }
        return out;
    }

    /**
     * Statements from a log or the server's statistics that the engine cannot plan (other schemas, partial lines,
     * digests without sample values) are left out, with a note.
     */
    static Workload usable(GuardedSession g, Schema schema, Workload wl, List<String> notes) {
        DbSession s = g.session();
        List<Workload.Statement> keep = new ArrayList<>();
        ExplainRunner runner = ExplainRunner.of(s);
        int dropped = 0;
        int refused = 0;
        String firstRefusal = null;
        for (Workload.Statement st : wl.statements()) {
            String sql;
            try {
                sql = g.check(st.sql()).sql();
            } catch (DbAgentException e) {
                refused++;
                firstRefusal = firstRefusal == null ? e.getMessage() : firstRefusal;
                continue;
            }
            try {
                String bound = g.check(ExplainService.bindSampleValues(g, sql, schema)).sql();
                g.rolledBack(() -> runner.explain(g, bound, false));
                keep.add(new Workload.Statement("q" + (keep.size() + 1), st.line(), sql, st.weight()));
            } catch (SQLException | RuntimeException e) {
                dropped++;
            }
        }
        if (refused > 0) {
            notes.add(refused + " statement shape(s) of " + wl.source() + " were refused by the statement guard and left out ("
                    + firstRefusal + ")");
        }
        if (dropped > 0) {
            notes.add(dropped + " statement shape(s) of " + wl.source() + " could not be planned here and were left out");
        }
        if (keep.isEmpty()) {
            throw DbAgentException.badInput("none of the statements in " + wl.source() + " can be planned on "
                    + s.url().redacted());
        }
        return new Workload(wl.source(), keep);
    }

    /** Binds parameters and checks every statement is a query the engine accepts. */
    static List<WhatIf.Stmt> prepare(GuardedSession ro, Schema schema, Workload wl) {
        List<WhatIf.Stmt> out = new ArrayList<>();
        for (Workload.Statement st : wl.statements()) {
            if (st.kind() == SqlAnalysis.Kind.OTHER) {
                throw DbAgentException.badInput("statement " + st.id() + " (line " + st.line() + " of "
                        + wl.source() + ") is not a SELECT, INSERT, UPDATE or DELETE: " + abbreviate(st.sql()));
            }
            String sql;
            try {
                sql = ro.check(ExplainService.bindSampleValues(ro, ro.check(st.sql()).sql(), schema)).sql();
            } catch (DbAgentException e) {
                throw DbAgentException.badInput("statement " + st.id() + " (line " + st.line() + "): " + e.getMessage());
            }
            out.add(new WhatIf.Stmt(st.id(), sql, st.weight(), SqlAnalysis.of(sql, ExplainService.columnsOf(schema))));
        }
        return out;
    }

    /**
     * Plans every statement once as the database is now: rejects bad ones and records the indexes in use, each with
     * the ids of the statements whose plans read it (lower-case index names).
     */
    static Map<String, List<String>> baselinePlans(GuardedSession ro, List<WhatIf.Stmt> stmts, Workload wl) {
        Map<String, List<String>> used = new LinkedHashMap<>();
        ExplainRunner runner = ExplainRunner.of(ro.session());
        for (int i = 0; i < stmts.size(); i++) {
            WhatIf.Stmt st = stmts.get(i);
            try {
                PlanNode plan = ro.rolledBack(() -> runner.explain(ro, st.sql(), false)).plan();
                plan.walk().filter(n -> n.index() != null).map(n -> n.index().toLowerCase(Locale.ROOT)).distinct()
                        .forEach(n -> used.computeIfAbsent(n, k -> new ArrayList<>()).add(st.id()));
            } catch (SQLException e) {
                throw DbAgentException.badInput("statement " + st.id() + " (line " + wl.statements().get(i).line()
                        + " of " + wl.source() + ") was rejected by the database: "
                        + ExplainService.rejected(e).getMessage().replace("the database rejected the statement: ", ""));
            }
        }
        return used;
    }

    static WhatIf open(GuardedSession ro, GuardedSession rw, Schema schema, String method, List<String> notes)
            throws SQLException {
        return Dialects.of(ro.session()).whatIf().open(ro, rw, schema, method, notes);
    }

    static double before(List<WhatIf.Stmt> stmts, Map<String, Double> base) {
        return weighted(stmts, base);
    }

    /** The candidates could not be costed: what to install, and the two methods that work without it. */
    static Finding unavailable(PlannerOnlyWhatIf.Unavailable u, int candidates, String target) {
        return Finding.builder("what-if-unavailable", io.dbagent.report.Severity.WARN)
                .subject(target)
                .message(candidates + " index candidate(s) were not costed and none is recommended: " + u.extension()
                        + " is not available and building indexes on the database is never the default")
                .fix(u.install())
                .evidence("candidates", candidates)
                .evidence("missing", u.extension())
                .evidence("alternatives", "--what-if scratch, --what-if rollback")
                .build();
    }

    static CostModel model(CandidateCosts w, DialectKind d, List<WhatIf.Stmt> stmts, Map<String, Double> base,
                           List<Candidate> cands) throws SQLException {
        int n = cands.size();
        double[] weight = new double[stmts.size()];
        double[] baseCost = new double[stmts.size()];
        for (int q = 0; q < stmts.size(); q++) {
            weight[q] = stmts.get(q).weight();
            baseCost[q] = base.get(stmts.get(q).id());
        }
        double[][] benefit = new double[stmts.size()][n];
        double[] penalty = new double[n];
        long[] size = new long[n];
        int[] tableOf = new int[n];
        Map<String, Integer> tables = new LinkedHashMap<>();
        double noise = Dialects.of(d).advisor().timedCosts() ? SQLITE_NOISE : PLANNER_NOISE;
        for (int c = 0; c < n; c++) {
            Candidate cand = cands.get(c);
            tableOf[c] = tables.computeIfAbsent(cand.table().toLowerCase(Locale.ROOT), k -> tables.size());
            List<WhatIf.Stmt> relevant = new ArrayList<>();
            for (WhatIf.Stmt st : stmts) {
                if (st.analysis().tableNames().contains(cand.table().toLowerCase(Locale.ROOT))) {
                    if (st.analysis().kind().isDml()) {
                        double share = st.analysis().kind() == SqlAnalysis.Kind.UPDATE ? WRITE_PENALTY / 2 : WRITE_PENALTY;
                        penalty[c] += st.weight() * Math.max(base.get(st.id()), 1) * share;
                    }
                    if (st.analysis().kind() != SqlAnalysis.Kind.INSERT && mentions(st.sql(), cand)) {
                        relevant.add(st);
                    }
                }
            }
            Map<String, Double> with = relevant.isEmpty() ? Map.of() : w.costs(List.of(cand), relevant);
            size[c] = w.sizeOf(cand);
            for (int q = 0; q < stmts.size(); q++) {
                Double x = with.get(stmts.get(q).id());
                if (x != null && baseCost[q] - x > noise * baseCost[q]) {
                    benefit[q][c] = baseCost[q] - x;
                }
            }
        }
        preferNarrow(cands, benefit, baseCost);
        return new CostModel(weight, baseCost, size, tableOf, benefit, penalty);
    }

    /**
     * Whether the statement names any column of the candidate (key, INCLUDE or predicate, as a whole word, any case).
     * A statement that names none of them cannot search, sort or cover anything with the index, so costing it with
     * the candidate would only repeat its base cost: it is skipped, which keeps the what-if costing to the statements
     * that can gain (a star schema's fact table is read by most statements, each through a few columns).
     */
    static boolean mentions(String sql, Candidate cand) {
        String text = sql.toLowerCase(Locale.ROOT);
        List<String> parts = new ArrayList<>(cand.columns());
        parts.addAll(cand.include());
        if (cand.where() != null) {
            parts.add(cand.where());
        }
        for (String part : parts) {
            java.util.regex.Matcher m = IDENTIFIER.matcher(part.toLowerCase(Locale.ROOT));
            while (m.find()) {
                if (java.util.regex.Pattern.compile("(?<![a-z0-9_$])" + java.util.regex.Pattern.quote(m.group())
                        + "(?![a-z0-9_$])").matcher(text).find()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static final java.util.regex.Pattern IDENTIFIER = java.util.regex.Pattern.compile("[a-z_][a-z0-9_$]*");

    /**
     * A wider index (more key columns or INCLUDE columns after the same leading key) must earn its extra size: where
     * it saves less than {@link #WIDER_MUST_SAVE} of a statement's cost beyond the narrower one, it is credited with
     * the narrower one's saving only, so the smaller index wins the tie.
     */
    static void preferNarrow(List<Candidate> cands, double[][] benefit, double[] base) {
        for (int w = 0; w < cands.size(); w++) {
            for (int n = 0; n < cands.size(); n++) {
                Candidate wide = cands.get(w);
                Candidate narrow = cands.get(n);
                if (n == w || !wide.table().equalsIgnoreCase(narrow.table())
                        || !java.util.Objects.equals(wide.where(), narrow.where())
                        || !DropAdvisor.isPrefix(narrow.columns(), wide.columns())
                        || wide.columns().size() + wide.include().size() <= narrow.columns().size() + narrow.include().size()
                        || !wide.include().containsAll(narrow.include())) {
                    continue;
                }
                for (int q = 0; q < base.length; q++) {
                    if (benefit[q][w] > benefit[q][n] && benefit[q][w] - benefit[q][n] < WIDER_MUST_SAVE * base[q]) {
                        benefit[q][w] = benefit[q][n];
                    }
                }
            }
        }
    }

    static List<Advice.Recommendation> recommendations(DialectKind d, Schema schema, WhatIf w, CostModel m,
                                                       BitSet chosen,
                                                       List<Candidate> cands, List<WhatIf.Stmt> stmts, double before,
                                                       Map<Integer, EngineFill.Added> filled) {
        List<Advice.Recommendation> out = new ArrayList<>();
        BitSet modelled = (BitSet) chosen.clone();
        filled.keySet().forEach(modelled::clear);
        double all = m.cost(modelled);
        for (int c = chosen.nextSetBit(0); c >= 0; c = chosen.nextSetBit(c + 1)) {
            BitSet without = (BitSet) modelled.clone();
            without.clear(c);
            EngineFill.Added engine = filled.get(c);
            // an index the engine gave back is credited with the saving the engine measured for it
            double pct = before <= 0 ? 0 : 100 * (engine != null ? engine.saving() - m.penalty[c]
                    : m.cost(without) - all) / before;
            List<String> queries = new ArrayList<>(engine != null ? engine.statements() : List.of());
            for (int q = 0; q < stmts.size() && engine == null; q++) {
                if (m.benefit[q][c] <= 0) {
                    continue;
                }
                boolean best = true;
                for (int o = chosen.nextSetBit(0); o >= 0; o = chosen.nextSetBit(o + 1)) {
                    if (o != c && m.tableOf[o] == m.tableOf[c] && m.benefit[q][o] > m.benefit[q][c]) {
                        best = false;
                    }
                }
                if (best) {
                    queries.add(stmts.get(q).id());
                }
            }
            Candidate cand = cands.get(c);
            // CONCURRENTLY is refused on a partitioned parent: the engine's plain form then
            String ddl = DdlWriter.of(d).indexFixFor(schema.table(cand.table()).orElse(null), cand.ddl(d));
            out.add(new Advice.Recommendation(ddl, cand.table(), cand.columns(),
                    cand.include().isEmpty() ? null : cand.include(), cand.where(), w.method(), m.size[c], round(pct),
                    queries, null));
        }
        out.sort((a, b) -> Double.compare(b.benefitPct(), a.benefitPct()));
        return out;
    }

    static double weighted(List<WhatIf.Stmt> stmts, Map<String, Double> cost) {
        double s = 0;
        for (WhatIf.Stmt st : stmts) {
            s += st.weight() * cost.get(st.id());
        }
        return s;
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    /** The statement on one line, cut to a readable length, for tables and messages. */
    public static String abbreviate(String sql) {
        String one = sql.replaceAll("\\s+", " ").trim();
        return one.length() > 80 ? one.substring(0, 77) + "..." : one;
    }
}
