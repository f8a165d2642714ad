package io.dbagent.health;

import io.dbagent.dialect.Dialects;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.jdbc.Redactor;
import io.dbagent.report.Finding;
import io.dbagent.report.Severity;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One health run in progress: the session, the options, and what the checks found so far. Each check runs inside
 * {@link #guard}, so a query the role may not run turns into a "skipped" entry for the checks it feeds instead of
 * failing the whole report.
 */
public final class HealthRun {

    /** A piece of a check that talks to the database. */
    @FunctionalInterface
    public interface Body {
        void run() throws SQLException;
    }

    public final DbSession session;
    public final HealthOptions options;
    public final Thresholds t;
    private final HealthFacts facts;
    private final List<Finding> findings = new ArrayList<>();
    private final Map<String, String> skipped = new LinkedHashMap<>();
    private final Map<String, Object> metrics = new LinkedHashMap<>();

    /** A run on {@code session}, or on no database ({@code null}: a pooler's admin console). */
    public HealthRun(DbSession session, HealthOptions options) {
        this(session, session == null ? null : Dialects.of(session).healthFacts(), options);
    }

    /** A run whose engine facts are given: {@code session} may be null where no check reads the database. */
    HealthRun(DbSession session, HealthFacts facts, HealthOptions options) {
        this.session = session;
        this.facts = facts;
        this.options = options;
        this.t = options.thresholds();
    }

    /** The engine's answers for the shared checks. */
    public HealthFacts facts() {
        return facts;
    }

    public DialectKind dialect() {
        return session.dialect();
    }

    /** Whether a table of {@code schema} is in the run's scope ({@code --schema}; all schemas when none given). */
    public boolean inScope(String schema) {
        return options.schemas().isEmpty() || options.schemas().stream().anyMatch(s -> s.equalsIgnoreCase(schema));
    }

    public boolean runs(HealthCheck c) {
        return options.runs(c);
    }

    public boolean runsAny(HealthCheck... checks) {
        for (HealthCheck c : checks) {
            if (runs(c)) {
                return true;
            }
        }
        return false;
    }

    public void add(Finding f) {
        findings.add(f);
    }

    public void addAll(List<Finding> fs) {
        findings.addAll(fs);
    }

    /** Records why a check did not run (only for checks that were asked for; the first reason wins). */
    public void skip(HealthCheck c, String reason) {
        if (runs(c)) {
            skipped.putIfAbsent(c.id(), reason);
        }
    }

    public boolean isSkipped(HealthCheck c) {
        return skipped.containsKey(c.id());
    }

    public void metric(String key, Object value) {
        if (value != null) {
            metrics.put(key, value);
        }
    }

    /** A metric group, e.g. {@code connections → {active: 3, idle: 5}}. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> group(String key) {
        return (Map<String, Object>) metrics.computeIfAbsent(key, k -> new LinkedHashMap<String, Object>());
    }

    public Optional<Severity> judge(HealthCheck c, double value) {
        return t.judge(c, value);
    }

    /**
     * Runs {@code body}; when it fails, every check in {@code feeds} that is asked for is reported as skipped with the
     * reason, and the run goes on.
     */
    public void guard(String needs, Body body, HealthCheck... feeds) {
        boolean wanted = false;
        for (HealthCheck c : feeds) {
            wanted |= runs(c) && !isSkipped(c);
        }
        if (!wanted) {
            return;
        }
        try {
            body.run();
        } catch (SQLException e) {
            String reason = reason(needs, e);
            for (HealthCheck c : feeds) {
                skip(c, reason);
            }
        } catch (RuntimeException e) {
            String reason = "failed: " + firstLine(String.valueOf(e.getMessage()));
            for (HealthCheck c : feeds) {
                skip(c, reason);
            }
        }
    }

    private String reason(String needs, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String msg = firstLine(e.getMessage() == null ? e.toString() : e.getMessage());
        boolean denied = "42501".equals(state) || e.getErrorCode() == 1227 || e.getErrorCode() == 1142
                || e.getErrorCode() == 1044 || msg.toLowerCase(Locale.ROOT).contains("permission denied")
                || msg.toLowerCase(Locale.ROOT).contains("access denied");
        if (denied) {
            return "skipped: needs " + needs + " (" + msg + ")";
        }
        return "failed: " + msg;
    }

    public static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return Redactor.redact((nl >= 0 ? s.substring(0, nl) : s).trim());
    }

    public List<Finding> findings() {
        return findings;
    }

    public Map<String, String> skipped() {
        return skipped;
    }

    public Map<String, Object> metrics() {
        return metrics;
    }
}
