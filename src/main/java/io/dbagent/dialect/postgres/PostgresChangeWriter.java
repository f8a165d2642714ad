package io.dbagent.dialect.postgres;

import io.dbagent.dialect.DdlWriter;
import io.dbagent.diff.Change;
import io.dbagent.diff.ChangeWriter;
import io.dbagent.diff.DiffModels;
import io.dbagent.diff.TableRef;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Column;
import io.dbagent.schema.EnumType;
import io.dbagent.schema.ForeignKey;
import io.dbagent.schema.Index;
import io.dbagent.schema.Routine;
import io.dbagent.schema.Sequence;
import io.dbagent.schema.Table;
import io.dbagent.schema.View;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * PostgreSQL DDL for the diff's changes. Columns whose default is {@code nextval('<table>_<column>_seq')} are
 * written as {@code serial}/{@code bigserial}, so the owned sequence comes and goes with its column. Indexes are
 * created without CONCURRENTLY because a migration file runs in a transaction; {@code migrate lint} says where that
 * blocks writes.
 */
final class PostgresChangeWriter implements ChangeWriter {

    private static final DialectKind D = DialectKind.POSTGRES;
    private static final String NAME = "(?:\"(?:[^\"]|\"\")*\"|[^\\s.\"]+)";
    private static final Pattern ALTER_TABLE = Pattern.compile("(ALTER TABLE " + NAME + "(?:\\." + NAME + ")? )(.*)",
            Pattern.DOTALL);
    private static final Pattern COMBINABLE = Pattern.compile("(?:ADD COLUMN |DROP COLUMN |DROP CONSTRAINT "
            + "|ADD (?:CONSTRAINT |PRIMARY KEY|UNIQUE|CHECK|FOREIGN KEY)"
            + "|ALTER COLUMN " + NAME + " (?:TYPE |SET NOT NULL$|DROP NOT NULL$|SET DEFAULT |DROP DEFAULT$)).*",
            Pattern.DOTALL);
    private static final Pattern NEXTVAL = Pattern.compile("nextval\\('(?:(?:\"?[^'\".]+\"?)\\.)?\"?([^'\".]+)\"?'::regclass\\)");

