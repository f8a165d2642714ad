package io.dbagent.advisor;

import io.dbagent.dialect.DdlWriter;
import io.dbagent.dialect.Dialects;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.ForeignKey;
import io.dbagent.schema.Index;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;

import io.dbagent.report.Finding;
import io.dbagent.report.SchemaRenderer;
import io.dbagent.report.Severity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Indexes on the workload's tables that can go: ones no workload statement's plan uses, and ones a recommended
 * index makes redundant (their columns are its left prefix). Primary, unique and foreign-key-supporting indexes
 * are never proposed.
 */
final class DropAdvisor {

    private DropAdvisor() {
    }

    static List<Advice.Drop> drops(DialectKind d, Schema schema, List<WhatIf.Stmt> stmts, Set<String> usedIndexes,
                                   List<Candidate> chosen) {
        Set<String> tables = new LinkedHashSet<>();
        stmts.forEach(s -> tables.addAll(s.analysis().tableNames()));
        List<Advice.Drop> out = new ArrayList<>();
        for (String name : tables) {
            Table t = schema.table(name).orElse(null);
            if (t == null) {
                continue;
            }
            for (Index i : t.indexes()) {
                if (i.primary() || i.unique() || supportsForeignKey(t, i)) {
                    continue;
                }
                String ddl = DdlWriter.of(d).indexFixFor(t, DdlWriter.of(d).dropIndexFix(t.schema(), t.name(), i.name()));
                Candidate redundantBy = chosen.stream()
                        .filter(c -> c.table().equalsIgnoreCase(t.name()) && c.where() == null && i.where() == null
                                && isPrefix(i.columns(), c.columns()))
                        .findFirst().orElse(null);
                if (redundantBy != null) {
                    out.add(new Advice.Drop(ddl, t.name(), i.name(), "redundant once " + redundantBy.name() + " ("
                            + String.join(", ", redundantBy.columns()) + ") exists: its columns are that index's "
                            + "left prefix"));
                } else if (!usedIndexes.contains(i.name().toLowerCase(Locale.ROOT))) {
                    out.add(new Advice.Drop(ddl, t.name(), i.name(), "no plan of the " + stmts.size()
                            + " workload statements uses it; check its use in production before dropping it "
                            + usageHint(d)));
                }
            }
        }
        return out;
    }

    /** A shorter index is kept as a deliberate fast path when the longer one is at least this many times its size… */
    static final double FAST_PATH_SIZE_RATIO = 2.0;
    /** …and the statements whose plans read it carry at least this share of the workload weight. */
    static final double FAST_PATH_WEIGHT = 0.10;

