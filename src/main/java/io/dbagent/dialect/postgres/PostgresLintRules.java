package io.dbagent.dialect.postgres;

import io.dbagent.migrate.ColumnDefs;
import io.dbagent.migrate.EngineLintRules;
import io.dbagent.migrate.LintRules;
import io.dbagent.migrate.Operation;
import io.dbagent.migrate.TableSizes;
import io.dbagent.report.Finding;
import io.dbagent.report.Severity;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL: index builds, constraint validation and SET NOT NULL take locks that block writes for the whole scan;
 * each has a form that does not (CONCURRENTLY, NOT VALID then VALIDATE, a validated CHECK).
 */
final class PostgresLintRules extends EngineLintRules {

    private static final Pattern VOLATILE = Pattern.compile(
            "(?i)\\b(random|clock_timestamp|timeofday|gen_random_uuid|uuid_generate_v[14]|nextval|txid_current)\\s*\\(");
    private static final Pattern VARCHAR = Pattern.compile("^(?:character varying|varchar)\\s*\\((\\d+)\\)$");
    private static final Pattern INT_KEY = Pattern.compile("^(?:int|integer|int4|serial|serial4)$");
    private static final Pattern TIMESTAMP = Pattern.compile("^timestamp\\s*(\\(\\d\\))?(?:\\s+without\\s+time\\s+zone)?$");
    private static final Pattern PK_COLUMNS = Pattern.compile("(?i)PRIMARY\\s+KEY\\s*\\(([^)]*)\\)");
    private static final Pattern INT_COLUMN = Pattern.compile("^(?:int|integer|int4)$");
    private static final Pattern NUMERIC = Pattern.compile("^(?:numeric|decimal)\\s*\\((\\d+)(?:,\\s*(\\d+))?\\)$");

    @Override
    public void check(Operation op, long rows, LintRules r, List<Finding> out) {
        switch (op.kind()) {
            case CREATE_INDEX -> {
                if (!op.safeForm()) {
                    out.add(r.blocking("create-index-blocking", op, rows, "CREATE INDEX on " + op.table()
                                    + " without CONCURRENTLY blocks writes to " + op.table() + " while the index builds",
                            op.statement().replaceFirst("(?i)\\bINDEX\\b", "INDEX CONCURRENTLY")
                                    + ";  -- in a migration file of its own: the runner runs it outside a transaction"));
                }
            }
            case ADD_FOREIGN_KEY -> {
                if (!op.safeForm()) {
                    out.add(r.blocking("add-foreign-key-blocking", op, rows, "adding a foreign key to " + op.table()
                                    + " without NOT VALID locks it and the referenced table against writes while every "
                                    + "row is checked",
                            op.statement() + " NOT VALID;" + validateNext(op)));
                }
            }
            case ADD_CHECK -> {
                if (!op.safeForm()) {
                    out.add(r.blocking("add-check-blocking", op, rows, "adding a CHECK to " + op.table()
                                    + " without NOT VALID holds an ACCESS EXCLUSIVE lock while every row is checked",
                            op.statement() + " NOT VALID;" + validateNext(op)));
                }
            }
            case ADD_UNIQUE -> {
                if (!op.safeForm()) {
                    String idx = op.table() + "_" + (op.newName() == null ? "key" : op.newName()) + "_idx";
                    out.add(r.blocking("add-unique-blocking", op, rows, "adding a UNIQUE constraint to " + op.table()
                                    + " builds its index under an ACCESS EXCLUSIVE lock",
                            "CREATE UNIQUE INDEX CONCURRENTLY " + idx + " ON " + op.table() + " (...);  -- own file\n"
                                    + "ALTER TABLE " + op.table() + " ADD CONSTRAINT " + (op.newName() == null ? "name"
                                    : op.newName()) + " UNIQUE USING INDEX " + idx + ";"));
                }
            }
            case SET_NOT_NULL -> {
                if (r.validatedCheckOn(op)) {
                    return;
                }
                String ck = op.table() + "_" + op.column() + "_not_null";
                out.add(r.blocking("set-not-null-blocking", op, rows, "SET NOT NULL on " + op.table() + "."
                                + op.column() + " scans the whole table under an ACCESS EXCLUSIVE lock",
                        "ALTER TABLE " + op.table() + " ADD CONSTRAINT " + ck + " CHECK (" + op.column()
                                + " IS NOT NULL) NOT VALID;\nALTER TABLE " + op.table() + " VALIDATE CONSTRAINT " + ck
                                + ";  -- next migration\nALTER TABLE " + op.table() + " ALTER COLUMN " + op.column()
                                + " SET NOT NULL;  -- uses the validated check, no scan\nALTER TABLE " + op.table()
                                + " DROP CONSTRAINT " + ck + ";"));
            }
            case ADD_PRIMARY_KEY -> {
                if (!op.safeForm()) {
                    Matcher cols = PK_COLUMNS.matcher(op.statement());
                    String list = cols.find() ? cols.group(1).trim() : "...";
                    String name = op.newName() == null ? op.table() + "_pkey" : op.newName();
                    out.add(r.blocking("add-primary-key-blocking", op, rows, "adding a PRIMARY KEY to " + op.table()
                                    + " builds its unique index (and checks its columns for NULL) under an ACCESS "
                                    + "EXCLUSIVE lock",
                            "CREATE UNIQUE INDEX CONCURRENTLY " + name + "_idx ON " + op.table() + " (" + list
                                    + ");  -- own file\nALTER TABLE " + op.table() + " ADD CONSTRAINT " + name
                                    + " PRIMARY KEY USING INDEX " + name + "_idx;"));
                }
            }
            case ALTER_COLUMN_TYPE -> {
                if (r.rewrites(op)) {
                    out.add(r.typeRewrite(op, rows, "an ACCESS EXCLUSIVE lock"));
                }
            }
            case ADD_COLUMN -> volatileDefault(op, rows, r, out);
            case VALIDATE_CONSTRAINT -> r.addedNotValid(op.newName()).ifPresent(add -> out.add(r.blocking(
                    "validate-in-same-transaction", op, rows, "validates " + op.newName() + " in the same file that "
                            + "adds it NOT VALID (line " + add.line() + "): the file runs in one transaction, so the "
                            + "lock the ADD took on " + op.table() + " is held through the whole validation scan",
                    "-- keep the ADD … NOT VALID here; move the validation to a migration file of its own "
                            + "(dbagent migrate new validate_" + op.newName() + ") so the ADD commits first:\n"
                            + "ALTER TABLE " + op.table() + " VALIDATE CONSTRAINT " + op.newName() + ";")));
            default -> {
            }
        }
    }

