package io.dbagent.guard;

/**
 * Where a statement that dbagent did not write itself (it came from a model, a file or a user) may run. Every place
 * that executes such text is one of these four, and each has one entry point in this package.
 */
public enum ExecutionContext {
    /**
     * One statement on a read-only session: run_read_query, explain without analyze, the chat's {@code /sql}. Parsed,
     * every called function checked against a deny list and the catalog, bounded by a statement timeout.
     */
    READ,
    /**
     * The read rules, plus DML inside a transaction that is always rolled back: explain --analyze, --runs, the
     * advisor's before/after measurements.
     */
    MEASURE,
    /**
     * An untrusted script (a .sql schema file, a migration folder, a proposed change, a backup being verified) run
     * statement by statement through a DDL allow list, as a temporary least-privilege identity on a scratch
     * database that is dropped afterwards.
     */
    SCRATCH,
    /** Approved plans, advise --apply, migrate up/down, backup restore: only after explicit approval, exactly once. */
    WRITE
}
