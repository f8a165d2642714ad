package io.dbagent.explain;

import io.dbagent.dialect.DdlWriter;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Finding;
import io.dbagent.report.Severity;
import io.dbagent.schema.Column;
import io.dbagent.schema.Index;
import io.dbagent.schema.Table;
import io.dbagent.sql.Rewrites;
import io.dbagent.sql.SqlAnalysis;
import io.dbagent.sql.SqlAnalysis.Predicate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Findings read from the statement text: shapes that keep an index from being used or make the engine do work per
 * row. Each comes with a rewrite or DDL to paste.
 */
final class QueryFindings {

    private static final Set<String> DATE_FUNCTIONS = Set.of("date", "year", "month", "date_trunc", "extract",
            "strftime", "to_char", "date_format");
    private static final Set<String> TEXT_TYPES = Set.of("char", "varchar", "text", "character", "character varying",
            "nvarchar", "clob", "tinytext", "mediumtext", "longtext", "bpchar", "citext");
    private static final Set<String> INTEGER_TYPES = Set.of("integer", "int", "bigint", "smallint", "int4", "int8",
            "int2");
    static final long OFFSET_WARN = 10_000;

    private QueryFindings() {
    }

    static List<Finding> of(FindingContext ctx, Map<String, String> skipped) {
        List<Finding> out = new ArrayList<>();
        SqlAnalysis a = ctx.analysis();
        if (!a.parsed()) {
            for (String id : List.of("function-on-indexed-column", "leading-wildcard-like", "implicit-cast",
                    "select-star", "offset-pagination", "not-in-subquery", "correlated-subquery")) {
                skipped.put(id, "the SQL parser could not read the statement (" + a.parseError() + ")");
            }
            return out;
        }
        for (Predicate p : a.predicates()) {
            Optional<Table> t = ctx.table(p.table());
            if (t.isEmpty()) {
                continue;
            }
            functionOnIndexed(ctx, t.get(), p, out);
            leadingWildcard(ctx, t.get(), p, out);
            implicitCast(ctx, t.get(), p, out);
        }
        selectStar(ctx, out);
        offset(ctx, out);
        notIn(ctx, out);
        correlated(ctx, out);
        return out;
    }

    static void functionOnIndexed(FindingContext ctx, Table t, Predicate p, List<Finding> out) {
        if (p.function() == null || p.function().startsWith("::") || p.expression() == null) {
            return;
        }
        Optional<Index> idx = leadingIndex(t, p.column());
        if (idx.isEmpty()) {
            return;
        }
        DialectKind d = ctx.dialect();
        String name = DdlWriter.indexName(t.name(), List.of(p.function(), p.column()));
        String type = t.column(p.column()).map(Column::type).orElse("varchar(255)");
        String fix = DdlWriter.of(d).createExpressionIndexFix(ctx.mariaDb(), t.schema(), t.name(), name, p.expression(),
                p.column() + "_" + p.function(), type);
        java.time.LocalDate[] period = PlanFindings.period(p);
        if (period != null) {
            // the statement's own period as a range on the bare column: the existing index serves it, no new index
            DdlWriter w = DdlWriter.of(d);
            String col = w.ident(t.column(p.column()).map(Column::name).orElse(p.column()));
            String range = col + " >= '" + period[0] + "' AND " + col + " < '" + period[1] + "'";
            String rewritten = PlanFindings.rewrite(ctx.sql(), p.text(), range);
            fix = "-- compare the bare column with the range, so " + idx.get().name() + " serves it:\n"
                    + (rewritten.startsWith("-- " + range + "\n") ? rewritten
                    : rewritten.substring(3).replace("\n-- ", "\n").stripTrailing() + ";");
        } else if (DATE_FUNCTIONS.contains(p.function())) {
            fix = "-- better: compare the bare column with a range of the period so " + idx.get().name()
                    + " serves it (col >= start AND col < end)\n-- or index the expression:\n" + fix;
        }
        out.add(Finding.builder("function-on-indexed-column", Severity.WARN)
                .subject(t.qualifiedName() + "." + p.column())
                .message(p.expression() + " wraps " + t.name() + "." + p.column() + ", so index " + idx.get().name()
                        + " on it cannot be used for: " + p.text())
                .fix(fix)
                .evidence("index", idx.get().name()).evidence("function", p.function()).evidence("predicate", p.text())
                .build());
    }

