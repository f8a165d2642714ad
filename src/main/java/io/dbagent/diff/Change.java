package io.dbagent.diff;

import io.dbagent.schema.Check;
import io.dbagent.schema.Column;
import io.dbagent.schema.Domain;
import io.dbagent.schema.EnumType;
import io.dbagent.schema.Exclusion;
import io.dbagent.schema.Extension;
import io.dbagent.schema.ForeignKey;
import io.dbagent.schema.Index;
import io.dbagent.schema.Policy;
import io.dbagent.schema.Partition;
import io.dbagent.schema.Routine;
import io.dbagent.schema.Sequence;
import io.dbagent.schema.Table;
import io.dbagent.schema.Trigger;
import io.dbagent.schema.Unique;
import io.dbagent.schema.View;

import java.util.List;
import java.util.Locale;

/**
 * One step of a schema change, in model terms; a {@link ChangeWriter} turns it into DDL for a dialect. Every change
 * knows its exact reverse, so a down migration is the reversed list of reversed changes. A change that loses data
 * when it runs (drop table, drop column, narrowing type) is {@link #destructive()}, and {@link #loss()} says what its
 * reverse cannot bring back.
 */
public sealed interface Change {

    /** Stable kebab-case kind, e.g. {@code add-column}. */
    String kind();

    /** The object it is about: {@code orders}, {@code orders.note}, {@code idx_orders_user}. */
    String subject();

    Change reverse();

    default boolean destructive() {
        return false;
    }

    /** What running this change loses for good (and its reverse cannot restore); null when nothing. */
    default String loss() {
        return null;
    }

    /**
     * What the reader of a script should know before running it, beyond what it changes (a table that is rebuilt
     * under a lock); null when nothing.
     */
    default String note() {
        return null;
    }

    record CreateTable(Table table) implements Change {
        public String kind() { return "create-table"; }
        public String subject() { return TableRef.of(table).display(); }
        public Change reverse() { return new DropTable(table); }
    }

    record DropTable(Table table) implements Change {
        public String kind() { return "drop-table"; }
        public String subject() { return TableRef.of(table).display(); }
        public Change reverse() { return new CreateTable(table); }
        public boolean destructive() { return true; }
        public String loss() { return "all rows of table " + subject(); }
    }

    /**
     * A new partition of {@code parent}. Where partitions are tables (PostgreSQL) {@code table} is the partition's
     * own part (what it does not inherit); null where a partition is part of its table's definition (MySQL/MariaDB).
     */
    record AddPartition(TableRef parent, Partition partition, Table table) implements Change {
        public String kind() { return "add-partition"; }
        public String subject() { return parent.display() + " partition " + partition.name(); }
        public Change reverse() { return new DropPartition(parent, partition, table); }
    }

    /**
     * A partition dropped with its rows. A HASH or KEY partition of MySQL/MariaDB (no bound) is merged into the
     * others instead, which keeps its rows.
     */
    record DropPartition(TableRef parent, Partition partition, Table table) implements Change {
        public String kind() { return "drop-partition"; }
        public String subject() { return parent.display() + " partition " + partition.name(); }
        public Change reverse() { return new AddPartition(parent, partition, table); }
        public boolean destructive() { return table != null || partition.bound() != null; }
        public String loss() {
            return destructive() ? "all rows of partition " + partition.name() + " of " + parent.display() : null;
        }
    }

    /**
     * A change of a table's partitioning that ALTER TABLE cannot make in place: another partition key, partitioning
     * added or removed, or a partition's bound. No SQL is written for it; the table has to be rebuilt (a new table
     * partitioned the new way, the rows copied, the names swapped). It counts as destructive so a script never
     * passes over it silently.
     */
    record RepartitionTable(TableRef table, String from, String to) implements Change {
        public String kind() { return "repartition-table"; }
        public String subject() { return table.display(); }
        public Change reverse() { return new RepartitionTable(table, to, from); }
        public boolean destructive() { return true; }
        public String loss() {
            return "nothing, no SQL is written: the partitioning of " + subject() + " changes from "
                    + (from == null ? "none" : from) + " to " + (to == null ? "none" : to)
                    + ", which needs a rebuild (create the table partitioned the new way, copy the rows, swap the"
                    + " names)";
        }
    }

