package io.dbagent.migrate;

import io.dbagent.dialect.DdlWriter;
import io.dbagent.guard.GuardedSession;
import io.dbagent.report.Finding;
import io.dbagent.report.Severity;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code migrate lint --db}'s look at the live rows: the rows that make a statement fail when it is applied, counted
 * in the real table. NULLs before {@code SET NOT NULL} (MySQL: {@code MODIFY … NOT NULL}), duplicate groups before a
 * UNIQUE constraint or index, orphans before a FOREIGN KEY. Only tables that exist in the database are counted; a count
 * above zero is critical, as the statement (or, for {@code NOT VALID}, its validation) will fail. The counts run in the
 * read context, under its statement time limit: a count over a large table ends at the limit instead of holding the
 * command.
 */
public final class Preflight {

    private static final int F = Pattern.CASE_INSENSITIVE | Pattern.DOTALL;
    private static final Pattern UNIQUE_COLS = Pattern.compile("\\bUNIQUE\\s*(?:KEY\\s+|INDEX\\s+)?(?:[\\w$`\"]+\\s*)?\\(([^)]*)\\)", F);
    private static final Pattern INDEX_COLS = Pattern.compile("\\bON\\s+[^(]+\\(([^)]*)\\)", F);
    private static final Pattern FK = Pattern.compile("\\bFOREIGN\\s+KEY\\s*\\(([^)]*)\\)\\s*REFERENCES\\s+"
            + "((?:[`\"][^`\"]+[`\"]|[\\w$]+)(?:\\.(?:[`\"][^`\"]+[`\"]|[\\w$]+))?)\\s*\\(([^)]*)\\)", F);

    private Preflight() {
    }

    /** The blocking rows of every operation of {@code files} on a live table of {@code session}. */
    public static List<Finding> check(GuardedSession session, List<MigrationLinter.Input> files, TableSizes sizes) {
        List<Finding> out = new ArrayList<>();
        for (MigrationLinter.Input f : files) {
            for (Operation op : SqlOperations.read(f.sql())) {
                if (op.table() == null || sizes.rows(op.table()) < 0) {
                    continue;
                }
                try {
                    check(session, f.script(), op, sizes).ifPresent(out::add);
                } catch (SQLException e) {
                    // a column or table the file itself adds first is not there yet: nothing to count
                } catch (io.dbagent.DbAgentException e) {
                    if (!io.dbagent.guard.Timeouts.isLimitReached(e)) {
                        throw e;
                    }
                    // a slow expression or a huge table: that one count is left out, the others still run
                    String limit = io.dbagent.guard.Timeouts.describe(session.timeout());
                    out.add(Finding.builder("preflight-skipped", Severity.INFO).subject(f.script() + ":" + op.line())
                            .message(f.script() + " line " + op.line() + ": the count of blocking rows in "
                                    + op.table() + " stopped at the statement limit (" + limit
                                    + "); those rows were not checked")
                            .fix("rerun with a longer limit, e.g. --timeout " + Math.max(10, 10 * session.timeout().toSeconds())
                                    + ", or check " + op.table() + " yourself before applying")
                            .evidence("file", f.script()).evidence("line", op.line())
                            .evidence("table", op.table()).evidence("column", op.column()).build());
                }
            }
        }
        return out;
    }