    static void leadingWildcard(FindingContext ctx, Table t, Predicate p, List<Finding> out) {
        if (p.op() != SqlAnalysis.Op.LIKE || p.valueKind() != SqlAnalysis.ValueKind.STRING || p.value() == null
                || !(p.value().startsWith("%") || p.value().startsWith("_"))) {
            return;
        }
        String col = DdlWriter.of(ctx.dialect()).ident(t.column(p.column()).map(Column::name).orElse(p.column()));
        String fix = ctx.planRules().leadingWildcardFix(t, p.column(), col, p.value());
        out.add(Finding.builder("leading-wildcard-like", Severity.WARN)
                .subject(t.qualifiedName() + "." + p.column())
                .message("LIKE '" + p.value() + "' starts with a wildcard: no B-tree index on " + t.name() + "."
                        + p.column() + " can serve it, every row is compared")
                .fix(fix)
                .evidence("pattern", p.value())
                .build());
    }

    static void implicitCast(FindingContext ctx, Table t, Predicate p, List<Finding> out) {
        Optional<Column> col = t.column(p.column());
        if (col.isEmpty() || p.negated()) {
            return;
        }
        String type = col.get().type().toLowerCase(Locale.ROOT).replaceAll("\\(.*", "").trim();
        boolean textColumn = TEXT_TYPES.contains(type);
        boolean castOnColumn = p.function() != null && p.function().startsWith("::") && leadingIndex(t, p.column()).isPresent();
        boolean numberAgainstText = textColumn && ctx.planRules().numberLiteralCastsTextColumn()
                && p.valueKind() == SqlAnalysis.ValueKind.NUMBER
                && (p.op() == SqlAnalysis.Op.EQ || p.op() == SqlAnalysis.Op.IN || p.op() == SqlAnalysis.Op.RANGE);
        // PG compares an integer column with 42.0 as numeric: it casts the column, so no index on it is used
        boolean decimalAgainstInteger = ctx.planRules().decimalLiteralCastsColumn() && INTEGER_TYPES.contains(type)
                && p.valueKind() == SqlAnalysis.ValueKind.NUMBER && p.value() != null && p.value().contains(".")
                && p.op() != SqlAnalysis.Op.LIKE;
        if (!castOnColumn && !numberAgainstText && !decimalAgainstInteger) {
            return;
        }
        String fixed;
        String why;
        if (numberAgainstText) {
            fixed = p.text().replace(p.value(), "'" + p.value() + "'");
            why = t.name() + "." + p.column() + " is " + col.get().type() + " but is compared with the number "
                    + p.value() + ": MySQL/MariaDB convert every row's value to a number, so no index on it can be "
                    + "used";
        } else if (decimalAgainstInteger) {
            String integral = p.value().replaceAll("\\.0+$", "");
            fixed = p.text().replace(p.value(), integral.contains(".") ? "CAST(" + p.value() + " AS " + type + ")"
                    : integral);
            why = t.name() + "." + p.column() + " is " + col.get().type() + " but is compared with the decimal "
                    + p.value() + ": PostgreSQL casts the column to numeric for every row and cannot use its index";
        } else {
            fixed = p.text().replace(p.expression(), p.column());
            why = "the cast " + p.expression() + " is applied to every row of " + t.name() + "." + p.column()
                    + " (" + col.get().type() + "), so its index cannot be used; the literal converts to the "
                    + "column's type instead";
        }
        String statement = PlanFindings.rewrite(ctx.sql(), p.text(), fixed);
        if (!statement.equals("-- " + fixed.replace("\n", "\n-- ") + "\n")) {
            fixed = statement.substring(3).replace("\n-- ", "\n").stripTrailing() + ";";
        }
        out.add(Finding.builder("implicit-cast", Severity.WARN)
                .subject(t.qualifiedName() + "." + p.column())
                .message(why)
                .fix("-- compare with a literal of the column's type:\n" + fixed)
                .evidence("columnType", col.get().type()).evidence("literal", p.value())
                .evidence("literalType", numberAgainstText ? "number" : decimalAgainstInteger ? "numeric"
                        : p.function())
                .evidence("predicate", p.text())
                .evidence("table", t.name()).evidence("column", p.column())
                .build());
    }