    @Override
    public List<String> write(Change change) {
        if (change instanceof Change.CreateTable c) {
            return createTable(c.table());
        }
        if (change instanceof Change.DropTable c) {
            return List.of("DROP TABLE " + table(TableRef.of(c.table())));
        }
        if (change instanceof Change.AddPartition c) {
            return createPartition(c.parent(), c.partition(), c.table());
        }
        if (change instanceof Change.DropPartition c) {
            // DROP TABLE alone is refused while a foreign key references the partitioned parent; DETACH checks
            // that no referencing row points into the partition
            return List.of("ALTER TABLE " + table(c.parent()) + " DETACH PARTITION " + table(TableRef.of(c.table())),
                    "DROP TABLE " + table(TableRef.of(c.table())));
        }
        if (change instanceof Change.RepartitionTable) {
            return List.of(); // a rebuild nobody should run blind; the change's note says what to do
        }
        if (change instanceof Change.RenameTable c) {
            return List.of("ALTER TABLE " + table(c.table()) + " RENAME TO " + id(c.newName()));
        }
        if (change instanceof Change.RenameColumn c) {
            return List.of("ALTER TABLE " + table(c.table()) + " RENAME COLUMN " + id(c.from()) + " TO " + id(c.to()));
        }
        if (change instanceof Change.RenameSequence c) {
            return List.of("ALTER SEQUENCE " + qualified(c.schema(), c.from()) + " RENAME TO " + id(c.to()));
        }
        if (change instanceof Change.AddColumn c) {
            return addColumn(c.table(), c.column());
        }
        if (change instanceof Change.DropColumn c) {
            return List.of(alter(c.table()) + "DROP COLUMN " + id(c.column().name()));
        }
        if (change instanceof Change.AlterColumn c) {
            return alterColumn(c.table(), c.from(), c.to());
        }
        if (change instanceof Change.AddPrimaryKey c) {
            return List.of(alter(c.table()) + "ADD " + constraint(c.name()) + "PRIMARY KEY ("
                    + cols(c.columns()) + ")");
        }
        if (change instanceof Change.DropPrimaryKey c) {
            return List.of(dropConstraint(c.table(), c.name()));
        }
        if (change instanceof Change.AddForeignKey c) {
            return List.of(alter(c.table()) + "ADD " + foreignKey(c.foreignKey()));
        }
        if (change instanceof Change.DropForeignKey c) {
            return List.of(dropConstraint(c.table(), c.foreignKey().name()));
        }
        if (change instanceof Change.AddUnique c) {
            return List.of(alter(c.table()) + "ADD " + constraint(c.unique().name()) + "UNIQUE ("
                    + cols(c.unique().columns()) + ")" + PostgresObjectDdl.deferrable(c.unique().deferrable()));
        }
        if (change instanceof Change.DropUnique c) {
            return List.of(dropConstraint(c.table(), c.unique().name()));
        }
        if (change instanceof Change.AddCheck c) {
            return List.of(alter(c.table()) + "ADD " + constraint(c.check().name()) + "CHECK ("
                    + c.check().expression() + ")");
        }
        if (change instanceof Change.DropCheck c) {
            return List.of(dropConstraint(c.table(), c.check().name()));
        }
        if (change instanceof Change.CreateIndex c) {
            return List.of(createIndex(c.table(), c.index()));
        }
        if (change instanceof Change.DropIndex c) {
            return List.of("DROP INDEX " + qualified(c.table().schema(), c.index().name()));
        }
        if (change instanceof Change.SetColumnComment c) {
            return List.of("COMMENT ON COLUMN " + table(c.table()) + "." + id(c.to().name()) + " IS "
                    + (c.to().comment() == null ? "NULL" : ChangeWriter.literal(c.to().comment())));
        }
        if (change instanceof Change.SetTableComment c) {
            return List.of("COMMENT ON TABLE " + table(c.table()) + " IS "
                    + (c.to() == null ? "NULL" : ChangeWriter.literal(c.to())));
        }
        if (change instanceof Change.RebuildTable) {
            throw new IllegalStateException("PostgreSQL alters tables in place");
        }
        if (change instanceof Change.CreateView c) {
            return List.of(createView(c.view()));
        }
        if (change instanceof Change.DropView c) {
            return List.of("DROP " + (c.view().materialized() ? "MATERIALIZED " : "") + "VIEW "
                    + qualified(c.view().schema(), c.view().name()));
        }
        if (change instanceof Change.CreateTrigger c) {
            return List.of(c.trigger().definition());
        }
        if (change instanceof Change.DropTrigger c) {
            return List.of("DROP TRIGGER " + id(c.trigger().name()) + " ON "
                    + qualified(c.trigger().schema(), c.trigger().table()));
        }
        if (change instanceof Change.CreateRoutine c) {
            return List.of(routine(c.routine()));
        }
        if (change instanceof Change.ReplaceRoutine c) {
            return List.of(routine(c.to()));
        }
        if (change instanceof Change.DropRoutine c) {
            Routine r = c.routine();
            return List.of("DROP " + r.kind() + " " + qualified(r.schema(), r.name()) + "(" + r.identityArguments()
                    + ")");
        }
        if (change instanceof Change.CreateSequence c) {
            return List.of("CREATE SEQUENCE " + seqName(c.sequence()) + seqOptions(c.sequence()));
        }
        if (change instanceof Change.DropSequence c) {
            return List.of("DROP SEQUENCE " + seqName(c.sequence()));
        }
        if (change instanceof Change.AlterSequence c) {
            return List.of("ALTER SEQUENCE " + seqName(c.to()) + seqOptions(c.to()));
        }
        if (change instanceof Change.CreateEnum c) {
            return List.of("CREATE TYPE " + enumName(c.type()) + " AS ENUM (" + labels(c.type())
                    + ")");
        }
        if (change instanceof Change.DropEnum c) {
            return List.of("DROP TYPE " + enumName(c.type()));
        }
        if (change instanceof Change.AlterEnum c) {
            return alterEnum(c);
        }
        return writeObject(change);
    }

