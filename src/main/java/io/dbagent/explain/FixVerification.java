package io.dbagent.explain;

import io.dbagent.report.Finding;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks every index a finding's fix proposes with the engine's what-if method ({@link IndexFixCheck}) before the
 * report shows it. A fix whose index the planner would not use is withdrawn: the finding stays (the scan is a fact),
 * its fix then says why no index is proposed. A fix that could not be checked is kept, marked unverified, with what
 * to pass to check it. When the check itself fails (an error, the time limit) the fix is kept and marked unverified
 * with the error: a failed check never drops a fix and never fails the explain. At most {@link #MAX_CHECKS} fixes are
 * checked per statement, each under the explain's time limit.
 */
final class FixVerification {

    static final int MAX_CHECKS = 4;
    /** Findings whose fix may build an index. */
    static final Set<String> INDEX_FINDINGS = Set.of("seq-scan-large-table", "nested-loop-many",
            "function-on-indexed-column");

    private static final Pattern INDEX_NAME = Pattern.compile(
            "(?i)(?:CREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+(?:CONCURRENTLY\\s+)?(?:IF\\s+NOT\\s+EXISTS\\s+)?|ADD\\s+INDEX\\s+)"
                    + "([`\"]?)([A-Za-z0-9_$]+)\\1");
    private static final Pattern STATEMENT = Pattern.compile("(?is)^\\s*(SELECT|WITH|UPDATE|DELETE|INSERT)\\b.*");

    private FixVerification() {
    }

    /** The proposal a fix makes, or null when it builds no index. {@code sql}: the explained statement. */
    static IndexFixCheck.Proposal proposal(Finding f, String sql) {
        if (!INDEX_FINDINGS.contains(f.id()) || f.fix() == null) {
            return null;
        }
        List<String> ddl = new ArrayList<>();
        List<String> comments = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : f.fix().split("\n")) {
            if (line.startsWith("--")) {
                comments.add(line.replaceFirst("^--\\s?", ""));
                continue;
            }
            current.append(current.length() == 0 ? "" : "\n").append(line);
            if (line.stripTrailing().endsWith(";")) {
                ddl.add(current.toString().strip());
                current.setLength(0);
            }
        }
        if (!current.isEmpty()) {
            ddl.add(current.toString().strip());
        }
        List<String> builds = ddl.stream().filter(d -> INDEX_NAME.matcher(d).find()).toList();
        if (builds.isEmpty()) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (String d : builds) {
            Matcher m = INDEX_NAME.matcher(d);
            while (m.find()) {
                names.add(m.group(2));
            }
        }
        // a rewrite the fix proposes: the comment lines after the header that hold a statement
        String statement = sql;
        StringBuilder rewrite = new StringBuilder();
        for (String c : comments) {
            if (rewrite.isEmpty() && !STATEMENT.matcher(c).matches()) {
                continue;
            }
            if (!rewrite.isEmpty() && (c.endsWith(":") || c.startsWith("MariaDB ") || c.startsWith("if "))) {
                break;
            }
            rewrite.append(rewrite.isEmpty() ? "" : "\n").append(c);
        }
        if (!rewrite.isEmpty()) {
            statement = rewrite.toString().strip().replaceFirst(";$", "");
        } else if (f.evidence().get("shape") instanceof String shape && shape.endsWith("-function")) {
            statement = null; // the range rewrite could not be written into the statement: nothing to plan
        }
        return new IndexFixCheck.Proposal(builds, names, statement);
    }

    /** The findings with each index fix checked (the first {@link #MAX_CHECKS}); the others unchanged. */
    static List<Finding> apply(List<Finding> findings, String sql, IndexFixCheck check, IndexFixCheck.Context ctx,
                               List<String> notes) {
        List<Finding> out = new ArrayList<>();
        int checks = 0;
        int withdrawn = 0;
        for (Finding f : findings) {
            IndexFixCheck.Proposal p = proposal(f, sql);
            if (p == null) {
                out.add(f);
                continue;
            }
            IndexFixCheck.Result r;
            if (p.statement() == null) {
                r = IndexFixCheck.Result.unverified("the rewrite could not be written into the statement; apply it "
                        + "by hand and explain the rewritten statement");
            } else if (++checks > MAX_CHECKS) {
                r = IndexFixCheck.Result.unverified("only the first " + MAX_CHECKS + " index fixes of a statement are "
                        + "checked");
            } else {
                try {
                    r = check.check(ctx, p);
                } catch (SQLException | RuntimeException e) {
                    r = IndexFixCheck.Result.unverified("the what-if check failed (" + firstLine(e) + ")");
                }
            }
            out.add(annotate(f, p, r, sql));
            if (r.checked() && !r.used()) {
                withdrawn++;
            }
        }
        if (withdrawn > 0) {
            notes.add(withdrawn + " index fix(es) withdrawn: the planner would not use the index (the proposed DDL is "
                    + "in the finding's evidence.rejectedFix)");
        }
        return out;
    }

    static Finding annotate(Finding f, IndexFixCheck.Proposal p, IndexFixCheck.Result r, String sql) {
        Map<String, Object> ev = new LinkedHashMap<>(f.evidence());
        String names = String.join(", ", p.indexNames());
        if (!r.checked()) {
            ev.put("verified", "no: " + r.reason());
            String fix = "-- not verified (" + r.reason() + ")\n" + f.fix();
            return new Finding(f.id(), f.severity(), f.subject(), f.message(), fix, ev);
        }
        ev.put("verified", r.method());
        ev.put("indexUsed", r.used());
        if (r.used()) {
            String fix = "-- verified (" + r.method() + "): the planner uses " + names + " for "
                    + (p.statement().equals(sql) ? "the statement" : "the rewritten statement") + "\n" + f.fix();
            return new Finding(f.id(), f.severity(), f.subject(), f.message(), fix, ev);
        }
        ev.put("rejectedFix", f.fix());
        String keys = describe(f, p);
        String why = "an index " + keys + " would not be used: the planner keeps the "
                + ("seq-scan-large-table".equals(f.id()) ? "full scan" : "current plan")
                + rowsPart(r, f) + " (checked with " + r.method() + ")";
        String fix = "-- no index proposed: " + why + "\n-- narrow the filter, or read fewer rows (LIMIT, a "
                + "covering query); the full scan is the cheaper plan here";
        return new Finding(f.id(), f.severity(), f.subject(), f.message() + "; " + why, fix, ev);
    }

    private static String describe(Finding f, IndexFixCheck.Proposal p) {
        Object cols = f.evidence().get("filterColumns");
        if (cols instanceof List<?> l && !l.isEmpty()) {
            return "on (" + l.stream().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse("") + ")";
        }
        return String.join(", ", p.indexNames());
    }

    private static String rowsPart(IndexFixCheck.Result r, Finding f) {
        if (r.matchRows() == null) {
            return "";
        }
        Object rows = r.tableRows() != null ? r.tableRows() : f.evidence().get("rows");
        return String.format(Locale.ROOT, " (%,.0f rows match", r.matchRows())
                + (rows instanceof Number n ? String.format(Locale.ROOT, " of %,d", n.longValue()) : "") + ")";
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return (nl > 0 ? m.substring(0, nl) : m).strip();
    }
}
