package io.dbagent.design.normalize;

/**
 * A stripped partition: the classes of rows that agree on an attribute set, leaving out classes of one row. Stored
 * flat ({@code rows} grouped by class, {@code starts[i]} where class i begins) so 100K-row partitions stay compact.
 */
final class Partition {

    final int[] rows;
    final int[] starts;

    Partition(int[] rows, int[] starts) {
        this.rows = rows;
        this.starts = starts;
    }

    int classes() {
        return starts.length;
    }

    int size(int c) {
        return (c + 1 < starts.length ? starts[c + 1] : rows.length) - starts[c];
    }

    /** ||π|| − |π|: how many rows must go before the attribute set becomes a key. */
    long error() {
        return (long) rows.length - starts.length;
    }

    /** The partition of one column given as value codes per row. */
    static Partition of(int[] codes, int distinct) {
        int[] count = new int[distinct];
        for (int v : codes) {
            count[v]++;
        }
        int classes = 0;
        int total = 0;
        int[] offset = new int[distinct];
        for (int v = 0; v < distinct; v++) {
            if (count[v] >= 2) {
                offset[v] = total;
                total += count[v];
                classes++;
            } else {
                offset[v] = -1;
            }
        }
        int[] rows = new int[total];
        int[] starts = new int[classes];
        int[] fill = new int[distinct];
        int c = 0;
        for (int v = 0; v < distinct; v++) {
            if (offset[v] >= 0) {
                starts[c++] = offset[v];
            }
        }
        for (int r = 0; r < codes.length; r++) {
            int v = codes[r];
            if (offset[v] >= 0) {
                rows[offset[v] + fill[v]++] = r;
            }
        }
        return new Partition(rows, starts);
    }

    /** The partition of all rows together (the empty attribute set). */
    static Partition whole(int n) {
        int[] rows = new int[n >= 2 ? n : 0];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        return new Partition(rows, rows.length == 0 ? new int[0] : new int[] {0});
    }

    /**
     * The product π_this · π_other, by TANE's linear procedure: mark each row with its class in this partition,
     * then split every class of the other partition by those marks. {@code mark} is a scratch array of one int
     * per row, all -1 on entry and on exit.
     */
    Partition product(Partition other, int[] mark) {
        for (int c = 0; c < classes(); c++) {
            for (int i = starts[c], end = starts[c] + size(c); i < end; i++) {
                mark[rows[i]] = c;
            }
        }
        int[] bucketCount = new int[classes()];
        int[] outRows = new int[Math.min(rows.length, other.rows.length)];
        int[] outStarts = new int[Math.max(1, outRows.length / 2)];
        int nRows = 0;
        int nClasses = 0;
        int[][] buckets = new int[classes()][];
        int[] touched = new int[other.rows.length];
        for (int c = 0; c < other.classes(); c++) {
            int nTouched = 0;
            for (int i = other.starts[c], end = other.starts[c] + other.size(c); i < end; i++) {
                int r = other.rows[i];
                int m = mark[r];
                if (m < 0) {
                    continue;
                }
                if (bucketCount[m] == 0) {
                    touched[nTouched++] = m;
                    if (buckets[m] == null || buckets[m].length < 4) {
                        buckets[m] = new int[4];
                    }
                }
                if (bucketCount[m] == buckets[m].length) {
                    buckets[m] = java.util.Arrays.copyOf(buckets[m], buckets[m].length * 2);
                }
                buckets[m][bucketCount[m]++] = r;
            }
            for (int k = 0; k < nTouched; k++) {
                int m = touched[k];
                if (bucketCount[m] >= 2) {
                    outStarts[nClasses++] = nRows;
                    System.arraycopy(buckets[m], 0, outRows, nRows, bucketCount[m]);
                    nRows += bucketCount[m];
                }
                bucketCount[m] = 0;
            }
        }
        for (int c = 0; c < classes(); c++) {
            for (int i = starts[c], end = starts[c] + size(c); i < end; i++) {
                mark[rows[i]] = -1;
            }
        }
        return new Partition(java.util.Arrays.copyOf(outRows, nRows), java.util.Arrays.copyOf(outStarts, nClasses));
    }

    /**
     * The g3 error of X -> A given π_X (this) and π_XA: the rows to delete so the FD holds exactly, i.e. for each
     * class of π_X its size minus its largest class of π_XA. {@code size} is a scratch array, all 0 on entry and exit.
     */
    long g3(Partition withA, int[] size) {
        for (int c = 0; c < withA.classes(); c++) {
            int s = withA.size(c);
            for (int i = withA.starts[c], end = withA.starts[c] + s; i < end; i++) {
                size[withA.rows[i]] = s;
            }
        }
        long e = 0;
        for (int c = 0; c < classes(); c++) {
            int largest = 1;
            for (int i = starts[c], end = starts[c] + size(c); i < end; i++) {
                largest = Math.max(largest, size[rows[i]]);
            }
            e += size(c) - largest;
        }
        for (int i : withA.rows) {
            size[i] = 0;
        }
        return e;
    }
}