    /** {@code ALTER TABLE … RENAME TO}: the table keeps its rows; {@code table} names it before the rename. */
    record RenameTable(TableRef table, String newName) implements Change {
        public String kind() { return "rename-table"; }
        public String subject() { return table.display() + " -> " + newName; }
        public Change reverse() { return new RenameTable(new TableRef(table.schema(), newName), table.name()); }
    }

    /** {@code ALTER TABLE … RENAME COLUMN}: the column keeps its values; {@code table} is its (new) table. */
    record RenameColumn(TableRef table, String from, String to) implements Change {
        public String kind() { return "rename-column"; }
        public String subject() { return table.display() + "." + from + " -> " + to; }
        public Change reverse() { return new RenameColumn(table, to, from); }
    }

    /**
     * The sequence a renamed serial column owns, renamed with it ({@code <table>_<column>_seq}), so the column's
     * default keeps naming a sequence that exists under the name a fresh table would give it.
     */
    record RenameSequence(String schema, String from, String to) implements Change {
        public String kind() { return "rename-sequence"; }
        public String subject() { return new TableRef(schema, from).display() + " -> " + to; }
        public Change reverse() { return new RenameSequence(schema, to, from); }
    }

    /** {@code after}: the column it follows (MySQL places it there), null for first. */
    record AddColumn(TableRef table, Column column, String after) implements Change {
        public String kind() { return "add-column"; }
        public String subject() { return table.display() + "." + column.name(); }
        public Change reverse() { return new DropColumn(table, column, after); }
    }

    record DropColumn(TableRef table, Column column, String after) implements Change {
        public String kind() { return "drop-column"; }
        public String subject() { return table.display() + "." + column.name(); }
        public Change reverse() { return new AddColumn(table, column, after); }
        // a generated column is computed from the others: re-adding it restores every value
        public boolean destructive() { return column.generated() == null; }
        public String loss() { return destructive() ? "the values of column " + subject() : null; }
    }

    /**
     * A column's type, NULL-ability, default, character set or collation changes (its comment may change along). A
     * character set other than a wider one ({@code latin1} or {@code ascii} to a UTF-8 one, {@code utf8mb3} to
     * {@code utf8mb4}) loses the characters the new one cannot hold.
     */
    record AlterColumn(TableRef table, Column from, Column to) implements Change {
        public String kind() { return "alter-column"; }
        public String subject() { return table.display() + "." + to.name(); }
        public Change reverse() { return new AlterColumn(table, to, from); }
        public boolean destructive() {
            return !TypeWidth.keepsValues(from.type(), to.type()) || !TypeWidth.keepsCharacters(from.charset(),
                    to.charset());
        }
        public String loss() {
            if (!destructive()) {
                return null;
            }
            return !TypeWidth.keepsValues(from.type(), to.type())
                    ? "values of " + subject() + " that do not fit " + to.type() + " (was " + from.type() + ")"
                    : "characters of " + subject() + " that " + to.charset() + " cannot hold (was " + from.charset()
                    + ")";
        }
    }

    /**
     * Only a column's comment changes: PostgreSQL {@code COMMENT ON COLUMN}; MySQL/MariaDB a {@code MODIFY} that
     * restates the rest of the column, which InnoDB applies to the table definition alone.
     */
    record SetColumnComment(TableRef table, Column from, Column to) implements Change {
        public String kind() { return "set-column-comment"; }
        public String subject() { return table.display() + "." + to.name(); }
        public Change reverse() { return new SetColumnComment(table, to, from); }
    }

    record AddPrimaryKey(TableRef table, String name, List<String> columns) implements Change {
        public String kind() { return "add-primary-key"; }
        public String subject() { return table.display(); }
        public Change reverse() { return new DropPrimaryKey(table, name, columns); }
    }

    record DropPrimaryKey(TableRef table, String name, List<String> columns) implements Change {
        public String kind() { return "drop-primary-key"; }
        public String subject() { return table.display(); }
        public Change reverse() { return new AddPrimaryKey(table, name, columns); }
    }

    record AddForeignKey(TableRef table, ForeignKey foreignKey) implements Change {
        public String kind() { return "add-foreign-key"; }
        public String subject() { return table.display() + "." + foreignKey.name(); }
        public Change reverse() { return new DropForeignKey(table, foreignKey); }
    }

