package io.dbagent.explain;

import io.dbagent.dialect.DdlWriter;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Finding;
import io.dbagent.report.Severity;
import io.dbagent.schema.Index;
import io.dbagent.schema.Table;
import io.dbagent.sql.SqlAnalysis;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Findings read from the plan: full scans of large tables, estimates far off, sorts that spill, inner loops run
 * thousands of times, slow statements. Thresholds are the seed's optimisation targets.
 */
final class PlanFindings {

    /** The seed: no sequential scans on tables over 10K rows. */
    static final long LARGE_TABLE_ROWS = 10_000;
    /** The seed: p95 under 100 ms. */
    static final double SLOW_MS = 100;
    static final double ESTIMATE_FACTOR = 10;
    static final double ESTIMATE_MIN_ROWS = 100;
    static final long MANY_LOOPS = 1_000;

    private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private PlanFindings() {
    }

    static List<Finding> of(FindingContext ctx, Map<String, String> skipped) {
        List<Finding> out = new ArrayList<>();
        seqScans(ctx, out);
        if (ctx.analyzed()) {
            estimates(ctx, out, skipped);
            spills(ctx, out, skipped);
            loops(ctx, out, skipped);
        } else {
            for (String id : List.of("row-estimate-off", "sort-spill", "nested-loop-many")) {
                skipped.put(id, "needs --analyze (actual rows, loops and spills exist only for an executed statement)");
            }
        }
        slow(ctx, out, skipped);
        return out;
    }

    /** seq-scan-large-table: names the filter columns and offers the index that serves them. */
    static void seqScans(FindingContext ctx, List<Finding> out) {
        Set<String> seen = new LinkedHashSet<>();
        ctx.plan().walk().filter(n -> "full-scan".equals(n.kind())).forEach(n -> ctx.table(n).ifPresent(t -> {
            long rows = t.rowEstimate();
            if (rows < 0 && n.actualRows() != null) {
                rows = (long) (n.actualRows() + (n.rowsRemovedByFilter() == null ? 0 : n.rowsRemovedByFilter()));
            }
            if (rows <= LARGE_TABLE_ROWS || !seen.add(t.name())) {
                return;
            }
            String message0 = n.node() + " on " + ctx.subject(t) + " (" + String.format(Locale.ROOT, "%,d", rows)
                    + " rows)";
            Finding shaped = nonSargable(ctx, t, rows, n, message0);
            if (shaped != null) {
                out.add(shaped);
                return;
            }
            List<String> cols = indexColumns(ctx, t, n);
            if (cols.isEmpty()) {
                return; // reading the whole table is the job (an unfiltered aggregate): no index helps
            }
            DialectKind d = ctx.dialect();
            Index existing = t.indexes().stream()
                    .filter(i -> !i.columns().isEmpty() && i.columns().get(0).equalsIgnoreCase(cols.get(0)))
                    .findFirst().orElse(null);
            String fix;
            String message = n.node() + " on " + ctx.subject(t) + " (" + String.format(Locale.ROOT, "%,d", rows)
                    + " rows) filtering on " + String.join(", ", cols) + ": every execution reads the whole table";
            if (existing != null) {
                message += "; index " + existing.name() + " exists but the planner prefers the scan (the filter may "
                        + "match many rows, or statistics are stale)";
                fix = ctx.planRules().refreshStats(ctx.mariaDb(), t, cols);
            } else {
                fix = DdlWriter.of(d).createIndexFix(t.schema(), t.name(), DdlWriter.indexName(t.name(), cols), cols);
            }
            out.add(Finding.builder("seq-scan-large-table", rows >= 1_000_000 ? Severity.CRITICAL : Severity.WARN)
                    .subject(ctx.subject(t))
                    .message(message)
                    .fix(fix)
                    .evidence("table", t.name())
                    .evidence("rows", rows)
                    .evidence("filterColumns", cols)
                    .evidence("node", n.node())
                    .evidence("existingIndex", existing == null ? null : existing.name())
                    .evidence("rowsRemovedByFilter", n.rowsRemovedByFilter())
                    .build());
        }));
    }

