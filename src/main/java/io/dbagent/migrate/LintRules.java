package io.dbagent.migrate;

import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Finding;
import io.dbagent.report.Severity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** The lint rules for one operation of one file; see {@link MigrationLinter}. */
final class LintRules {

    /** Up to this many rows a blocking rewrite or scan takes moments: info. */
    static final long SMALL_TABLE = 10_000;
    /** Above this many rows it blocks for long enough to be an outage: critical. */
    static final long LARGE_TABLE = 1_000_000;

    private static final Pattern VOLATILE = Pattern.compile(
            "(?i)\\b(random|clock_timestamp|timeofday|gen_random_uuid|uuid_generate_v[14]|nextval|txid_current)\\s*\\(");

    private final DialectKind d;
    private final TableSizes sizes;
    private final String file;
    private final Set<String> created;

    LintRules(DialectKind d, TableSizes sizes, String file, Set<String> created) {
        this.d = d;
        this.sizes = sizes;
        this.file = file;
        this.created = created;
    }

    List<Finding> check(Operation op) {
        List<Finding> out = new ArrayList<>();
        boolean isNew = op.table() != null && created.contains(op.table().toLowerCase(Locale.ROOT))
                && sizes.rows(op.table()) < 0;
        long rows = sizes.rows(op.table());
        boolean pg = d == DialectKind.POSTGRES;
        switch (op.kind()) {
            case CREATE_INDEX -> {
                if (pg && !op.safeForm() && !isNew) {
                    out.add(blocking("create-index-blocking", op, rows, "CREATE INDEX on " + op.table()
                                    + " without CONCURRENTLY blocks writes to " + op.table() + " while the index builds",
                            op.statement().replaceFirst("(?i)\\bINDEX\\b", "INDEX CONCURRENTLY")
                                    + ";  -- in a migration file of its own: the runner runs it outside a transaction"));
                }
            }
            case ADD_FOREIGN_KEY -> {
                if (!isNew && (pg && !op.safeForm() || d == DialectKind.MYSQL)) {
                    String validate = op.newName() == null ? "" : "\nALTER TABLE " + op.table()
                            + " VALIDATE CONSTRAINT " + op.newName() + ";  -- in the next migration";
                    out.add(blocking("add-foreign-key-blocking", op, rows, pg
                                    ? "adding a foreign key to " + op.table() + " without NOT VALID locks it and the "
                                    + "referenced table against writes while every row is checked"
                                    : "adding a foreign key to " + op.table() + " copies the table (ALGORITHM=COPY) while "
                                    + "foreign_key_checks is on, blocking writes",
                            pg ? op.statement() + " NOT VALID;" + validate
                                    : "SET foreign_key_checks = 0;  -- lets InnoDB add it in place; check for orphans first\n"
                                    + op.statement() + ";\nSET foreign_key_checks = 1;"));
                }
            }
            case ADD_CHECK -> {
                if (!isNew && (pg && !op.safeForm() || d == DialectKind.MYSQL)) {
                    String validate = op.newName() == null ? "" : "\nALTER TABLE " + op.table()
                            + " VALIDATE CONSTRAINT " + op.newName() + ";  -- in the next migration";
                    out.add(blocking("add-check-blocking", op, rows, "adding a CHECK to " + op.table() + (pg
                                    ? " without NOT VALID holds an ACCESS EXCLUSIVE lock while every row is checked"
                                    : " rebuilds the table while every row is checked"),
                            pg ? op.statement() + " NOT VALID;" + validate
                                    : "run it in a quiet period, or with an online schema change tool (gh-ost, pt-osc)"));
                }
            }
            case ADD_UNIQUE -> {
                if (pg && !op.safeForm() && !isNew) {
                    String idx = op.table() + "_" + (op.newName() == null ? "key" : op.newName()) + "_idx";
                    out.add(blocking("add-unique-blocking", op, rows, "adding a UNIQUE constraint to " + op.table()
                                    + " builds its index under an ACCESS EXCLUSIVE lock",
                            "CREATE UNIQUE INDEX CONCURRENTLY " + idx + " ON " + op.table() + " (...);  -- own file\n"
                                    + "ALTER TABLE " + op.table() + " ADD CONSTRAINT " + (op.newName() == null ? "name"
                                    : op.newName()) + " UNIQUE USING INDEX " + idx + ";"));
                }
            }
            case SET_NOT_NULL -> {
                if (pg && !isNew) {
                    String ck = op.table() + "_" + op.column() + "_not_null";
                    out.add(blocking("set-not-null-blocking", op, rows, "SET NOT NULL on " + op.table() + "."
                                    + op.column() + " scans the whole table under an ACCESS EXCLUSIVE lock",
                            "ALTER TABLE " + op.table() + " ADD CONSTRAINT " + ck + " CHECK (" + op.column()
                                    + " IS NOT NULL) NOT VALID;\nALTER TABLE " + op.table() + " VALIDATE CONSTRAINT " + ck
                                    + ";  -- next migration\nALTER TABLE " + op.table() + " ALTER COLUMN " + op.column()
                                    + " SET NOT NULL;  -- uses the validated check, no scan\nALTER TABLE " + op.table()
                                    + " DROP CONSTRAINT " + ck + ";"));
                }
            }
            case ALTER_COLUMN_TYPE -> {
                if (!isNew && d != DialectKind.SQLITE && rewrites(op)) {
                    out.add(blocking("alter-column-type-rewrite", op, rows, "changing the type of " + op.table() + "."
                                    + op.column() + (op.type() == null ? "" : " to " + op.type()) + " rewrites "
                                    + op.table() + " and its indexes while holding " + (pg ? "an ACCESS EXCLUSIVE lock"
                                    : "a lock that blocks writes"),
                            "expand/contract: add a new column of the new type, backfill it in batches, switch the "
                                    + "application to it, then drop the old column in a later migration"));
                }
                if (d == DialectKind.MYSQL && op.notNull() && !isNew
                        && sizes.column(op.table(), op.column()).map(c -> c.nullable()).orElse(false)) {
                    out.add(blocking("set-not-null-blocking", op, rows, "MODIFY " + op.column() + " ... NOT NULL "
                                    + "rebuilds " + op.table() + " and fails if a row holds NULL",
                            "backfill first (UPDATE " + op.table() + " SET " + op.column() + " = <value> WHERE "
                                    + op.column() + " IS NULL), then run it in a quiet period or with gh-ost/pt-osc"));
                }
            }
            case ADD_COLUMN -> out.addAll(addColumn(op, rows, isNew));
            case DROP_COLUMN -> out.add(finding("drop-column", Severity.WARN, op, "drops column " + op.table() + "."
                            + op.column() + withRows(rows) + ": its data is gone and running code that reads or writes it fails",
                    "contract step of expand/contract: first deploy code that no longer uses " + op.column()
                            + ", then drop it; keep a backup of the values (CREATE TABLE " + op.table() + "_" + op.column()
                            + "_backup AS SELECT <key>, " + op.column() + " FROM " + op.table() + ")"));
            case DROP_TABLE -> out.add(finding("drop-table", rows > 0 ? Severity.CRITICAL : Severity.WARN, op,
                    "drops table " + op.table() + withRows(rows) + ": its rows are gone and running code that uses it fails",
                    "first deploy code that no longer uses " + op.table() + "; rename it away (ALTER TABLE " + op.table()
                            + " RENAME TO " + op.table() + "_retired) and drop it in a later release, after a backup"));
            case RENAME_COLUMN -> out.add(finding("rename-column", Severity.WARN, op, "renames " + op.table() + "."
                            + op.column() + " to " + op.newName() + ": running code that uses the old name fails until it is redeployed",
                    "expand/contract: add " + op.newName() + ", write both, backfill, switch reads, drop " + op.column()
                            + " in a later migration"));
            case RENAME_TABLE -> out.add(finding("rename-table", Severity.WARN, op, "renames table " + op.table()
                            + " to " + op.newName() + ": running code that uses the old name fails until it is redeployed",
                    "keep the old name working during the rollout: CREATE VIEW " + op.table() + " AS SELECT * FROM "
                            + op.newName() + "; drop the view once no client uses it"));
            default -> {
            }
        }
        return out;
    }