    record DropForeignKey(TableRef table, ForeignKey foreignKey) implements Change {
        public String kind() { return "drop-foreign-key"; }
        public String subject() { return table.display() + "." + foreignKey.name(); }
        public Change reverse() { return new AddForeignKey(table, foreignKey); }
    }

    record AddUnique(TableRef table, Unique unique) implements Change {
        public String kind() { return "add-unique"; }
        public String subject() { return table.display() + "." + unique.name(); }
        public Change reverse() { return new DropUnique(table, unique); }
    }

    record DropUnique(TableRef table, Unique unique) implements Change {
        public String kind() { return "drop-unique"; }
        public String subject() { return table.display() + "." + unique.name(); }
        public Change reverse() { return new AddUnique(table, unique); }
    }

    record AddCheck(TableRef table, Check check) implements Change {
        public String kind() { return "add-check"; }
        public String subject() { return table.display() + "." + check.name(); }
        public Change reverse() { return new DropCheck(table, check); }
    }

    record DropCheck(TableRef table, Check check) implements Change {
        public String kind() { return "drop-check"; }
        public String subject() { return table.display() + "." + check.name(); }
        public Change reverse() { return new AddCheck(table, check); }
    }

    record CreateIndex(TableRef table, Index index) implements Change {
        public String kind() { return "create-index"; }
        public String subject() { return index.name(); }
        public Change reverse() { return new DropIndex(table, index); }
    }

    record DropIndex(TableRef table, Index index) implements Change {
        public String kind() { return "drop-index"; }
        public String subject() { return index.name(); }
        public Change reverse() { return new CreateIndex(table, index); }
    }

    record SetTableComment(TableRef table, String from, String to) implements Change {
        public String kind() { return "set-table-comment"; }
        public String subject() { return table.display(); }
        public Change reverse() { return new SetTableComment(table, to, from); }
    }

    /**
     * MySQL/MariaDB: the table's default character set and collation, which columns added later get. Only the
     * default: the columns whose own character set or collation changes come as {@link AlterColumn}s, so the
     * script never converts a column the target leaves as it is ({@code CONVERT TO CHARACTER SET} would).
     */
    record SetTableCharset(TableRef table, String fromCharset, String fromCollation, String toCharset,
                           String toCollation) implements Change {
        public String kind() { return "set-table-charset"; }
        public String subject() { return table.display(); }
        public Change reverse() { return new SetTableCharset(table, toCharset, toCollation, fromCharset, fromCollation); }
    }

    /**
     * MySQL/MariaDB: another storage engine for a table ({@code ALTER TABLE … ENGINE=…}); null is the server's
     * default engine. The server copies every row and index into a new table of the other engine: a full rebuild
     * under a lock that blocks writes (and, from or to a non-transactional engine, reads) for the whole copy.
     */
    record SetTableEngine(TableRef table, String from, String to) implements Change {
        public String kind() { return "set-table-engine"; }
        public String subject() { return table.display(); }
        public Change reverse() { return new SetTableEngine(table, to, from); }
        public String note() {
            return "REBUILDS " + subject() + ": ALTER TABLE ... ENGINE=" + (to == null ? "<default>" : to)
                    + " copies every row and index into a new table (" + (from == null ? "default engine" : from)
                    + " to " + (to == null ? "default engine" : to) + ") and blocks writes to it until done; run it "
                    + "in a quiet window and check the free disk space (a second copy of the table)";
        }
    }

    /**
     * SQLite's documented table rebuild for what its ALTER TABLE cannot do: new table, copy the rows of the columns
     * both versions share, drop, rename, recreate the indexes of {@code to}.
     */
    record RebuildTable(Table from, Table to) implements Change {
        public String kind() { return "rebuild-table"; }
        public String subject() { return TableRef.of(to).display(); }
        public Change reverse() { return new RebuildTable(to, from); }
        public boolean destructive() {
            return from.columns().stream().anyMatch(c -> c.generated() == null && to.column(c.name()).isEmpty())
                    || from.columns().stream().anyMatch(c -> to.column(c.name())
                    .map(t -> !TypeWidth.keepsValues(c.type(), t.type())).orElse(false));
        }
        public String loss() {
            if (!destructive()) {
                return null;
            }
            List<String> lost = from.columns().stream()
                    .filter(c -> c.generated() == null && to.column(c.name()).isEmpty()).map(Column::name).toList();
            return lost.isEmpty() ? "values of " + subject() + " that do not fit the narrower column types"
                    : "the values of column(s) " + String.join(", ", lost) + " of " + subject();
        }
    }

