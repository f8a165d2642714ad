package io.dbagent.dialect.mysql;

import io.dbagent.dialect.DdlWriter;
import io.dbagent.diff.Change;
import io.dbagent.diff.ChangeWriter;
import io.dbagent.diff.DiffModels;
import io.dbagent.diff.TableRef;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Column;
import io.dbagent.schema.ForeignKey;
import io.dbagent.schema.Index;
import io.dbagent.schema.Sequence;
import io.dbagent.schema.Table;
import io.dbagent.schema.Unique;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * MySQL/MariaDB DDL for the diff's changes. Added columns are placed with {@code AFTER}, so a down migration puts a
 * dropped column back where it was. Every statement is a DDL statement that commits on its own: a migration that
 * fails half-way stays half-applied, which the runner records.
 */
final class MysqlChangeWriter implements ChangeWriter {

    private static final DialectKind D = DialectKind.MYSQL;
    private static final String NAME = "(?:`(?:[^`]|``)*`|[^\\s.`]+)";
    private static final Pattern ALTER_TABLE = Pattern.compile("(ALTER TABLE " + NAME + "(?:\\." + NAME + ")? )(.*)",
            Pattern.DOTALL);
    private static final Pattern COMBINABLE = Pattern.compile("(?:ADD COLUMN |DROP COLUMN |MODIFY COLUMN "
            + "|DEFAULT CHARACTER SET "
            + "|ADD PRIMARY KEY|DROP PRIMARY KEY|DROP INDEX |DROP CONSTRAINT |ADD (?!(?:CONSTRAINT " + NAME
            + " )?FOREIGN KEY)(?:CONSTRAINT |UNIQUE)).*", Pattern.DOTALL);
    private static final Pattern PREFIX_PART = Pattern.compile("([A-Za-z_][A-Za-z0-9_$]*)(\\(\\d+\\))?( DESC)?");

    @Override
    public List<String> write(Change change) {
        if (change instanceof Change.CreateTable c) {
            return List.of(createTable(c.table()));
        }
        if (change instanceof Change.DropTable c) {
            return List.of("DROP TABLE " + id(c.table().name()));
        }
        if (change instanceof Change.AddPartition c) {
            return List.of(alter(c.parent()) + "ADD PARTITION (" + partition(c.partition()) + ")");
        }
        if (change instanceof Change.DropPartition c) {
            // a HASH or KEY partition has no rows of its own to drop: one partition fewer redistributes them
            return List.of(alter(c.parent()) + (c.partition().bound() == null ? "COALESCE PARTITION 1"
                    : "DROP PARTITION " + id(c.partition().name())));
        }
        if (change instanceof Change.RepartitionTable) {
            return List.of(); // a rebuild nobody should run blind; the change's note says what to do
        }
        if (change instanceof Change.RenameTable c) {
            return List.of("RENAME TABLE " + id(c.table().name()) + " TO " + id(c.newName()));
        }
        if (change instanceof Change.RenameColumn c) {
            return List.of(alter(c.table()) + "RENAME COLUMN " + id(c.from()) + " TO " + id(c.to()));
        }
        if (change instanceof Change.AddColumn c) {
            return List.of(alter(c.table()) + "ADD COLUMN " + column(c.column())
                    + (c.after() == null ? " FIRST" : " AFTER " + id(c.after())));
        }
        if (change instanceof Change.DropColumn c) {
            return List.of(alter(c.table()) + "DROP COLUMN " + id(c.column().name()));
        }
        if (change instanceof Change.AlterColumn c) {
            return List.of(alter(c.table()) + "MODIFY COLUMN " + column(c.to()));
        }
        if (change instanceof Change.AddPrimaryKey c) {
            return List.of(alter(c.table()) + "ADD PRIMARY KEY (" + cols(c.columns()) + ")");
        }
        if (change instanceof Change.DropPrimaryKey c) {
            return List.of(alter(c.table()) + "DROP PRIMARY KEY");
        }
        if (change instanceof Change.AddForeignKey c) {
            return List.of(alter(c.table()) + "ADD " + foreignKey(c.foreignKey()));
        }
        if (change instanceof Change.DropForeignKey c) {
            return List.of(alter(c.table()) + "DROP FOREIGN KEY " + id(c.foreignKey().name()));
        }
        if (change instanceof Change.AddUnique c) {
            return List.of(alter(c.table()) + "ADD " + unique(c.unique()));
        }
        if (change instanceof Change.DropUnique c) {
            return List.of(alter(c.table()) + "DROP INDEX " + id(c.unique().name()));
        }
        if (change instanceof Change.AddCheck c) {
            return List.of(alter(c.table()) + "ADD CONSTRAINT " + id(c.check().name()) + " CHECK ("
                    + c.check().expression() + ")");
        }
        if (change instanceof Change.DropCheck c) {
            return List.of(alter(c.table()) + "DROP CONSTRAINT " + id(c.check().name()));
        }
        if (change instanceof Change.CreateIndex c) {
            return List.of(createIndex(c.table(), c.index()));
        }
        if (change instanceof Change.DropIndex c) {
            return List.of("DROP INDEX " + id(c.index().name()) + " ON " + id(c.table().name()));
        }
        if (change instanceof Change.SetColumnComment c) {
            return List.of(alter(c.table()) + "MODIFY COLUMN " + column(c.to()));
        }
        if (change instanceof Change.SetTableCharset c) {
            return List.of(alter(c.table()) + "DEFAULT CHARACTER SET " + c.toCharset()
                    + (c.toCollation() == null ? "" : " COLLATE " + c.toCollation()));
        }
        if (change instanceof Change.SetTableEngine c) {
            // a table back on the default engine is written with InnoDB, the default of every supported server
            return List.of(alter(c.table()) + "ENGINE=" + (c.to() == null ? "InnoDB" : c.to()));
        }
        if (change instanceof Change.SetTableComment c) {
            return List.of(alter(c.table()) + "COMMENT = " + literal(c.to() == null ? "" : c.to()));
        }
        if (change instanceof Change.CreateView c) {
            return List.of("CREATE VIEW " + id(c.view().name()) + " AS " + c.view().definition());
        }
        if (change instanceof Change.DropView c) {
            return List.of("DROP VIEW " + id(c.view().name()));
        }
        if (change instanceof Change.CreateTrigger c) {
            var t = c.trigger();
            return List.of("CREATE TRIGGER " + id(t.name()) + " " + t.timing() + " " + String.join(" OR ", t.events())
                    + " ON " + id(t.table()) + " FOR EACH ROW " + t.definition());
        }
        if (change instanceof Change.DropTrigger c) {
            return List.of("DROP TRIGGER " + id(c.trigger().name()));
        }
        if (change instanceof Change.CreateRoutine c) {
            return List.of(c.routine().definition());
        }
        if (change instanceof Change.DropRoutine c) {
            return List.of("DROP " + c.routine().kind() + " " + id(c.routine().name()));
        }
        if (change instanceof Change.CreateSequence c) {
            return List.of("CREATE SEQUENCE " + id(c.sequence().name()) + seqOptions(c.sequence()));
        }
        if (change instanceof Change.DropSequence c) {
            return List.of("DROP SEQUENCE " + id(c.sequence().name()));
        }
        if (change instanceof Change.AlterSequence c) {
            return List.of("ALTER SEQUENCE " + id(c.to().name()) + seqOptions(c.to()));
        }
        throw new IllegalStateException(change.kind() + " does not occur in a MySQL/MariaDB diff");
    }