    private List<Finding> addColumn(Operation op, long rows, boolean isNew) {
        List<Finding> out = new ArrayList<>();
        if (isNew) {
            return out;
        }
        String upper = op.statement().toUpperCase(Locale.ROOT);
        String type = op.type() == null ? "" : op.type();
        boolean implicitDefault = type.endsWith("serial") || upper.contains("AS IDENTITY") || upper.contains("AUTO_INCREMENT")
                || upper.contains("GENERATED ALWAYS AS");
        if (op.notNull() && op.defaultValue() == null && !implicitDefault) {
            out.add(notNullFinding(op, rows));
        }
        if (d == DialectKind.POSTGRES && (type.endsWith("serial") || upper.contains("AS IDENTITY")
                || op.defaultValue() != null && VOLATILE.matcher(op.defaultValue()).find())) {
            out.add(blocking("volatile-default-rewrite", op, rows, "adding " + op.table() + "." + op.column()
                            + " with a volatile default (" + (op.defaultValue() != null ? op.defaultValue() : type)
                            + ") rewrites the whole table under an ACCESS EXCLUSIVE lock",
                    "ALTER TABLE " + op.table() + " ADD COLUMN " + op.column() + " " + type.replace("bigserial", "bigint")
                            .replace("smallserial", "smallint").replace("serial", "integer") + ";\nALTER TABLE "
                            + op.table() + " ALTER COLUMN " + op.column() + " SET DEFAULT "
                            + (op.defaultValue() != null ? op.defaultValue() : "<expression>")
                            + ";  -- new rows only\n-- then backfill existing rows in batches: UPDATE " + op.table()
                            + " SET " + op.column() + " = ... WHERE <key range>;"));
        }
        return out;
    }

