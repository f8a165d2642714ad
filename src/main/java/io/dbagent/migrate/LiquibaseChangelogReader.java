package io.dbagent.migrate;

import io.dbagent.DbAgentException;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Liquibase <em>formatted SQL</em> changelogs ({@code --liquibase formatted sql} on the first line) as
 * migrations, so {@code migrate status/lint/test/up/down} work on a directory a Liquibase team keeps: each
 * {@code --changeset author:id} is one migration, its SQL the up, its {@code --rollback} lines (or
 * {@code /* liquibase rollback … *}{@code /} block) the down. {@code runInTransaction:false} becomes dbagent's
 * no-transaction directive; statements split by an {@code endDelimiter} are rejoined with {@code ;}.
 *
 * <p>Versions: the changesets of a file whose name starts with digits {@code D} (as {@code migrate generate --format
 * liquibase} names them) are version {@code D} when it holds one, {@code D.1}, {@code D.2} … when it holds more; the
 * changesets of other files (a single {@code changelog.sql}) are numbered 1, 2, 3 … in file-name order. The
 * description is the changeset's {@code author:id}.
 */
public final class LiquibaseChangelogReader {

    private static final Pattern FIRST_LINE = Pattern.compile("^\\s*--\\s*liquibase\\s+formatted\\s+sql\\b.*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CHANGESET = Pattern.compile("^\\s*--\\s*changeset\\s+(\\S+?):(\\S+)(.*)$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ROLLBACK = Pattern.compile("^\\s*--\\s*rollback(?:\\s(.*))?$", Pattern.CASE_INSENSITIVE);
    private static final Pattern ROLLBACK_BLOCK = Pattern.compile("^\\s*/\\*\\s*liquibase\\s+rollback\\s*$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DIRECTIVE = Pattern.compile("^\\s*--\\s*(comment|preconditions|precondition-\\S+|"
            + "validCheckSum|ignoreLines|property|include|includeAll)\\b.*", Pattern.CASE_INSENSITIVE);
    private static final Pattern IGNORE_START = Pattern.compile("^\\s*--\\s*ignoreLines:start\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern IGNORE_END = Pattern.compile("^\\s*--\\s*ignoreLines:end\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern IGNORE_N = Pattern.compile("^\\s*--\\s*ignoreLines:(\\d+)\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern LEADING_DIGITS = Pattern.compile("^(\\d+)");

    private LiquibaseChangelogReader() {
    }

    /** Whether the file's first non-blank line is {@code --liquibase formatted sql}. */
    public static boolean isChangelog(Path p) {
        try (BufferedReader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                if (!l.isBlank()) {
                    return FIRST_LINE.matcher(l.replace("\uFEFF", "")).matches();
                }
            }
            return false;
        } catch (IOException | java.io.UncheckedIOException e) {
            return false; // not readable as UTF-8 text: MigrationDirectory reports it when it loads it
        }
    }

    /**
     * The changesets of {@code changelogs} (sorted by name) as migrations; a version that clashes with one of
     * {@code taken} (the Flyway-named files of the directory) or with another changeset is bad input.
     */
    public static List<Migration> read(List<Path> changelogs, Collection<String> taken) {
        List<Migration> out = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        taken.forEach(v -> seen.put(v, "a V file"));
        int running = 0;
        for (Path p : changelogs.stream().sorted().toList()) {
            List<Changeset> sets = parse(p, MigrationDirectory.load(p, "", p.getFileName().toString(), true).sql());
            Matcher digits = LEADING_DIGITS.matcher(p.getFileName().toString());
            String prefix = digits.find() ? digits.group(1) : null;
            for (int i = 0; i < sets.size(); i++) {
                Changeset c = sets.get(i);
                String version = prefix == null ? String.valueOf(++running)
                        : sets.size() == 1 ? prefix : prefix + "." + (i + 1);
                String what = p.getFileName() + " changeset " + c.author() + ":" + c.id();
                String clash = seen.put(version, what);
                if (clash != null) {
                    throw DbAgentException.badInput("two migrations with version " + version + ": " + clash + " and "
                            + what);
                }
                String description = c.author() + ":" + c.id();
                MigrationFile up = new MigrationFile(version, description, true, p, c.sql(),
                        MigrationDirectory.checksum(c.sql()));
                MigrationFile down = c.rollback() == null ? null : new MigrationFile(version, description, false, p,
                        c.rollback(), MigrationDirectory.checksum(c.rollback()));
                out.add(new Migration(version, description, up, down));
            }
        }
        return out;
    }

    /** One changeset: its SQL and its rollback SQL (null: none written), both with {@code ;} between statements. */
    record Changeset(String author, String id, int line, String sql, String rollback) {
    }

    static List<Changeset> parse(Path p, String text) {
        List<Changeset> out = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        int i = 0;
        while (i < lines.length && !CHANGESET.matcher(lines[i]).matches()) {
            i++;
        }
        while (i < lines.length) {
            Matcher cs = CHANGESET.matcher(lines[i]);
            cs.matches();
            int start = i + 1;
            String attrs = cs.group(3);
            StringBuilder body = new StringBuilder();
            StringBuilder rollback = null;
            boolean ignoring = false;
            int ignoreCount = 0;
            i++;
            for (; i < lines.length && !CHANGESET.matcher(lines[i]).matches(); i++) {
                String l = lines[i];
                if (ignoreCount > 0) {
                    ignoreCount--;
                    continue;
                }
                if (IGNORE_START.matcher(l).matches()) {
                    ignoring = true;
                    continue;
                }
                if (IGNORE_END.matcher(l).matches()) {
                    ignoring = false;
                    continue;
                }
                Matcher n = IGNORE_N.matcher(l);
                if (n.matches()) {
                    ignoreCount = Integer.parseInt(n.group(1));
                    continue;
                }
                if (ignoring) {
                    continue;
                }
                Matcher rb = ROLLBACK.matcher(l);
                if (rb.matches()) {
                    rollback = rollback == null ? new StringBuilder() : rollback;
                    rollback.append(rb.group(1) == null ? "" : rb.group(1)).append('\n');
                    continue;
                }
                if (ROLLBACK_BLOCK.matcher(l).matches()) {
                    rollback = rollback == null ? new StringBuilder() : rollback;
                    for (i++; i < lines.length && !lines[i].trim().equals("*/"); i++) {
                        rollback.append(lines[i]).append('\n');
                    }
                    if (i == lines.length) {
                        throw DbAgentException.badInput(p + " line " + (start - 1) + ": the /* liquibase rollback "
                                + "block of changeset " + cs.group(1) + ":" + cs.group(2) + " has no closing */");
                    }
                    continue;
                }
                if (DIRECTIVE.matcher(l).matches()) {
                    continue;
                }
                body.append(l).append('\n');
            }
            String sql = rejoin(body.toString(), attr(attrs, "endDelimiter"), attr(attrs, "splitStatements"));
            if ("false".equalsIgnoreCase(attr(attrs, "runInTransaction"))) {
                sql = Transactions.NO_TRANSACTION_DIRECTIVE + "\n" + sql;
            }
            String down = null;
            if (rollback != null) {
                String r = rollback.toString().strip();
                down = r.toLowerCase(Locale.ROOT).matches("^(empty|not required)\\b.*") ? ""
                        : rejoin(rollback.toString(), attr(attrs, "rollbackEndDelimiter") != null
                        ? attr(attrs, "rollbackEndDelimiter") : attr(attrs, "endDelimiter"),
                        attr(attrs, "rollbackSplitStatements"));
            }
            out.add(new Changeset(cs.group(1), cs.group(2), start, sql.strip() + "\n", down == null ? null
                    : down.isBlank() ? "" : down.strip() + "\n"));
        }
        return out;
    }

    /**
     * The statements of a body split on Liquibase's {@code endDelimiter} (a regular expression), joined with
     * {@code ;} as dbagent's splitter reads them; {@code splitStatements:false} makes the body one statement.
     */
    private static String rejoin(String body, String endDelimiter, String splitStatements) {
        if ("false".equalsIgnoreCase(splitStatements)) {
            String s = body.strip();
            return s.isEmpty() ? "" : s.endsWith(";") ? s : s + ";";
        }
        if (endDelimiter == null || endDelimiter.isEmpty() || endDelimiter.equals(";")) {
            return body;
        }
        StringBuilder out = new StringBuilder();
        for (String s : Pattern.compile(endDelimiter).split(body)) {
            if (!s.isBlank()) {
                out.append(s.strip()).append(";\n");
            }
        }
        return out.toString();
    }

    private static String attr(String attrs, String name) {
        Matcher m = Pattern.compile("(?:^|\\s)" + name + ":(\\S*)").matcher(attrs);
        return m.find() ? m.group(1) : null;
    }
}
