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