    /**
     * Existing index pairs on the workload's tables where one (the shorter) is a left prefix of the other, same
     * partial predicate, both B-tree, and the plans of the workload read both: every lookup the shorter one serves,
     * the longer one can serve too, so the shorter one is usually redundant, and the workload's plans would move to
     * the longer one once it is gone. It is not reported when it enforces something (primary key, unique), or when it
     * is a deliberate fast path: the longer one is at least {@link #FAST_PATH_SIZE_RATIO} times its size and the
     * statements reading the shorter one carry {@link #FAST_PATH_WEIGHT} of the workload weight. An INFO finding with
     * the sizes and the statements on each side, not a drop in the advice: the plans that read it today are evidence
     * that someone should look before it goes (the fix is the drop to run once they have).
     *
     * @param usedBy index name (lower case) → ids of the workload statements whose plans read it
     */
    static List<Finding> prefixesInUse(DialectKind d, Schema schema, List<WhatIf.Stmt> stmts,
                                       Map<String, List<String>> usedBy) {
        Set<String> tables = new LinkedHashSet<>();
        stmts.forEach(s -> tables.addAll(s.analysis().tableNames()));
        Map<String, Double> weight = new LinkedHashMap<>();
        double total = 0;
        for (WhatIf.Stmt s : stmts) {
            weight.merge(s.id(), s.weight(), Double::sum);
            total += s.weight();
        }
        List<Finding> out = new ArrayList<>();
        for (String name : tables) {
            Table t = schema.table(name).orElse(null);
            if (t == null) {
                continue;
            }
            for (Index a : t.indexes()) {
                List<String> aUsers = usedBy.get(a.name().toLowerCase(Locale.ROOT));
                if (a.primary() || a.unique() || aUsers == null || !btree(a)) {
                    continue;
                }
                Index longer = null;
                for (Index b : t.indexes()) {
                    List<String> bUsers = usedBy.get(b.name().toLowerCase(Locale.ROOT));
                    if (b != a && bUsers != null && btree(b) && Objects.equals(a.where(), b.where())
                            && a.columns().size() < b.columns().size() && isPrefix(a.columns(), b.columns())
                            && (longer == null || b.columns().size() < longer.columns().size())) {
                        longer = b;
                    }
                }
                if (longer == null) {
                    continue;
                }
                List<String> bUsers = usedBy.get(longer.name().toLowerCase(Locale.ROOT));
                double share = 0;
                for (String id : aUsers) {
                    share += weight.getOrDefault(id, 0.0);
                }
                share = total <= 0 ? 0 : share / total;
                boolean muchSmaller = a.sizeBytes() > 0 && longer.sizeBytes() >= FAST_PATH_SIZE_RATIO * a.sizeBytes();
                if (muchSmaller && share >= FAST_PATH_WEIGHT) {
                    continue;
                }
                String sizes = a.sizeBytes() >= 0 && longer.sizeBytes() >= 0
                        ? " (" + SchemaRenderer.bytes(a.sizeBytes()) + " beside " + SchemaRenderer.bytes(longer.sizeBytes()) + ")"
                        : "";
                out.add(Finding.builder("prefix-index-in-use", Severity.INFO)
                        .subject(t.qualifiedName() + "." + a.name())
                        .message(String.format(Locale.ROOT, "index %s on %s(%s) is a left prefix of %s(%s)%s and the "
                                        + "workload's plans read both: %d statement(s) read %s (%s, %.1f %% of the "
                                        + "workload weight), %d read %s; %s can serve all of them, so %s is likely "
                                        + "redundant; check those plans on %s before dropping it", a.name(),
                                t.qualifiedName(), String.join(", ", a.columns()), longer.name(),
                                String.join(", ", longer.columns()), sizes, aUsers.size(), a.name(),
                                String.join(", ", aUsers), 100 * share, bUsers.size(), longer.name(), longer.name(),
                                a.name(), longer.name()))
                        .fix(DdlWriter.of(d).indexFixFor(t, DdlWriter.of(d).dropIndexFix(t.schema(), t.name(), a.name())))
                        .evidence("redundantIndex", a.name())
                        .evidence("coveredBy", longer.name())
                        .evidence("sizeBytes", a.sizeBytes() >= 0 ? a.sizeBytes() : null)
                        .evidence("coveredBySizeBytes", longer.sizeBytes() >= 0 ? longer.sizeBytes() : null)
                        .evidence("statements", List.copyOf(aUsers))
                        .evidence("weightPct", Math.round(1000 * share) / 10.0)
                        .evidence("coveredByStatements", List.copyOf(bUsers))
                        .build());
            }
        }
        return out;
    }

    private static boolean btree(Index i) {
        return i.method() == null || i.method().equalsIgnoreCase("btree");
    }

    private static String usageHint(DialectKind d) {
        return Dialects.of(d).advisor().indexUsageHint();
    }

    private static boolean supportsForeignKey(Table t, Index i) {
        for (ForeignKey fk : t.foreignKeys()) {
            if (isPrefix(fk.columns(), i.columns())) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code prefix} (a strict or equal left part) starts {@code cols}, case-insensitively. */
    static boolean isPrefix(List<String> prefix, List<String> cols) {
        if (prefix.isEmpty() || prefix.size() > cols.size()) {
            return false;
        }
        for (int k = 0; k < prefix.size(); k++) {
            if (!prefix.get(k).replaceAll("(?i) DESC$", "").equalsIgnoreCase(cols.get(k).replaceAll("(?i) DESC$", ""))) {
                return false;
            }
        }
        return true;
    }
}
