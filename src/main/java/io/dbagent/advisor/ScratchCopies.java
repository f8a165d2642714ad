package io.dbagent.advisor;

import io.dbagent.guard.GuardedSession;
import io.dbagent.guard.Timeouts;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;

import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The part the engines' scratch what-if methods share: which tables were copied into session TEMPORARY tables, how
 * many rows and how long it took, with a sample above a row limit; the engine writes the SQL of each copy.
 */
public final class ScratchCopies {

    /** Copies one table; {@code fraction} is the share of rows to sample, or null for all of them. */
    public interface Copier {
        long copy(Table t, Double fraction) throws SQLException;
    }

    private final Set<String> copied = new LinkedHashSet<>();
    private final long sampleRows;
    private long copyMs;
    private long copiedRows;

    public ScratchCopies(long sampleRows) {
        this.sampleRows = sampleRows;
    }

    /**
     * Copies each of {@code tables} not copied yet. The copies are dbagent's own statements and may take long on big
     * tables: {@code g}'s server-side limit is lifted while they run and set again afterwards.
     */
    public void copy(GuardedSession g, Schema schema, Set<String> tables, Copier copier) throws SQLException {
        long t0 = System.nanoTime();
        Timeouts.clearServerSide(g.session());
        try {
            for (String name : tables) {
                Table t = schema.table(name).orElse(null);
                if (t == null || !copied.add(t.name())) {
                    continue;
                }
                copiedRows += copier.copy(t, t.rowEstimate() > sampleRows ? (double) sampleRows / t.rowEstimate()
                        : null);
            }
        } finally {
            Timeouts.applyServerSide(g.session(), g.timeout());
        }
        copyMs += (System.nanoTime() - t0) / 1_000_000;
    }

    /** The tables copied so far, by name. */
    public Set<String> copied() {
        return copied;
    }

    /** {@code scratchTables}, {@code scratchRows}, {@code scratchCopyMs} for the what-if stats. */
    public void putStats(Map<String, Object> m) {
        m.put("scratchTables", copied.size());
        m.put("scratchRows", copiedRows);
        m.put("scratchCopyMs", copyMs);
    }
}