    /** Extensions, domains, row-level security, policies, exclusion constraints and inheritance. */
    private List<String> writeObject(Change change) {
        if (change instanceof Change.CreateExtension c) {
            return List.of(PostgresObjectDdl.createExtension(c.extension()));
        }
        if (change instanceof Change.DropExtension c) {
            return List.of("DROP EXTENSION " + id(c.extension().name()));
        }
        if (change instanceof Change.CreateDomain c) {
            return List.of(PostgresObjectDdl.createDomain(c.domain()));
        }
        if (change instanceof Change.DropDomain c) {
            return List.of("DROP DOMAIN " + qualified(c.domain().schema(), c.domain().name()));
        }
        if (change instanceof Change.AlterDomain c) {
            return PostgresObjectDdl.alterDomain(c.from(), c.to());
        }
        if (change instanceof Change.SetRowSecurity c) {
            return PostgresObjectDdl.rowSecurity(table(c.table()), c.from(), c.to());
        }
        if (change instanceof Change.CreatePolicy c) {
            return List.of(PostgresObjectDdl.createPolicy(table(c.table()), c.policy()));
        }
        if (change instanceof Change.DropPolicy c) {
            return List.of("DROP POLICY " + id(c.policy().name()) + " ON " + table(c.table()));
        }
        if (change instanceof Change.AddExclusion c) {
            return List.of(alter(c.table()) + "ADD " + PostgresObjectDdl.exclusion(c.exclusion()));
        }
        if (change instanceof Change.DropExclusion c) {
            return List.of(dropConstraint(c.table(), c.exclusion().name()));
        }
        if (change instanceof Change.AddInherit c) {
            return List.of(alter(c.table()) + "INHERIT " + c.parent());
        }
        if (change instanceof Change.DropInherit c) {
            return List.of(alter(c.table()) + "NO INHERIT " + c.parent());
        }
        throw new IllegalStateException("unknown change " + change.kind());
    }

    /**
     * Column adds, drops and type/nullability/default changes and constraint adds and drops share one ALTER TABLE:
     * PostgreSQL then scans or rewrites the table once. Identity changes and everything that is not ALTER TABLE
     * (COMMENT ON, sequences, CREATE INDEX [CONCURRENTLY], enum ADD VALUE) stay statements of their own.
     */
    @Override
    public List<String> prologue(List<Change> changes) {
        List<String> out = new ArrayList<>();
        if (ChangeWriter.locksExisting(changes)) {
            out.add(LOCK_NOTE + "SET lock_timeout = '" + ChangeWriter.LOCK_TIMEOUT_SECONDS + "s'");
        }
        // routine bodies are not checked while the script runs, as in pg_dump output: a function is created before
        // the tables (their defaults and checks may call it), and its body may name tables created later
        if (changes.stream().anyMatch(c -> c instanceof Change.CreateRoutine || c instanceof Change.ReplaceRoutine)) {
            out.add("SET check_function_bodies = false");
        }
        return out;
    }

    /** The roles that policies of the script name, which must exist where it runs (PUBLIC always does). */
    @Override
    public List<String> notes(List<Change> changes) {
        List<String> roles = changes.stream().filter(c -> c instanceof Change.CreatePolicy)
                .flatMap(c -> ((Change.CreatePolicy) c).policy().roles().stream())
                .filter(r -> !r.equalsIgnoreCase("public")).distinct().sorted().toList();
        return roles.isEmpty() ? List.of() : List.of("the policies below name roles that must exist first: "
                + String.join(", ", roles));
    }

    @Override
    public String combinablePrefix(String statement) {
        Matcher m = ALTER_TABLE.matcher(statement);
        return m.matches() && COMBINABLE.matcher(m.group(2)).matches() ? m.group(1) : null;
    }

