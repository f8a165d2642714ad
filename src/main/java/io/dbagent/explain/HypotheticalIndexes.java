package io.dbagent.explain;

import io.dbagent.guard.IndexSpec;
import io.dbagent.jdbc.DbSession;
import io.dbagent.schema.Schema;

import java.util.List;

/**
 * An engine's hypothetical indexes for {@code explain --hypothetical}: indexes the planner sees on one session and
 * nothing is built. Only engines that have them offer this part (PostgreSQL with hypopg).
 */
public interface HypotheticalIndexes {

    /**
     * Creates {@code specs} on {@code session}'s backend after resolving their names against {@code schema} (an
     * unknown table or column is bad input); the DDL given to the engine is written here from the names, never taken
     * from the caller's text. {@link Created#close()} removes them all.
     */
    Created create(DbSession session, Schema schema, List<IndexSpec> specs);

    /** Hypothetical indexes that exist until {@link #close()}. */
    interface Created extends AutoCloseable {

        /** The DDL of each index as the planner sees it. */
        List<String> ddl();

        /** Removes every hypothetical index of the session. */
        @Override
        void close();
    }
}
