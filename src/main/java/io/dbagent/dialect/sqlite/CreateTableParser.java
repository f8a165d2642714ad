package io.dbagent.dialect.sqlite;

import io.dbagent.schema.Check;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads what SQLite's pragmas do not expose from the stored {@code CREATE TABLE} text: constraint names, CHECK
 * expressions, generation expressions and the {@code WITHOUT ROWID} option. It walks the tokens of the column
 * definitions and table constraints following SQLite's grammar, so commas, parentheses and keywords inside strings,
 * quoted identifiers, comments and nested expressions are never mistaken for structure. It never throws: text it does
 * not understand is skipped, and callers fall back to unnamed constraints.
 */
final class CreateTableParser {

    /**
     * A column as far as the pragmas cannot describe it; {@code collation} is its {@code COLLATE} name upper-cased,
     * null when it has none or names the default {@code BINARY}.
     */
    record ParsedColumn(String name, String generated, String generatedKind, String collation) {
    }

    /** A PRIMARY KEY or UNIQUE constraint: its name (null when unnamed) and its columns. */
    record KeyConstraint(String name, List<String> columns) {
    }

    /** A foreign key as written; {@code refColumns} is empty when the clause omits them. */
    record ParsedForeignKey(String name, List<String> columns, String refTable, List<String> refColumns) {
    }

    /** Everything read from one CREATE TABLE statement. */
    record ParsedTable(List<ParsedColumn> columns, KeyConstraint primaryKey, List<KeyConstraint> uniques,
                       List<Check> checks, List<ParsedForeignKey> foreignKeys, boolean withoutRowid,
                       String options) {

        static final ParsedTable EMPTY = new ParsedTable(List.of(), null, List.of(), List.of(), List.of(), false,
                null);

        ParsedColumn column(String name) {
            return columns.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst().orElse(null);
        }
    }

    private static final Set<String> TABLE_CONSTRAINT_START = Set.of("CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK",
            "FOREIGN");
    private static final Set<String> COLUMN_CONSTRAINT_START = Set.of("CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE",
            "CHECK", "DEFAULT", "COLLATE", "REFERENCES", "GENERATED", "AS");

    private final SqlTokens t;
    private final List<ParsedColumn> columns = new ArrayList<>();
    private final List<KeyConstraint> uniques = new ArrayList<>();
    private final List<Check> checks = new ArrayList<>();
    private final List<ParsedForeignKey> foreignKeys = new ArrayList<>();
    private KeyConstraint primaryKey;

    private CreateTableParser(String sql) {
        this.t = SqlTokens.of(sql);
    }

    /** Parses a {@code CREATE TABLE} statement; {@link ParsedTable#EMPTY} for null or unrecognisable text. */
    static ParsedTable parse(String sql) {
        if (sql == null) {
            return ParsedTable.EMPTY;
        }
        try {
            return new CreateTableParser(sql).run();
        } catch (RuntimeException e) {
            // Text we misread must cost names, not the whole inspection.
            return ParsedTable.EMPTY;
        }
    }

    private ParsedTable run() {
        int open = t.nextOpen(0);
        if (open < 0) {
            return ParsedTable.EMPTY;
        }
        int close = t.closing(open);
        for (int[] item : t.splitTopLevel(open + 1, close)) {
            if (TABLE_CONSTRAINT_START.contains(t.keyword(item[0]))) {
                tableConstraints(item[0], item[1]);
            } else {
                column(item[0], item[1]);
            }
        }
        boolean withoutRowid = false;
        boolean strict = false;
        for (int i = close + 1; i < t.size(); i++) {
            if (t.is(i, "WITHOUT") && t.is(i + 1, "ROWID")) {
                withoutRowid = true;
            }
            strict |= t.is(i, "STRICT");
        }
        // the table options in one order whatever order the statement wrote them in
        String options = (strict ? "STRICT" : "") + (strict && withoutRowid ? ", " : "")
                + (withoutRowid ? "WITHOUT ROWID" : "");
        return new ParsedTable(List.copyOf(columns), primaryKey, List.copyOf(uniques), List.copyOf(checks),
                List.copyOf(foreignKeys), withoutRowid, options.isEmpty() ? null : options);
    }

    private void column(int from, int to) {
        String name = t.get(from).name();
        int i = from + 1;
        // The declared type: any words plus an optional (p) or (p,s), up to the first constraint keyword.
        while (i < to && !COLUMN_CONSTRAINT_START.contains(t.keyword(i))) {
            i = t.isPunct(i, '(') ? t.closing(i) + 1 : i + 1;
        }
        String generated = null;
        String generatedKind = null;
        String collation = null;
        String pending = null;
        while (i < to) {
            String kw = t.keyword(i);
            switch (kw) {
                case "CONSTRAINT" -> {
                    pending = constraintName(i, to);
                    i += 2;
                    continue;
                }
                case "PRIMARY" -> {
                    primaryKey = new KeyConstraint(pending, List.of(name));
                    i = skipConflictClause(skipWords(i + 2, to, "ASC", "DESC"), to);
                    i = skipWords(i, to, "AUTOINCREMENT");
                }
                case "UNIQUE" -> {
                    uniques.add(new KeyConstraint(pending, List.of(name)));
                    i = skipConflictClause(i + 1, to);
                }
                case "NOT", "NULL" -> i = skipConflictClause(i + (kw.equals("NOT") ? 2 : 1), to);
                case "CHECK" -> i = check(pending, i + 1);
                case "DEFAULT" -> i = skipDefaultValue(i + 1, to);
                case "COLLATE" -> {
                    if (i + 1 < to) {
                        String c = t.get(i + 1).name().toUpperCase(java.util.Locale.ROOT);
                        collation = "BINARY".equals(c) ? null : c;
                    }
                    i += 2;
                }
                case "REFERENCES" -> i = references(pending, List.of(name), i + 1, to);
                case "GENERATED", "AS" -> {
                    int as = kw.equals("AS") ? i : t.findTopLevel(i, to, "AS");
                    int open = as < 0 ? -1 : as + 1;
                    if (open < 0 || !t.isPunct(open, '(')) {
                        i++;
                        continue;
                    }
                    int close = t.closing(open);
                    generated = t.text(open + 1, close);
                    generatedKind = t.is(close + 1, "STORED") ? "stored" : "virtual";
                    i = t.is(close + 1, "STORED") || t.is(close + 1, "VIRTUAL") ? close + 2 : close + 1;
                }
                default -> i = t.isPunct(i, '(') ? t.closing(i) + 1 : i + 1;
            }
            pending = null;
        }
        columns.add(new ParsedColumn(name, generated, generatedKind, collation));
    }