    private List<String> createTable(Table t) {
        TableRef ref = TableRef.of(t);
        List<String> parts = new ArrayList<>();
        for (Column c : t.columns()) {
            parts.add(id(c.name()) + " " + columnType(ref, c));
        }
        if (!t.primaryKey().isEmpty()) {
            parts.add(constraint(t.primaryKeyName()) + "PRIMARY KEY (" + cols(t.primaryKey()) + ")");
        }
        t.uniques().forEach(u -> parts.add(constraint(u.name()) + "UNIQUE (" + cols(u.columns()) + ")"
                + PostgresObjectDdl.deferrable(u.deferrable())));
        t.checks().forEach(k -> parts.add(constraint(k.name()) + "CHECK (" + k.expression() + ")"));
        t.exclusions().forEach(x -> parts.add(PostgresObjectDdl.exclusion(x)));
        t.foreignKeys().forEach(fk -> parts.add(foreignKey(fk)));
        List<String> out = new ArrayList<>();
        out.add("CREATE TABLE " + table(ref) + " (\n    " + String.join(",\n    ", parts) + "\n)"
                + (t.inherits().isEmpty() ? "" : " INHERITS (" + String.join(", ", t.inherits()) + ")")
                + (t.partitionKey() == null ? "" : " PARTITION BY " + t.partitionKey()));
        out.addAll(PostgresObjectDdl.rowSecurity(table(ref), null, t.rowSecurity()));
        t.indexes().stream().filter(i -> !DiffModels.backsConstraint(D, t, i)).forEach(i -> out.add(createIndex(ref, i)));
        if (t.comment() != null) {
            out.add("COMMENT ON TABLE " + table(ref) + " IS " + ChangeWriter.literal(t.comment()));
        }
        t.columns().stream().filter(c -> c.comment() != null).forEach(c -> out.add(columnComment(ref, c)));
        return out;
    }

    /**
     * {@code CREATE TABLE … PARTITION OF parent FOR VALUES …}: columns, keys, checks, foreign keys and indexes come
     * from the parent; only what is the partition's own is written.
     */
    private List<String> createPartition(TableRef parent, io.dbagent.schema.Partition p, Table t) {
        TableRef ref = TableRef.of(t);
        if (p == null || p.bound() == null) {
            throw new IllegalStateException("partition " + ref.display() + " of " + parent.display()
                    + " has no bound");
        }
        List<String> parts = new ArrayList<>();
        if (!t.primaryKey().isEmpty()) {
            parts.add(constraint(t.primaryKeyName()) + "PRIMARY KEY (" + cols(t.primaryKey()) + ")");
        }
        t.uniques().forEach(u -> parts.add(constraint(u.name()) + "UNIQUE (" + cols(u.columns()) + ")"));
        t.checks().forEach(k -> parts.add(constraint(k.name()) + "CHECK (" + k.expression() + ")"));
        t.foreignKeys().forEach(fk -> parts.add(foreignKey(fk)));
        List<String> out = new ArrayList<>();
        out.add("CREATE TABLE " + table(ref) + " PARTITION OF " + table(parent)
                + (parts.isEmpty() ? "" : " (\n    " + String.join(",\n    ", parts) + "\n)") + " " + p.bound()
                + (t.partitionKey() == null ? "" : " PARTITION BY " + t.partitionKey()));
        t.indexes().stream().filter(i -> !DiffModels.backsConstraint(D, t, i)).forEach(i -> out.add(createIndex(ref, i)));
        if (t.comment() != null) {
            out.add("COMMENT ON TABLE " + table(ref) + " IS " + ChangeWriter.literal(t.comment()));
        }
        return out;
    }

    private List<String> addColumn(TableRef t, Column c) {
        List<String> out = new ArrayList<>();
        out.add(alter(t) + "ADD COLUMN " + id(c.name()) + " " + columnType(t, c));
        if (c.comment() != null) {
            out.add(columnComment(t, c));
        }
        return out;
    }

    /** Type and column options as in CREATE TABLE / ADD COLUMN. */
    private String columnType(TableRef t, Column c) {
        String serial = serialType(t, c);
        if (serial != null) {
            return serial;
        }
        StringBuilder s = new StringBuilder(c.type()).append(collate(c));
        if (c.identity() != null) {
            return s.append(" GENERATED ").append(c.identity().equalsIgnoreCase("always") ? "ALWAYS" : "BY DEFAULT")
                    .append(" AS IDENTITY").toString();
        }
        if (c.generated() != null) {
            return s.append(" GENERATED ALWAYS AS (").append(c.generated()).append(") STORED").toString();
        }
        if (!c.nullable()) {
            s.append(" NOT NULL");
        }
        if (c.defaultValue() != null) {
            s.append(" DEFAULT ").append(c.defaultValue());
        }
        return s.toString();
    }

