package io.dbagent.migrate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.dbagent.jdbc.DialectKind;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code migrate report}: what each migration breaks for applications that keep running against the database while
 * it is applied (and until they are redeployed), with the expand/contract sequence that avoids the breakage.
 */
public final class BreakingChanges {

    /** One breaking change of one migration. */
    @JsonPropertyOrder({"kind", "subject", "line", "impact", "expandContract"})
    public record Change(String kind, String subject, int line, String impact, List<String> expandContract) {
    }

    /** One migration's breaking changes (empty when it is backward compatible). */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"version", "script", "changes"})
    public record MigrationBreaks(String version, String script, List<Change> changes) {
    }

    private BreakingChanges() {
    }

    public static List<MigrationBreaks> report(List<Migration> migrations, DialectKind d, TableSizes live) {
        List<MigrationBreaks> out = new ArrayList<>();
        for (Migration m : migrations) {
            out.add(new MigrationBreaks(m.version(), m.up().script(), analyse(m.up().sql(), d, live)));
        }
        return out;
    }

    /** The breaking changes of one script. */
    public static List<Change> analyse(String sql, DialectKind d, TableSizes live) {
        List<Change> out = new ArrayList<>();
        List<String> created = new ArrayList<>();
        for (Operation op : SqlOperations.read(sql)) {
            String t = op.table();
            if (op.kind() == Operation.Kind.CREATE_TABLE) {
                created.add(t);
                continue;
            }
            if (t != null && created.contains(t)) {
                continue; // a table born in this migration has no running readers yet
            }
            String col = t + "." + op.column();
            switch (op.kind()) {
                case DROP_TABLE -> out.add(new Change("drop-table", t, op.line(),
                        "every query on " + t + " fails once it is gone",
                        List.of("deploy code that no longer reads or writes " + t,
                                "rename it away (" + t + "_retired) and watch for errors for a release",
                                "drop it in a later migration, after a backup")));
                case DROP_COLUMN -> out.add(new Change("drop-column", col, op.line(),
                        "SELECT/INSERT/UPDATE naming " + op.column() + " fail, and ORMs that map it break on load",
                        List.of("deploy code that stops writing " + op.column(), "deploy code that stops reading it",
                                "drop the column in a later migration")));
                case RENAME_COLUMN -> out.add(new Change("rename-column", col, op.line(),
                        "code using " + op.column() + " fails until it is redeployed with " + op.newName(),
                        List.of("expand: add " + op.newName() + " and keep both in sync (application double-write or a trigger)",
                                "backfill " + op.newName() + " from " + op.column(),
                                "deploy code that reads and writes " + op.newName() + " only",
                                "contract: drop " + op.column() + " in a later migration")));
                case RENAME_TABLE -> out.add(new Change("rename-table", t, op.line(),
                        "code using " + t + " fails until it is redeployed with " + op.newName(),
                        List.of("rename, and create a view named " + t + " over " + op.newName()
                                        + " in the same migration (simple views are updatable)",
                                "deploy code that uses " + op.newName(), "drop the view in a later migration")));
                case ADD_COLUMN -> {
                    String upper = op.statement().toUpperCase(java.util.Locale.ROOT);
                    boolean implicit = op.type() != null && op.type().endsWith("serial") || upper.contains("AS IDENTITY")
                            || upper.contains("AUTO_INCREMENT") || upper.contains("GENERATED ALWAYS AS");
                    if (op.notNull() && op.defaultValue() == null && !implicit) {
                        out.add(new Change("add-not-null-column", col, op.line(),
                                "INSERTs from running code that do not set " + op.column() + " fail",
                                List.of("add " + op.column() + " nullable (or with a DEFAULT)",
                                        "deploy code that always writes it", "backfill the existing rows",
                                        "set NOT NULL in a later migration")));
                    }
                }
                case SET_NOT_NULL -> out.add(new Change("set-not-null", col, op.line(),
                        "writes that leave " + op.column() + " NULL fail",
                        List.of("deploy code that always writes " + op.column(), "backfill NULLs",
                                "then set NOT NULL")));
                case ALTER_COLUMN_TYPE -> {
                    String from = live == null ? null : live.column(t, op.column()).map(c -> c.type()).orElse(null);
                    boolean narrows = from != null && op.type() != null
                            && !io.dbagent.diff.TypeWidth.keepsValues(from, op.type());
                    boolean widens = from != null && op.type() != null && !narrows;
                    if (!widens) {
                        out.add(new Change(narrows ? "narrow-type" : "change-type", col, op.line(),
                                (narrows ? "narrows " + op.column() + " from " + from + " to " + op.type()
                                        + ": writes of values that no longer fit fail"
                                        : "changes the type of " + op.column() + (op.type() == null ? "" : " to " + op.type())
                                        + ": writes of values that do not fit fail and clients mapping the old type may break")
                                        + (from == null ? " (run with --db to compare with the live type)" : ""),
                                List.of("expand: add a column of the new type, write both",
                                        "backfill and switch reads", "contract: drop the old column later")));
                    }
                }
                case ADD_CHECK, ADD_UNIQUE, ADD_FOREIGN_KEY, ADD_PRIMARY_KEY -> out.add(new Change(
                        "new-constraint", t, op.line(),
                        "writes from running code that break the new " + op.kind().name().substring(4)
                                .toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " on " + t + " fail",
                        List.of("deploy code that already respects the rule", "clean up existing rows",
                                "add the constraint (PostgreSQL: NOT VALID first, VALIDATE later)")));
                case DROP_CONSTRAINT -> out.add(new Change("dropped-constraint", t, op.line(),
                        "the database stops enforcing a rule on " + t + ": code that relied on the error no longer gets it",
                        List.of("make sure the application enforces the rule itself before dropping it")));
                default -> {
                }
            }
        }
        return out;
    }
}