    /** The name after {@code CONSTRAINT} at {@code i}, or null when the text ends there. */
    private String constraintName(int i, int to) {
        return i + 1 < to ? t.get(i + 1).name() : null;
    }

    /** Records the CHECK whose expression opens at {@code open}; returns the index after its closing parenthesis. */
    private int check(String name, int open) {
        int close = t.closing(open);
        checks.add(new Check(name, t.text(open + 1, close)));
        return close + 1;
    }

    /** Table constraints; SQLite accepts them without separating commas, so one item may hold several. */
    private void tableConstraints(int from, int to) {
        int i = from;
        String pending = null;
        while (i < to) {
            if (t.is(i, "CONSTRAINT")) {
                pending = constraintName(i, to);
                i += 2;
                continue;
            }
            String kw = t.keyword(i);
            i = switch (kw) {
                case "PRIMARY", "UNIQUE" -> tableKey(kw.equals("PRIMARY"), pending, i, to);
                case "CHECK" -> check(pending, i + 1);
                case "FOREIGN" -> tableForeignKey(pending, i, to);
                default -> i + 1;
            };
            pending = null;
        }
    }

    /** A table's PRIMARY KEY or UNIQUE (…) at {@code i}; returns the index after it ({@code to} when malformed). */
    private int tableKey(boolean primary, String name, int i, int to) {
        int open = t.nextOpen(i);
        if (open < 0 || open >= to) {
            return to;
        }
        int close = t.closing(open);
        KeyConstraint key = new KeyConstraint(name, columnNames(open + 1, close));
        if (primary) {
            primaryKey = key;
        } else {
            uniques.add(key);
        }
        return skipConflictClause(close + 1, to);
    }

    /** A table's FOREIGN KEY (…) REFERENCES … at {@code i}; returns the index after it ({@code to} when malformed). */
    private int tableForeignKey(String name, int i, int to) {
        int open = t.nextOpen(i);
        if (open < 0 || open >= to) {
            return to;
        }
        int close = t.closing(open);
        int ref = close + 1;
        if (!t.is(ref, "REFERENCES")) {
            return to;
        }
        return references(name, columnNames(open + 1, close), ref + 1, to);
    }

    /** Records a REFERENCES clause starting at the parent table name; returns the index after the clause. */
    private int references(String name, List<String> cols, int i, int to) {
        if (i >= to) {
            return to;
        }
        String refTable = t.get(i).name();
        i++;
        List<String> refCols = List.of();
        if (t.isPunct(i, '(')) {
            int close = t.closing(i);
            refCols = columnNames(i + 1, close);
            i = close + 1;
        }
        foreignKeys.add(new ParsedForeignKey(name, cols, refTable, refCols));
        while (i < to) {
            if (t.is(i, "ON") && (t.is(i + 1, "DELETE") || t.is(i + 1, "UPDATE"))) {
                i += t.is(i + 2, "SET") || t.is(i + 2, "NO") ? 4 : 3;
            } else if (t.is(i, "MATCH")) {
                i += 2;
            } else if (t.is(i, "NOT") && t.is(i + 1, "DEFERRABLE")) {
                i += 2;
            } else if (t.is(i, "DEFERRABLE") || t.is(i, "INITIALLY") || t.is(i, "DEFERRED")
                    || t.is(i, "IMMEDIATE")) {
                i++;
            } else {
                break;
            }
        }
        return i;
    }

    /** Names in an indexed-column list ({@code a COLLATE nocase DESC, "b"}). */
    private List<String> columnNames(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int[] part : t.splitTopLevel(from, to)) {
            out.add(t.get(part[0]).name());
        }
        return out;
    }

    private int skipConflictClause(int i, int to) {
        return i + 2 < to && t.is(i, "ON") && t.is(i + 1, "CONFLICT") ? i + 3 : i;
    }

    private int skipWords(int i, int to, String... words) {
        for (String w : words) {
            if (i < to && t.is(i, w)) {
                return i + 1;
            }
        }
        return i;
    }

    /** DEFAULT takes a parenthesised expression, a signed number or one literal / keyword token. */
    private int skipDefaultValue(int i, int to) {
        if (i >= to) {
            return to;
        }
        if (t.isPunct(i, '(')) {
            return t.closing(i) + 1;
        }
        if (t.isPunct(i, '-') || t.isPunct(i, '+')) {
            return i + 2;
        }
        return i + 1;
    }
}
