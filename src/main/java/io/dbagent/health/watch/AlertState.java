package io.dbagent.health.watch;

import com.fasterxml.jackson.core.type.TypeReference;
import io.dbagent.DbAgentException;
import io.dbagent.report.Finding;
import io.dbagent.report.Json;
import io.dbagent.report.Report;
import io.dbagent.report.Severity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The open problems (finding id + subject → severity) between runs, so an unchanged problem alerts once and its
 * end is reported once. Can be kept in a file, so that {@code watch --once} from cron behaves the same.
 */
public final class AlertState {

    static final String RUN_FAILED = "health-run-failed";
    /** Finding ids never contain it, so the key splits at its first occurrence. */
    private static final String SEP = "|";

    private final Map<String, Severity> open = new LinkedHashMap<>();

    public static AlertState load(Path file) {
        AlertState s = new AlertState();
        if (file != null && Files.exists(file)) {
            try {
                s.open.putAll(Json.MAPPER.readValue(Files.readString(file), new TypeReference<Map<String, Severity>>() { }));
            } catch (IOException e) {
                throw DbAgentException.badInput("cannot read watch state " + file + ": " + e.getMessage()
                        + " (delete it to start afresh)");
            }
        }
        return s;
    }

    /** Writes atomically (temp file + move), so a crash never leaves half a state. */
    public void save(Path file) throws IOException {
        if (file == null) {
            return;
        }
        Path abs = file.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = Files.createTempFile(abs.getParent(), ".watch-state", ".tmp");
        Files.writeString(tmp, Json.write(open));
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Compares a run with the open problems: new or changed warn/critical findings become alerts, problems no
     * longer reported become recoveries, except for checks the run skipped (we do not know their state).
     */
    public List<Alert> update(Report<Void> report, Instant at) {
        List<Alert> out = new ArrayList<>();
        Map<String, Finding> now = new LinkedHashMap<>();
        for (Finding f : report.findings()) {
            if (f.severity().atLeast(Severity.WARN)) {
                now.putIfAbsent(key(f.id(), f.subject()), f);
            }
        }
        out.addAll(recoverRunFailure(report.target(), at));
        for (Map.Entry<String, Finding> e : now.entrySet()) {
            Severity previous = open.get(e.getKey());
            Severity sev = e.getValue().severity();
            if (sev != previous) {
                out.add(Alert.raised(e.getValue(), previous, report.target(), at));
                open.put(e.getKey(), sev);
            }
        }
        for (String k : new ArrayList<>(open.keySet())) {
            String id = k.substring(0, k.indexOf(SEP));
            if (now.containsKey(k) || report.skipped().containsKey(id)) {
                continue;
            }
            out.add(Alert.recovered(id, k.substring(k.indexOf(SEP) + 1), open.remove(k), report.target(), at));
        }
        return out;
    }

    /** A run that could not happen at all (database down, login refused) is itself a problem, alerted once. */
    public List<Alert> failed(String target, String error, Instant at) {
        String k = key(RUN_FAILED, target);
        if (open.containsKey(k)) {
            return List.of();
        }
        open.put(k, Severity.CRITICAL);
        return List.of(new Alert(Alert.ALERT, RUN_FAILED, Severity.CRITICAL, null, target,
                "health run failed: " + error, "-- check that the database is up and reachable", target, at, Map.of()));
    }

    private List<Alert> recoverRunFailure(String target, Instant at) {
        String k = key(RUN_FAILED, target);
        if (open.remove(k) == null) {
            return List.of();
        }
        return List.of(Alert.recovered(RUN_FAILED, target, Severity.CRITICAL, target, at));
    }

    public Map<String, Severity> open() {
        return Map.copyOf(open);
    }

    private static String key(String id, String subject) {
        return id + SEP + (subject == null ? "" : subject);
    }
}
