package io.dbagent.report;

import java.util.List;

import static io.dbagent.report.FindingId.Capability.DESIGN;
import static io.dbagent.report.FindingId.Capability.HEALTH;
import static io.dbagent.report.FindingId.Capability.SCHEMA_REVIEW;
import static io.dbagent.report.Severity.CRITICAL;
import static io.dbagent.report.Severity.INFO;
import static io.dbagent.report.Severity.WARN;

/** The registry's entries for schema review, health monitoring and schema design (see {@link FindingIds}). */
final class FindingIdsSchemaHealth {

    private FindingIdsSchemaHealth() {
    }

    static void add(List<FindingId> l) {
        // schema review (lint)
        l.add(new FindingId("missing-primary-key", SCHEMA_REVIEW, WARN, "warn", "table has no primary key",
                "`ADD PRIMARY KEY` on an existing NOT NULL unique key, else an identity/auto-increment `id` column "
                        + "(SQLite: rebuild)"));
        l.add(new FindingId("fk-without-index", SCHEMA_REVIEW, WARN, "warn; critical above 10,000 rows; info, "
                + "with no index proposed, when the planner would not use it",
                "no index starts with the foreign key's columns: joins and parent deletes scan the child",
                "`CREATE INDEX CONCURRENTLY` (PG), `ADD INDEX … ALGORITHM=INPLACE, LOCK=NONE` (MySQL), `CREATE INDEX` "
                        + "(SQLite); first checked with the what-if method on the key lookup `SELECT * FROM child "
                        + "WHERE fk = <a real key>` (`-- verified (method)`, `evidence.verified`)"));
        l.add(new FindingId("duplicate-index", SCHEMA_REVIEW, WARN, "warn",
                "an index identical to another, or a non-unique btree index that is a left prefix of another",
                "`DROP INDEX CONCURRENTLY` / `ALTER TABLE … DROP INDEX` / `DROP INDEX` of the redundant one "
                        + "(constraint-backing indexes are kept)"));
        l.add(new FindingId("nullable-fk", SCHEMA_REVIEW, INFO, "info",
                "nullable foreign key column with no NULL in any row (tables up to 5M rows are checked)",
                "`SET NOT NULL` / `MODIFY … NOT NULL`"));
        l.add(new FindingId("missing-foreign-key", SCHEMA_REVIEW, WARN,
                "warn when the referenced table is found, else info", "column named `*_id` without a foreign key",
                "`ADD CONSTRAINT … FOREIGN KEY … NOT VALID` + `VALIDATE CONSTRAINT` (PG), `ADD CONSTRAINT` (MySQL), "
                        + "only towards an existing table with a single-column primary key (no fix otherwise)"));
        l.add(new FindingId("timestamp-without-tz", SCHEMA_REVIEW, INFO, "info",
                "PostgreSQL `timestamp without time zone`",
                "`ALTER COLUMN … TYPE timestamptz USING … AT TIME ZONE 'UTC'`"));
        l.add(new FindingId("float-for-money", SCHEMA_REVIEW, WARN, "warn",
                "money-named column (price, amount, total, cost, fee, balance, …) in `real`/`float`/`double`",
                "change to `numeric(12,2)` / `decimal(12,2)`"));

        // health monitoring (health, bloat, watch)
        l.add(new FindingId("slow-query", HEALTH, WARN, "warn; critical from 1,000 ms",
                "statement whose estimated p95 (PG: mean + 1.645 σ, capped at its max; MySQL 8: QUANTILE_95; "
                        + "MariaDB: mean) is ≥ 100 ms over ≥ 5 calls (health)",
                "`EXPLAIN (ANALYZE, BUFFERS) <statement>` / `EXPLAIN ANALYZE`"));
        l.add(new FindingId("seq-scan-large-table", HEALTH, WARN, "warn",
                "table > 10,000 rows read by more sequential (full) scans than index scans",
                "query to find the scanning statements, then `CREATE INDEX CONCURRENTLY` on their filter columns"));
        l.add(new FindingId("index-hit-ratio", HEALTH, WARN, "warn < 99 %, critical < 95 %",
                "PG: index blocks served from shared buffers (judged from 10,000 block reads)",
                "raise `shared_buffers`; drop unused/bloated indexes"));
        l.add(new FindingId("cache-hit-ratio", HEALTH, WARN, "warn < 99 %, critical < 95 %",
                "PG: database blocks from shared buffers; MySQL: InnoDB buffer pool hit ratio",
                "`ALTER SYSTEM SET shared_buffers …` / `SET GLOBAL innodb_buffer_pool_size …`"));
        l.add(new FindingId("connection-utilization", HEALTH, WARN, "warn ≥ 80 %, critical ≥ 95 %",
                "server connections (per state) against max_connections",
                "pooler / terminate idle / raise the limit"));
        l.add(new FindingId("connection-pool-saturation", HEALTH, WARN,
                "warn ≥ 80 %, critical at 100 % or with waiting threads; PgBouncer: warn with any waiting client, "
                        + "critical when it waited ≥ 1 s",
                "client-side HikariCP pool (library use): active against maximum, threads waiting; PgBouncer admin "
                        + "console (`--db …/pgbouncer`): per pool (`database/user`) sv_active against pool_size, "
                        + "cl_waiting, maxwait",
                "leak detection, then `setMaximumPoolSize`; PgBouncer: look for long transactions, then raise "
                        + "`pool_size` / `default_pool_size` and `RELOAD` (transaction-mode caveats in the fix)"));
        l.add(new FindingId("rollback-rate", HEALTH, WARN, "warn ≥ 5 %, critical ≥ 20 %",
                "rolled-back share of transactions since the stats reset (PG per database; MySQL server-wide "
                        + "explicit COMMIT/ROLLBACK), from 100 transactions",
                "how to find the source"));
        l.add(new FindingId("unused-index", HEALTH, WARN, "warn; info while the table has < 100 reads",
                "index never scanned since the stats reset (PG) / server start (MySQL, performance_schema), not "
                        + "enforcing a constraint nor needed by a foreign key; with its size and the writes that "
                        + "maintained it; a PostgreSQL partitioned index once, on the parent, when no partition's "
                        + "index was scanned",
                "`DROP INDEX CONCURRENTLY` (a partitioned index: `DROP INDEX` on the parent, which drops the "
                        + "partitions' indexes) / `ALTER TABLE … DROP INDEX`"));
        l.add(new FindingId("duplicate-index", HEALTH, WARN, "warn",
                "the lint rule of the same id, run on the live schema", "as for `lint`"));
        l.add(new FindingId("fk-without-index", HEALTH, WARN, "warn; critical above 10,000 rows",
                "the lint rule of the same id, run on the live schema", "as for `lint`"));
        l.add(new FindingId("missing-primary-key", HEALTH, WARN, "warn",
                "the lint rule of the same id, run on the live schema", "as for `lint`"));
        l.add(new FindingId("table-bloat", HEALTH, WARN, "warn ≥ 30 %, critical ≥ 60 % (and ≥ 1 MB)",
                "dead rows and free space: PG estimate from statistics, measured by pgstattuple when installed; "
                        + "MySQL DATA_FREE; SQLite free-list pages and dbstat",
                "`VACUUM (FULL, ANALYZE)` or pg_repack / `OPTIMIZE TABLE` / `VACUUM`"));
        l.add(new FindingId("index-bloat", HEALTH, WARN, "warn ≥ 30 %, critical ≥ 60 % (and ≥ 1 MB)",
                "PG b-tree estimate (pgstatindex when installed); SQLite dbstat",
                "`REINDEX INDEX CONCURRENTLY` / `VACUUM`"));
        l.add(new FindingId("vacuum-overdue", HEALTH, WARN, "warn ≥ 20 %, critical ≥ 50 % dead rows (from 1,000)",
                "PG dead rows, last (auto)vacuum, autovacuum disabled for the table or server",
                "`VACUUM (ANALYZE)`, `RESET (autovacuum_enabled)`, `ALTER SYSTEM SET autovacuum = on`"));
        l.add(new FindingId("txid-wraparound", HEALTH, WARN, "warn ≥ 50 %, critical ≥ 75 % of 2^31",
                "PG age of datfrozenxid", "`VACUUM (FREEZE)` oldest tables first"));
        l.add(new FindingId("sequence-exhaustion", HEALTH, WARN, "warn ≥ 75 %, critical ≥ 90 %",
                "PG sequence (against the owning column's type) or MySQL AUTO_INCREMENT near its type's maximum",
                "`ALTER COLUMN … TYPE bigint` + `ALTER SEQUENCE … AS bigint` / `MODIFY … BIGINT`"));
        l.add(new FindingId("long-running-transaction", HEALTH, WARN, "warn ≥ 300 s, critical ≥ 3,600 s",
                "transaction open that long (sessions of the current database)",
                "`pg_cancel_backend(pid)` / `KILL QUERY id`"));
        l.add(new FindingId("idle-in-transaction", HEALTH, WARN, "warn ≥ 60 s, critical ≥ 600 s",
                "session idle inside an open transaction",
                "`pg_terminate_backend(pid)` + `idle_in_transaction_session_timeout` / `KILL id` + "
                        + "`idle_transaction_timeout` (MariaDB)"));
        l.add(new FindingId("blocked-queries", HEALTH, WARN, "warn ≥ 5 s, critical ≥ 60 s",
                "statement waiting for a lock, with the blocking pid/thread", "cancel or terminate the blocker"));
        l.add(new FindingId("stats-stale", HEALTH, WARN, "warn",
                "PG: never analysed or ≥ 20 % rows changed since ANALYZE (from 1,000 rows); SQLite: no sqlite_stat1 "
                        + "or row count moved ≥ 20 %; MySQL: innodb_stats_auto_recalc OFF",
                "`ANALYZE`"));
        l.add(new FindingId("integrity-error", HEALTH, CRITICAL, "critical",
                "SQLite `PRAGMA integrity_check` problems",
                "`REINDEX` when only indexes disagree, else `.recover` / restore"));
        l.add(new FindingId("foreign-key-violation", HEALTH, CRITICAL, "critical",
                "SQLite rows whose parent is missing (`PRAGMA foreign_key_check`)",
                "`DELETE … WHERE rowid IN (SELECT rowid FROM pragma_foreign_key_check(…))`"));
        l.add(new FindingId("health-run-failed", HEALTH, CRITICAL, "critical (an alert of `watch`, not a report finding)",
                "a `watch` run could not connect or failed; recovered when a run succeeds again",
                "bring the database back or fix the connection; the alert names the error"));

        // schema design and constraints (design, constraints)
        l.add(new FindingId("matview-candidate", DESIGN, INFO, "info",
                "a query pattern of the design spec is hot (≥ 100/s) and joins ≥ 3 tables, over ≥ 1M rows",
                "keep 3NF and add a materialized view with a unique index, refreshed concurrently (PG); a summary "
                        + "table refreshed on a schedule (MySQL, SQLite)"));
        l.add(new FindingId("denormalize-candidate", DESIGN, INFO, "info",
                "a hot (≥ 100/s) query pattern joins ≥ 3 small tables",
                "decision to keep it normalised, and the column copy (`ALTER TABLE … ADD COLUMN`) to make if p95 "
                        + "exceeds 100 ms, with its staleness, write and storage cost"));
        l.add(new FindingId("partition-candidate", DESIGN, INFO, "info",
                "a designed table is expected to hold ≥ 50M rows and has `created_at`",
                "range partitioning by month (PG, MySQL, with their key constraints), archiving (SQLite)"));
        l.add(new FindingId("bigint-key", DESIGN, INFO, "info",
                "the volumes put a designed table within two orders of magnitude of the int limit (≥ 21.5M rows)",
                "its key and every reference to it are bigint (already in the DDL)"));
        l.add(new FindingId("uuid-key", DESIGN, INFO, "info", "the spec asks for UUID keys",
                "UUIDv7 (time-ordered, index-friendly) versus random UUIDs, and how the default is generated per "
                        + "engine"));
        l.add(new FindingId("candidate-not-null", DESIGN, INFO, "info; warn when ≤ 1 % of rows violate it",
                "a nullable column with no NULL (or very few, listed by key)",
                "PG: `CHECK (… IS NOT NULL) NOT VALID`, `VALIDATE`, `SET NOT NULL`, drop the check; MySQL "
                        + "`MODIFY … NOT NULL`; SQLite: rebuild"));
        l.add(new FindingId("candidate-unique", DESIGN, INFO, "info; warn with ≤ 0.1 % duplicates",
                "a string, uuid or identifier-named integer column whose non-null values are all distinct (≥ 10 rows)",
                "PG `CREATE UNIQUE INDEX CONCURRENTLY` + `ADD CONSTRAINT … UNIQUE USING INDEX`; MySQL "
                        + "`ADD CONSTRAINT … UNIQUE, ALGORITHM=INPLACE, LOCK=NONE`; SQLite `CREATE UNIQUE INDEX`"));
        l.add(new FindingId("candidate-foreign-key", DESIGN, INFO, "info; warn with ≤ 1 % orphans (listed by key)",
                "a `<x>_id` column (or one named like another table's key) without a foreign key whose values exist "
                        + "in the parent's key",
                "PG `ADD CONSTRAINT … FOREIGN KEY … NOT VALID` + `VALIDATE CONSTRAINT`; MySQL `ADD CONSTRAINT`; "
                        + "SQLite: rebuild"));
        l.add(new FindingId("candidate-check", DESIGN, INFO, "info",
                "a numeric column never negative (≥ 10 rows; not ids, balances, deltas, scores…), or a string column "
                        + "with 2–10 distinct values in ≥ 50 rows",
                "`CHECK (col >= 0)` / `CHECK (col IN (…))`, PG `NOT VALID` + `VALIDATE`; SQLite: rebuild"));
    }
}
