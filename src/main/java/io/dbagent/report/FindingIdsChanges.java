package io.dbagent.report;

import java.util.List;

import static io.dbagent.report.FindingId.Capability.BACKUPS;
import static io.dbagent.report.FindingId.Capability.MIGRATIONS;
import static io.dbagent.report.FindingId.Capability.QUERY;
import static io.dbagent.report.Severity.CRITICAL;
import static io.dbagent.report.Severity.INFO;
import static io.dbagent.report.Severity.WARN;

/** The registry's entries for migrations, query optimisation and backups (see {@link FindingIds}). */
final class FindingIdsChanges {

    private static final String BY_SIZE = "by table size: ≤ 10,000 rows info, ≤ 1,000,000 warn, above critical; "
            + "warn without `--db`";
    private static final String NEW_BACKUP = "take a new backup (`backup create --verify`); keep the damaged one for "
            + "investigation";

    private FindingIdsChanges() {
    }

    static void add(List<FindingId> l) {
        migrations(l);
        query(l);
        backups(l);
    }

    private static void migrations(List<FindingId> l) {
        l.add(new FindingId("create-index-blocking", MIGRATIONS, WARN, BY_SIZE,
                "PostgreSQL `CREATE INDEX` without `CONCURRENTLY` on an existing table blocks writes",
                "the statement with `CONCURRENTLY`, in a file of its own"));
        l.add(new FindingId("add-foreign-key-blocking", MIGRATIONS, WARN, BY_SIZE,
                "PostgreSQL foreign key without `NOT VALID` locks both tables while it scans; MySQL copies the table",
                "`… NOT VALID;` then `VALIDATE CONSTRAINT` in the next migration (MySQL: `foreign_key_checks = 0` "
                        + "around it, after an orphan check)"));
        l.add(new FindingId("add-check-blocking", MIGRATIONS, WARN, BY_SIZE,
                "CHECK added without `NOT VALID` (PostgreSQL) or with a table rebuild (MySQL)",
                "`… NOT VALID;` then `VALIDATE CONSTRAINT`"));
        l.add(new FindingId("add-unique-blocking", MIGRATIONS, WARN, BY_SIZE,
                "PostgreSQL `ADD CONSTRAINT … UNIQUE` builds its index under an ACCESS EXCLUSIVE lock",
                "`CREATE UNIQUE INDEX CONCURRENTLY` then `ADD CONSTRAINT … UNIQUE USING INDEX`"));
        l.add(new FindingId("add-primary-key-blocking", MIGRATIONS, WARN, BY_SIZE,
                "PostgreSQL `ADD PRIMARY KEY` on an existing table builds its index (and checks NOT NULL) under an "
                        + "ACCESS EXCLUSIVE lock",
                "`CREATE UNIQUE INDEX CONCURRENTLY` then `ADD CONSTRAINT … PRIMARY KEY USING INDEX`"));
        l.add(new FindingId("set-not-null-blocking", MIGRATIONS, WARN, BY_SIZE,
                "`SET NOT NULL` scans under an ACCESS EXCLUSIVE lock (MySQL: `MODIFY … NOT NULL` rebuilds)",
                "`CHECK (col IS NOT NULL) NOT VALID`, `VALIDATE`, `SET NOT NULL`, drop the check"));
        l.add(new FindingId("validate-in-same-transaction", MIGRATIONS, WARN, BY_SIZE,
                "PostgreSQL `VALIDATE CONSTRAINT` in the same file (one transaction) as its `ADD … NOT VALID`: the "
                        + "ADD's lock is held through the validation scan",
                "the `VALIDATE CONSTRAINT` in a migration file of its own, after the one that adds the constraint (a file "
                        + "that runs outside a transaction, `-- dbagent:no-transaction`, is not flagged)"));
        l.add(new FindingId("int-primary-key", MIGRATIONS, INFO, "info",
                "new `int`/`integer`/`serial` primary key (PostgreSQL, MySQL), or `integer` foreign key column (PostgreSQL): "
                        + "inserts fail past 2,147,483,647 and changing it later rewrites the table and its foreign key columns",
                "the statement with `bigint` / `bigserial` (MySQL: `BIGINT`)"));
        l.add(new FindingId("varchar-with-length", MIGRATIONS, INFO, "info",
                "new PostgreSQL `varchar(n)` column: lowering the limit later rewrites the table",
                "`text CONSTRAINT <table>_<col>_length CHECK (char_length(col) <= n)`"));
        l.add(new FindingId("new-timestamp-without-tz", MIGRATIONS, INFO, "info",
                "new PostgreSQL `timestamp` column without time zone",
                "the statement with `timestamptz`"));
        l.add(new FindingId("preflight-nulls", MIGRATIONS, CRITICAL, "critical (`migrate lint --db`)",
                "`SET NOT NULL` (MySQL: `MODIFY … NOT NULL`) while live rows hold NULL, counted",
                "backfill: `UPDATE … SET col = <value> WHERE col IS NULL`"));
        l.add(new FindingId("preflight-duplicates", MIGRATIONS, CRITICAL, "critical (`migrate lint --db`)",
                "UNIQUE constraint or index over columns whose live rows hold duplicates; the groups are counted",
                "the `GROUP BY … HAVING count(*) > 1` query that lists them; merge or delete"));
        l.add(new FindingId("preflight-orphans", MIGRATIONS, CRITICAL, "critical (`migrate lint --db`)",
                "FOREIGN KEY while live rows reference no parent row (with `NOT VALID`: its validation fails), counted",
                "the `NOT EXISTS` query that lists them; delete, set NULL or add the parents"));
        l.add(new FindingId("preflight-check-violations", MIGRATIONS, CRITICAL, "critical (`migrate lint --db`)",
                "CHECK constraint while live rows violate it (with `NOT VALID`: its validation fails), counted",
                "the `WHERE NOT (…)` query that lists them; fix or delete"));
        l.add(new FindingId("preflight-narrowing", MIGRATIONS, CRITICAL, "critical (`migrate lint --db`)",
                "a column changed to a shorter varchar/char or a smaller integer while live values do not fit, counted",
                "the query that lists them; shorten or move them, or keep the wider type"));
        l.add(new FindingId("preflight-skipped", MIGRATIONS, INFO, "info (`migrate lint --db`)",
                "a preflight count that reached the statement limit (a slow CHECK expression, a huge table): that "
                        + "statement's live rows were not checked; the other counts still ran",
                "rerun with a longer `--timeout`, or check the table yourself"));
        l.add(new FindingId("alter-column-type-rewrite", MIGRATIONS, WARN, BY_SIZE,
                "a type change that rewrites the table and its indexes (wider varchar, varchar→text, wider numeric "
                        + "are recognised as in place with `--db`)",
                "expand/contract: new column, backfill, switch, drop"));
        l.add(new FindingId("engine-change-rebuild", MIGRATIONS, WARN, BY_SIZE,
                "MySQL/MariaDB `ALTER TABLE … ENGINE=…` copies the table and its indexes into the other engine while "
                        + "writes are blocked",
                "a quiet period, or gh-ost / pt-online-schema-change"));
        l.add(new FindingId("volatile-default-rewrite", MIGRATIONS, WARN, BY_SIZE,
                "PostgreSQL `ADD COLUMN` with a volatile default (`random()`, `gen_random_uuid()`, "
                        + "`clock_timestamp()`, serial, identity) rewrites the table",
                "add the column, `SET DEFAULT` for new rows, backfill in batches"));
        l.add(new FindingId("add-column-not-null-without-default", MIGRATIONS, CRITICAL,
                "critical when the table has rows (MySQL: warn, it fills implicit defaults; SQLite: always critical); "
                        + "warn when the size is unknown, info on an empty table",
                "`ADD COLUMN … NOT NULL` without a default", "add nullable, backfill, then NOT NULL; or a DEFAULT"));
        l.add(new FindingId("destructive-change", MIGRATIONS, WARN,
                "warn while `migrate generate` writes it as a comment; critical with `--allow-destructive`, which "
                        + "writes the statement",
                "a generated migration drops a table or column or narrows a type: the data in it is lost",
                "stop using it in code, copy what it holds, then generate with `--allow-destructive`"));
        l.add(new FindingId("drop-column", MIGRATIONS, WARN, "warn",
                "drops a column: data gone, running code that uses it fails",
                "stop using it in code first, back up the values, then drop"));
        l.add(new FindingId("drop-table", MIGRATIONS, CRITICAL, "critical when it has rows, else warn",
                "drops a table", "stop using it, rename it away, drop in a later release"));
        l.add(new FindingId("rename-column", MIGRATIONS, WARN, "warn", "running code using the old name fails",
                "expand/contract: add, write both, backfill, switch, drop"));
        l.add(new FindingId("rename-table", MIGRATIONS, WARN, "warn", "running code using the old name fails",
                "a view with the old name during the rollout"));
        l.add(new FindingId("missing-down-migration", MIGRATIONS, WARN, "warn", "a `V` file without its `U` file",
                "write or generate the down"));
        l.add(new FindingId("mixed-transactional", MIGRATIONS, WARN, "warn; critical inside an explicit `BEGIN`",
                "a statement that cannot run in a transaction (`CONCURRENTLY`, `VACUUM`) shares a file with others",
                "move it into a file of its own"));
        l.add(new FindingId("migration-checksum-mismatch", MIGRATIONS, CRITICAL, "critical",
                "(`migrate validate`) an applied file changed since it ran",
                "restore the applied text; put changes into a new migration"));
        l.add(new FindingId("migration-file-missing", MIGRATIONS, CRITICAL, "critical",
                "(`migrate validate`) an applied file is gone", "restore it from version control"));
        l.add(new FindingId("migration-failed", MIGRATIONS, CRITICAL, "critical",
                "(`migrate validate`) a version failed half-way (MySQL, or a file outside a transaction)",
                "fix by hand, then `migrate repair`"));
        l.add(new FindingId("migration-test-down-mismatch", MIGRATIONS, CRITICAL, "critical",
                "(`migrate test`) the down does not restore the schema; the message lists the differences",
                "make the down undo every change"));
        l.add(new FindingId("migration-test-orphan-rows", MIGRATIONS, CRITICAL, "critical",
                "(`migrate test`) after the up, rows reference no parent",
                "fix the data in the migration; never switch foreign key checks off around it"));
        l.add(new FindingId("migration-test-not-valid-constraint", MIGRATIONS, CRITICAL, "critical",
                "(`migrate test`, PostgreSQL) a `NOT VALID` constraint fails `VALIDATE`",
                "clean up the rows before validating"));
        l.add(new FindingId("migration-test-check-violation", MIGRATIONS, CRITICAL, "critical",
                "(`migrate test`) after the up, rows break a check", "fix the rows in the migration before the check"));
        l.add(new FindingId("migration-test-unique-violation", MIGRATIONS, CRITICAL, "critical",
                "(`migrate test`) after the up, rows break a unique key",
                "deduplicate in the migration before adding the unique key"));
        l.add(new FindingId("migration-test-null-violation", MIGRATIONS, CRITICAL, "critical",
                "(`migrate test`) after the up, rows break NOT NULL",
                "backfill the column in the migration before making it NOT NULL"));
        l.add(new FindingId("migration-test-row-count-changed", MIGRATIONS, CRITICAL, "critical",
                "(`migrate test`) a table the migration does not name lost or gained rows (cascade, trigger)",
                "check cascades and triggers"));
        l.add(new FindingId("migration-test-up-failed", MIGRATIONS, CRITICAL, "critical",
                "(`migrate test`) the up failed", "fix the file named"));
        l.add(new FindingId("migration-test-down-failed", MIGRATIONS, CRITICAL, "critical",
                "(`migrate test`) the down failed", "fix the file named"));
        l.add(new FindingId("migration-test-reapply-failed", MIGRATIONS, CRITICAL, "critical",
                "(`migrate test`) the up failed when run again after the down", "fix the file named"));
        l.add(new FindingId("migration-test-reapply-mismatch", MIGRATIONS, CRITICAL, "critical",
                "(`migrate test`) up after down gives another schema", "fix the file named"));
    }

