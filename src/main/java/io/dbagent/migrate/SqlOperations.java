package io.dbagent.migrate;

import io.dbagent.migrate.Operation.Kind;
import io.dbagent.sql.ScriptSplitter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the schema operations out of migration statements, for PostgreSQL, MySQL/MariaDB and SQLite syntax. Only
 * what lint and the breaking-change report judge is recognised; anything else is {@link Kind#OTHER}. We match
 * statements ourselves rather than with a full parser because parsers refuse valid DDL ({@code NOT VALID},
 * {@code CONCURRENTLY IF EXISTS}) and a lint must never choke on a file the database accepts.
 */
public final class SqlOperations {

    private static final int F = Pattern.CASE_INSENSITIVE | Pattern.DOTALL;
    private static final Pattern CREATE_TABLE = Pattern.compile(
            "^CREATE\\s+(?:TEMP(?:ORARY)?\\s+|UNLOGGED\\s+)?TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?" + ident(), F);
    private static final Pattern DROP_TABLE = Pattern.compile("^DROP\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?(.+?)(?:\\s+(?:CASCADE|RESTRICT))?$", F);
    private static final Pattern RENAME_TABLE_MYSQL = Pattern.compile("^RENAME\\s+TABLE\\s+" + ident() + "\\s+TO\\s+" + ident(), F);
    private static final Pattern CREATE_INDEX = Pattern.compile("^CREATE\\s+(UNIQUE\\s+)?INDEX\\s+(CONCURRENTLY\\s+)?"
            + "(?:IF\\s+NOT\\s+EXISTS\\s+)?(?:" + ident() + "\\s+)?ON\\s+(?:ONLY\\s+)?" + ident(), F);
    private static final Pattern DROP_INDEX = Pattern.compile("^DROP\\s+INDEX\\s+(CONCURRENTLY\\s+)?", F);
    private static final Pattern ALTER_TABLE = Pattern.compile("^ALTER\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?(?:ONLY\\s+)?"
            + ident() + "\\s+(.*)$", F);

    private SqlOperations() {
    }

    private static String ident() {
        return "((?:[`\"][^`\"]+[`\"]|[\\w$]+)(?:\\.(?:[`\"][^`\"]+[`\"]|[\\w$]+))?)";
    }

    /**
     * All operations of a script, in order. The table rebuild idiom (create a new table, copy, drop the old one,
     * rename the new one to the old name: SQLite's way to alter what ALTER TABLE cannot) is one change of the table,
     * not a drop and a rename, so its DROP TABLE and RENAME are left out.
     */
    public static List<Operation> read(String sql) {
        List<Operation> out = new ArrayList<>();
        for (ScriptSplitter.Statement st : ScriptSplitter.splitWithLines(sql)) {
            out.addAll(operations(Transactions.stripLeadingComments(st.text()), st.line()));
        }
        List<Operation> rebuildSteps = new ArrayList<>();
        for (Operation rename : out) {
            if (rename.kind() != Kind.RENAME_TABLE) {
                continue;
            }
            boolean createdHere = out.stream().anyMatch(o -> o.kind() == Kind.CREATE_TABLE
                    && rename.table().equalsIgnoreCase(o.table()));
            out.stream().filter(o -> o.kind() == Kind.DROP_TABLE && o.table().equalsIgnoreCase(rename.newName())
                    && o.line() < rename.line()).findFirst().ifPresent(drop -> {
                        if (createdHere) {
                            rebuildSteps.add(drop);
                            rebuildSteps.add(rename);
                        }
                    });
        }
        out.removeAll(rebuildSteps);
        return out;
    }

    static List<Operation> operations(String s, int line) {
        Matcher m;
        if ((m = CREATE_TABLE.matcher(s)).find()) {
            return List.of(Operation.of(Kind.CREATE_TABLE, name(m.group(1)), line, s));
        }
        if ((m = DROP_TABLE.matcher(s)).find()) {
            List<Operation> out = new ArrayList<>();
            for (String t : m.group(1).split(",")) {
                out.add(Operation.of(Kind.DROP_TABLE, name(t.trim()), line, s));
            }
            return out;
        }
        if ((m = RENAME_TABLE_MYSQL.matcher(s)).find()) {
            return List.of(new Operation(Kind.RENAME_TABLE, name(m.group(1)), null, name(m.group(2)), null, null,
                    false, false, line, s));
        }
        if ((m = CREATE_INDEX.matcher(s)).find()) {
            return List.of(new Operation(Kind.CREATE_INDEX, name(m.group(4)), null, m.group(3) == null ? null
                    : name(m.group(3)), null, null, m.group(1) != null, m.group(2) != null, line, s));
        }
        if ((m = DROP_INDEX.matcher(s)).find()) {
            return List.of(new Operation(Kind.DROP_INDEX, null, null, null, null, null, false, m.group(1) != null,
                    line, s));
        }
        if ((m = ALTER_TABLE.matcher(s)).find()) {
            String table = name(m.group(1));
            List<Operation> out = new ArrayList<>();
            for (String action : topLevelCommas(m.group(2))) {
                out.add(action(table, action.trim(), line, s));
            }
            return out;
        }
        return List.of(Operation.of(Kind.OTHER, null, line, s));
    }

    private static final Pattern ADD_CONSTRAINT = Pattern.compile(
            "^ADD\\s+(?:CONSTRAINT\\s+" + ident() + "\\s+)?(FOREIGN\\s+KEY|CHECK|UNIQUE|PRIMARY\\s+KEY)\\b(.*)$", F);
    private static final Pattern ADD_INDEX_MYSQL = Pattern.compile("^ADD\\s+(UNIQUE\\s+|FULLTEXT\\s+|SPATIAL\\s+)?(INDEX|KEY)\\b", F);
    private static final Pattern ADD_COLUMN = Pattern.compile("^ADD\\s+(?:COLUMN\\s+)?(?:IF\\s+NOT\\s+EXISTS\\s+)?"
            + ident() + "\\s+(.*)$", F);
    private static final Pattern DROP_COLUMN = Pattern.compile("^DROP\\s+(?:COLUMN\\s+)?(?:IF\\s+EXISTS\\s+)?" + ident()
            + "(?:\\s+(?:CASCADE|RESTRICT))?$", F);
    private static final Pattern DROP_OTHER = Pattern.compile("^DROP\\s+(CONSTRAINT|FOREIGN\\s+KEY|INDEX|KEY|PRIMARY\\s+KEY|CHECK)\\b", F);
    private static final Pattern ALTER_COLUMN = Pattern.compile("^ALTER\\s+(?:COLUMN\\s+)?" + ident() + "\\s+(.*)$", F);
    private static final Pattern MODIFY = Pattern.compile("^MODIFY\\s+(?:COLUMN\\s+)?" + ident() + "\\s+(.*)$", F);
    private static final Pattern CHANGE = Pattern.compile("^CHANGE\\s+(?:COLUMN\\s+)?" + ident() + "\\s+" + ident() + "\\s+(.*)$", F);
    private static final Pattern RENAME_COLUMN = Pattern.compile("^RENAME\\s+(?:COLUMN\\s+)?" + ident() + "\\s+TO\\s+" + ident() + "$", F);
    private static final Pattern RENAME_TO = Pattern.compile("^RENAME\\s+(?:TO\\s+|AS\\s+)?" + ident() + "$", F);
    private static final Pattern VALIDATE = Pattern.compile("^VALIDATE\\s+CONSTRAINT\\s+" + ident(), F);
    private static final Pattern ENGINE = Pattern.compile("^ENGINE\\s*=?\\s*[`'\"]?(\\w+)", F);
    private static final Pattern DEFAULT = Pattern.compile("\\bDEFAULT\\s+(\\([^;]*\\)|'(?:[^']|'')*'|[^\\s,]+(?:\\([^)]*\\))?)", F);

    private static Operation action(String table, String a, int line, String s) {
        Matcher m;
        if ((m = ADD_CONSTRAINT.matcher(a)).find()) {
            String what = m.group(2).toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
            String rest = m.group(3);
            boolean notValid = rest.toUpperCase(Locale.ROOT).contains("NOT VALID");
            Kind k = switch (what) {
                case "FOREIGN KEY" -> Kind.ADD_FOREIGN_KEY;
                case "CHECK" -> Kind.ADD_CHECK;
                case "UNIQUE" -> Kind.ADD_UNIQUE;
                default -> Kind.ADD_PRIMARY_KEY;
            };
            boolean usingIndex = rest.toUpperCase(Locale.ROOT).contains("USING INDEX");
            return new Operation(k, table, null, m.group(1) == null ? null : name(m.group(1)), null, null, false,
                    notValid || usingIndex, line, s);
        }
        if ((m = ADD_INDEX_MYSQL.matcher(a)).find()) {
            return new Operation(Kind.CREATE_INDEX, table, null, null, null, null, m.group(1) != null
                    && m.group(1).trim().equalsIgnoreCase("UNIQUE"), true, line, s);
        }
        if ((m = ADD_COLUMN.matcher(a)).find()) {
            String def = m.group(2);
            return new Operation(Kind.ADD_COLUMN, table, name(m.group(1)), null, firstWords(def), defaultOf(def),
                    notNull(def), false, line, s);
        }
        if (DROP_OTHER.matcher(a).find()) {
            return Operation.of(Kind.DROP_CONSTRAINT, table, line, s);
        }
        if ((m = DROP_COLUMN.matcher(a)).find()) {
            return new Operation(Kind.DROP_COLUMN, table, name(m.group(1)), null, null, null, false, false, line, s);
        }
        if ((m = RENAME_COLUMN.matcher(a)).find()) {
            return new Operation(Kind.RENAME_COLUMN, table, name(m.group(1)), name(m.group(2)), null, null, false,
                    false, line, s);
        }
        if ((m = RENAME_TO.matcher(a)).find()) {
            return new Operation(Kind.RENAME_TABLE, table, null, name(m.group(1)), null, null, false, false, line, s);
        }
        if ((m = ALTER_COLUMN.matcher(a)).find()) {
            String col = name(m.group(1));
            String rest = m.group(2).trim();
            String upper = rest.toUpperCase(Locale.ROOT);
            if (upper.startsWith("TYPE") || upper.startsWith("SET DATA TYPE")) {
                String type = rest.replaceFirst("(?i)^(SET\\s+DATA\\s+)?TYPE\\s+", "").replaceFirst("(?is)\\s+(USING|COLLATE)\\b.*$", "");
                return new Operation(Kind.ALTER_COLUMN_TYPE, table, col, null, type.trim(), null, false, false, line, s);
            }
            Kind k = upper.startsWith("SET NOT NULL") ? Kind.SET_NOT_NULL : upper.startsWith("DROP NOT NULL")
                    ? Kind.DROP_NOT_NULL : upper.startsWith("SET DEFAULT") ? Kind.SET_DEFAULT
                    : upper.startsWith("DROP DEFAULT") ? Kind.DROP_DEFAULT : Kind.OTHER;
            return new Operation(k, table, col, null, null, null, false, false, line, s);
        }
        if ((m = MODIFY.matcher(a)).find()) {
            return new Operation(Kind.ALTER_COLUMN_TYPE, table, name(m.group(1)), null, firstWords(m.group(2)),
                    defaultOf(m.group(2)), notNull(m.group(2)), false, line, s);
        }
        if ((m = CHANGE.matcher(a)).find()) {
            String from = name(m.group(1));
            String to = name(m.group(2));
            if (!from.equalsIgnoreCase(to)) {
                return new Operation(Kind.RENAME_COLUMN, table, from, to, firstWords(m.group(3)), null,
                        notNull(m.group(3)), false, line, s);
            }
            return new Operation(Kind.ALTER_COLUMN_TYPE, table, from, null, firstWords(m.group(3)), null,
                    notNull(m.group(3)), false, line, s);
        }
        if ((m = VALIDATE.matcher(a)).find()) {
            return new Operation(Kind.VALIDATE_CONSTRAINT, table, null, name(m.group(1)), null, null, false, false,
                    line, s);
        }
        if ((m = ENGINE.matcher(a)).find()) {
            return new Operation(Kind.SET_ENGINE, table, null, null, m.group(1), null, false, false, line, s);
        }
        return Operation.of(Kind.OTHER, table, line, s);
    }

    /** The column type: the definition up to the first constraint keyword. */
    static String firstWords(String def) {
        String t = def.trim().replaceFirst("(?is)\\s+(NOT\\s+NULL|NULL|DEFAULT|PRIMARY|UNIQUE|REFERENCES|CHECK|CONSTRAINT|"
                + "GENERATED|COLLATE|CHARACTER\\s+SET|CHARSET|COMMENT|AUTO_INCREMENT|FIRST|AFTER|AS)\\b.*$", "");
        return t.trim().toLowerCase(Locale.ROOT);
    }

    private static String defaultOf(String def) {
        Matcher m = DEFAULT.matcher(def);
        return m.find() ? m.group(1) : null;
    }

    private static boolean notNull(String def) {
        return def.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ").contains("NOT NULL")
                || def.toUpperCase(Locale.ROOT).contains("PRIMARY KEY");
    }

    /** An identifier without quotes and without its schema. */
    static String name(String raw) {
        String n = raw.trim();
        int dot = lastDotOutsideQuotes(n);
        if (dot >= 0) {
            n = n.substring(dot + 1);
        }
        if (n.length() >= 2 && (n.startsWith("\"") || n.startsWith("`"))) {
            return n.substring(1, n.length() - 1);
        }
        return n.toLowerCase(Locale.ROOT);
    }

    private static int lastDotOutsideQuotes(String s) {
        boolean q = false;
        int last = -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '`') {
                q = !q;
            } else if (c == '.' && !q) {
                last = i;
            }
        }
        return last;
    }

    /** Splits ALTER TABLE actions on commas outside parentheses and quotes. */
    static List<String> topLevelCommas(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(s.substring(from, i));
                from = i + 1;
            }
        }
        out.add(s.substring(from));
        return out;
    }
}