    /** {@code serial} when the default is the sequence PostgreSQL would make for a serial column, else null. */
    private static String serialType(TableRef t, Column c) {
        if (c.nullable() || !isSerialDefault(t, c)) {
            return null;
        }
        return switch (c.type()) {
            case "integer" -> "serial";
            case "bigint" -> "bigserial";
            case "smallint" -> "smallserial";
            default -> null;
        };
    }

    private static boolean isSerialDefault(TableRef t, Column c) {
        if (c.defaultValue() == null) {
            return false;
        }
        Matcher m = NEXTVAL.matcher(c.defaultValue());
        return m.matches() && m.group(1).equals(serialSequence(t, c.name()));
    }

    private static String serialSequence(TableRef t, String column) {
        String n = t.name() + "_" + column + "_seq";
        return n.length() > 63 ? n.substring(0, 63) : n;
    }

    private List<String> alterColumn(TableRef t, Column from, Column to) {
        List<String> out = new ArrayList<>();
        String col = alter(t) + "ALTER COLUMN " + id(to.name()) + " ";
        boolean fromSerial = serialType(t, from) != null;
        boolean toSerial = isSerialDefault(t, to);
        boolean typeChanged = !Objects.equals(from.type(), to.type())
                || !Objects.equals(from.collation(), to.collation());
        if (from.identity() != null && to.identity() == null) {
            out.add(col + "DROP IDENTITY");
        }
        boolean defaultChanged = !Objects.equals(from.defaultValue(), to.defaultValue());
        if (from.defaultValue() != null && (defaultChanged || typeChanged)) {
            out.add(col + "DROP DEFAULT");
        }
        if (fromSerial && !toSerial) {
            out.add("DROP SEQUENCE " + qualified(t.schema(), serialSequence(t, from.name())));
        }
        if (typeChanged) {
            out.add(col + "TYPE " + to.type() + (to.collation() == null && from.collation() != null
                    ? " COLLATE \"default\"" : collate(to)) + " USING " + id(to.name()) + "::" + to.type());
        }
        if (from.nullable() != to.nullable() && to.identity() == null) {
            out.add(col + (to.nullable() ? "DROP NOT NULL" : "SET NOT NULL"));
        }
        if (toSerial && !fromSerial) {
            out.add("CREATE SEQUENCE " + qualified(t.schema(), serialSequence(t, to.name())) + " AS " + to.type()
                    + " OWNED BY " + table(t) + "." + id(to.name()));
        }
        if (to.defaultValue() != null && (defaultChanged || typeChanged)) {
            out.add(col + "SET DEFAULT " + to.defaultValue());
        }
        if (to.identity() != null && from.identity() == null) {
            out.add(col + "ADD GENERATED " + identityKind(to) + " AS IDENTITY");
        } else if (to.identity() != null && !to.identity().equals(from.identity())) {
            out.add(col + "SET GENERATED " + identityKind(to));
        }
        if (!Objects.equals(from.comment(), to.comment())) {
            out.add("COMMENT ON COLUMN " + table(t) + "." + id(to.name()) + " IS "
                    + (to.comment() == null ? "NULL" : ChangeWriter.literal(to.comment())));
        }
        return out;
    }

    /** {@code  COLLATE "C"} for a column with a collation of its own, else nothing. */
    private static String collate(Column c) {
        return c.collation() == null ? "" : " COLLATE " + DialectKind.POSTGRES.quote(c.collation());
    }

    private static String identityKind(Column c) {
        return c.identity().equalsIgnoreCase("always") ? "ALWAYS" : "BY DEFAULT";
    }

    private String createIndex(TableRef t, Index i) {
        String method = i.method() == null || i.method().equals("btree") ? "" : " USING " + i.method();
        String parts = i.columns().stream().map(PostgresObjectDdl::indexPart)
                .collect(Collectors.joining(", "));
        return "CREATE " + (i.unique() ? "UNIQUE " : "") + "INDEX " + id(i.name()) + " ON " + table(t) + method
                + " (" + parts + ")" + (i.include().isEmpty() ? "" : " INCLUDE (" + cols(i.include()) + ")")
                + (i.where() == null ? "" : " WHERE " + i.where());
    }

    /** {@code pg_get_functiondef} writes {@code CREATE OR REPLACE}, so the text creates and replaces alike. */
    private static String routine(Routine r) {
        String def = r.definition().strip();
        return def.endsWith(";") ? def.substring(0, def.length() - 1).strip() : def;
    }

