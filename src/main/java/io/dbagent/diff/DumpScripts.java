package io.dbagent.diff;

import io.dbagent.guard.ScratchRunner;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.sql.ScriptSplitter;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a schema script the way the dump tools' own clients would, so that {@code pg_dump -s}, {@code mariadb-dump} /
 * {@code mysqldump} and {@code sqlite3 .dump}/{@code .schema} output loads on a scratch database. Only what a client
 * does before the server sees a statement is done here; every resulting statement still goes through the
 * {@link ScratchRunner}'s guard, which decides what runs, what is skipped and what is refused:
 * <ul>
 *   <li>PostgreSQL: a psql meta-command line (<code>&#92;restrict key</code>) becomes a statement of its own, as psql reads
 *       it, instead of being glued to the SQL after it (the guard skips <code>&#92;restrict</code>/<code>&#92;unrestrict</code> and
 *       refuses every other meta-command).</li>
 *   <li>MySQL/MariaDB: executable comments ({@code /*!50001 CREATE VIEW …*&#47;}, {@code /*M!100100 …*&#47;}) are
 *       opened when the scratch server's version would run them, as the server does; a {@code DEFINER=user@host}
 *       clause is left out, so the object belongs to the scratch identity (which may not act as another user).</li>
 *   <li>SQLite: {@code .schema} prints {@code CREATE TABLE sqlite_sequence(name,seq)}, an internal table SQLite makes
 *       by itself for AUTOINCREMENT; it is skipped with a note.</li>
 * </ul>
 */
final class DumpScripts {

    /** The statements to give the scratch runner, and those left out here with the reason. */
    record Prepared(List<ScriptSplitter.Statement> statements, List<ScratchRunner.Skipped> skipped) {
    }

    private static final Pattern DEFINER = Pattern.compile(
            "(?i)\\bDEFINER\\s*=\\s*(?:CURRENT_USER(?:\\s*\\(\\s*\\))?|(?:`[^`]*`|'[^']*'|\"[^\"]*\"|[\\w.$-]+)"
                    + "(?:\\s*@\\s*(?:`[^`]*`|'[^']*'|\"[^\"]*\"|[\\w.%$:-]+))?)");
    private static final Pattern CREATE_HEAD = Pattern.compile(
            "(?is)^\\s*CREATE\\b([^(;]*?)\\b(TRIGGER|VIEW|FUNCTION|PROCEDURE|EVENT)\\b");
    private static final Pattern SQLITE_SEQUENCE = Pattern.compile(
            "(?is)^\\s*CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?[\"`\\[]?sqlite_sequence[\"`\\]]?\\s*\\(\\s*name\\s*,"
                    + "\\s*seq\\s*\\)\\s*$");

    private DumpScripts() {
    }

    /**
     * Splits {@code sql} into statements for a scratch database of {@code dialect}.
     *
     * @param serverVersion the scratch server's version as MySQL numbers it in executable comments (10.11.5 is
     *                      101105); only read for MySQL/MariaDB
     * @param mariadb       whether the scratch server is MariaDB ({@code /*M!…} comments run only there)
     */
    static Prepared prepare(DialectKind dialect, String sql, int serverVersion, boolean mariadb) {
        List<ScratchRunner.Skipped> skipped = new ArrayList<>();
        List<ScriptSplitter.Statement> out = new ArrayList<>();
        String text = dialect == DialectKind.MYSQL ? openExecutableComments(sql, serverVersion, mariadb) : sql;
        for (ScriptSplitter.Statement s : ScriptSplitter.splitWithLines(text)) {
            switch (dialect) {
                case POSTGRES -> splitMetaCommands(s, out);
                case MYSQL -> out.add(new ScriptSplitter.Statement(withoutDefiner(s.text()), s.line()));
                case SQLITE -> {
                    if (SQLITE_SEQUENCE.matcher(s.text()).matches()) {
                        skipped.add(new ScratchRunner.Skipped(s.line(), s.text(),
                                "SQLite creates sqlite_sequence by itself for AUTOINCREMENT tables"));
                    } else {
                        out.add(s);
                    }
                }
                default -> out.add(s);
            }
        }
        return new Prepared(out, skipped);
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

    /** {@code CREATE DEFINER=`root`@`%` TRIGGER …} → {@code CREATE TRIGGER …}; only in the head of the CREATE. */
    static String withoutDefiner(String statement) {
        Matcher head = CREATE_HEAD.matcher(statement);
        if (!head.find()) {
            return statement;
        }
        String modifiers = head.group(1);
        String cleaned = DEFINER.matcher(modifiers).replaceAll(" ");
        if (cleaned.equals(modifiers)) {
            return statement;
        }
        return statement.substring(0, head.start(1)) + cleaned + statement.substring(head.end(1));
    }

    /**
     * Opens the executable comments the server would run: {@code /*!} (any server), {@code /*!NNNNN} (servers of at
     * least that version), {@code /*M!NNNNNN} (MariaDB of at least that version). The opener and its closing
     * {@code *}{@code /} are removed, the content stays where it was, so line numbers do not move. Strings, quoted
     * names and ordinary comments are read as the server reads them and left alone.
     */
    static String openExecutableComments(String sql, int serverVersion, boolean mariadb) {
        StringBuilder out = new StringBuilder(sql.length());
        boolean inExecutable = false;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                int end = quoteEnd(sql, i, c);
                out.append(sql, i, end);
                i = end;
            } else if (c == '#' || (c == '-' && sql.startsWith("--", i)
                    && (i + 2 >= n || Character.isWhitespace(sql.charAt(i + 2))))) {
                int eol = sql.indexOf('\n', i);
                int end = eol < 0 ? n : eol;
                out.append(sql, i, end);
                i = end;
            } else if (inExecutable && sql.startsWith("*/", i)) {
                inExecutable = false;
                i += 2;
            } else if (!inExecutable && sql.startsWith("/*", i)) {
                int opener = executableOpener(sql, i, serverVersion, mariadb);
                if (opener > 0) {
                    inExecutable = true;
                    i = opener;
                } else {
                    int close = sql.indexOf("*/", i + 2);
                    int end = close < 0 ? n : close + 2;
                    out.append(sql, i, end);
                    i = end;
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** The index after {@code /*!NNNNN} when the comment at {@code i} is one the server runs, else -1. */
    private static int executableOpener(String sql, int i, int serverVersion, boolean mariadb) {
        int j = i + 2;
        boolean mariadbOnly = j < sql.length() && sql.charAt(j) == 'M';
        if (mariadbOnly) {
            j++;
        }
        if (j >= sql.length() || sql.charAt(j) != '!') {
            return -1;
        }
        j++;
        int digits = j;
        while (j < sql.length() && Character.isDigit(sql.charAt(j)) && j - digits < 6) {
            j++;
        }
        int version = j > digits ? Integer.parseInt(sql.substring(digits, j)) : 0;
        if ((mariadbOnly && !mariadb) || version > serverVersion) {
            return -1;
        }
        return j;
    }

    /** The index after the quoted text starting at {@code i}: doubled quotes and backslash escapes stay inside. */
    private static int quoteEnd(String sql, int i, char q) {
        int j = i + 1;
        while (j < sql.length()) {
            char c = sql.charAt(j);
            if (c == '\\' && q != '`') {
                j += 2;
            } else if (c == q) {
                if (j + 1 < sql.length() && sql.charAt(j + 1) == q) {
                    j += 2;
                } else {
                    return j + 1;
                }
            } else {
                j++;
            }
        }
        return sql.length();
    }

    /** {@code 10.11.19} → 101119, {@code 8.0.36} → 80036: the numbering of executable comments. */
    static int versionNumber(int major, int minor, String version) {
        int patch = 0;
        Matcher m = Pattern.compile("^\\d+\\.\\d+\\.(\\d+)").matcher(version == null ? "" : version.strip());
        if (m.find()) {
            patch = Math.min(99, Integer.parseInt(m.group(1)));
        }
        return major * 10000 + minor * 100 + patch;
    }
}