    /**
     * A routine, event or trigger whose body holds semicolons goes between {@code DELIMITER ;;} lines, as
     * {@code mariadb-dump} writes them: the mysql client would otherwise send the body in pieces. Our own splitter
     * reads the directive too.
     */
    @Override
    public String scriptStatement(String statement) {
        return COMPOUND.matcher(statement).find() && statement.contains(";")
                ? "DELIMITER ;;\n" + statement + ";;\nDELIMITER ;" : statement + ";";
    }

    private static final Pattern COMPOUND = Pattern.compile(
            "(?is)^\\s*CREATE\\b[^;]*?\\b(TRIGGER|PROCEDURE|FUNCTION|EVENT)\\b");

    /**
     * Column adds, drops and MODIFYs, primary key, unique and check changes share one ALTER TABLE: MySQL/MariaDB then
     * copy or rebuild the table once, and the change commits once. Foreign keys and the table comment stay
     * statements of their own.
     */
    @Override
    public List<String> prologue(List<Change> changes) {
        return ChangeWriter.locksExisting(changes)
                ? List.of(LOCK_NOTE + "SET SESSION lock_wait_timeout = " + ChangeWriter.LOCK_TIMEOUT_SECONDS) : List.of();
    }

    @Override
    public String combinablePrefix(String statement) {
        Matcher m = ALTER_TABLE.matcher(statement);
        return m.matches() && COMBINABLE.matcher(m.group(2)).matches() ? m.group(1) : null;
    }