    private static void query(List<FindingId> l) {
        l.add(new FindingId("seq-scan-large-table", QUERY, WARN, "warn; critical from 1M rows",
                "a full/sequential scan of a table over 10,000 rows that filters on columns; the columns are named",
                "`CREATE INDEX` on the equality columns then one range column (PG `CONCURRENTLY`, MySQL "
                        + "`ALGORITHM=INPLACE, LOCK=NONE`); `ANALYZE`/extended statistics when a usable index exists; "
                        + "`date(col) = day`, `col::date = day`, `extract(year from col)`/`year(col) = y`, SQLite "
                        + "`strftime('%Y'|'%Y-%m'|'%Y-%m-%d', col)`: the statement rewritten to a range on the bare "
                        + "column plus its index; `lower(col) = x`: an expression index (MariaDB: a virtual generated "
                        + "column with an index, and the statement naming it); `a = 1 OR b = 2`: one index per branch. "
                        + "Each index is first checked to be used by the planner (hypopg, a private SQLite copy, a "
                        + "MySQL scratch copy on `--dev-db`): if not, no index is proposed and the message says why; "
                        + "`evidence.verified` holds the method or `no: …`"));
        l.add(new FindingId("row-estimate-off", QUERY, WARN, "warn",
                "a plan node's estimated rows are ≥ 10× off the actual rows (analysed plans; not SQLite)",
                "`ANALYZE` + `CREATE STATISTICS … (dependencies, ndistinct)` (PG), `ANALYZE TABLE … PERSISTENT FOR "
                        + "COLUMNS` (MariaDB), `UPDATE HISTOGRAM` (MySQL)"));
        l.add(new FindingId("sort-spill", QUERY, WARN, "warn",
                "a sort/hash went to disk (PG sort method, hash batches; MySQL `Sort_merge_passes`, "
                        + "`Created_tmp_disk_tables`)",
                "`SET work_mem` sized from the spill (PG), `sort_buffer_size` / `tmp_table_size` (MySQL)"));
        l.add(new FindingId("nested-loop-many", QUERY, WARN, "warn when the inner side scans, else info",
                "the inner side of a nested loop (or a correlated subplan) ran ≥ 1,000 times",
                "index on the inner join key, or statistics refresh"));
        l.add(new FindingId("slow-query", QUERY, WARN, "warn; critical from 1 s",
                "p95 of `--runs` (or the analysed run) ≥ 100 ms", "the other findings, or `dbagent advise`"));
        l.add(new FindingId("function-on-indexed-column", QUERY, WARN, "warn",
                "`lower(email) = …`, `date(created_at) = …` keeps the index on the column unused",
                "expression index (PG, SQLite, MySQL 8), generated column + index (MariaDB), or a range on the bare "
                        + "column for date functions (the statement's own period, rewritten)"));
        l.add(new FindingId("leading-wildcard-like", QUERY, WARN, "warn", "`LIKE '%…'` cannot use a B-tree index",
                "`pg_trgm` GIN index (PG), `FULLTEXT` + `MATCH … AGAINST` (MySQL), FTS5 trigram table (SQLite)"));
        l.add(new FindingId("implicit-cast", QUERY, WARN, "warn",
                "a text column compared with a number (MySQL/MariaDB; SQLite keeps the index through affinity), an "
                        + "integer column with a decimal (PG), or a cast on an indexed column (PG, SQLite)",
                "the statement with a literal of the column's type"));
        l.add(new FindingId("select-star", QUERY, INFO, "info", "`SELECT *`",
                "the statement with its columns spelled out"));
        l.add(new FindingId("offset-pagination", QUERY, INFO, "info; warn from OFFSET 10,000",
                "OFFSET pagination discards the skipped rows every page",
                "keyset rewrite `WHERE (sort cols) > (?, …)` without OFFSET"));
        l.add(new FindingId("not-in-subquery", QUERY, WARN, "warn",
                "`x NOT IN (SELECT …)` (NULL trap, no anti-join)", "the `NOT EXISTS` rewrite"));
        l.add(new FindingId("correlated-subquery", QUERY, WARN, "warn",
                "a scalar subquery that refers to the outer row runs once per row",
                "the `LEFT JOIN (… GROUP BY key)` rewrite"));
        l.add(new FindingId("n-plus-one", QUERY, WARN, "warn; critical from 100 in a row",
                "the same key lookup ran ≥ 10 times in a row in one session after a parent query (query log)",
                "the batched form: `col = ANY(?)` (PG) / `col IN (?, …)`, or a join to the parent"));
        l.add(new FindingId("cache-candidate", QUERY, INFO, "info",
                "a SELECT ran ≥ 50 times with ≥ 50 % repeated parameters on tables the log writes less than once per "
                        + "100 calls",
                "cache keyed by the parameters; the tables whose writes must invalidate it; estimated time saved"));
        l.add(new FindingId("matview-candidate", QUERY, INFO, "info",
                "an aggregate/join ran ≥ 10 times reading ≥ 10,000 rows each (by the plan and the unfiltered tables, "
                        + "or ≥ 10 ms by the log's durations) on tables written less often than it runs",
                "`CREATE MATERIALIZED VIEW` + `REFRESH … CONCURRENTLY` (PG) or summary table + refresh statements "
                        + "(MySQL, SQLite); a varying equality filter becomes the view's GROUP BY"));
        l.add(new FindingId("partition-candidate", QUERY, INFO, "info",
                "a table of ≥ `--partition-min-rows` rows whose workload reads a time range or one tenant in ≥ 50 % "
                        + "of its weight",
                "PG declarative `PARTITION BY RANGE` (monthly/yearly, from the column's bounds) or `HASH`, copy and "
                        + "swap; MySQL `PARTITION BY RANGE COLUMNS`/`UNIX_TIMESTAMP`/`HASH` with the primary-key "
                        + "change it needs"));
        l.add(new FindingId("partition-not-applicable", QUERY, INFO, "info",
                "the same on SQLite, which has no partitioning",
                "an index on the column, or periods in attached database files"));
        l.add(new FindingId("prefix-index-in-use", QUERY, INFO, "info",
                "(`advise`) an existing index is a left prefix of another existing index (same predicate, B-tree) "
                        + "and the workload's plans read both; not reported when it is unique or a deliberate fast "
                        + "path (the longer one ≥ 2× its size and its readers ≥ 10 % of the workload weight)",
                "`DROP INDEX CONCURRENTLY` / `ALTER TABLE … DROP INDEX` / `DROP INDEX` of the shorter one, once the "
                        + "plans of its statements are checked on the longer one"));
        l.add(new FindingId("what-if-unavailable", QUERY, WARN, "warn",
                "(`advise`, PostgreSQL) hypopg is neither installed nor installable, so the candidates were not "
                        + "costed and nothing is recommended; dbagent never builds indexes on the database by default",
                "`apt install postgresql-<major>-hypopg` on the server, or `--what-if scratch` (temporary copies) or "
                        + "`--what-if rollback` (builds in rolled-back transactions; each blocks writes to its table)"));
        l.add(new FindingId("index-regression", QUERY, WARN, "warn",
                "(`advise --apply`) a statement got measurably slower with the new indexes: the interquartile "
                        + "ranges of its timings before and after do not overlap; both plans are in the evidence. "
                        + "Above 1 % of the workload weight and at least 20 % and 1 ms slower the index is dropped again (`excluded: true`, the "
                        + "timing without it) unless `--keep-slower`",
                "when kept: `DROP INDEX` of the new index the slower plan uses, then re-run `advise`; when dropped "
                        + "again: nothing (a comment saying so)"));
    }

