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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs an engine tool (pg_dump, mariadb, …). Secrets travel only in the environment or in a 0600 file named on the
 * command line, never as arguments, so {@code ps} shows nothing worth stealing. Standard error is kept (last lines,
 * redacted) for the one-line failure message.
 *
 * <p>A tool never outlives dbagent. On Unix it runs under a small {@code sh} guard ({@link #GUARD}) whose standard
 * input is a pipe from this JVM that is never written to: when the JVM ends in any way, {@code kill -9} included,
 * the kernel closes the pipe, the guard reads end-of-file and stops the tool (TERM, then KILL after 5 s). A shutdown
 * hook does the same at once on Ctrl-C or SIGTERM, and a timeout or an error kills the tool and its children.
 */
public final class ProcessRunner {

    /**
     * {@code sh -c GUARD guard STDIN TOOL ARGS…}: runs the tool in the background with STDIN as its input, watches fd 3
     * (the pipe from the JVM) in a background subshell, and exits with the tool's exit code. The watcher is killed when
     * the tool ends by itself.
     */
    static final String GUARD = """
            in=$1; shift
            exec 3<&0
            "$@" <"$in" 3<&- &
            tool=$!
            (
              while read -r _ <&3; do :; done
              kill -TERM "$tool" 2>/dev/null
              for _ in 1 2 3 4 5; do kill -0 "$tool" 2>/dev/null || exit 0; sleep 1; done
              kill -KILL "$tool" 2>/dev/null
            ) &
            watch=$!
            exec 3<&-
            wait "$tool"; rc=$?
            kill "$watch" 2>/dev/null
            exit $rc
            """;

    private static final boolean GUARDED = File.separatorChar == '/' && Files.isExecutable(Path.of("/bin/sh"));

    /** Tools running now, stopped by the shutdown hook. */
    private static final Set<Running> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Running::kill), "dbagent-stop-tools"));
    }

    /** Outcome of a finished process. */
    public record Result(int exitCode, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** The last meaningful stderr line, for one-line messages. */
        public String lastLine() {
            String[] lines = stderr.strip().split("\n");
            for (int i = lines.length - 1; i >= 0; i--) {
                if (!lines[i].isBlank()) {
                    return lines[i].strip();
                }
            }
            return "(no message)";
        }

        /** Up to {@code max} error lines, for messages that need more than the last one. */
        public String errorLines(int max) {
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
    public static final class Running {
        private final Process process;
        private final Path stderrFile;

        private Running(Process process, Path stderrFile) {
            this.process = process;
            this.stderrFile = stderrFile;
        }

        /** The process the JVM started: the guard on Unix, the tool elsewhere. */
        ProcessHandle handle() {
            return process.toHandle();
        }

        boolean alive() {
            return process.isAlive();
        }

        /** True once the process has ended with a failure (used to stop work done beside it early). */
        public boolean failed() {
            return !process.isAlive() && process.exitValue() != 0;
        }

        /** Runs {@code work} beside the process, killing the process when the work fails. */
        public <T> T alongside(java.util.function.Supplier<T> work) {
            try {
                return work.get();
            } catch (RuntimeException e) {
                kill();
                throw e;
            }
        }

        public Result await(Duration timeout) {
            try {
                if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                    kill();
                    process.waitFor(10, TimeUnit.SECONDS);
                    return new Result(124, "timed out after " + timeout.toSeconds() + " s\n" + readStderr());
                }
                return new Result(process.exitValue(), readStderr());
            } catch (InterruptedException e) {
                kill();
                Thread.currentThread().interrupt();
                throw new DbAgentException(DbAgentException.Code.DATABASE, "interrupted while waiting for a tool");
            } finally {
                RUNNING.remove(this);
                closeGuardPipe();
                try {
                    Files.deleteIfExists(stderrFile);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }

        /** Stops the tool and everything it started (pg_dump -j workers), then the guard. */
        void kill() {
            closeGuardPipe();
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }

        private void closeGuardPipe() {
            try {
                process.getOutputStream().close();
            } catch (IOException ignored) {
                // already closed: the guard has seen end-of-file or the process is gone
            }
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
    public static Running start(List<String> command, Map<String, String> env, Path stdin, Path stdout) {
        ProcessBuilder pb;
        if (GUARDED) {
            List<String> guarded = new ArrayList<>(List.of("/bin/sh", "-c", GUARD, "dbagent-guard",
                    stdin != null ? stdin.toAbsolutePath().toString() : "/dev/null"));
            guarded.addAll(command);
            pb = new ProcessBuilder(guarded);
            pb.redirectInput(ProcessBuilder.Redirect.PIPE); // the guard's lifeline: never written, closed at exit
        } else {
            pb = new ProcessBuilder(command);
            if (stdin != null) {
                pb.redirectInput(stdin.toFile());
            } else {
                pb.redirectInput(ProcessBuilder.Redirect.from(new File("NUL")));
            }
        }
        pb.environment().putAll(env);
        pb.redirectOutput(stdout != null ? ProcessBuilder.Redirect.to(stdout.toFile()) : ProcessBuilder.Redirect.DISCARD);
        try {
            Path err = Files.createTempFile("dbagent-tool-", ".err");
            pb.redirectError(err.toFile());
            Running running = new Running(pb.start(), err);
            RUNNING.add(running);
            return running;
        } catch (IOException e) {
            throw new DbAgentException(DbAgentException.Code.BAD_INPUT,
                    "cannot run " + command.get(0) + ": " + e.getMessage());
        }
    }

    public static Result run(List<String> command, Map<String, String> env, Path stdin, Path stdout, Duration timeout) {
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