    private Finding notNullFinding(Operation op, long rows) {
        Severity sev = d == DialectKind.SQLITE ? Severity.CRITICAL
                : rows == TableSizes.UNKNOWN ? Severity.WARN : rows > 0 ? (d == DialectKind.MYSQL ? Severity.WARN
                : Severity.CRITICAL) : Severity.INFO;
        String effect = d == DialectKind.SQLITE ? "SQLite refuses to add a NOT NULL column without a default"
                : d == DialectKind.MYSQL ? "existing rows silently get the type's implicit default ('' or 0)"
                : "the statement fails as soon as the table has a row";
        return finding("add-column-not-null-without-default", sev, op, "adds " + op.table() + "." + op.column()
                        + " NOT NULL without a default" + withRows(rows) + ": " + effect,
                "add it nullable, backfill it, then make it NOT NULL; or give it a DEFAULT: ALTER TABLE " + op.table()
                        + " ADD COLUMN " + op.column() + " " + (op.type() == null ? "<type>" : op.type())
                        + " NOT NULL DEFAULT <value>;");
    }

    /** Whether a type change rewrites the table; only the live column type can prove it does not. */
    private boolean rewrites(Operation op) {
        if (op.type() == null) {
            return true;
        }
        return sizes.column(op.table(), op.column()).map(c -> !MigrationTypes.changesInPlace(d, c.type(), op.type()))
                .orElse(true);
    }

    private Finding blocking(String id, Operation op, long rows, String what, String fix) {
        Severity sev = rows == TableSizes.UNKNOWN ? Severity.WARN : rows == TableSizes.ABSENT || rows <= SMALL_TABLE
                ? Severity.INFO : rows <= LARGE_TABLE ? Severity.WARN : Severity.CRITICAL;
        return finding(id, sev, op, what + withRows(rows), fix);
    }

    private static String withRows(long rows) {
        if (rows == TableSizes.UNKNOWN) {
            return " (table size unknown: lint with --db to scale the severity)";
        }
        if (rows == TableSizes.ABSENT) {
            return " (the table is not in the database yet)";
        }
        return String.format(Locale.ROOT, " (%,d rows)", rows);
    }

    private Finding finding(String id, Severity sev, Operation op, String message, String fix) {
        return Finding.builder(id, sev).subject(file + ":" + op.line())
                .message(file + " line " + op.line() + ": " + message).fix(fix)
                .evidence("file", file).evidence("line", op.line()).evidence("table", op.table())
                .evidence("column", op.column())
                .evidence("rows", sizes.rows(op.table()) >= 0 ? sizes.rows(op.table()) : null).build();
    }
}