    /**
     * A full scan whose filter column is compared through an implicit cast (an integer column with {@code 42.0}) is
     * the cast's doing: no statistics refresh or new index helps while the column is converted per row. Such a
     * seq-scan-large-table finding says so and carries the implicit-cast finding's rewrite as its fix (plus the index,
     * where none exists on the column); everything else is returned as it was, in the same order.
     */
    static List<Finding> scansExplainedByCasts(List<Finding> findings) {
        List<Finding> out = new ArrayList<>();
        for (Finding f : findings) {
            Finding cast = f.id().equals("seq-scan-large-table") && f.evidence().get("shape") == null
                    ? findings.stream().filter(c -> c.id().equals("implicit-cast") && explains(c, f)).findFirst()
                    .orElse(null) : null;
            if (cast == null) {
                out.add(f);
                continue;
            }
            Object existing = f.evidence().get("existingIndex");
            String column = String.valueOf(cast.evidence().get("column"));
            String message = f.message().replaceAll("; index .*$", "") + "; the implicit cast on "
                    + cast.subject() + " (" + cast.evidence().get("predicate") + ") keeps "
                    + (existing != null ? "index " + existing : "any index on " + column) + " from being used";
            String fix = cast.fix() + (existing == null && f.fix() != null ? "\n" + f.fix() : "");
            Finding.Builder b = Finding.builder(f.id(), f.severity()).subject(f.subject()).message(message).fix(fix);
            f.evidence().forEach(b::evidence);
            b.evidence("cause", "implicit-cast");
            out.add(b.build());
        }
        return out;
    }

    private static boolean explains(Finding cast, Finding scan) {
        Object table = cast.evidence().get("table");
        Object column = cast.evidence().get("column");
        return table != null && column != null && table.toString().equalsIgnoreCase(String.valueOf(
                scan.evidence().get("table"))) && scan.evidence().get("filterColumns") instanceof List<?> cols
                && cols.stream().anyMatch(c -> column.toString().equalsIgnoreCase(String.valueOf(c)));
    }

    /**
     * The fix for the filter shapes a plain index on the filter columns cannot serve: a date function or cast compared
     * with a day ({@code date(created_at) = '2025-03-01'}) gets the range rewrite on the bare column and that column's
     * index; another function ({@code lower(email) = …}) gets an index on the expression; an OR across columns gets
     * one single-column index per branch, which the planner combines (bitmap OR, index merge, multi-index OR).
     * Null when the filter is none of these.
     */
    static Finding nonSargable(FindingContext ctx, Table t, long rows, PlanNode n, String head) {
        SqlAnalysis a = ctx.analysis();
        DialectKind d = ctx.dialect();
        DdlWriter w = DdlWriter.of(d);
        Severity sev = rows >= 1_000_000 ? Severity.CRITICAL : Severity.WARN;
        boolean sargable = a.predicatesOn(t.name()).stream().anyMatch(p -> p.sargable() && t.column(p.column()).isPresent());
        for (List<SqlAnalysis.ColumnRef> group : a.orColumns()) {
            List<String> cols = group.stream().filter(c -> t.name().equalsIgnoreCase(c.table()))
                    .map(c -> t.column(c.column()).map(x -> x.name()).orElse(null))
                    .filter(java.util.Objects::nonNull).distinct().toList();
            if (cols.size() < 2 || cols.size() != group.size()) {
                continue;
            }
            List<String> fixes = new ArrayList<>();
            for (String c : cols) {
                boolean indexed = t.primaryKey().stream().findFirst().filter(c::equalsIgnoreCase).isPresent()
                        || t.indexes().stream().anyMatch(i -> !i.columns().isEmpty() && i.columns().get(0).equalsIgnoreCase(c));
                if (!indexed) {
                    fixes.add(w.createIndexFix(t.schema(), t.name(), DdlWriter.indexName(t.name(), List.of(c)), List.of(c)));
                }
            }
            if (fixes.isEmpty()) {
                return null;
            }
            return Finding.builder("seq-scan-large-table", sev).subject(ctx.subject(t))
                    .message(head + " filtering on " + String.join(" OR ", cols) + ": an OR across columns needs an index "
                            + "on each of them (one index on all of them serves only the first)")
                    .fix("-- one index per OR branch; the planner combines them\n" + String.join("\n", fixes))
                    .evidence("table", t.name()).evidence("rows", rows).evidence("filterColumns", cols)
                    .evidence("node", n.node()).evidence("shape", "or-across-columns").build();
        }
        if (sargable) {
            return null;
        }
        for (SqlAnalysis.Predicate p : a.expressionPredicates()) {
            if (!t.name().equalsIgnoreCase(p.table()) || t.column(p.column()).isEmpty()) {
                continue;
            }
            String col = t.column(p.column()).get().name();
            String type = t.column(p.column()).get().type();
            String f = p.function();
            java.time.LocalDate day = day(p);
            Integer year = year(p);
            String fix;
            String shape;
            java.time.LocalDate[] period = strftimePeriod(p);
            if (day != null && (f.equals("date") || f.equals("::date") || f.equals("date_trunc"))
                    || year != null || period != null) {
                shape = day != null || period != null && period[1].equals(period[0].plusDays(1)) ? "date-function"
                        : period != null && period[1].equals(period[0].plusMonths(1)) ? "month-function"
                        : "year-function";
                java.time.LocalDate from = period != null ? period[0] : day != null ? day
                        : java.time.LocalDate.of(year, 1, 1);
                java.time.LocalDate to = period != null ? period[1] : day != null ? day.plusDays(1)
                        : from.plusYears(1);
                String range = w.ident(col) + " >= '" + from + "' AND " + w.ident(col) + " < '" + to + "'";
                String unit = switch (shape) {
                    case "date-function" -> "day's";
                    case "month-function" -> "month's";
                    default -> "year's";
                };
                Index onCol = t.indexes().stream().filter(i -> !i.columns().isEmpty()
                        && i.columns().get(0).equalsIgnoreCase(col)).findFirst().orElse(null);
                fix = "-- compare the bare column with the " + unit + " range, so "
                        + (onCol == null ? "an index on it" : "index " + onCol.name()) + " serves the filter:\n"
                        + rewrite(ctx.sql(), p.text(), range)
                        + (onCol != null ? "" : w.createIndexFix(t.schema(), t.name(),
                        DdlWriter.indexName(t.name(), List.of(col)), List.of(col)));
            } else if (!f.startsWith("::")) {
                shape = "expression";
                String expr = SqlAnalysis.indexExpression(p);
                if (expr == null) {
                    continue;
                }
                String generated = col + "_" + f.replaceAll("[^A-Za-z0-9]", "");
                fix = w.createExpressionIndexFix(ctx.mariaDb(), t.schema(), t.name(),
                        DdlWriter.indexName(t.name(), List.of(f, col)), expr, generated, type);
                if (ctx.mariaDb()) {
                    // MariaDB does not match an expression to a virtual column: the statement must name the column
                    String named = ctx.sql().replace(p.expression(), w.ident(generated));
                    if (!named.equals(ctx.sql())) {
                        fix += "\n-- the statement, naming the column:\n-- " + named.replace("\n", "\n-- ");
                    }
                }
            } else {
                continue;
            }
            return Finding.builder("seq-scan-large-table", sev).subject(ctx.subject(t))
                    .message(head + " filtering on " + p.expression() + ": an index on " + col + " alone cannot serve a "
                            + "function of it")
                    .fix(fix)
                    .evidence("table", t.name()).evidence("rows", rows).evidence("filterColumns", List.of(col))
                    .evidence("node", n.node()).evidence("shape", shape).build();
        }
        return null;
    }