    private String createView(View v) {
        String def = v.definition().strip();
        if (def.endsWith(";")) {
            def = def.substring(0, def.length() - 1);
        }
        return "CREATE " + (v.materialized() ? "MATERIALIZED " : "") + "VIEW " + qualified(v.schema(), v.name())
                + " AS\n" + def;
    }

    private String foreignKey(ForeignKey fk) {
        return constraint(fk.name()) + "FOREIGN KEY (" + cols(fk.columns()) + ") REFERENCES "
                + qualified(fk.refSchema(), fk.refTable()) + " (" + cols(fk.refColumns()) + ")"
                + ChangeWriter.action("DELETE", fk.onDelete()) + ChangeWriter.action("UPDATE", fk.onUpdate())
                + PostgresObjectDdl.deferrable(fk.deferrable());
    }

    private List<String> alterEnum(Change.AlterEnum c) {
        EnumType from = c.from();
        EnumType to = c.to();
        String name = enumName(to);
        List<String> out = new ArrayList<>();
        List<String> kept = to.values().stream().filter(from.values()::contains).toList();
        if (kept.equals(from.values())) {
            // only additions: place each new label next to one that already exists
            for (int i = 0; i < to.values().size(); i++) {
                String label = to.values().get(i);
                if (!from.values().contains(label)) {
                    String where = i + 1 < to.values().size() && from.values().contains(to.values().get(i + 1))
                            ? " BEFORE " + ChangeWriter.literal(to.values().get(i + 1))
                            : i > 0 ? " AFTER " + ChangeWriter.literal(to.values().get(i - 1)) : "";
                    out.add("ALTER TYPE " + name + " ADD VALUE " + ChangeWriter.literal(label) + where);
                }
            }
            return out;
        }
        String old = to.name() + "_dbagent_old";
        out.add("ALTER TYPE " + name + " RENAME TO " + id(old));
        out.add("CREATE TYPE " + name + " AS ENUM (" + labels(to) + ")");
        for (Change.EnumUse u : c.uses()) {
            String col = alter(u.table()) + "ALTER COLUMN " + id(u.column()) + " ";
            if (u.defaultValue() != null) {
                out.add(col + "DROP DEFAULT");
            }
            out.add(col + "TYPE " + name + " USING " + id(u.column()) + "::text::" + name);
            if (u.defaultValue() != null) {
                out.add(col + "SET DEFAULT " + u.defaultValue());
            }
        }
        out.add("DROP TYPE " + qualified(to.schema(), old));
        return out;
    }

    private static String labels(EnumType e) {
        return e.values().stream().map(ChangeWriter::literal).collect(Collectors.joining(", "));
    }

    private static String seqOptions(Sequence s) {
        return " AS " + s.dataType() + " INCREMENT BY " + s.increment() + " MINVALUE " + s.minValue() + " MAXVALUE "
                + s.maxValue() + " START WITH " + s.start() + (s.cycle() ? " CYCLE" : " NO CYCLE");
    }

    private static String seqName(Sequence s) {
        return qualified(s.schema(), s.name());
    }

    private static String enumName(EnumType e) {
        return qualified(e.schema(), e.name());
    }

    private String columnComment(TableRef t, Column c) {
        return "COMMENT ON COLUMN " + table(t) + "." + id(c.name()) + " IS " + ChangeWriter.literal(c.comment());
    }

    private static String alter(TableRef t) {
        return "ALTER TABLE " + table(t) + " ";
    }

    private static String dropConstraint(TableRef t, String name) {
        return alter(t) + "DROP CONSTRAINT " + id(name);
    }

    private static String constraint(String name) {
        return name == null ? "" : "CONSTRAINT " + id(name) + " ";
    }

    private static String table(TableRef t) {
        return qualified(t.schema(), t.name());
    }

    private static String qualified(String schema, String name) {
        return DdlWriter.of(D).tableName(schema, name);
    }

    private static String id(String name) {
        return DdlWriter.of(D).ident(name);
    }

    private static String cols(List<String> names) {
        return names.stream().map(PostgresChangeWriter::id).collect(Collectors.joining(", "));
    }
}
