package io.dbagent.memory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/** The ranker as it was before the postings could be read from a file, kept to check that the new one ranks the same.
 *
 * <p>Formerly:
 * BM25 over title, body and tags (title and tags count double), boosted for the asked dialect and, gently, for
 * entries that proved useful before. Built once per set of entries (an inverted index of term → entries), so a
 * search touches only the entries that share a term with the query.
 */
final class LegacyBm25Ranker {

    private static final double K1 = 1.2;
    private static final double B = 0.75;
    private static final Set<String> STOP = Set.of("the", "a", "an", "of", "to", "in", "on", "for", "and", "or", "is",
            "are", "with", "how", "what", "do", "i", "my", "we", "by", "be", "it", "that", "this", "about", "did");

    /** One entry's count of a term. */
    private record Posting(int doc, int freq) {
    }

    private final List<MemoryEntry> docs;
    private final int[] lengths;
    private final Map<String, List<Posting>> postings = new HashMap<>();
    private final double avgLen;

    LegacyBm25Ranker(List<MemoryEntry> docs) {
        this.docs = List.copyOf(docs);
        this.lengths = new int[this.docs.size()];
        long total = 0;
        for (int i = 0; i < this.docs.size(); i++) {
            MemoryEntry d = this.docs.get(i);
            Map<String, Integer> tf = new HashMap<>();
            List<String> weighted = new ArrayList<>();
            weighted.addAll(tokens(d.title()));
            weighted.addAll(tokens(d.title()));
            for (String tag : d.tags()) {
                weighted.addAll(tokens(tag));
                weighted.addAll(tokens(tag));
            }
            weighted.addAll(tokens(d.body()));
            weighted.addAll(tokens(d.kind()));
            for (String t : weighted) {
                tf.merge(t, 1, Integer::sum);
            }
            int doc = i;
            tf.forEach((t, f) -> postings.computeIfAbsent(t, k -> new ArrayList<>()).add(new Posting(doc, f)));
            lengths[i] = weighted.size();
            total += weighted.size();
        }
        avgLen = this.docs.isEmpty() ? 1 : Math.max(1, (double) total / this.docs.size());
    }

    /** Ranks with each entry's use count from {@code uses}; entries come back with that count. */
    List<MemoryEntry> rank(String query, String dialect, int limit, Predicate<MemoryEntry> filter,
                           ToIntFunction<MemoryEntry> uses) {
        List<String> q = tokens(query);
        Map<Integer, Double> scores = new HashMap<>();
        if (q.isEmpty()) {
            for (int i = 0; i < docs.size(); i++) {
                scores.put(i, 0.0);
            }
        }
        for (String term : q) {
            List<Posting> ps = postings.get(term);
            if (ps == null) {
                continue;
            }
            double idf = Math.log(1 + (docs.size() - ps.size() + 0.5) / (ps.size() + 0.5));
            for (Posting p : ps) {
                double s = idf * (p.freq() * (K1 + 1)) / (p.freq() + K1 * (1 - B + B * lengths[p.doc()] / avgLen));
                scores.merge(p.doc(), s, Double::sum);
            }
        }
        record Scored(MemoryEntry e, double score) { }
        List<Scored> scored = new ArrayList<>();
        scores.forEach((doc, base) -> {
            MemoryEntry e = docs.get(doc);
            if (!filter.test(e)) {
                return;
            }
            int used = uses.applyAsInt(e);
            double s = base;
            if (dialect != null && !dialect.isBlank()) {
                if (dialect.equalsIgnoreCase(e.dialect())) {
                    s *= 1.3;
                } else if (e.dialect() != null) {
                    s *= 0.7;
                }
            }
            s *= 1 + 0.1 * Math.log1p(used);
            scored.add(new Scored(e.withUses(used), q.isEmpty() ? used : s));
        });
        return scored.stream().sorted(Comparator.comparingDouble(Scored::score).reversed()
                        .thenComparing(x -> x.e().id()))
                .limit(Math.max(1, limit)).map(Scored::e).toList();
    }

    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        // one pass over the characters: [a-z0-9_] runs after lower-casing, as a split on [^a-z0-9_]+ would give
        StringBuilder t = new StringBuilder(16);
        for (int i = 0, n = text.length(); i <= n; i++) {
            char c = i < n ? Character.toLowerCase(text.charAt(i)) : ' ';
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') {
                t.append(c);
            } else if (t.length() > 0) {
                if (t.length() > 1) {
                    String w = t.toString();
                    if (!STOP.contains(w)) {
                        out.add(stem(w));
                    }
                }
                t.setLength(0);
            }
        }
        return out;
    }

    /** A light plural/suffix folding so "indexes", "indexing" and "index" meet. */
    private static String stem(String t) {
        if (t.length() > 5 && t.endsWith("ing")) {
            return t.substring(0, t.length() - 3);
        }
        if (t.length() > 4 && t.endsWith("es") && (t.endsWith("xes") || t.endsWith("ses") || t.endsWith("ches"))) {
            return t.substring(0, t.length() - 2);
        }
        if (t.length() > 3 && t.endsWith("s") && !t.endsWith("ss")) {
            return t.substring(0, t.length() - 1);
        }
        return t;
    }
}
