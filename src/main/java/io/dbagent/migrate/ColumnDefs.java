package io.dbagent.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The column definitions a {@code CREATE TABLE} or an {@code ALTER TABLE … ADD COLUMN} writes, for the rules that
 * judge the types chosen for new columns. Like {@link SqlOperations} it reads the text itself and gives up quietly
 * (no definitions) on what it does not recognise.
 */
public final class ColumnDefs {

    /**
     * One column definition.
     *
     * @param name       column name, unquoted (lower case unless quoted)
     * @param type       the type in lower case, as written
     * @param text       the whole definition as written in the statement
     * @param rawType    the type as written, a prefix of the definition after its name
     * @param typeAt     where the type starts in {@code text}
     * @param primaryKey the column is the table's single-column primary key
     */
    public record Def(String name, String type, String text, String rawType, int typeAt, boolean primaryKey) {

        /** The statement with this definition's type replaced by {@code newType} and {@code suffix} appended to it. */
        public String rewrite(String statement, String newType, String suffix) {
            int at = typeAt;
            String def = text.substring(0, at) + newType + text.substring(at + rawType.length()) + suffix;
            int where = statement.indexOf(text);
            return where < 0 ? def : statement.substring(0, where) + def + statement.substring(where + text.length());
        }
    }

    private static final int F = Pattern.CASE_INSENSITIVE | Pattern.DOTALL;
    private static final Pattern TABLE_ELEMENT = Pattern.compile(
            "^(CONSTRAINT|PRIMARY|UNIQUE|CHECK|FOREIGN|KEY|INDEX|EXCLUDE|LIKE|FULLTEXT|SPATIAL|PERIOD)\\b", F);
    private static final Pattern TABLE_PK = Pattern.compile("\\bPRIMARY\\s+KEY\\s*\\(([^)]*)\\)", F);
    private static final Pattern NAME = Pattern.compile("^(\"[^\"]+\"|`[^`]+`|[\\w$]+)\\s+(.+)$", F);
    private static final Pattern ALTER = Pattern.compile("^ALTER\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?(?:ONLY\\s+)?"
            + "(?:[`\"][^`\"]+[`\"]|[\\w$]+)(?:\\.(?:[`\"][^`\"]+[`\"]|[\\w$]+))?\\s+(.*)$", F);
    private static final Pattern ADD = Pattern.compile("^ADD\\s+(?:COLUMN\\s+)?(?:IF\\s+NOT\\s+EXISTS\\s+)?(.+)$", F);

    private ColumnDefs() {
    }

    /** The columns a CREATE TABLE defines, or the column an ADD COLUMN adds; empty for any other operation. */
    public static List<Def> of(Operation op) {
        String s = op.statement().trim();
        if (op.kind() == Operation.Kind.CREATE_TABLE) {
            return createTable(s);
        }
        if (op.kind() == Operation.Kind.ADD_COLUMN) {
            Matcher m = ALTER.matcher(s);
            if (!m.find()) {
                return List.of();
            }
            for (String action : SqlOperations.topLevelCommas(m.group(1))) {
                Matcher add = ADD.matcher(action.trim());
                if (add.find()) {
                    Def d = column(add.group(1).trim(), List.of());
                    if (d != null && d.name().equals(op.column())) {
                        return List.of(d);
                    }
                }
            }
        }
        return List.of();
    }

    private static List<Def> createTable(String s) {
        int open = s.indexOf('(');
        int close = s.lastIndexOf(')');
        if (open < 0 || close <= open) {
            return List.of();
        }
        List<String> elements = SqlOperations.topLevelCommas(s.substring(open + 1, close));
        List<String> pk = new ArrayList<>();
        for (String e : elements) {
            Matcher m = TABLE_PK.matcher(e.trim());
            if (TABLE_ELEMENT.matcher(e.trim()).find() && m.find()) {
                for (String c : m.group(1).split(",")) {
                    pk.add(SqlOperations.name(c.trim().replaceFirst("\\s+(?i)(ASC|DESC)$", "")));
                }
            }
        }
        List<Def> out = new ArrayList<>();
        for (String e : elements) {
            String t = e.trim();
            if (t.isEmpty() || TABLE_ELEMENT.matcher(t).find()) {
                continue;
            }
            Def d = column(t, pk.size() == 1 ? pk : List.of());
            if (d != null) {
                out.add(d);
            }
        }
        return out;
    }

    private static Def column(String text, List<String> tablePk) {
        Matcher m = NAME.matcher(text);
        if (!m.find()) {
            return null;
        }
        String name = SqlOperations.name(m.group(1));
        String rest = m.group(2).trim();
        String type = SqlOperations.firstWords(rest);
        if (type.isEmpty()) {
            return null;
        }
        String rawType = rest.substring(0, type.length());
        boolean pk = tablePk.contains(name) || rest.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ").contains("PRIMARY KEY");
        return new Def(name, type, text, rawType, m.start(2), pk);
    }
}
