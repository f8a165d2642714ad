package io.dbagent.health.watch;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.dbagent.health.HealthRenderer;
import io.dbagent.report.Report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rolling history of metrics that watch keeps as benchmarks: the last {@code limit} runs' numeric metrics,
 * in memory and, when a file is given, as JSON lines trimmed to the same length.
 */
public final class MetricsHistory {

    /** One run's numbers. */
    public record Sample(Instant at, Map<String, Long> summary, Map<String, Number> metrics) {
    }

    private final int limit;
    private final Path file;
    private final Deque<Sample> samples = new ArrayDeque<>();

    public MetricsHistory(int limit, Path file) {
        this.limit = Math.max(1, limit);
        this.file = file;
        if (file != null && Files.exists(file)) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        add(io.dbagent.report.Json.MAPPER.readValue(line, Sample.class));
                    }
                }
            } catch (IOException e) {
                // a damaged history is not worth stopping the watch for: start a new one
                samples.clear();
            }
        }
    }

    public Sample record(Report<Void> report, Instant at) throws IOException {
        Map<String, Number> numbers = new LinkedHashMap<>();
        HealthRenderer.flatten(report.metrics()).forEach((k, v) -> {
            if (v instanceof Number n) {
                numbers.put(k, n);
            }
        });
        Sample s = new Sample(at, report.summary(), numbers);
        add(s);
        if (file != null) {
            write();
        }
        return s;
    }

    private void add(Sample s) {
        samples.addLast(s);
        while (samples.size() > limit) {
            samples.removeFirst();
        }
    }

    private void write() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Sample s : samples) {
            try {
                sb.append(AlertSink.COMPACT.writeValueAsString(s)).append('\n');
            } catch (JsonProcessingException e) {
                throw new IOException(e);
            }
        }
        Path abs = file.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = Files.createTempFile(abs.getParent(), ".history", ".tmp");
        Files.writeString(tmp, sb.toString(), StandardCharsets.UTF_8);
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public List<Sample> samples() {
        return new ArrayList<>(samples);
    }
}
