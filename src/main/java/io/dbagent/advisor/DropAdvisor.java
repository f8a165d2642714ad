package io.dbagent.advisor;

import io.dbagent.dialect.DdlWriter;
import io.dbagent.dialect.Dialects;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.ForeignKey;
import io.dbagent.schema.Index;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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
