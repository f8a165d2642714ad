package io.dbagent.dialect.sqlite;

import io.dbagent.diff.DiffDialect;
import io.dbagent.guard.ScratchRunner;
import io.dbagent.schema.Index;
import io.dbagent.schema.Table;
import io.dbagent.sql.ScriptSplitter;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** SQLite's facts for the schema diff: tables are rebuilt, constraint indexes are its autoindexes. */
final class SqliteDiff implements DiffDialect {

    private static final Pattern SQLITE_SEQUENCE = Pattern.compile(
            "(?is)^\\s*CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?[\"`\\[]?sqlite_sequence[\"`\\]]?\\s*\\(\\s*name\\s*,"
                    + "\\s*seq\\s*\\)\\s*$");

    private static final Pattern VIRTUAL_TABLE_ROW = Pattern.compile(
            "(?i)INSERT\\s+INTO\\s+\"?sqlite_(?:schema|master)\"?\\s*\\(\\s*type\\s*,\\s*name\\s*,\\s*tbl_name\\s*,"
                    + "\\s*rootpage\\s*,\\s*sql\\s*\\)\\s*VALUES\\s*\\(\\s*'table'\\s*,\\s*'((?:[^']|'')+)'\\s*,"
                    + "\\s*'(?:[^']|'')+'\\s*,\\s*0\\s*,\\s*'((?:[^']|'')*)'\\s*\\)\\s*;");
    private static final Pattern WRITABLE_SCHEMA = Pattern.compile("(?im)^(PRAGMA\\s+writable_schema\\s*=\\s*\\w+\\s*;)");

    @Override
    public boolean altersTablesInPlace() {
        return false;
    }

    @Override
    public boolean forwardForeignKeys() {
        return true;
    }

    @Override
    public boolean backsUnique(Table t, Index i) {
        return i.name().toLowerCase(Locale.ROOT).startsWith("sqlite_autoindex_");
    }

    /**
     * {@code sqlite3 .dump} writes a virtual table as a row put into {@code sqlite_schema} (or {@code sqlite_master})
     * under {@code PRAGMA writable_schema=ON}, followed by its shadow tables and their rows. The shell's way needs a
     * writable schema; here the row becomes the {@code CREATE VIRTUAL TABLE} statement it holds (which makes the
     * shadow tables), and the pragma lines, shadow tables and their rows become comments (each on its own lines, so
     * line numbers stay).
     */
    @Override
    public String readDump(String sql, int serverVersion, boolean mariadb) {
        java.util.Set<String> virtual = new java.util.LinkedHashSet<>();
        java.util.regex.Matcher m = VIRTUAL_TABLE_ROW.matcher(sql);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String create = m.group(2).replace("''", "'");
            if (!create.trim().toUpperCase(Locale.ROOT).startsWith("CREATE VIRTUAL TABLE")) {
                m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(m.group()));
                continue;
            }
            virtual.add(m.group(1).replace("''", "'"));
            m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(create + ";"));
        }
        m.appendTail(sb);
        if (virtual.isEmpty()) {
            return sql;
        }
        String out = WRITABLE_SCHEMA.matcher(sb.toString()).replaceAll("-- $1");
        for (String v : virtual) {
            String q = Pattern.quote(v);
            out = Pattern.compile("(?im)^(CREATE\\s+TABLE\\s+IF\\s+NOT\\s+EXISTS\\s+['\"]?" + q
                    + "_[a-z0-9]+['\"]?\\s*\\(.*;)$").matcher(out).replaceAll(r -> java.util.regex.Matcher
                    .quoteReplacement("-- " + r.group(1)));
            out = Pattern.compile("(?im)^(INSERT\\s+INTO\\s+['\"]?" + q + "_[a-z0-9]+['\"]?\\s+VALUES\\s*\\(.*;)$")
                    .matcher(out).replaceAll(r -> java.util.regex.Matcher.quoteReplacement("-- " + r.group(1)));
        }
        return out;
    }

    /** {@code .schema} prints SQLite's own AUTOINCREMENT table, which the engine makes by itself: skipped. */
    @Override
    public void prepareDumpStatement(ScriptSplitter.Statement s, List<ScriptSplitter.Statement> out,
                                     List<ScratchRunner.Skipped> skipped) {
        if (SQLITE_SEQUENCE.matcher(s.text()).matches()) {
            skipped.add(new ScratchRunner.Skipped(s.line(), s.text(),
                    "SQLite creates sqlite_sequence by itself for AUTOINCREMENT tables"));
        } else {
            out.add(s);
        }
    }
}