    static void selectStar(FindingContext ctx, List<Finding> out) {
        SqlAnalysis a = ctx.analysis();
        if (!a.selectStar() || a.kind() != SqlAnalysis.Kind.SELECT) {
            return;
        }
        List<String> tables = a.tableNames();
        Optional<String> rewrite = Optional.empty();
        if (tables.size() == 1) {
            Optional<Table> t = ctx.table(tables.get(0));
            if (t.isPresent()) {
                rewrite = Rewrites.expandStar(ctx.sql(), t.get().columns().stream()
                        .map(c -> DdlWriter.of(ctx.dialect()).ident(c.name())).toList());
            }
        }
        out.add(Finding.builder("select-star", Severity.INFO)
                .subject(ExplainService.abbreviate(ctx.sql()))
                .message("SELECT * reads every column of " + String.join(", ", tables)
                        + ": it defeats index-only scans and ships columns the caller may not use")
                .fix(rewrite.map(r -> "-- name the columns you need:\n" + r)
                        .orElse("-- list the columns the caller needs instead of *"))
                .build());
    }

    static void offset(FindingContext ctx, List<Finding> out) {
        Long off = ctx.analysis().offset();
        if (off == null || off <= 0) {
            return;
        }
        Optional<String> rewrite = Rewrites.keyset(ctx.sql());
        out.add(Finding.builder("offset-pagination", off >= OFFSET_WARN ? Severity.WARN : Severity.INFO)
                .subject(ExplainService.abbreviate(ctx.sql()))
                .message(String.format(Locale.ROOT, "OFFSET %,d makes the engine produce and discard %,d rows for this "
                        + "page; pages get slower the deeper they go", off, off))
                .fix(rewrite.map(r -> "-- keyset pagination:\n" + r)
                        .orElse("-- keyset pagination: ORDER BY a unique key and continue with WHERE key > <last key> "
                                + "LIMIT n instead of OFFSET"))
                .evidence("offset", off)
                .build());
    }

    static void notIn(FindingContext ctx, List<Finding> out) {
        for (SqlAnalysis.Subquery s : ctx.analysis().notInSubqueries()) {
            Optional<String> rewrite = Rewrites.notInToNotExists(ctx.sql());
            out.add(Finding.builder("not-in-subquery", Severity.WARN)
                    .subject(ExplainService.abbreviate(s.text()))
                    .message("NOT IN (SELECT ...) on " + s.outerColumn() + " cannot become an anti-join when the "
                            + "subquery may return NULL, and returns no rows at all if it does")
                    .fix(rewrite.map(r -> "-- NOT EXISTS (same result when " + s.innerColumn()
                            + " has no NULLs; the planner turns it into an anti-join):\n" + r)
                            .orElse("-- rewrite as NOT EXISTS (SELECT 1 FROM ... WHERE inner.col = outer.col)"))
                    .build());
        }
    }

    static void correlated(FindingContext ctx, List<Finding> out) {
        List<SqlAnalysis.Subquery> subs = ctx.analysis().correlatedSubqueries();
        if (subs.isEmpty()) {
            return;
        }
        Optional<String> rewrite = Rewrites.decorrelate(ctx.sql());
        for (SqlAnalysis.Subquery s : subs) {
            out.add(Finding.builder("correlated-subquery", Severity.WARN)
                    .subject(ExplainService.abbreviate(s.text()))
                    .message("the subquery on " + (s.innerTable() == null ? "?" : s.innerTable())
                            + " refers to the outer " + (s.outerTable() == null ? "" : s.outerTable() + ".")
                            + s.outerColumn() + " and runs once per outer row")
                    .fix(rewrite.map(r -> "-- aggregate once and join:\n" + r)
                            .orElse("-- aggregate the inner table once (GROUP BY its key) and LEFT JOIN it on "
                                    + s.outerColumn()))
                    .build());
        }
    }

    private static Optional<Index> leadingIndex(Table t, String column) {
        return t.indexes().stream()
                .filter(i -> !i.columns().isEmpty() && i.columns().get(0).equalsIgnoreCase(column))
                .findFirst();
    }
}
