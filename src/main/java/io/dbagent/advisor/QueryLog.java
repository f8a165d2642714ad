package io.dbagent.advisor;

import io.dbagent.DbAgentException;
import io.dbagent.sql.SqlAnalysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A query log: the statements an application ran, in order, with the session that ran them and their duration where
 * the log says. Three formats are recognised line by line: the PostgreSQL server log ({@code log_statement} /
 * {@code log_min_duration_statement}: {@code … [pid] LOG:  duration: 1.2 ms  statement: SELECT …}), the MySQL/MariaDB
 * general query log ({@code 2024-01-01T10:00:00.000000Z   12 Query   SELECT …}), and plain text with one statement per
 * line. Continuation lines of multi-line statements are joined; everything that is not a statement is skipped.
 */
public record QueryLog(String source, String format, List<Entry> entries) {

    /**
     * @param seq        position in the log
     * @param session    PG process id or MySQL thread id, or null (plain logs count as one session)
     * @param sql        the statement
     * @param durationMs duration when the log has it
     */
    public record Entry(int seq, String session, String sql, Double durationMs) {
    }

    private static final Pattern PG = Pattern.compile(
            "^.*?\\[(\\d+)\\][^:]*?(?:LOG|STATEMENT):\\s+(?:duration: ([0-9.]+) ms\\s+)?(?:statement|execute [^:]*):\\s?(.*)$");
    private static final Pattern PG_DURATION_ONLY = Pattern.compile("^.*?\\[(\\d+)\\].*LOG:\\s+duration: ([0-9.]+) ms\\s*$");
    private static final Pattern PG_OTHER = Pattern.compile("^.*?\\[\\d+\\].*?(LOG|DETAIL|HINT|ERROR|WARNING|FATAL|STATEMENT|CONTEXT|NOTICE):.*$");
    private static final Pattern MYSQL = Pattern.compile(
            "^(?:\\d{4}-\\d{2}-\\d{2}T\\S+|\\d{6}\\s+\\d{1,2}:\\d{2}:\\d{2})?\\s*(\\d+)\\s+(Query|Execute|Connect|Quit|Prepare|Close stmt|Init DB|Field List|Statistics|Ping)\\t?\\s*(.*)$");

    public static QueryLog fromFile(Path file) {
        try {
            return parse(file.toString(), Files.readString(file));
        } catch (IOException e) {
            throw DbAgentException.badInput("cannot read query log " + file + ": " + e.getMessage());
        }
    }

    public static QueryLog parse(String source, String text) {
        List<String> lines = text.lines().toList();
        String format = detect(lines);
        List<Entry> out = new ArrayList<>();
        StringBuilder cur = null;
        String session = null;
        Double duration = null;
        for (String line : lines) {
            Matcher m;
            String startSql = null;
            String startSession = null;
            Double startDuration = null;
            boolean boundary = false;
            switch (format) {
                case "postgres" -> {
                    if ((m = PG.matcher(line)).matches()) {
                        startSession = m.group(1);
                        startDuration = m.group(2) == null ? null : Double.valueOf(m.group(2));
                        startSql = m.group(3);
                    } else if ((m = PG_DURATION_ONLY.matcher(line)).matches()) {
                        boundary = true;
                    } else if (PG_OTHER.matcher(line).matches()) {
                        boundary = true;
                    }
                }
                case "mysql" -> {
                    if ((m = MYSQL.matcher(line)).matches()) {
                        boundary = true;
                        if (m.group(2).equals("Query") || m.group(2).equals("Execute")) {
                            startSession = m.group(1);
                            startSql = m.group(3);
                        }
                    } else if (line.startsWith("Time ") || line.contains("Tcp port:") || line.endsWith("started with:")) {
                        boundary = true;
                    }
                }
                default -> {
                    if (!line.isBlank() && !line.stripLeading().startsWith("--")) {
                        startSql = line.strip();
                    }
                    boundary = true;
                }
            }
            if (startSql != null || boundary) {
                add(out, cur, session, duration);
                cur = null;
            }
            if (startSql != null) {
                cur = new StringBuilder(startSql);
                session = startSession;
                duration = startDuration;
            } else if (!boundary && cur != null) {
                cur.append('\n').append(line);
            }
        }
        add(out, cur, session, duration);
        if (out.isEmpty()) {
            throw DbAgentException.badInput("query log " + source + " has no statements (expected one statement per "
                    + "line, a PostgreSQL statement log or a MySQL general query log)");
        }
        return new QueryLog(source, format, out);
    }

    private static void add(List<Entry> out, StringBuilder cur, String session, Double duration) {
        if (cur == null) {
            return;
        }
        String sql = cur.toString().strip();
        if (sql.endsWith(";")) {
            sql = sql.substring(0, sql.length() - 1).strip();
        }
        if (sql.isEmpty() || SqlAnalysis.kindOf(sql) == SqlAnalysis.Kind.OTHER) {
            return; // BEGIN, COMMIT, SET, SHOW …: not what the optimiser looks at
        }
        out.add(new Entry(out.size(), session, sql, duration));
    }

    /** The distinct statement shapes as a workload: one sample per fingerprint, weighted by how often it ran. */
    public Workload asWorkload() {
        java.util.Map<String, String> sample = new java.util.LinkedHashMap<>();
        java.util.Map<String, Integer> count = new java.util.LinkedHashMap<>();
        for (Entry e : entries) {
            String id = io.dbagent.sql.Fingerprint.id(e.sql());
            sample.putIfAbsent(id, e.sql());
            count.merge(id, 1, Integer::sum);
        }
        List<Workload.Statement> out = new ArrayList<>();
        sample.forEach((id, sql) -> out.add(new Workload.Statement("q" + (out.size() + 1), 0, sql, count.get(id))));
        return new Workload(source, out);
    }

    static String detect(List<String> lines) {
        int pg = 0;
        int my = 0;
        for (String l : lines.subList(0, Math.min(lines.size(), 200))) {
            if (PG.matcher(l).matches() || PG_OTHER.matcher(l).matches()) {
                pg++;
            } else if (MYSQL.matcher(l).matches()) {
                my++;
            }
        }
        return pg > 0 && pg >= my ? "postgres" : my > 0 ? "mysql" : "plain";
    }
}
