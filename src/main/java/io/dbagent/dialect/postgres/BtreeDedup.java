package io.dbagent.dialect.postgres;

import java.util.List;
import java.util.Locale;

/**
 * Corrects hypopg's size of a hypothetical B-tree for deduplication (PostgreSQL 13+): hypopg sizes one leaf tuple
 * per row, but a non-unique index stores each key once per posting list of up to ~220 heap pointers (6 bytes each).
 * The ratio of the deduplicated to the plain leaf size comes from the column statistics: rows, n_distinct and
 * avg_width of the key columns. Unique indexes, covering (INCLUDE) indexes and key types that cannot deduplicate
 * (numeric, float, jsonb, arrays and other container types) are left as hypopg sized them.
 */
final class BtreeDedup {

    /** Line pointer of a leaf tuple. */
    static final int LINE_POINTER = 4;
    /** Index tuple header (heap pointer and info bits). */
    static final int TUPLE_HEADER = 8;
    static final int HEAP_POINTER = 6;
    /** A posting list tuple is at most half of the largest item on an 8 kB page (nbtdedup.c). */
    static final int MAX_POSTING_TUPLE = 2704 / 2;

    /** One key column: its type, its planner statistics (null when the table was never analysed). */
    record KeyColumn(String type, Double nDistinct, Integer avgWidth) {
    }

    private BtreeDedup() {
    }

    /**
     * Factor (0, 1] to multiply hypopg's size with.
     *
     * @param rows    the table's estimated rows (reltuples)
     * @param keys    the key columns in index order
     * @param include whether the index has INCLUDE columns (deduplication is off for those)
     * @param unique  whether the index is unique (at most one live entry per key: nothing to deduplicate)
     */
    static double factor(double rows, List<KeyColumn> keys, boolean include, boolean unique) {
        if (unique || include || rows < 2 || keys.isEmpty()) {
            return 1.0;
        }
        double distinct = 1;
        int width = 0;
        for (KeyColumn k : keys) {
            if (k.nDistinct() == null || k.avgWidth() == null || !deduplicates(k.type())) {
                return 1.0;
            }
            double nd = k.nDistinct() < 0 ? -k.nDistinct() * rows : k.nDistinct();
            distinct *= Math.max(1, nd);
            width += k.avgWidth();
        }
        distinct = Math.min(rows, distinct);
        double perKey = rows / distinct;
        int plainTuple = LINE_POINTER + align(TUPLE_HEADER + width);
        if (perKey < 2) {
            return 1.0;
        }
        int keyPart = align(TUPLE_HEADER + width);
        int tidsPerPosting = Math.max(2, (MAX_POSTING_TUPLE - keyPart) / HEAP_POINTER);
        double postings = Math.ceil(perKey / tidsPerPosting);
        // each posting tuple: line pointer, header and key, its pointers, padded to 8 bytes (4 on average)
        double group = postings * (LINE_POINTER + keyPart + 4) + perKey * HEAP_POINTER;
        double plainGroup = perKey * plainTuple;
        return Math.min(1.0, group / plainGroup);
    }

    /** Whether B-tree deduplication applies to a key of this type (format_type text). */
    static boolean deduplicates(String type) {
        String t = type == null ? "" : type.toLowerCase(Locale.ROOT);
        return !(t.endsWith("[]") || t.startsWith("numeric") || t.startsWith("real") || t.startsWith("double")
                || t.startsWith("float") || t.equals("jsonb") || t.endsWith("range") || t.endsWith("multirange"));
    }

    private static int align(int n) {
        return (n + 7) & ~7;
    }
}
