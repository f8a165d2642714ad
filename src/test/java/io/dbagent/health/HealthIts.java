package io.dbagent.health;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.cli.CliRunner;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.report.Json;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Shared helpers of the health integration tests: run the CLI, pick findings out of its JSON. */
final class HealthIts {

    private HealthIts() {
    }

    /** A --db argument with the credentials (the redacted form would not connect). */
    static String dbArg(DbUrl url) {
        String auth = url.user() == null ? "" : url.user() + (url.password() == null ? "" : ":" + url.password()) + "@";
        return switch (url.dialect()) {
            case SQLITE -> url.database();
            case POSTGRES -> "postgres://" + auth + url.hostPort() + "/" + url.database();
            case MYSQL -> "mysql://" + auth + url.hostPort() + "/" + url.database();
        };
    }

    /** One run of {@code dbagent health --format json}: its exit code and parsed report. */
    record Run(int exit, JsonNode report) {
    }

    /**
     * Runs {@code dbagent health --format json} with extra arguments; returns the parsed report after checking the
     * exit code the caller expects (0, or 1 when a finding is at or above --fail-on, critical by default).
     */
    static JsonNode health(int exit, DbUrl url, String... extra) throws Exception {
        Run r = run(url, extra);
        assertThat(r.exit()).as("exit code; report: %s", r.report()).isEqualTo(exit);
        return r.report();
    }

    /** As {@link #health}, for polling loops that run until the report changes: the caller checks the exit code. */
    static Run run(DbUrl url, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("health", "--db", dbArg(url), "--format", "json"));
        args.addAll(Arrays.asList(extra));
        CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
        assertThat(r.err()).as("stderr").isEmpty();
        return new Run(r.exit(), Json.MAPPER.readTree(r.out()));
    }

    static List<JsonNode> findings(JsonNode report, String id) {
        List<JsonNode> out = new ArrayList<>();
        report.get("findings").forEach(f -> {
            if (f.get("id").asText().equals(id)) {
                out.add(f);
            }
        });
        return out;
    }

    static JsonNode finding(JsonNode report, String id, String subject) {
        return findings(report, id).stream().filter(f -> subject.equals(f.path("subject").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + id + " finding for " + subject + " in "
                        + report.get("findings")));
    }

    static List<String> ids(JsonNode report) {
        List<String> out = new ArrayList<>();
        report.get("findings").forEach(f -> out.add(f.get("id").asText() + " " + f.path("subject").asText()));
        return out;
    }

    static List<String> atLeastWarn(JsonNode report) {
        List<String> out = new ArrayList<>();
        report.get("findings").forEach(f -> {
            if (!"info".equals(f.get("severity").asText())) {
                out.add(f.get("id").asText() + " " + f.path("subject").asText() + ": " + f.get("message").asText());
            }
        });
        return out;
    }

    /** Polls up to five seconds: statistics reach the shared views asynchronously. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L; // generous: CI machines run loaded
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