    private static void backups(List<FindingId> l) {
        l.add(new FindingId("backup-manifest-tampered", BACKUPS, CRITICAL, "critical",
                "`manifest.json` was edited, has no `manifestSha256`, or names files outside its folder "
                        + "(`backup restore` refuses it, exit 2)",
                NEW_BACKUP + "; protect the backup folder"));
        l.add(new FindingId("backup-file-missing", BACKUPS, CRITICAL, "critical",
                "a file listed in the backup's manifest is gone or unreadable", NEW_BACKUP));
        l.add(new FindingId("backup-file-corrupt", BACKUPS, CRITICAL, "critical",
                "a file's size or SHA-256 differs from the manifest (changed, truncated, bit rot)", NEW_BACKUP));
        l.add(new FindingId("backup-restore-failed", BACKUPS, CRITICAL, "critical",
                "the engine's restore (pg_restore, mariadb, SQLite integrity check) rejected the dump", NEW_BACKUP));
        l.add(new FindingId("backup-schema-differs", BACKUPS, CRITICAL, "critical",
                "the restored schema model differs from the one recorded at backup time (names the object and field)",
                NEW_BACKUP));
        l.add(new FindingId("backup-table-missing", BACKUPS, CRITICAL, "critical",
                "a table of the manifest is missing after restore", NEW_BACKUP));
        l.add(new FindingId("backup-row-count-differs", BACKUPS, CRITICAL, "critical",
                "a table has another row count after restore", NEW_BACKUP));
        l.add(new FindingId("backup-table-checksum-differs", BACKUPS, CRITICAL, "critical",
                "same row count, different content", NEW_BACKUP));
    }
}
