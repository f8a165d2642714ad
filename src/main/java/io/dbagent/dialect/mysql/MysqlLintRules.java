package io.dbagent.dialect.mysql;

import io.dbagent.migrate.ColumnDefs;
import io.dbagent.migrate.EngineLintRules;
import io.dbagent.migrate.LintRules;
import io.dbagent.migrate.Operation;
import io.dbagent.migrate.TableSizes;
import io.dbagent.report.Finding;
import io.dbagent.report.Severity;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MySQL/MariaDB: adding a foreign key or a CHECK, and most type changes, copy the table while blocking writes; a
 * NOT NULL column added without a default silently fills existing rows with the type's implicit default.
 */
final class MysqlLintRules extends EngineLintRules {

    private static final Pattern INT_KEY = Pattern.compile("^(?:int|integer)(?:\\s*\\(\\d+\\))?(\\s+unsigned)?$");
    private static final Pattern VARCHAR = Pattern.compile("^(?:character varying|varchar)\\s*\\((\\d+)\\)$");

    @Override
    public void check(Operation op, long rows, LintRules r, List<Finding> out) {
        switch (op.kind()) {
            case ADD_FOREIGN_KEY -> out.add(r.blocking("add-foreign-key-blocking", op, rows, "adding a foreign key to "
                            + op.table() + " copies the table (ALGORITHM=COPY) while foreign_key_checks is on, "
                            + "blocking writes",
                    "SET foreign_key_checks = 0;  -- lets InnoDB add it in place; check for orphans first\n"
                            + op.statement() + ";\nSET foreign_key_checks = 1;"));
            case SET_ENGINE -> out.add(r.blocking("engine-change-rebuild", op, rows, "ENGINE=" + op.type()
                            + " copies every row and index of " + op.table() + " into a new table, blocking writes "
                            + "until the copy is done and needing the disk space of a second copy",
                    "run it in a quiet period, or with an online schema change tool (gh-ost, pt-online-schema-change "
                            + "--alter \"ENGINE=" + op.type() + "\")"));
            case ADD_CHECK -> out.add(r.blocking("add-check-blocking", op, rows, "adding a CHECK to " + op.table()
                            + " rebuilds the table while every row is checked",
                    "run it in a quiet period, or with an online schema change tool (gh-ost, pt-osc)"));
            case ALTER_COLUMN_TYPE -> {
                if (r.rewrites(op)) {
                    out.add(r.typeRewrite(op, rows, "a lock that blocks writes"));
                }
                if (op.notNull() && r.sizes().column(op.table(), op.column()).map(c -> c.nullable()).orElse(false)) {
                    out.add(r.blocking("set-not-null-blocking", op, rows, "MODIFY " + op.column() + " ... NOT NULL "
                                    + "rebuilds " + op.table() + " and fails if a row holds NULL",
                            "backfill first (UPDATE " + op.table() + " SET " + op.column() + " = <value> WHERE "
                                    + op.column() + " IS NULL), then run it in a quiet period or with gh-ost/pt-osc"));
                }
            }
            default -> {
            }
        }
    }

    /** An INT key: TINYINT and SMALLINT keys are chosen small on purpose, INT ones by habit. */
    @Override
    public void newColumns(Operation op, List<ColumnDefs.Def> columns, LintRules r, List<Finding> out) {
        for (ColumnDefs.Def c : columns) {
            Matcher m = INT_KEY.matcher(c.type());
            if (c.primaryKey() && m.matches()) {
                boolean unsigned = m.group(1) != null;
                out.add(r.advice("int-primary-key", op, c.name(), op.table() + "." + c.name() + " is an "
                                + c.type().toUpperCase(java.util.Locale.ROOT) + " primary key: inserts fail once it passes "
                                + (unsigned ? "4,294,967,295" : "2,147,483,647") + ", and changing it to BIGINT later "
                                + "copies " + op.table() + " while writes are blocked, and every foreign key column "
                                + "referencing it must change too; BIGINT costs 4 bytes more a row and in every secondary index",
                        c.rewrite(op.statement(), unsigned ? "BIGINT UNSIGNED" : "BIGINT", "") + ";"));
            }
        }
    }

    @Override
    public Severity notNullWithoutDefault(long rows) {
        return rows == TableSizes.UNKNOWN ? Severity.WARN : rows > 0 ? Severity.WARN : Severity.INFO;
    }

    @Override
    public String notNullEffect() {
        return "existing rows silently get the type's implicit default ('' or 0)";
    }

    /** A wider varchar within the same length-byte class (both under 256 bytes, or both above) is INPLACE. */
    @Override
    protected boolean widensInPlace(String from, String to) {
        Matcher fv = VARCHAR.matcher(from);
        Matcher tv = VARCHAR.matcher(to);
        if (fv.matches() && tv.matches()) {
            // utf8mb4: 4 bytes a character; the length prefix grows from 1 to 2 bytes at 256 bytes
            int a = Integer.parseInt(fv.group(1)) * 4;
            int b = Integer.parseInt(tv.group(1)) * 4;
            return b >= a && (a >= 256 || b < 256);
        }
        return false;
    }
}