    record CreateView(View view) implements Change {
        public String kind() { return view.materialized() ? "create-materialized-view" : "create-view"; }
        public String subject() { return new TableRef(view.schema(), view.name()).display(); }
        public Change reverse() { return new DropView(view); }
    }

    record DropView(View view) implements Change {
        public String kind() { return view.materialized() ? "drop-materialized-view" : "drop-view"; }
        public String subject() { return new TableRef(view.schema(), view.name()).display(); }
        public Change reverse() { return new CreateView(view); }
    }

    record CreateTrigger(Trigger trigger) implements Change {
        public String kind() { return "create-trigger"; }
        public String subject() { return trigger.table() + "." + trigger.name(); }
        public Change reverse() { return new DropTrigger(trigger); }
    }

    record DropTrigger(Trigger trigger) implements Change {
        public String kind() { return "drop-trigger"; }
        public String subject() { return trigger.table() + "." + trigger.name(); }
        public Change reverse() { return new CreateTrigger(trigger); }
    }

    record CreateSequence(Sequence sequence) implements Change {
        public String kind() { return "create-sequence"; }
        public String subject() { return new TableRef(sequence.schema(), sequence.name()).display(); }
        public Change reverse() { return new DropSequence(sequence); }
    }

    record DropSequence(Sequence sequence) implements Change {
        public String kind() { return "drop-sequence"; }
        public String subject() { return new TableRef(sequence.schema(), sequence.name()).display(); }
        public Change reverse() { return new CreateSequence(sequence); }
        public boolean destructive() { return true; }
        public String loss() { return "the current value of sequence " + subject(); }
    }

    record AlterSequence(Sequence from, Sequence to) implements Change {
        public String kind() { return "alter-sequence"; }
        public String subject() { return new TableRef(to.schema(), to.name()).display(); }
        public Change reverse() { return new AlterSequence(to, from); }
    }

    record CreateEnum(EnumType type) implements Change {
        public String kind() { return "create-enum"; }
        public String subject() { return new TableRef(type.schema(), type.name()).display(); }
        public Change reverse() { return new DropEnum(type); }
    }

    record DropEnum(EnumType type) implements Change {
        public String kind() { return "drop-enum"; }
        public String subject() { return new TableRef(type.schema(), type.name()).display(); }
        public Change reverse() { return new CreateEnum(type); }
    }

    /** A column whose type is the enum, with its default, so the type can be swapped under it. */
    record EnumUse(TableRef table, String column, String defaultValue) {
    }

    /**
     * New labels only: {@code ALTER TYPE … ADD VALUE}. Labels removed or reordered: the type is recreated and its
     * columns converted through text, which fails (and changes nothing) if a row holds a removed label.
     */
    record AlterEnum(EnumType from, EnumType to, List<EnumUse> uses) implements Change {
        public String kind() { return "alter-enum"; }
        public String subject() { return new TableRef(to.schema(), to.name()).display(); }
        public Change reverse() { return new AlterEnum(to, from, uses); }
        public boolean destructive() { return !to.values().containsAll(from.values()); }
        public String loss() {
            return destructive() ? "nothing silently: rows holding a removed label of " + subject()
                    + " make the migration fail" : null;
        }
    }

    /** A function, procedure or event: {@code create-function}, {@code create-procedure}, {@code create-event}. */
    record CreateRoutine(Routine routine) implements Change {
        public String kind() { return "create-" + routine.kind().toLowerCase(Locale.ROOT); }
        public String subject() { return routineSubject(routine); }
        public Change reverse() { return new DropRoutine(routine); }
    }

    record DropRoutine(Routine routine) implements Change {
        public String kind() { return "drop-" + routine.kind().toLowerCase(Locale.ROOT); }
        public String subject() { return routineSubject(routine); }
        public Change reverse() { return new CreateRoutine(routine); }
    }