    @Override
    public void newColumns(Operation op, List<ColumnDefs.Def> columns, LintRules r, List<Finding> out) {
        for (ColumnDefs.Def c : columns) {
            String col = op.table() + "." + c.name();
            if (c.primaryKey() && INT_KEY.matcher(c.type()).matches()) {
                String big = c.type().startsWith("serial") ? "bigserial" : "bigint";
                out.add(r.advice("int-primary-key", op, c.name(), col + " is a " + c.type() + " primary key: "
                                + "inserts fail once it passes 2,147,483,647, and changing it to bigint later rewrites "
                                + op.table() + ", its indexes and every referencing foreign key column under an ACCESS "
                                + "EXCLUSIVE lock; bigint costs 4 bytes more a row",
                        c.rewrite(op.statement(), big, "") + ";"));
            }
            if (!c.primaryKey() && INT_COLUMN.matcher(c.type()).matches() && referencing(op.statement(), c)) {
                out.add(r.advice("int-primary-key", op, c.name(), col + " is an " + c.type() + " foreign key "
                                + "column: it cannot hold a key above 2,147,483,647, so the key it references cannot "
                                + "outgrow int either, and widening both later rewrites both tables under ACCESS "
                                + "EXCLUSIVE locks",
                        c.rewrite(op.statement(), "bigint", "") + ";"));
            }
            Matcher v = VARCHAR.matcher(c.type());
            if (v.matches()) {
                String n = v.group(1);
                out.add(r.advice("varchar-with-length", op, c.name(), col + " is " + c.type() + ": on PostgreSQL "
                                + "varchar(" + n + ") is stored like text, and lowering the limit later rewrites "
                                + op.table() + " under an ACCESS EXCLUSIVE lock; text with a CHECK changes its limit "
                                + "with NOT VALID + VALIDATE and no rewrite",
                        c.rewrite(op.statement(), "text", " CONSTRAINT " + op.table() + "_" + c.name()
                                + "_length CHECK (char_length(" + c.name() + ") <= " + n + ")") + ";"));
            }
            Matcher t = TIMESTAMP.matcher(c.type());
            if (t.matches()) {
                out.add(r.advice("new-timestamp-without-tz", op, c.name(), col + " is " + c.type()
                                + " (without time zone): it stores wall-clock values, so times written from sessions "
                                + "in different time zones do not compare, and changing it to timestamptz later "
                                + "rewrites " + op.table(),
                        c.rewrite(op.statement(), "timestamptz" + (t.group(1) == null ? "" : t.group(1)), "") + ";"));
            }
        }
    }

