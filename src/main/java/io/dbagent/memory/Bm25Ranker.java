package io.dbagent.memory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * BM25 over title, body and tags (title and tags count double), boosted for the asked dialect and, gently, for
 * entries that proved useful before. Small enough to run on every search without an index.
 */
final class Bm25Ranker {

    private static final double K1 = 1.2;
    private static final double B = 0.75;
    private static final Set<String> STOP = Set.of("the", "a", "an", "of", "to", "in", "on", "for", "and", "or", "is",
            "are", "with", "how", "what", "do", "i", "my", "we", "by", "be", "it", "that", "this", "about", "did");

    private final List<MemoryEntry> docs;
    private final List<Map<String, Integer>> termFreqs = new ArrayList<>();
    private final Map<String, Integer> docFreq = new HashMap<>();
    private final double avgLen;

    Bm25Ranker(List<MemoryEntry> docs) {
        this.docs = docs;
        long total = 0;
        for (MemoryEntry d : docs) {
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
            tf.keySet().forEach(t -> docFreq.merge(t, 1, Integer::sum));
            termFreqs.add(tf);
            total += weighted.size();
        }
        avgLen = docs.isEmpty() ? 1 : (double) total / docs.size();
    }

    List<MemoryEntry> rank(String query, String dialect, int limit) {
        List<String> q = tokens(query);
        record Scored(MemoryEntry e, double score) { }
        List<Scored> scored = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            Map<String, Integer> tf = termFreqs.get(i);
            int len = tf.values().stream().mapToInt(Integer::intValue).sum();
            double s = 0;
            for (String term : q) {
                Integer f = tf.get(term);
                if (f == null) {
                    continue;
                }
                int n = docFreq.getOrDefault(term, 0);
                double idf = Math.log(1 + (docs.size() - n + 0.5) / (n + 0.5));
                s += idf * (f * (K1 + 1)) / (f + K1 * (1 - B + B * len / avgLen));
            }
            if (s <= 0 && !q.isEmpty()) {
                continue;
            }
            MemoryEntry e = docs.get(i);
            if (dialect != null && !dialect.isBlank()) {
                if (dialect.equalsIgnoreCase(e.dialect())) {
                    s *= 1.3;
                } else if (e.dialect() != null) {
                    s *= 0.7;
                }
            }
            s *= 1 + 0.1 * Math.log1p(e.uses());
            scored.add(new Scored(e, q.isEmpty() ? e.uses() : s));
        }
        return scored.stream().sorted(Comparator.comparingDouble(Scored::score).reversed()
                        .thenComparing(x -> x.e().id()))
                .limit(Math.max(1, limit)).map(Scored::e).toList();
    }

    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String t : text.toLowerCase(Locale.ROOT).split("[^a-z0-9_]+")) {
            if (t.length() > 1 && !STOP.contains(t)) {
                out.add(stem(t));
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
