package io.dbagent.advisor;

import io.dbagent.schema.Index;
import io.dbagent.schema.Table;
import io.dbagent.schema.Unique;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a candidate would duplicate what the table already has: it is equal to, or a left prefix of, an existing
 * B-tree index, a unique constraint or the primary key; or it is a partial index {@code (a) WHERE b = v} beside a full
 * index that starts with {@code a} and {@code b}. The primary key counts on every engine (the rowid / INTEGER
 * PRIMARY KEY on SQLite and the clustered key on InnoDB are not listed as secondary indexes); where every index
 * entry carries the primary key (InnoDB, SQLite) an index on {@code (a)} already is one on {@code (a, pk)}.
 * Expression key parts compare by their text without spaces, parentheses, quotes and casts, so
 * {@code lower(email)} matches PostgreSQL's {@code lower((email)::text)}.
 */
final class ExistingIndexFilter {

    private ExistingIndexFilter() {
    }

    /** True when {@code c} adds nothing an existing index or key of {@code t} does not already provide. */
    static boolean redundant(Table t, Candidate c, boolean keyInEveryIndex) {
        List<String> cand = c.columns().stream().map(ExistingIndexFilter::part).toList();
        List<String> pk = t.primaryKey().stream().map(ExistingIndexFilter::part).toList();
        if (c.where() == null && !pk.isEmpty() && isPrefix(cand, pk)) {
            // the primary key already orders the rows by these columns; on InnoDB and SQLite it also holds every column
            return true;
        }
        for (Unique u : t.uniques()) {
            if (c.where() == null && c.include().isEmpty()
                    && isPrefix(cand, u.columns().stream().map(ExistingIndexFilter::part).toList())) {
                return true;
            }
        }
        for (Index i : t.indexes()) {
            if (i.method() != null && !i.method().equalsIgnoreCase("btree")) {
                continue;
            }
            if (!sameWhere(i.where(), c.where())) {
                continue;
            }
            List<String> cols = new ArrayList<>(i.columns().stream().map(ExistingIndexFilter::part).toList());
            if (keyInEveryIndex && !i.primary()) {
                for (String k : pk) {
                    if (!cols.contains(k)) {
                        cols.add(k);
                    }
                }
            }
            if (!isPrefix(cand, cols)) {
                continue;
            }
            if (storesIncluded(i, cols, c, pk, keyInEveryIndex)) {
                return true;
            }
        }
        return coveredByAFullIndex(t, c, cand, pk, keyInEveryIndex);
    }

    /**
     * A partial candidate {@code (a) WHERE b = v} adds nothing an existing full index on {@code (a, b, …)} or
     * {@code (b, a, …)} does not already provide: that one finds the same rows by the same equality, only in a larger
     * tree. (Beside such an index the partial one would save a sliver of a statement and cost its own upkeep.)
     */
    private static boolean coveredByAFullIndex(Table t, Candidate c, List<String> cand, List<String> pk,
                                               boolean keyInEveryIndex) {
        java.util.regex.Matcher eq = c.where() == null ? null
                : java.util.regex.Pattern.compile("^(.+?) = (.+)$").matcher(c.where().trim());
        if (eq == null || !eq.matches() || eq.group(2).contains(" = ")
                || eq.group(2).toLowerCase(Locale.ROOT).matches(".*\\s(and|or)\\s.*")) {
            return false;
        }
        String col = part(eq.group(1));
        List<String> after = new ArrayList<>(cand);
        after.add(col);
        List<String> before = new ArrayList<>();
        before.add(col);
        before.addAll(cand);
        for (Index i : t.indexes()) {
            if (i.where() != null || i.method() != null && !i.method().equalsIgnoreCase("btree")) {
                continue;
            }
            List<String> cols = i.columns().stream().map(ExistingIndexFilter::part).toList();
            if (!isPrefix(after, cols) && !isPrefix(before, cols)) {
                continue;
            }
            if (storesIncluded(i, cols, c, pk, keyInEveryIndex)) {
                return true;
            }
        }
        return false;
    }

    /** Whether index {@code i} (key columns {@code cols}) also stores every INCLUDE column of {@code c}. */
    private static boolean storesIncluded(Index i, List<String> cols, Candidate c, List<String> pk,
                                          boolean keyInEveryIndex) {
        Set<String> stored = new LinkedHashSet<>(cols);
        i.include().forEach(x -> stored.add(part(x)));
        if (keyInEveryIndex) {
            stored.addAll(pk);
        }
        return c.include().stream().map(ExistingIndexFilter::part).allMatch(stored::contains);
    }

    /** Whether {@code prefix} is {@code of} or its left part. */
    static boolean isPrefix(List<String> prefix, List<String> of) {
        if (prefix.isEmpty() || prefix.size() > of.size()) {
            return false;
        }
        for (int k = 0; k < prefix.size(); k++) {
            if (!prefix.get(k).equals(of.get(k))) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameWhere(String existing, String candidate) {
        if (existing == null || candidate == null) {
            return existing == null && candidate == null;
        }
        return normalise(existing).contains(normalise(candidate.replaceAll(".* = ", "")))
                && normalise(existing).contains(normalise(candidate.replaceAll(" = .*", "")));
    }

    /** A key part compared without direction, quotes, spaces, parentheses or casts, in lower case. */
    static String part(String keyPart) {
        return normalise(keyPart.replaceAll("(?i)\\s+(ASC|DESC)(\\s+NULLS\\s+(FIRST|LAST))?$", ""));
    }

    private static String normalise(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("::[a-z_ ]+(\\[\\])?", "").replaceAll("[\\s()\"`]", "");
    }
}