    /**
     * A new body (or volatility, security, settings) for a routine whose kind, arguments and return type stay: the
     * engine replaces it in place ({@code CREATE OR REPLACE}), so what calls it need not be dropped.
     */
    record ReplaceRoutine(Routine from, Routine to) implements Change {
        public String kind() { return "replace-" + to.kind().toLowerCase(Locale.ROOT); }
        public String subject() { return routineSubject(to); }
        public Change reverse() { return new ReplaceRoutine(to, from); }
    }

    /** {@code CREATE EXTENSION IF NOT EXISTS} (PostgreSQL). */
    record CreateExtension(Extension extension) implements Change {
        public String kind() { return "create-extension"; }
        public String subject() { return extension.name(); }
        public Change reverse() { return new DropExtension(extension); }
    }

    /** Dropping an extension drops its types, functions and operators, and fails while anything uses them. */
    record DropExtension(Extension extension) implements Change {
        public String kind() { return "drop-extension"; }
        public String subject() { return extension.name(); }
        public Change reverse() { return new CreateExtension(extension); }
        public boolean destructive() { return true; }
        public String loss() { return "the types, functions and operators of extension " + subject(); }
    }

    record CreateDomain(Domain domain) implements Change {
        public String kind() { return "create-domain"; }
        public String subject() { return new TableRef(domain.schema(), domain.name()).display(); }
        public Change reverse() { return new DropDomain(domain); }
    }

    record DropDomain(Domain domain) implements Change {
        public String kind() { return "drop-domain"; }
        public String subject() { return new TableRef(domain.schema(), domain.name()).display(); }
        public Change reverse() { return new CreateDomain(domain); }
    }

    /**
     * A domain whose base type and collation stay: its default, NOT NULL and CHECK constraints change in place
     * ({@code ALTER DOMAIN}); a new or tightened constraint is checked against the stored values and fails if one
     * breaks it.
     */
    record AlterDomain(Domain from, Domain to) implements Change {
        public String kind() { return "alter-domain"; }
        public String subject() { return new TableRef(to.schema(), to.name()).display(); }
        public Change reverse() { return new AlterDomain(to, from); }
    }

    /** Row-level security of a table: {@code enabled}, {@code forced} or null (off). */
    record SetRowSecurity(TableRef table, String from, String to) implements Change {
        public String kind() { return "set-row-security"; }
        public String subject() { return table.display(); }
        public Change reverse() { return new SetRowSecurity(table, to, from); }
    }

    record CreatePolicy(TableRef table, Policy policy) implements Change {
        public String kind() { return "create-policy"; }
        public String subject() { return table.display() + "." + policy.name(); }
        public Change reverse() { return new DropPolicy(table, policy); }
    }

    record DropPolicy(TableRef table, Policy policy) implements Change {
        public String kind() { return "drop-policy"; }
        public String subject() { return table.display() + "." + policy.name(); }
        public Change reverse() { return new CreatePolicy(table, policy); }
    }

    record AddExclusion(TableRef table, Exclusion exclusion) implements Change {
        public String kind() { return "add-exclusion"; }
        public String subject() { return table.display() + "." + exclusion.name(); }
        public Change reverse() { return new DropExclusion(table, exclusion); }
    }

    record DropExclusion(TableRef table, Exclusion exclusion) implements Change {
        public String kind() { return "drop-exclusion"; }
        public String subject() { return table.display() + "." + exclusion.name(); }
        public Change reverse() { return new AddExclusion(table, exclusion); }
    }

    /** A table starts inheriting from {@code parent} (PostgreSQL {@code ALTER TABLE … INHERIT}). */
    record AddInherit(TableRef table, String parent) implements Change {
        public String kind() { return "inherit"; }
        public String subject() { return table.display() + " from " + parent; }
        public Change reverse() { return new DropInherit(table, parent); }
    }

    /** A table stops inheriting from {@code parent}; its rows stay where they are. */
    record DropInherit(TableRef table, String parent) implements Change {
        public String kind() { return "no-inherit"; }
        public String subject() { return table.display() + " from " + parent; }
        public Change reverse() { return new AddInherit(table, parent); }
    }

    private static String routineSubject(Routine r) {
        return new TableRef(r.schema(), r.name()).display() + (Routine.EVENT.equals(r.kind()) ? ""
                : "(" + r.identityArguments() + ")");
    }
}
