package io.dbagent.health;

import com.zaxxer.hikari.HikariPoolMXBean;
import io.dbagent.dialect.Dialects;
import io.dbagent.health.bloat.BloatAnalyzer;
import io.dbagent.health.bloat.BloatEntry;
import io.dbagent.health.bloat.BloatOptions;
import io.dbagent.lint.FkIndexCheck;
import io.dbagent.lint.SchemaLinter;
import io.dbagent.report.Finding;
import io.dbagent.report.Severity;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.dbagent.health.HealthCheck.CONNECTION_POOL_SATURATION;
import static io.dbagent.health.HealthCheck.DUPLICATE_INDEX;
import static io.dbagent.health.HealthCheck.FK_WITHOUT_INDEX;
import static io.dbagent.health.HealthCheck.MISSING_PRIMARY_KEY;
import static io.dbagent.health.HealthCheck.INDEX_BLOAT;
import static io.dbagent.health.HealthCheck.TABLE_BLOAT;

/** Checks that work the same on every engine: bloat (through the bloat analyzer), the two index lint rules, the pool. */
final class CommonChecks {

    private CommonChecks() {
    }

    static void bloat(HealthRun r) {
        r.guard(r.facts().monitorPrivilege(), () -> {
            Map<String, String> notes = new LinkedHashMap<>();
            BloatOptions o = new BloatOptions(List.of(), r.options.schemas(), r.t, r.options.exactBloat(),
                    BloatOptions.DEFAULT_EXACT_MAX_BYTES);
            List<BloatEntry> entries = BloatAnalyzer.measure(r.session, o, notes);
            long wasted = 0;
            for (BloatEntry e : entries) {
                wasted += e.wastedBytes();
                if (e.fix() == null) {
                    continue;
                }
                HealthCheck c = "index".equals(e.kind()) ? INDEX_BLOAT : TABLE_BLOAT;
                if (!r.runs(c)) {
                    continue;
                }
                r.judge(c, e.wastedPercent()).ifPresent(sev -> r.add(finding(c, sev, e)));
            }
            Map<String, Object> m = r.group("bloat");
            m.put("wastedBytes", wasted);
            m.put("measured", entries.size());
            String indexReason = notes.remove("index-bloat");
            if (indexReason != null) {
                r.skip(INDEX_BLOAT, indexReason);
            }
            String tableReason = notes.remove("table-bloat");
            if (tableReason != null) {
                r.skip(TABLE_BLOAT, tableReason);
            }
            if (!notes.isEmpty()) {
                m.put("notes", notes);
            }
        }, TABLE_BLOAT, INDEX_BLOAT);
    }

    private static Finding finding(HealthCheck c, Severity sev, BloatEntry e) {
        String subject = "database".equals(e.kind()) ? e.name() : Fmt.qualified(e.schema(), e.name());
        String what = switch (e.kind()) {
            case "index" -> "index " + subject + " on " + Fmt.qualified(e.schema(), e.table());
            case "database" -> "database file " + e.name();
            default -> "table " + subject;
        };
        String how = switch (e.method()) {
            case "pgstattuple", "pgstatindex" -> "measured by " + e.method() + "; the statistics estimate was "
                    + Fmt.bytes(e.estimatedWastedBytes() == null ? 0 : e.estimatedWastedBytes());
            case "estimate" -> "estimated from the statistics";
            case "data_free" -> "free extents InnoDB reports (DATA_FREE)";
            case "freelist" -> "free-list pages";
            default -> "unused bytes in its pages (dbstat)";
        };
        return Finding.builder(c.id(), sev)
                .subject(subject)
                .message(what + " takes " + Fmt.bytes(e.sizeBytes()) + ", of which " + Fmt.bytes(e.wastedBytes()) + " ("
                        + Fmt.pct(e.wastedPercent()) + ") is dead rows and free space (" + how + ")")
                .fix(e.fix())
                .evidence("schema", e.schema())
                .evidence("table", e.table())
                .evidence("sizeBytes", e.sizeBytes())
                .evidence("wastedBytes", e.wastedBytes())
                .evidence("wastedPercent", e.wastedPercent())
                .evidence("method", e.method())
                .evidence("estimatedWastedBytes", e.estimatedWastedBytes())
                .evidence("exactWastedBytes", e.exactWastedBytes())
                .build();
    }

