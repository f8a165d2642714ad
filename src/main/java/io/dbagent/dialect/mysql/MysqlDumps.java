package io.dbagent.dialect.mysql;

import io.dbagent.schema.Routine;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code mariadb-dump} / {@code mysqldump} script read as the server reads it before the scratch runner's guard
 * sees it: executable comments opened where the server would run them, {@code DEFINER} clauses left out so that each
 * object belongs to the scratch identity.
 */
final class MysqlDumps {

    private static final Pattern DEFINER = Pattern.compile(
            "(?i)\\bDEFINER\\s*=\\s*(?:CURRENT_USER(?:\\s*\\(\\s*\\))?|(?:`[^`]*`|'[^']*'|\"[^\"]*\"|[\\w.$-]+)"
                    + "(?:\\s*@\\s*(?:`[^`]*`|'[^']*'|\"[^\"]*\"|[\\w.%$:-]+))?)");
    private static final Pattern CREATE_HEAD = Pattern.compile(
            "(?is)^\\s*CREATE\\b([^(;]*?)\\b(TRIGGER|VIEW|FUNCTION|PROCEDURE|EVENT)\\b");

    private MysqlDumps() {
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

    private static final Pattern EVENT_STARTS = Pattern.compile("(?i)\\s+STARTS\\s+'[^']*'");
    private static final Pattern EVENT_STATE = Pattern.compile(
            "(?i)\\s+(?:ENABLE|DISABLE(?:\\s+ON\\s+(?:SLAVE|REPLICA))?)(?=\\s)");
    private static final Pattern EVENT_DO = Pattern.compile("(?is)\\sDO\\s");

    /**
     * A routine's SHOW CREATE text as two models compare it: without its DEFINER (a scratch copy belongs to another
     * identity); an event also without its start time (the server writes the creation time when the script gave
     * none) and its on/off state (a scratch copy is created disabled, so that it never runs).
     */
    static String canonicalRoutine(String kind, String definition) {
        if (definition == null) {
            return null;
        }
        String def = withoutDefiner(definition.strip()).replaceFirst("^CREATE\\s+", "CREATE ");
        if (!Routine.EVENT.equals(kind)) {
            return def;
        }
        Matcher doWord = EVENT_DO.matcher(def);
        if (!doWord.find()) {
            return def;
        }
        String head = def.substring(0, doWord.start());
        head = EVENT_STARTS.matcher(head).replaceAll("");
        head = EVENT_STATE.matcher(head + " ").replaceAll("").stripTrailing();
        return head + def.substring(doWord.start());
    }

    /**
     * A {@code CREATE EVENT} of a script as a scratch copy runs it: {@code DISABLE}d, so that it never runs there;
     * any other statement unchanged.
     */
    static String disabledEvent(String statement) {
        Matcher head = CREATE_HEAD.matcher(statement);
        if (!head.find() || !head.group(2).equalsIgnoreCase("EVENT")) {
            return statement;
        }
        Matcher doWord = EVENT_DO.matcher(statement);
        if (!doWord.find(head.end())) {
            return statement;
        }
        String before = EVENT_STATE.matcher(statement.substring(0, doWord.start()) + " ").replaceAll("").stripTrailing();
        return before + " DISABLE" + statement.substring(doWord.start());
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
}