    private static java.util.Optional<Finding> check(GuardedSession s, String file, Operation op, TableSizes sizes)
            throws SQLException {
        DdlWriter w = DdlWriter.of(s.session().dialect());
        String table = w.tableName(null, op.table());
        boolean mysqlNotNull = op.kind() == Operation.Kind.ALTER_COLUMN_TYPE && op.notNull()
                && sizes.column(op.table(), op.column()).map(c -> c.nullable()).orElse(false);
        if (op.kind() == Operation.Kind.SET_NOT_NULL || mysqlNotNull) {
            String col = w.columnList(List.of(op.column()));
            long n = count(s, "SELECT count(*) FROM " + table + " WHERE " + col + " IS NULL");
            return n == 0 ? java.util.Optional.empty() : java.util.Optional.of(finding("preflight-nulls", file, op, n,
                    op.table() + "." + op.column() + " is made NOT NULL while " + String.format(Locale.ROOT, "%,d", n)
                            + " live row(s) hold NULL: the statement fails",
                    "backfill first: UPDATE " + table + " SET " + col + " = <value> WHERE " + col + " IS NULL;"));
        }
        // a CREATE INDEX operation carries UNIQUE in its notNull flag
        Matcher u = op.kind() == Operation.Kind.ADD_UNIQUE ? UNIQUE_COLS.matcher(op.statement())
                : op.kind() == Operation.Kind.CREATE_INDEX && op.notNull() ? INDEX_COLS.matcher(op.statement()) : null;
        if (u != null && u.find()) {
            String cols = w.columnList(names(u.group(1)));
            long n = count(s, "SELECT count(*) FROM (SELECT " + cols + " FROM " + table + " WHERE "
                    + notNulls(cols) + " GROUP BY " + cols + " HAVING count(*) > 1) d");
            return n == 0 ? java.util.Optional.empty() : java.util.Optional.of(finding("preflight-duplicates", file, op,
                    n, "UNIQUE over " + op.table() + " (" + cols + ") while " + String.format(Locale.ROOT, "%,d", n)
                            + " group(s) of live rows share a value: the statement fails",
                    "find them: SELECT " + cols + ", count(*) FROM " + table + " GROUP BY " + cols
                            + " HAVING count(*) > 1; then merge or delete the extra rows"));
        }
        Matcher fk = op.kind() == Operation.Kind.ADD_FOREIGN_KEY ? FK.matcher(op.statement()) : null;
        if (fk != null && fk.find()) {
            List<String> child = names(fk.group(1));
            List<String> parent = names(fk.group(3));
            String ref = w.tableName(null, SqlOperations.name(fk.group(2)));
            StringBuilder join = new StringBuilder();
            for (int i = 0; i < child.size() && i < parent.size(); i++) {
                join.append(i == 0 ? "" : " AND ").append("p.").append(w.columnList(List.of(parent.get(i))))
                        .append(" = c.").append(w.columnList(List.of(child.get(i))));
            }
            String childCols = w.columnList(child);
            String where = notNulls(child.stream().map(c -> "c." + w.columnList(List.of(c))).reduce((a, b) -> a + ", " + b)
                    .orElse(""));
            long n = count(s, "SELECT count(*) FROM " + table + " c WHERE " + where + " AND NOT EXISTS (SELECT 1 FROM "
                    + ref + " p WHERE " + join + ")");
            return n == 0 ? java.util.Optional.empty() : java.util.Optional.of(finding("preflight-orphans", file, op, n,
                    "FOREIGN KEY " + op.table() + " (" + childCols + ") while " + String.format(Locale.ROOT, "%,d", n)
                            + " live row(s) reference no row of " + ref + ": the statement"
                            + (op.safeForm() ? "'s VALIDATE" : "") + " fails",
                    "list them: SELECT c.* FROM " + table + " c WHERE " + where + " AND NOT EXISTS (SELECT 1 FROM "
                            + ref + " p WHERE " + join + "); then delete them, set them to NULL or add the missing "
                            + "parents"));
        }
        if (op.kind() == Operation.Kind.ADD_CHECK) {
            Matcher c = CHECK.matcher(op.statement());
            if (c.find()) {
                int open = c.end() - 1;
                int close = io.dbagent.sql.SqlText.closingParen(op.statement(), open, false);
                if (close > open) {
                    String expr = op.statement().substring(open + 1, close).strip();
                    // a CHECK passes on NULL, and so NOT (expr) leaves those rows out, as the engine does
                    long n = count(s, "SELECT count(*) FROM " + table + " WHERE NOT (" + expr + ")");
                    return n == 0 ? java.util.Optional.empty() : java.util.Optional.of(finding(
                            "preflight-check-violations", file, op, n, "CHECK (" + expr + ") on " + op.table()
                                    + " while " + String.format(Locale.ROOT, "%,d", n) + " live row(s) violate it: the "
                                    + "statement" + (op.safeForm() ? "'s VALIDATE" : "") + " fails",
                            "list them: SELECT * FROM " + table + " WHERE NOT (" + expr + "); then fix or delete them"));
                }
            }
        }
        if (op.kind() == Operation.Kind.ALTER_COLUMN_TYPE && op.type() != null && op.column() != null
                && !io.dbagent.dialect.Dialects.of(s.session().dialect()).embedded()) {
            String col = w.columnList(List.of(op.column()));
            Matcher len = LENGTH_TYPE.matcher(op.type().strip());
            Matcher num = INT_TYPE.matcher(op.type().strip());
            String where = null;
            String what = null;
            if (len.find()) {
                where = "char_length(" + col + ") > " + len.group(1);
                what = "longer than " + len.group(1) + " characters";
            } else if (num.find()) {
                long[] range = switch (num.group(1).toLowerCase(Locale.ROOT)) {
                    case "tinyint" -> new long[] {-128, 127};
                    case "smallint", "int2" -> new long[] {-32_768, 32_767};
                    case "mediumint" -> new long[] {-8_388_608, 8_388_607};
                    default -> new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE};
                };
                where = col + " NOT BETWEEN " + range[0] + " AND " + range[1];
                what = "outside " + num.group(1) + " (" + range[0] + " … " + range[1] + ")";
            }
            if (where != null) {
                long n = count(s, "SELECT count(*) FROM " + table + " WHERE " + where);
                return n == 0 ? java.util.Optional.empty() : java.util.Optional.of(finding("preflight-narrowing", file,
                        op, n, op.table() + "." + op.column() + " becomes " + op.type().strip() + " while "
                                + String.format(Locale.ROOT, "%,d", n) + " live row(s) hold a value " + what
                                + ": the statement fails (or, on MySQL without strict mode, cuts the values)",
                        "list them: SELECT * FROM " + table + " WHERE " + where
                                + "; then shorten or move them, or keep the wider type"));
            }
        }
        return java.util.Optional.empty();
    }

    private static final Pattern CHECK = Pattern.compile("\\bCHECK\\s*\\(", F);
    private static final Pattern LENGTH_TYPE = Pattern.compile(
            "^(?:character\\s+varying|varchar|nvarchar|character|char|nchar)\\s*\\(\\s*(\\d+)\\s*\\)", F);
    private static final Pattern INT_TYPE = Pattern.compile("^(tinyint|smallint|int2|mediumint|integer|int4|int)\\b", F);

    private static List<String> names(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(c -> !c.isEmpty())
                .map(c -> SqlOperations.name(c.replaceFirst("(?i)\\s+(ASC|DESC)$", ""))).toList();
    }

    private static String notNulls(String cols) {
        return String.join(" AND ", Arrays.stream(cols.split(",")).map(c -> c.trim() + " IS NOT NULL").toList());
    }

    private static long count(GuardedSession s, String sql) throws SQLException {
        return s.query(sql, rs -> {
            rs.next();
            return rs.getLong(1);
        });
    }

    private static Finding finding(String id, String file, Operation op, long n, String message, String fix) {
        return Finding.builder(id, Severity.CRITICAL).subject(file + ":" + op.line())
                .message(file + " line " + op.line() + ": " + message).fix(fix)
                .evidence("file", file).evidence("line", op.line()).evidence("table", op.table())
                .evidence("column", op.column()).evidence("blockingRows", n).build();
    }
}
