package io.dbagent.memory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * BM25 over title, body and tags (title and tags count double), boosted for the asked dialect and, gently, for
 * entries that proved useful before. It reads an inverted index (term → entries with the term's count) from a
 * {@link Source}: built in memory from the entries ({@link #of}), or the persisted one read from its file, so a new
 * process neither parses nor tokenises every entry. A search touches only the entries that share a term with the
 * query, and decodes in full only the ones it returns.
 */
final class Bm25Ranker {

    private static final double K1 = 1.2;
    private static final double B = 0.75;
    private static final Set<String> STOP = Set.of("the", "a", "an", "of", "to", "in", "on", "for", "and", "or", "is",
            "are", "with", "how", "what", "do", "i", "my", "we", "by", "be", "it", "that", "this", "about", "did");

    /** An entry's stored use count and the count to rank it with (stored plus logged uses). */
    @FunctionalInterface
    interface Uses {
        int of(String id, int storedUses);
    }

    /** What ranking reads: per entry (doc) its weighted length and the fields the filters read; per term its postings. */
    interface Source {
        int size();

        long totalLength();

        int length(int doc);

        /** The term's postings as (doc, count) pairs, docs ascending; null when no entry has the term. */
        int[] postings(String term);

        /** Every term with its postings (for writing the index). */
        Map<String, int[]> allPostings();

        String id(int doc);

        String kind(int doc);

        String dialect(int doc);

        int storedUses(int doc);

        MemoryEntry entry(int doc);
    }

    private final Source source;
    private final double avgLen;

    Bm25Ranker(Source source) {
        this.source = source;
        int n = source.size();
        this.avgLen = n == 0 ? 1 : Math.max(1, (double) source.totalLength() / n);
    }

    /** Tokenises {@code docs} into an index held in memory. */
    static Bm25Ranker of(List<MemoryEntry> docs) {
        return new Bm25Ranker(new InMemory(docs));
    }

    Source source() {
        return source;
    }

    /**
     * Ranks the entries whose kind passes {@code kind}, each with its count from {@code uses}; entries come back with
     * that count.
     */
    List<MemoryEntry> rank(String query, String dialect, int limit, Predicate<String> kind, Uses uses) {
        List<String> q = tokens(query);
        int n = source.size();
        double[] scores = new double[n];
        boolean[] hit = new boolean[n];
        int[] touched = new int[16];
        int touchedCount = 0;
        if (q.isEmpty()) {
            touched = new int[n];
            for (int i = 0; i < n; i++) {
                hit[i] = true;
                touched[touchedCount++] = i;
            }
        }
        for (String term : q) {
            int[] ps = source.postings(term);
            if (ps == null) {
                continue;
            }
            int df = ps.length / 2;
            double idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
            for (int k = 0; k < ps.length; k += 2) {
                int doc = ps[k];
                int freq = ps[k + 1];
                double s = idf * (freq * (K1 + 1)) / (freq + K1 * (1 - B + B * source.length(doc) / avgLen));
                if (!hit[doc]) {
                    hit[doc] = true;
                    if (touchedCount == touched.length) {
                        touched = java.util.Arrays.copyOf(touched, touched.length * 2);
                    }
                    touched[touchedCount++] = doc;
                    scores[doc] = s;
                } else {
                    scores[doc] += s;
                }
            }
        }
        record Scored(int doc, String id, int used, double score) { }
        List<Scored> scored = new ArrayList<>();
        for (int t = 0; t < touchedCount; t++) {
            int doc = touched[t];
            if (!kind.test(source.kind(doc))) {
                continue;
            }
            String id = source.id(doc);
            int used = uses.of(id, source.storedUses(doc));
            double s = scores[doc];
            if (dialect != null && !dialect.isBlank()) {
                String d = source.dialect(doc);
                if (dialect.equalsIgnoreCase(d)) {
                    s *= 1.3;
                } else if (d != null) {
                    s *= 0.7;
                }
            }
            s *= 1 + 0.1 * Math.log1p(used);
            scored.add(new Scored(doc, id, used, q.isEmpty() ? used : s));
        }
        return scored.stream().sorted(Comparator.comparingDouble(Scored::score).reversed()
                        .thenComparing(Scored::id))
                .limit(Math.max(1, limit)).map(x -> source.entry(x.doc()).withUses(x.used())).toList();
    }

    /** The terms an entry is indexed under, each as often as it counts (title and tags twice). */
    static List<String> weightedTokens(MemoryEntry d) {
        List<String> weighted = new ArrayList<>();
        weighted.addAll(tokens(d.title()));
        weighted.addAll(tokens(d.title()));
        for (String tag : d.tags()) {
            weighted.addAll(tokens(tag));
            weighted.addAll(tokens(tag));
        }
        weighted.addAll(tokens(d.body()));
        weighted.addAll(tokens(d.kind()));
        return weighted;
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

    /** The index built from the entries themselves. */
    private static final class InMemory implements Source {
        private final List<MemoryEntry> docs;
        private final int[] lengths;
        private final Map<String, int[]> postings;
        private final long total;

        InMemory(List<MemoryEntry> docs) {
            this.docs = List.copyOf(docs);
            this.lengths = new int[this.docs.size()];
            Map<String, int[]> building = new HashMap<>();
            Map<String, Integer> used = new HashMap<>();
            long sum = 0;
            for (int i = 0; i < this.docs.size(); i++) {
                List<String> weighted = weightedTokens(this.docs.get(i));
                Map<String, Integer> tf = new HashMap<>();
                for (String t : weighted) {
                    tf.merge(t, 1, Integer::sum);
                }
                for (Map.Entry<String, Integer> e : tf.entrySet()) {
                    int[] ps = building.get(e.getKey());
                    int at = used.getOrDefault(e.getKey(), 0);
                    if (ps == null) {
                        ps = new int[4];
                    } else if (at == ps.length) {
                        ps = java.util.Arrays.copyOf(ps, ps.length * 2);
                    }
                    ps[at] = i;
                    ps[at + 1] = e.getValue();
                    building.put(e.getKey(), ps);
                    used.put(e.getKey(), at + 2);
                }
                lengths[i] = weighted.size();
                sum += weighted.size();
            }
            Map<String, int[]> trimmed = new HashMap<>(building.size() * 2);
            building.forEach((t, ps) -> trimmed.put(t, java.util.Arrays.copyOf(ps, used.get(t))));
            this.postings = trimmed;
            this.total = sum;
        }

        @Override
        public int size() {
            return docs.size();
        }

        @Override
        public long totalLength() {
            return total;
        }

        @Override
        public int length(int doc) {
            return lengths[doc];
        }

        @Override
        public int[] postings(String term) {
            return postings.get(term);
        }

        @Override
        public Map<String, int[]> allPostings() {
            return postings;
        }

        @Override
        public String id(int doc) {
            return docs.get(doc).id();
        }

        @Override
        public String kind(int doc) {
            return docs.get(doc).kind();
        }

        @Override
        public String dialect(int doc) {
            return docs.get(doc).dialect();
        }

        @Override
        public int storedUses(int doc) {
            return docs.get(doc).uses();
        }

        @Override
        public MemoryEntry entry(int doc) {
            return docs.get(doc);
        }
    }
}