    private String createTable(Table t) {
        List<String> parts = new ArrayList<>();
        t.columns().forEach(c -> parts.add(MysqlDdlWriter.definition(t, c)));
        if (!t.primaryKey().isEmpty()) {
            parts.add("PRIMARY KEY (" + cols(t.primaryKey()) + ")");
        }
        t.uniques().forEach(u -> parts.add(unique(u)));
        t.indexes().stream().filter(i -> !DiffModels.backsConstraint(D, t, i))
                .forEach(i -> parts.add(indexKind(i) + "KEY " + id(i.name()) + " (" + parts(i) + ")" + using(i)));
        t.foreignKeys().forEach(fk -> parts.add(foreignKey(fk)));
        t.checks().forEach(k -> parts.add("CONSTRAINT " + id(k.name()) + " CHECK (" + k.expression() + ")"));
        return "CREATE TABLE " + id(t.name()) + " (\n    " + String.join(",\n    ", parts) + "\n)"
                + (t.options() == null ? "" : " " + t.options())
                + (t.charset() == null ? "" : " DEFAULT CHARSET=" + t.charset())
                + (t.collation() == null ? "" : " COLLATE=" + t.collation())
                + (t.comment() == null ? "" : " COMMENT = " + literal(t.comment())) + partitioning(t);
    }

    /** {@code PARTITION BY …} with every partition and sub-partition named, as the table has them; empty if none. */
    static String partitioning(Table t) {
        if (t.partitionKey() == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder("\nPARTITION BY ").append(t.partitionKey());
        t.partitions().stream().map(io.dbagent.schema.Partition::subpartitionKey).filter(k -> k != null).findFirst()
                .ifPresent(k -> sb.append("\nSUBPARTITION BY ").append(k));
        if (!t.partitions().isEmpty()) {
            sb.append("\n(").append(t.partitions().stream().map(MysqlChangeWriter::partition)
                    .collect(Collectors.joining(",\n "))).append(')');
        }
        return sb.toString();
    }

    private static String partition(io.dbagent.schema.Partition p) {
        StringBuilder sb = new StringBuilder("PARTITION ").append(id(p.name()));
        if (p.bound() != null) {
            sb.append(' ').append(p.bound());
        }
        if (!p.subpartitions().isEmpty()) {
            sb.append(" (").append(p.subpartitions().stream().map(s -> "SUBPARTITION " + id(s.name()))
                    .collect(Collectors.joining(", "))).append(')');
        }
        return sb.toString();
    }

    /** Every column the diff writes states its whole definition ({@link MysqlDdlWriter#definition}). */
    private static String column(Column c) {
        return MysqlDdlWriter.definition(null, c);
    }

    private static String unique(Unique u) {
        return "CONSTRAINT " + id(u.name()) + " UNIQUE KEY (" + cols(u.columns()) + ")";
    }

    private static String createIndex(TableRef t, Index i) {
        return "CREATE " + indexKind(i) + "INDEX " + id(i.name()) + " ON " + id(t.name()) + " (" + parts(i) + ")"
                + using(i);
    }

    private static String indexKind(Index i) {
        String m = i.method() == null ? "" : i.method().toLowerCase(Locale.ROOT);
        return m.equals("fulltext") ? "FULLTEXT " : m.equals("spatial") ? "SPATIAL " : i.unique() ? "UNIQUE " : "";
    }

    private static String using(Index i) {
        return "hash".equalsIgnoreCase(i.method()) ? " USING HASH" : "";
    }

    /** Key parts: {@code col}, {@code col(10)} prefixes and {@code DESC} kept, expressions parenthesised. */
    private static String parts(Index i) {
        return i.columns().stream().map(p -> {
            Matcher m = PREFIX_PART.matcher(p);
            if (m.matches()) {
                return id(m.group(1)) + (m.group(2) == null ? "" : m.group(2)) + (m.group(3) == null ? "" : " DESC");
            }
            boolean desc = p.endsWith(" DESC");
            return "(" + (desc ? p.substring(0, p.length() - 5) : p) + ")" + (desc ? " DESC" : "");
        }).collect(Collectors.joining(", "));
    }

    private static String foreignKey(ForeignKey fk) {
        return "CONSTRAINT " + id(fk.name()) + " FOREIGN KEY (" + cols(fk.columns()) + ") REFERENCES "
                + id(fk.refTable()) + " (" + cols(fk.refColumns()) + ")"
                + ChangeWriter.action("DELETE", fk.onDelete())
                + ChangeWriter.action("UPDATE", fk.onUpdate());
    }

    private static String seqOptions(Sequence s) {
        return " START WITH " + s.start() + " MINVALUE " + s.minValue() + " MAXVALUE " + s.maxValue()
                + " INCREMENT BY " + s.increment() + (s.cycle() ? " CYCLE" : " NOCYCLE");
    }

    /** A MySQL string literal: quotes doubled, backslashes escaped (the default sql_mode reads them as escapes). */
    static String literal(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    private static String alter(TableRef t) {
        return "ALTER TABLE " + id(t.name()) + " ";
    }

    private static String id(String name) {
        return DdlWriter.of(D).ident(name);
    }

    private static String cols(List<String> names) {
        return names.stream().map(MysqlChangeWriter::id).collect(Collectors.joining(", "));
    }
}
