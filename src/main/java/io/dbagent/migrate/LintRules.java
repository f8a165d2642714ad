package io.dbagent.migrate;

import io.dbagent.report.Finding;
import io.dbagent.report.Severity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The lint rules for one operation of one file; see {@link MigrationLinter}. The rules that differ per engine come
 * from the engine's {@link EngineLintRules}.
 */
public final class LintRules {

    /** Up to this many rows a blocking rewrite or scan takes moments: info. */
    static final long SMALL_TABLE = 10_000;
    /** Above this many rows it blocks for long enough to be an outage: critical. */
    static final long LARGE_TABLE = 1_000_000;

    private final EngineLintRules engine;
    private final TableFacts sizes;
    private final String file;
    private final Set<String> created;
    /** Constraints this file added NOT VALID and has not committed since, by lower-case name. */
    private final Map<String, Operation> addedNotValid = new HashMap<>();
    /** Constraints this file validated (VALIDATE CONSTRAINT, or a CHECK added validated), as "table.constraint". */
    private final Set<String> validated = new java.util.HashSet<>();
    /** Whether the file runs in one transaction; a file that does not commits statement by statement. */
    private final boolean transactional;

    LintRules(EngineLintRules engine, TableFacts sizes, String file, Set<String> created) {
        this(engine, sizes, file, created, true);
    }

    LintRules(EngineLintRules engine, TableFacts sizes, String file, Set<String> created, boolean transactional) {
        this.engine = engine;
        this.sizes = sizes;
        this.file = file;
        this.created = created;
        this.transactional = transactional;
    }

    List<Finding> check(Operation op) {
        List<Finding> out = new ArrayList<>();
        boolean isNew = op.table() != null && created.contains(op.table().toLowerCase(Locale.ROOT))
                && sizes.rows(op.table()) < 0;
        long rows = sizes.rows(op.table());
        if (op.kind() == Operation.Kind.CREATE_TABLE || op.kind() == Operation.Kind.ADD_COLUMN) {
            engine.newColumns(op, ColumnDefs.of(op), this, out);
        }
        switch (op.kind()) {
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
                // a table created in this same file is empty and unused: nothing it does can block anyone
                if (!isNew) {
                    if (op.kind() == Operation.Kind.ADD_COLUMN && notNullWithoutDefault(op)) {
                        out.add(notNullFinding(op, rows));
                    }
                    engine.check(op, rows, this, out);
                }
            }
        }
        remember(op);
        return out;
    }

    private void remember(Operation op) {
        if (op.table() != null && op.newName() != null && (op.kind() == Operation.Kind.VALIDATE_CONSTRAINT
                || op.kind() == Operation.Kind.ADD_CHECK && !op.safeForm())) {
            validated.add((op.table() + "." + op.newName()).toLowerCase(Locale.ROOT));
        }
        if (op.safeForm() && op.newName() != null && op.statement().toUpperCase(Locale.ROOT).contains("NOT VALID")
                && (op.kind() == Operation.Kind.ADD_FOREIGN_KEY || op.kind() == Operation.Kind.ADD_CHECK)) {
            addedNotValid.put(op.newName().toLowerCase(Locale.ROOT), op);
        } else if (op.kind() == Operation.Kind.OTHER
                && op.statement().trim().toUpperCase(Locale.ROOT).matches("^(COMMIT|END)\\b.*")) {
            addedNotValid.clear();
        }
    }

    /**
     * The ADD CONSTRAINT … NOT VALID of {@code constraint} earlier in this file with no COMMIT since: validating it
     * now runs in the same transaction.
     */
    public Optional<Operation> addedNotValid(String constraint) {
        // outside a transaction the ADD commits (and releases its lock) before the validation starts
        return constraint == null || !transactional ? Optional.empty()
                : Optional.ofNullable(addedNotValid.get(constraint.toLowerCase(Locale.ROOT)));
    }

    /**
     * Whether this file validated, before {@code op}, a constraint on its table whose name carries its column, as the
     * {@code CHECK (col IS NOT NULL) NOT VALID} → {@code VALIDATE} → {@code SET NOT NULL} pattern does: SET NOT NULL
     * then uses the validated check and does not scan. The name is how a migration says which check it validated;
     * the check's text is in an earlier file.
     */
    public boolean validatedCheckOn(Operation op) {
        if (op.table() == null || op.column() == null) {
            return false;
        }
        String prefix = op.table().toLowerCase(Locale.ROOT) + ".";
        String col = op.column().toLowerCase(Locale.ROOT);
        return validated.stream().anyMatch(v -> v.startsWith(prefix) && v.substring(prefix.length()).contains(col));
    }

    /** The file being linted, as named in findings. */
    public String file() {
        return file;
    }

    /** A finding about a choice made in the file (a type, a key), info whatever the table's size. */
    public Finding advice(String id, Operation op, String column, String message, String fix) {
        return Finding.builder(id, Severity.INFO).subject(file + ":" + op.line())
                .message(file + " line " + op.line() + ": " + message).fix(fix)
                .evidence("file", file).evidence("line", op.line()).evidence("table", op.table())
                .evidence("column", column).build();
    }

    /** The sizes and column types of the live tables. */
    public TableFacts sizes() {
        return sizes;
    }

    private static boolean notNullWithoutDefault(Operation op) {
        String upper = op.statement().toUpperCase(Locale.ROOT);
        String type = op.type() == null ? "" : op.type();
        boolean implicitDefault = type.endsWith("serial") || upper.contains("AS IDENTITY") || upper.contains("AUTO_INCREMENT")
                || upper.contains("GENERATED ALWAYS AS");
        return op.notNull() && op.defaultValue() == null && !implicitDefault;
    }

    private Finding notNullFinding(Operation op, long rows) {
        return finding("add-column-not-null-without-default", engine.notNullWithoutDefault(rows), op, "adds "
                        + op.table() + "." + op.column() + " NOT NULL without a default" + withRows(rows) + ": "
                        + engine.notNullEffect(),
                "add it nullable, backfill it, then make it NOT NULL; or give it a DEFAULT: ALTER TABLE " + op.table()
                        + " ADD COLUMN " + op.column() + " " + (op.type() == null ? "<type>" : op.type())
                        + " NOT NULL DEFAULT <value>;");
    }

    /** Whether a type change rewrites the table; only the live column type can prove it does not. */
    public boolean rewrites(Operation op) {
        if (op.type() == null) {
            return true;
        }
        return sizes.column(op.table(), op.column()).map(c -> !engine.changesInPlace(c.type(), op.type()))
                .orElse(true);
    }

    /** A type change that rewrites the table and its indexes while holding {@code lock}. */
    public Finding typeRewrite(Operation op, long rows, String lock) {
        return blocking("alter-column-type-rewrite", op, rows, "changing the type of " + op.table() + "."
                        + op.column() + (op.type() == null ? "" : " to " + op.type()) + " rewrites "
                        + op.table() + " and its indexes while holding " + lock,
                "expand/contract: add a new column of the new type, backfill it in batches, switch the "
                        + "application to it, then drop the old column in a later migration");
    }

    /** A finding whose severity grows with the rows of the table it blocks. */
    public Finding blocking(String id, Operation op, long rows, String what, String fix) {
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
