package io.dbagent.health;

import io.dbagent.report.Finding;
import io.dbagent.report.Severity;

import java.util.Map;
import java.util.Optional;

/**
 * The ratio checks PostgreSQL and MySQL share: buffer hit ratios, rollback rate and connection utilisation. Each
 * records its raw numbers as a metric and judges only once the sample is large enough to mean something.
 */
public final class Ratios {

    private Ratios() {
    }

    public static void hitRatio(HealthRun r, HealthCheck check, long hit, long read, String subject, String phrase,
                         String fix) {
        if (!r.runs(check)) {
            return;
        }
        long total = hit + read;
        double pct = total == 0 ? 100.0 : 100.0 * hit / total;
        Map<String, Object> m = r.group(check.id());
        m.put("hits", hit);
        m.put("reads", read);
        m.put("percent", Fmt.round2(pct));
        double min = r.t.get(check.id() + ".min-blocks");
        m.put("judged", total >= min);
        if (total < min) {
            return;
        }
        r.judge(check, pct).ifPresent(sev -> r.add(Finding.builder(check.id(), sev)
                .subject(subject)
                .message(Fmt.pct(pct) + " " + phrase + " (" + Fmt.count(read) + " of " + Fmt.count(total)
                        + " came from disk; target at least " + Fmt.num(r.t.warn(check)) + " %)")
                .fix(fix)
                .evidence("hits", hit)
                .evidence("reads", read)
                .evidence("percent", Fmt.round2(pct))
                .build()));
    }

    public static void rollbackRate(HealthRun r, long commits, long rollbacks, String subject, String since, String fix) {
        if (!r.runs(HealthCheck.ROLLBACK_RATE)) {
            return;
        }
        long total = commits + rollbacks;
        double pct = total == 0 ? 0 : 100.0 * rollbacks / total;
        Map<String, Object> m = r.group(HealthCheck.ROLLBACK_RATE.id());
        m.put("commits", commits);
        m.put("rollbacks", rollbacks);
        m.put("percent", Fmt.round2(pct));
        double min = r.t.get("rollback-rate.min-transactions");
        m.put("judged", total >= min);
        if (total < min) {
            return;
        }
        r.judge(HealthCheck.ROLLBACK_RATE, pct).ifPresent(sev -> r.add(Finding.builder(HealthCheck.ROLLBACK_RATE.id(), sev)
                .subject(subject)
                .message(Fmt.pct(pct) + " of " + Fmt.count(total) + " transactions on " + subject + " rolled back ("
                        + Fmt.count(rollbacks) + ") " + since + "; target below " + Fmt.num(r.t.warn(HealthCheck.ROLLBACK_RATE))
                        + " %")
                .fix(fix)
                .evidence("commits", commits)
                .evidence("rollbacks", rollbacks)
                .evidence("percent", Fmt.round2(pct))
                .build()));
    }

    /**
     * @param byState  connections per state (PG: active, idle, idle in transaction…; MySQL: Sleep, Query…)
     * @param max      max_connections
     * @param reserved slots only superusers may use (PG superuser_reserved_connections)
     */
    public static void connectionUtilization(HealthRun r, Map<String, Long> byState, long max, long reserved) {
        long total = byState.values().stream().mapToLong(Long::longValue).sum();
        long usable = Math.max(1, max - reserved);
        double pct = 100.0 * total / usable;
        Map<String, Object> m = r.group("connections");
        m.put("total", total);
        m.put("max", max);
        if (reserved > 0) {
            m.put("reservedForSuperuser", reserved);
        }
        m.put("percent", Fmt.round2(pct));
        m.put("byState", byState);
        if (!r.runs(HealthCheck.CONNECTION_UTILIZATION) || max <= 0) {
            return;
        }
        Optional<Severity> sev = r.judge(HealthCheck.CONNECTION_UTILIZATION, pct);
        if (sev.isEmpty()) {
            return;
        }
        long idle = byState.getOrDefault("idle", 0L) + byState.getOrDefault("Sleep", 0L);
        boolean mostlyIdle = idle * 2 > total;
        String fix = r.facts().connectionFix(mostlyIdle, max);
        r.add(Finding.builder(HealthCheck.CONNECTION_UTILIZATION.id(), sev.get())
                .subject("server")
                .message(Fmt.count(total) + " of " + Fmt.count(usable) + " connections in use (" + Fmt.pct(pct)
                        + "; " + byState + "): new connections fail once the rest are taken")
                .fix(fix)
                .evidence("connections", total)
                .evidence("maxConnections", max)
                .evidence("percent", Fmt.round2(pct))
                .evidence("byState", byState)
                .build());
    }
}
