package io.dbagent.advisor;

import io.dbagent.memory.MemoryRecorder;
import io.dbagent.memory.MemoryStore;
import io.dbagent.report.Report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * After {@code advise --apply} measured the workload again, each applied index becomes an {@code optimization}
 * entry and each measured statement a {@code benchmark} entry, so later advice can quote real speed-ups.
 */
public final class AdviceMemory {

    private AdviceMemory() {
    }

    public static void applied(MemoryStore store, Report<Advice> report, String dialect) {
        Advice advice = report.payload();
        if (advice.measured() == null || advice.measured().isEmpty()) {
            return;
        }
        for (Advice.Recommendation r : advice.recommendations()) {
            if (!Boolean.TRUE.equals(r.applied())) {
                continue;
            }
            List<Advice.Measured> helped = advice.measured().stream().filter(m -> r.queries().contains(m.id())).toList();
            double before = helped.stream().mapToDouble(Advice.Measured::beforeMs).sum();
            double after = helped.stream().mapToDouble(Advice.Measured::afterMs).sum();
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("beforeMs", round(before));
            evidence.put("afterMs", round(after));
            evidence.put("sizeBytes", r.sizeBytes());
            evidence.put("benefitPct", round(r.benefitPct()));
            String body = String.format(Locale.ROOT, "%s on %s: the statements it serves went from %.1f ms to %.1f ms "
                            + "(measured median after --apply).%s", r.ddl(), report.target(), before, after,
                    helped.isEmpty() ? "" : " Statements: " + String.join("; ", helped.stream().map(Advice.Measured::sql)
                            .map(s -> s.length() > 120 ? s.substring(0, 120) + "…" : s).toList()));
            MemoryRecorder.record(store, "optimization", "Index " + r.table() + "(" + String.join(", ", r.columns())
                    + ")" + String.format(Locale.ROOT, ": %.1f ms → %.1f ms", before, after), body,
                    List.of("index", r.table(), "advise"), dialect, evidence, "advise");
        }
        for (Advice.Measured m : advice.measured()) {
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("beforeMs", round(m.beforeMs()));
            evidence.put("afterMs", round(m.afterMs()));
            evidence.put("usesNewIndex", m.usesNewIndex());
            MemoryRecorder.record(store, "benchmark", String.format(Locale.ROOT, "Query %s: %.1f ms → %.1f ms", m.id(),
                            m.beforeMs(), m.afterMs()), m.sql(), List.of("query", "timing", "advise"), dialect, evidence,
                    "advise");
        }
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