    /** fk-without-index, duplicate-index and missing-primary-key exactly as lint reports them, on the live schema. */
    static void lintRules(HealthRun r) {
        r.guard("SELECT on the catalog", () -> {
            Schema schema = Dialects.inspect(r.session);
            List<Finding> out = new ArrayList<>();
            for (Table t : schema.tables()) {
                if (t.isPartition() || r.facts().filtersBySchema() && !r.inScope(t.schema())) {
                    continue;
                }
                if (r.runs(FK_WITHOUT_INDEX)) {
                    SchemaLinter.fkWithoutIndex(r.dialect(), t, out);
                }
                if (r.runs(DUPLICATE_INDEX)) {
                    SchemaLinter.duplicateIndexes(r.dialect(), t, out);
                }
                if (r.runs(MISSING_PRIMARY_KEY)) {
                    SchemaLinter.missingPrimaryKey(r.dialect(), t, out);
                }
            }
            // the index each fk-without-index fix proposes is checked with the what-if method first, as in lint
            r.addAll(FkIndexCheck.verify(out, schema, r.session, null, new ArrayList<>()));
        }, FK_WITHOUT_INDEX, DUPLICATE_INDEX, MISSING_PRIMARY_KEY);
    }

    /** Client side: a HikariCP pool near its maximum, or with threads waiting for a connection. */
    static void pool(HealthRun r) {
        if (!r.runs(CONNECTION_POOL_SATURATION)) {
            return;
        }
        HikariPoolMXBean pool = r.options.pool();
        if (pool == null) {
            r.skip(CONNECTION_POOL_SATURATION, "no client-side pool to read: the CLI connects directly; embedded as a "
                    + "library, pass the application's HikariDataSource (HealthOptions.builder().pool(ds))");
            return;
        }
        int active = pool.getActiveConnections();
        int idle = pool.getIdleConnections();
        int total = pool.getTotalConnections();
        int waiting = pool.getThreadsAwaitingConnection();
        int max = r.options.poolMax();
        double pct = max <= 0 ? 0 : 100.0 * active / max;
        Map<String, Object> m = r.group("pool");
        m.put("name", r.options.poolName());
        m.put("active", active);
        m.put("idle", idle);
        m.put("total", total);
        m.put("waiting", waiting);
        m.put("max", max);
        m.put("percent", Fmt.round2(pct));
        Severity sev = waiting > 0 ? Severity.CRITICAL : r.judge(CONNECTION_POOL_SATURATION, pct).orElse(null);
        if (sev == null) {
            return;
        }
        String name = r.options.poolName() == null ? "pool" : r.options.poolName();
        r.add(Finding.builder(CONNECTION_POOL_SATURATION.id(), sev)
                .subject(name)
                .message("HikariCP pool " + name + ": " + active + " of " + max + " connections active (" + Fmt.pct(pct)
                        + "), " + idle + " idle, " + waiting + " threads waiting for a connection"
                        + (waiting > 0 ? ": requests are queueing and will time out" : ""))
                .fix("-- first find connections held during slow work: config.setLeakDetectionThreshold(2000);\n"
                        + "-- then, if the database has headroom (see connection-utilization): config.setMaximumPoolSize("
                        + Math.max(max + 1, (int) Math.ceil(max * 1.5)) + ");")
                .evidence("active", active)
                .evidence("idle", idle)
                .evidence("total", total)
                .evidence("waiting", waiting)
                .evidence("max", max)
                .evidence("percent", Fmt.round2(pct))
                .build());
    }
}