    private static String validateNext(Operation op) {
        return op.newName() == null ? "" : "\nALTER TABLE " + op.table() + " VALIDATE CONSTRAINT " + op.newName()
                + ";  -- in the next migration";
    }

    private static void volatileDefault(Operation op, long rows, LintRules r, List<Finding> out) {
        String upper = op.statement().toUpperCase(Locale.ROOT);
        String type = op.type() == null ? "" : op.type();
        if (type.endsWith("serial") || upper.contains("AS IDENTITY")
                || op.defaultValue() != null && VOLATILE.matcher(op.defaultValue()).find()) {
            out.add(r.blocking("volatile-default-rewrite", op, rows, "adding " + op.table() + "." + op.column()
                            + " with a volatile default (" + (op.defaultValue() != null ? op.defaultValue() : type)
                            + ") rewrites the whole table under an ACCESS EXCLUSIVE lock",
                    "ALTER TABLE " + op.table() + " ADD COLUMN " + op.column() + " " + type.replace("bigserial", "bigint")
                            .replace("smallserial", "smallint").replace("serial", "integer") + ";\nALTER TABLE "
                            + op.table() + " ALTER COLUMN " + op.column() + " SET DEFAULT "
                            + (op.defaultValue() != null ? op.defaultValue() : "<expression>")
                            + ";  -- new rows only\n-- then backfill existing rows in batches: UPDATE " + op.table()
                            + " SET " + op.column() + " = ... WHERE <key range>;"));
        }
    }

    @Override
    public Severity notNullWithoutDefault(long rows) {
        return rows == TableSizes.UNKNOWN ? Severity.WARN : rows > 0 ? Severity.CRITICAL : Severity.INFO;
    }

    @Override
    public String notNullEffect() {
        return "the statement fails as soon as the table has a row";
    }

    /**
     * A wider varchar, varchar to text, and numeric(p,s) to a wider precision at the same scale or to unconstrained
     * numeric keep the table as it is.
     */
    @Override
    protected boolean widensInPlace(String from, String to) {
        Matcher fv = VARCHAR.matcher(from);
        Matcher tv = VARCHAR.matcher(to);
        if (fv.matches() && (to.equals("text") || to.equals("varchar") || to.equals("character varying"))) {
            return true;
        }
        if (fv.matches() && tv.matches()) {
            return Integer.parseInt(tv.group(1)) >= Integer.parseInt(fv.group(1));
        }
        Matcher fn = NUMERIC.matcher(from);
        Matcher tn = NUMERIC.matcher(to);
        if (fn.matches() && (to.equals("numeric") || to.equals("decimal"))) {
            return true;
        }
        if (fn.matches() && tn.matches()) {
            String fs = fn.group(2) == null ? "0" : fn.group(2);
            String ts = tn.group(2) == null ? "0" : tn.group(2);
            return fs.equals(ts) && Integer.parseInt(tn.group(1)) >= Integer.parseInt(fn.group(1));
        }
        return false;
    }

    /** Whether the column references another table: inline REFERENCES, or a table-level FOREIGN KEY (col). */
    private static boolean referencing(String statement, ColumnDefs.Def c) {
        return c.text().toUpperCase(Locale.ROOT).matches("(?s).*\\bREFERENCES\\b.*")
                || Pattern.compile("(?is)FOREIGN\\s+KEY\\s*\\(\\s*\"?" + Pattern.quote(c.name()) + "\"?\\s*\\)")
                .matcher(statement).find();
    }
}
