package io.dbagent.app;

import io.dbagent.migrate.Operation;
import io.dbagent.migrate.SqlOperations;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a statement does to data already in the database: drops a table or column, truncates, deletes or updates
 * rows, or rewrites a column into another type. Read from the statement text alone (no database); the row counts
 * are added by {@link PlanUseCases#dataLoss}.
 */
public final class DataLoss {

    /**
     * One effect on existing data.
     *
     * @param action  {@code DROP TABLE}, {@code DROP COLUMN}, {@code TRUNCATE}, {@code DELETE}, {@code UPDATE} or
     *                {@code ALTER COLUMN TYPE}
     * @param table   the table (as written, unquoted)
     * @param column  the column for column effects, else null
     * @param whole   whether every row is hit (no WHERE), else only the rows the WHERE selects
     * @param rows    the table's estimated rows, -1 when not known
     */
    public record Effect(String action, String table, String column, boolean whole, long rows) {

        Effect withRows(long n) {
            return new Effect(action, table, column, whole, n);
        }

        /** {@code DROP TABLE orders (~60,000 rows)}, {@code DELETE FROM orders … (up to ~60,000 rows)}. */
        public String describe() {
            String object = column == null ? table : table + "." + column;
            String count = rows < 0 ? "rows unknown"
                    : (whole ? "~" : "up to ~") + String.format(Locale.ROOT, "%,d", rows) + " rows";
            return action + " " + object + " (" + count + ")";
        }
    }

    private static final int F = Pattern.CASE_INSENSITIVE | Pattern.DOTALL;
    private static final String IDENT = "((?:[`\"\\[][^`\"\\]]+[`\"\\]]|[\\w$]+)(?:\\.(?:[`\"\\[][^`\"\\]]+[`\"\\]]|[\\w$]+))?)";
    private static final Pattern TRUNCATE = Pattern.compile("^TRUNCATE\\s+(?:TABLE\\s+)?(?:ONLY\\s+)?" + IDENT, F);
    private static final Pattern DELETE = Pattern.compile("^DELETE\\s+(?:LOW_PRIORITY\\s+|QUICK\\s+|IGNORE\\s+)*FROM\\s+"
            + "(?:ONLY\\s+)?" + IDENT, F);
    private static final Pattern UPDATE = Pattern.compile("^UPDATE\\s+(?:LOW_PRIORITY\\s+|IGNORE\\s+|OR\\s+\\w+\\s+)*"
            + "(?:ONLY\\s+)?" + IDENT, F);
    private static final Pattern WHERE = Pattern.compile("\\bWHERE\\b", F);

    private DataLoss() {
    }

    /** The effects of one statement on existing data; empty for statements that keep every row and value. */
    public static List<Effect> of(String statement) {
        String s = stripLeadingComments(statement);
        List<Effect> out = new ArrayList<>();
        Matcher m;
        if ((m = TRUNCATE.matcher(s)).find()) {
            out.add(new Effect("TRUNCATE", unquote(m.group(1)), null, true, -1));
        } else if ((m = DELETE.matcher(s)).find()) {
            out.add(new Effect("DELETE FROM", unquote(m.group(1)), null, !WHERE.matcher(withoutLiterals(s)).find(), -1));
        } else if ((m = UPDATE.matcher(s)).find()) {
            out.add(new Effect("UPDATE", unquote(m.group(1)), null, !WHERE.matcher(withoutLiterals(s)).find(), -1));
        } else {
            for (Operation op : SqlOperations.read(s)) {
                switch (op.kind()) {
                    case DROP_TABLE -> out.add(new Effect("DROP TABLE", op.table(), null, true, -1));
                    case DROP_COLUMN -> out.add(new Effect("DROP COLUMN", op.table(), op.column(), true, -1));
                    case ALTER_COLUMN_TYPE -> out.add(new Effect("ALTER COLUMN TYPE", op.table(), op.column(), true, -1));
                    default -> {
                    }
                }
            }
        }
        return out;
    }

    static List<Effect> withRows(List<Effect> effects, java.util.function.ToLongFunction<String> rowsOf) {
        return effects.stream().map(e -> e.withRows(rowsOf.applyAsLong(e.table()))).toList();
    }

    private static String stripLeadingComments(String sql) {
        String s = sql.strip();
        while (s.startsWith("--") || s.startsWith("/*")) {
            int end = s.startsWith("--") ? s.indexOf('\n') : s.indexOf("*/");
            s = end < 0 ? "" : s.substring(end + (s.startsWith("--") ? 1 : 2)).strip();
        }
        return s;
    }

    /** The text with string literals emptied, so a WHERE inside a value is not taken for the keyword. */
    private static String withoutLiterals(String s) {
        return s.replaceAll("'(?:[^'\\\\]|''|\\\\.)*'", "''");
    }

    private static String unquote(String name) {
        String last = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : name;
        return last.replaceAll("^[`\"\\[]|[`\"\\]]$", "");
    }
}
