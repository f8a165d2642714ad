package io.dbagent.health.watch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dbagent.report.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Where alerts go. Each sink gets the alert as one JSON object. */
public sealed interface AlertSink permits AlertSink.Webhook, AlertSink.Command, AlertSink.File {

    /** Compact JSON, one object per line in files. */
    ObjectWriter COMPACT = Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT);

    void send(Alert alert) throws IOException;

    /** A short name for error messages (never a URL's credentials). */
    String describe();

    static String json(Alert a) {
        try {
            return COMPACT.writeValueAsString(a);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** POSTs the JSON; anything but 2xx is a failure. */
    record Webhook(URI uri, Duration timeout) implements AlertSink {

        private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        @Override
        public void send(Alert alert) throws IOException {
            HttpRequest req = HttpRequest.newBuilder(uri).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "dbagent-watch")
                    .POST(HttpRequest.BodyPublishers.ofString(json(alert), StandardCharsets.UTF_8)).build();
            try {
                HttpResponse<String> res = CLIENT.send(req, HttpResponse.BodyHandlers.ofString());
                if (res.statusCode() / 100 != 2) {
                    throw new IOException("HTTP " + res.statusCode());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }

        @Override
        public String describe() {
            // webhook paths often carry the secret token (Slack, Teams): name the host only
            return "webhook " + uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        }
    }

    /**
     * Runs a shell command with the alert JSON on stdin and DBAGENT_ALERT_KIND/ID/SEVERITY/SUBJECT in the
     * environment; a non-zero exit or a run over the timeout is a failure.
     */
    record Command(String command, Duration timeout) implements AlertSink {

        @Override
        public void send(Alert alert) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(List.of("sh", "-c", command)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("DBAGENT_ALERT_KIND", alert.kind());
            pb.environment().put("DBAGENT_ALERT_ID", alert.id());
            pb.environment().put("DBAGENT_ALERT_SEVERITY", alert.severity().id());
            pb.environment().put("DBAGENT_ALERT_SUBJECT", alert.subject() == null ? "" : alert.subject());
            Process p = pb.start();
            try (OutputStream in = p.getOutputStream()) {
                in.write((json(alert) + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // a command that does not read stdin closes it early; its exit code still decides
            }
            try {
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    throw new IOException("timed out after " + timeout.toSeconds() + " s");
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            if (p.exitValue() != 0) {
                throw new IOException("exit code " + p.exitValue());
            }
        }

        @Override
        public String describe() {
            return "command";
        }
    }

    /** Appends one JSON line per alert. */
    record File(Path path) implements AlertSink {

        @Override
        public synchronized void send(Alert alert) throws IOException {
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            Files.writeString(path, json(alert) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        }

        @Override
        public String describe() {
            return "file " + path;
        }
    }
}
