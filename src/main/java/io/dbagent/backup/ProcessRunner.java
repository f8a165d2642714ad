package io.dbagent.backup;

import io.dbagent.DbAgentException;
import io.dbagent.jdbc.Redactor;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an engine tool (pg_dump, mariadb, …). Secrets travel only in the environment or in a 0600 file named on the
 * command line, never as arguments, so {@code ps} shows nothing worth stealing. Standard error is kept (last lines,
 * redacted) for the one-line failure message.
 */
final class ProcessRunner {

    /** Outcome of a finished process. */
    record Result(int exitCode, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }

        /** The last meaningful stderr line, for one-line messages. */
        String lastLine() {
            String[] lines = stderr.strip().split("\n");
            for (int i = lines.length - 1; i >= 0; i--) {
                if (!lines[i].isBlank()) {
                    return lines[i].strip();
                }
            }
            return "(no message)";
        }

        /** Up to {@code max} error lines, for messages that need more than the last one. */
        String errorLines(int max) {
            List<String> out = new ArrayList<>();
            for (String l : stderr.strip().split("\n")) {
                String s = l.strip();
                if (!s.isEmpty() && (s.contains("error") || s.contains("ERROR") || s.contains("FATAL"))) {
                    out.add(s);
                }
            }
            if (out.isEmpty()) {
                return lastLine();
            }
            return String.join("; ", out.subList(0, Math.min(max, out.size())))
                    + (out.size() > max ? " (and " + (out.size() - max) + " more)" : "");
        }
    }

    /** A started process whose exit the caller waits for later (pg_dump running beside the checksum pass). */
    static final class Running {
        private final Process process;
        private final Path stderrFile;

        private Running(Process process, Path stderrFile) {
            this.process = process;
            this.stderrFile = stderrFile;
        }

        boolean alive() {
            return process.isAlive();
        }

        /** True once the process has ended with a failure (used to stop work done beside it early). */
        boolean failed() {
            return !process.isAlive() && process.exitValue() != 0;
        }

        Result await(Duration timeout) {
            try {
                if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                    return new Result(124, "timed out after " + timeout.toSeconds() + " s\n" + readStderr());
                }
                return new Result(process.exitValue(), readStderr());
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new DbAgentException(DbAgentException.Code.DATABASE, "interrupted while waiting for a tool");
            } finally {
                try {
                    Files.deleteIfExists(stderrFile);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }

        void kill() {
            process.destroyForcibly();
        }

        private String readStderr() {
            try {
                byte[] all = Files.readAllBytes(stderrFile);
                int from = Math.max(0, all.length - 8192);
                return Redactor.redact(new String(all, from, all.length - from, StandardCharsets.UTF_8));
            } catch (IOException e) {
                return "";
            }
        }
    }

    private ProcessRunner() {
    }

    /**
     * Starts {@code command}. {@code env} entries are added to the inherited environment; {@code stdin} and
     * {@code stdout} are files or null (stdout is discarded then).
     */
    static Running start(List<String> command, Map<String, String> env, Path stdin, Path stdout) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        } else {
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        pb.redirectOutput(stdout != null ? ProcessBuilder.Redirect.to(stdout.toFile()) : ProcessBuilder.Redirect.DISCARD);
        try {
            Path err = Files.createTempFile("dbagent-tool-", ".err");
            pb.redirectError(err.toFile());
            return new Running(pb.start(), err);
        } catch (IOException e) {
            throw new DbAgentException(DbAgentException.Code.BAD_INPUT,
                    "cannot run " + command.get(0) + ": " + e.getMessage());
        }
    }

    static Result run(List<String> command, Map<String, String> env, Path stdin, Path stdout, Duration timeout) {
        return start(command, env, stdin, stdout).await(timeout);
    }

    /** Runs a tool and returns its standard output (small outputs such as {@code --version}). */
    static String output(List<String> command, Duration timeout) {
        try {
            Path out = Files.createTempFile("dbagent-tool-", ".out");
            try {
                Result r = run(command, Map.of(), null, out, timeout);
                String text = Files.readString(out, StandardCharsets.UTF_8);
                return r.ok() ? text : null;
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException | DbAgentException e) {
            return null;
        }
    }
}
