package io.dbagent.agent;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import io.dbagent.report.Json;

import java.util.List;

/** Health and bloat tools: read-only checks against the seed's targets. */
public final class HealthTools {

    private final DatabaseTools core;

    HealthTools(DatabaseTools core) {
        this.core = core;
    }

    @ToolHints(readOnly = true, idempotent = true)
    @Tool(name = "check_health", value = {
            "Check database health against the targets (p95 < 100 ms, no seq scans on tables > 10K rows, index/cache "
                    + "hit ratio > 99 %, connection use < 80 %, rollback rate < 5 %) plus unused and duplicate indexes, "
                    + "foreign keys without index, bloat, vacuum, wraparound, sequences near their max, long or idle "
                    + "transactions, lock waits and stale statistics. Returns findings with fixes, skipped checks with "
                    + "the reason, and raw metrics. Use for 'is my database healthy' or 'why is it slow overall'."})
    public String checkHealth(
            @P(value = "Only these check ids (e.g. slow-query, unused-index); omit for all", required = false)
            List<String> only) {
        return DatabaseTools.guarded(() -> Json.write(core.app().health().checkSession(only)));
    }

    @ToolHints(readOnly = true, idempotent = true)
    @Tool(name = "analyze_bloat", value = {
            "Measure wasted space per table and index (estimated from statistics; exact with pgstattuple when "
                    + "installed; MySQL from data_free; SQLite from free pages), ordered by wasted bytes, with the "
                    + "VACUUM / pg_repack / REINDEX CONCURRENTLY / OPTIMIZE TABLE fix."})
    public String analyzeBloat(
            @P(value = "Only these tables; omit for all", required = false) List<String> tables) {
        return DatabaseTools.guarded(() -> Json.write(core.app().health().bloat(tables)));
    }
}
