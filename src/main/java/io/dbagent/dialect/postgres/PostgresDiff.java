package io.dbagent.dialect.postgres;

import io.dbagent.dialect.Sql;
import io.dbagent.diff.DiffDialect;
import io.dbagent.guard.ScratchRunner;
import io.dbagent.jdbc.DbSession;
import io.dbagent.sql.ScriptSplitter;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * PostgreSQL's facts for the schema diff: stored expressions are compared in their canonical form, columns by name;
 * psql's meta-command lines in a dump are statements of their own.
 */
final class PostgresDiff implements DiffDialect {

    @Override
    public String canonicalExpression(String expression) {
        return PgExpressions.canonical(expression);
    }

    /** The index of a unique or an exclusion constraint comes and goes with its constraint. */
    @Override
    public boolean backsUnique(io.dbagent.schema.Table t, io.dbagent.schema.Index i) {
        return DiffDialect.super.backsUnique(t, i)
                || t.exclusions().stream().anyMatch(x -> x.name().equals(i.name()));
    }

    /** {@code CREATE OR REPLACE FUNCTION/PROCEDURE} keeps what calls the routine (triggers, views, defaults). */
    @Override
    public boolean replacesRoutinesInPlace() {
        return true;
    }

    @Override
    public boolean partitionsAreTables() {
        return true;
    }

    @Override
    public boolean keepsColumnOrder() {
        return false;
    }

    @Override
    public void prepareDumpStatement(ScriptSplitter.Statement s, List<ScriptSplitter.Statement> out,
                                     List<ScratchRunner.Skipped> skipped) {
        splitMetaCommands(s, out);
    }

    /**
     * A script may leave the session's search_path changed: {@code pg_dump} empties it
     * ({@code SELECT pg_catalog.set_config('search_path', '', false)}) so that it can name everything in full. The
     * catalog renders defaults, views and triggers relative to the search_path, so the scratch copy is inspected with
     * the default one, as the live database is; otherwise every expression would come back schema-qualified.
     */
    @Override
    public void afterScriptsLoaded(DbSession s) {
        try (Statement st = s.connection().createStatement()) {
            st.execute("RESET search_path");
            if (!s.connection().getAutoCommit()) {
                s.connection().commit();
            }
        } catch (SQLException e) {
            throw Sql.failure("cannot reset the search_path of the scratch database", e);
        }
    }

    /**
     * psql reads a line starting with a backslash as a meta-command on its own, whatever follows it; the splitter
     * glues such a line (and the comments before it) to the next statement.
     */
    private static void splitMetaCommands(ScriptSplitter.Statement s, List<ScriptSplitter.Statement> out) {
        String text = s.text();
        int p = 0;
        boolean split = false;
        int line = s.line() - newlinesBeforeCode(text); // the splitter numbers a statement by its first code line
        while (p < text.length()) {
            char c = text.charAt(p);
            if (Character.isWhitespace(c)) {
                line += c == '\n' ? 1 : 0;
                p++;
            } else if (text.startsWith("--", p) || c == '\\') {
                int eol = text.indexOf('\n', p);
                int end = eol < 0 ? text.length() : eol;
                if (c == '\\') {
                    out.add(new ScriptSplitter.Statement(text.substring(p, end).strip(), line));
                    split = true;
                }
                p = end;
            } else {
                break;
            }
        }
        if (!split) {
            out.add(s);
        } else if (p < text.length()) {
            out.add(new ScriptSplitter.Statement(text.substring(p), line));
        }
    }

    private static int newlinesBeforeCode(String text) {
        int newlines = 0;
        int p = 0;
        while (p < text.length()) {
            if (text.startsWith("--", p)) {
                int eol = text.indexOf('\n', p);
                p = eol < 0 ? text.length() : eol;
            } else if (Character.isWhitespace(text.charAt(p))) {
                newlines += text.charAt(p) == '\n' ? 1 : 0;
                p++;
            } else {
                break;
            }
        }
        return newlines;
    }
}