    /** The statement with the predicate replaced by {@code range} as a comment line, or the range alone. */
    static String rewrite(String sql, String predicate, String range) {
        String out = range;
        if (predicate != null && !predicate.isBlank()) {
            // as the parser prints it: case and spacing may differ from the statement as written
            StringBuilder re = new StringBuilder("(?i)");
            for (String piece : predicate.strip().split("\\s+")) {
                re.append(re.length() > 4 ? "\\s*" : "").append(Pattern.quote(piece));
            }
            Matcher m = Pattern.compile(re.toString()).matcher(sql);
            if (m.find()) {
                out = sql.substring(0, m.start()) + range + sql.substring(m.end());
            }
        }
        return "-- " + out.replace("\n", "\n-- ") + "\n";
    }

    private static final Pattern STRFTIME = Pattern.compile(
            "(?i)strftime\\s*\\(\\s*'(%Y|%Y-%m|%Y-%m-%d)'\\s*,.*\\)\\s*");

    /**
     * SQLite's {@code strftime('%Y', col) = '2024'} ({@code '%Y-%m'} a month, {@code '%Y-%m-%d'} a day): the period as
     * [from, to), else null.
     */
    static java.time.LocalDate[] strftimePeriod(SqlAnalysis.Predicate p) {
        if (!"strftime".equals(p.function()) || p.op() != SqlAnalysis.Op.EQ || p.value() == null
                || p.valueKind() != SqlAnalysis.ValueKind.STRING || p.expression() == null) {
            return null;
        }
        Matcher m = STRFTIME.matcher(p.expression());
        if (!m.matches()) {
            return null;
        }
        String v = p.value().strip();
        try {
            return switch (m.group(1)) {
                case "%Y" -> {
                    if (!v.matches("\\d{4}")) {
                        yield null;
                    }
                    java.time.LocalDate from = java.time.LocalDate.of(Integer.parseInt(v), 1, 1);
                    yield new java.time.LocalDate[] {from, from.plusYears(1)};
                }
                case "%Y-%m" -> {
                    if (!v.matches("\\d{4}-\\d{2}")) {
                        yield null;
                    }
                    java.time.LocalDate from = java.time.LocalDate.parse(v + "-01");
                    yield new java.time.LocalDate[] {from, from.plusMonths(1)};
                }
                default -> {
                    if (!v.matches("\\d{4}-\\d{2}-\\d{2}")) {
                        yield null;
                    }
                    java.time.LocalDate from = java.time.LocalDate.parse(v);
                    yield new java.time.LocalDate[] {from, from.plusDays(1)};
                }
            };
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    /** {@code extract(year from col) = 2024}, {@code year(col) = 2024}: the year, else null. */
    /**
     * The period a date shape compares with, as [from, to): {@code date(col) = day}, {@code col::date = day},
     * {@code extract(year …)} / {@code year(col) = y}, SQLite's {@code strftime}; null for any other predicate.
     */
    static java.time.LocalDate[] period(SqlAnalysis.Predicate p) {
        java.time.LocalDate[] st = strftimePeriod(p);
        if (st != null) {
            return st;
        }
        String f = p.function();
        java.time.LocalDate day = day(p);
        if (day != null && f != null && (f.equals("date") || f.equals("::date") || f.equals("date_trunc"))) {
            return new java.time.LocalDate[] {day, day.plusDays(1)};
        }
        Integer y = year(p);
        if (y != null) {
            java.time.LocalDate from = java.time.LocalDate.of(y, 1, 1);
            return new java.time.LocalDate[] {from, from.plusYears(1)};
        }
        return null;
    }

    static Integer year(SqlAnalysis.Predicate p) {
        String f = p.function();
        boolean yearFn = "year".equals(f) || "extract".equals(f) && p.expression() != null
                && p.expression().toLowerCase(java.util.Locale.ROOT).replaceAll("\\s+", " ").matches("extract\\s*\\(\\s*year from .*");
        if (!yearFn || p.op() != SqlAnalysis.Op.EQ || p.value() == null
                || p.valueKind() != SqlAnalysis.ValueKind.NUMBER && p.valueKind() != SqlAnalysis.ValueKind.STRING) {
            return null;
        }
        try {
            int y = Integer.parseInt(p.value().strip());
            return y >= 1 && y <= 9998 ? y : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static java.time.LocalDate day(SqlAnalysis.Predicate p) {
        if (p.op() != SqlAnalysis.Op.EQ || p.valueKind() != SqlAnalysis.ValueKind.STRING || p.value() == null) {
            return null;
        }
        try {
            return java.time.LocalDate.parse(p.value().strip());
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /**
     * Columns an index for this scan should have: equality predicates first, then one range, then join keys (for
     * the inner side of a join); at most three. Falls back to column names in the engine's filter text.
     */
    static List<String> indexColumns(FindingContext ctx, Table t, PlanNode n) {
        List<String> eq = new ArrayList<>();
        List<String> range = new ArrayList<>();
        for (SqlAnalysis.Predicate p : ctx.analysis().predicatesOn(t.name())) {
            if (!p.sargable() || t.column(p.column()).isEmpty()) {
                continue;
            }
            String col = t.column(p.column()).get().name();
            (p.isEquality() ? eq : range).add(col);
        }
        Set<String> cols = new LinkedHashSet<>(eq);
        range.stream().findFirst().ifPresent(cols::add);
        for (SqlAnalysis.JoinKey j : ctx.analysis().joins()) {
            if (t.name().equalsIgnoreCase(j.leftTable()) && t.column(j.leftColumn()).isPresent()) {
                cols.add(t.column(j.leftColumn()).get().name());
            } else if (t.name().equalsIgnoreCase(j.rightTable()) && t.column(j.rightColumn()).isPresent()) {
                cols.add(t.column(j.rightColumn()).get().name());
            }
        }
        if (cols.isEmpty() && n.filter() != null) {
            Matcher m = IDENT.matcher(n.filter().replaceAll("'[^']*'", ""));
            while (m.find()) {
                t.column(m.group()).ifPresent(c -> cols.add(c.name()));
            }
        }
        return cols.stream().limit(3).toList();
    }

    static void estimates(FindingContext ctx, List<Finding> out, Map<String, String> skipped) {
        String noEstimates = ctx.planRules().noEstimates();
        if (noEstimates != null) {
            skipped.put("row-estimate-off", noEstimates);
            return;
        }
        Set<String> seen = new LinkedHashSet<>();
        ctx.plan().walk().filter(n -> n.estimatedRows() != null && n.actualRows() != null && n.loops() != null
                && n.loops() > 0).forEach(n -> {
            double e = n.estimatedRows();
            double a = n.actualRows();
            double hi = Math.max(e, a);
            double ratio = hi / Math.max(1, Math.min(e, a));
            if (ratio < ESTIMATE_FACTOR || hi < ESTIMATE_MIN_ROWS) {
                return;
            }
            Table t = ctx.table(n).orElse(null);
            String subject = t == null ? n.node() : ctx.subject(t);
            if (!seen.add(subject)) {
                return;
            }
            List<String> cols = t == null ? List.of() : indexColumns(ctx, t, n);
            String fix = t == null ? ctx.planRules().refreshAllStats() : ctx.planRules().refreshStats(ctx.mariaDb(), t, cols);
            out.add(Finding.builder("row-estimate-off", Severity.WARN)
                    .subject(subject)
                    .message(String.format(Locale.ROOT, "%s%s: the planner expected %,.0f rows, got %,.0f (%.0fx off)"
                                    + " — plans built on this estimate pick the wrong join order or access path",
                            n.node(), t == null ? "" : " on " + ctx.subject(t), e, a, ratio))
                    .fix(fix)
                    .evidence("node", n.node())
                    .evidence("estimatedRows", e)
                    .evidence("actualRows", a)
                    .evidence("factor", Math.round(ratio * 10) / 10.0)
                    .build());
        });
    }

    static void spills(FindingContext ctx, List<Finding> out, Map<String, String> skipped) {
        ctx.planRules().spills(ctx, out, skipped);
    }

    static void loops(FindingContext ctx, List<Finding> out, Map<String, String> skipped) {
        PlanRules rules = ctx.planRules();
        if (rules.noLoops() != null) {
            skipped.put("nested-loop-many", rules.noLoops());
            return;
        }
        Set<String> seen = new LinkedHashSet<>();
        ctx.plan().walk().forEach(n -> {
            PlanNode inner = rules.loopInner(n);
            if (inner == null || inner.loops() == null || inner.loops() < MANY_LOOPS) {
                return;
            }
            PlanNode scan = inner.walk().filter(x -> x.relation() != null).findFirst().orElse(inner);
            Table t = ctx.table(scan).orElse(null);
            String subject = t == null ? scan.node() : ctx.subject(t);
            if (!seen.add(subject)) {
                return;
            }
            boolean fullScan = "full-scan".equals(scan.kind());
            List<String> keys = t == null ? List.of() : indexColumns(ctx, t, scan);
            String fix = fullScan && t != null && !keys.isEmpty()
                    ? DdlWriter.of(ctx.dialect()).createIndexFix(t.schema(), t.name(), DdlWriter.indexName(t.name(), keys), keys)
                    : t != null ? rules.refreshStats(ctx.mariaDb(), t, keys)
                    + "\n-- if the outer side really is this large, a hash join (PG) or a batched IN (...) lookup "
                    + "does the work once" : "ANALYZE;";
            out.add(Finding.builder("nested-loop-many", fullScan ? Severity.WARN : Severity.INFO)
                    .subject(subject)
                    .message(String.format(Locale.ROOT, "the inner side of a nested loop (%s%s) ran %,d times%s",
                            scan.node(), t == null ? "" : " on " + ctx.subject(t), inner.loops(),
                            fullScan ? ", scanning the table each time" : ""))
                    .fix(fix)
                    .evidence("loops", inner.loops()).evidence("innerNode", scan.node())
                    .build());
        });
    }

    static void slow(FindingContext ctx, List<Finding> out, Map<String, String> skipped) {
        Double p95 = ctx.timing() != null ? Double.valueOf(ctx.timing().p95Ms()) : ctx.raw().executionMs();
        if (p95 == null) {
            skipped.put("slow-query", "needs --analyze or --runs N to measure time");
            return;
        }
        if (p95 < SLOW_MS) {
            return;
        }
        String basis = ctx.timing() != null ? "p95 of " + ctx.timing().runs() + " runs" : "the analysed run";
        out.add(Finding.builder("slow-query", p95 >= 10 * SLOW_MS ? Severity.CRITICAL : Severity.WARN)
                .subject(ExplainService.abbreviate(ctx.sql()))
                .message(String.format(Locale.ROOT, "%s took %.1f ms, above the 100 ms target", basis, p95))
                .fix("-- apply the fixes of the other findings, or let the advisor pick indexes for it:\n"
                        + "dbagent advise --db <url> --workload query.sql")
                .evidence("p95Ms", p95)
                .build());
    }
}
