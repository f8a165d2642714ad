package io.dbagent.backup;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** An engine tool stops when dbagent's JVM ends: kill -9, SIGTERM, a timeout; and it gets its input and exit code. */
class ProcessRunnerGuardTest {

    @Test
    void theToolDiesWithTheJvmOnKill9() throws Exception {
        assertToolStopsWhenTheJvmIsKilled(true);
    }

    @Test
    void theToolDiesWithTheJvmOnSigterm() throws Exception {
        assertToolStopsWhenTheJvmIsKilled(false);
    }

    @Test
    void inputOutputAndExitCodePassThroughTheGuard() throws Exception {
        Path in = Files.createTempFile("guard", ".in");
        Path out = Files.createTempFile("guard", ".out");
        try {
            Files.writeString(in, "hello from a file\n");
            ProcessRunner.Result r = ProcessRunner.run(List.of("sh", "-c", "cat; echo oops >&2; exit 3"), Map.of(), in,
                    out, Duration.ofSeconds(30));
            assertThat(r.exitCode()).isEqualTo(3);
            assertThat(r.lastLine()).isEqualTo("oops");
            assertThat(Files.readString(out)).isEqualTo("hello from a file\n");
            assertThat(ProcessRunner.output(List.of("sh", "-c", "echo \"$0 $1\"", "a b", "c"), Duration.ofSeconds(30)))
                    .isEqualTo("a b c\n");
        } finally {
            Files.deleteIfExists(in);
            Files.deleteIfExists(out);
        }
    }

    @Test
    void aTimeoutKillsTheToolNotOnlyTheGuard() {
        ProcessRunner.Running r = ProcessRunner.start(List.of("sleep", "300"), Map.of(), null, null);
        List<ProcessHandle> tools = waitForSleep(r.handle());
        ProcessRunner.Result res = r.await(Duration.ofSeconds(1));
        assertThat(res.exitCode()).isEqualTo(124);
        for (ProcessHandle t : tools) {
            assertThat(waitUntilGone(t, Duration.ofSeconds(5))).as("sleep " + t.pid() + " still running").isTrue();
        }
    }

    private static void assertToolStopsWhenTheJvmIsKilled(boolean kill9) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ToolHolderMain.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).startsWith("started ");
            ProcessHandle guard = ProcessHandle.of(Long.parseLong(line.substring("started ".length()))).orElseThrow();
            List<ProcessHandle> tools = waitForSleep(guard);
            if (kill9) {
                new ProcessBuilder("kill", "-9", Long.toString(jvm.pid())).start().waitFor();
            } else {
                jvm.destroy(); // SIGTERM
            }
            assertThat(jvm.waitFor(10, TimeUnit.SECONDS)).isTrue();
            for (ProcessHandle t : tools) {
                assertThat(waitUntilGone(t, Duration.ofSeconds(8))).as("sleep " + t.pid() + " outlived the JVM").isTrue();
            }
            assertThat(waitUntilGone(guard, Duration.ofSeconds(8))).as("the guard outlived the JVM").isTrue();
        } finally {
            jvm.destroyForcibly();
        }
    }

    /** The {@code sleep 300} under the guard (the guard itself is sh). */
    private static List<ProcessHandle> waitForSleep(ProcessHandle guard) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            List<ProcessHandle> sleeps = guard.descendants()
                    .filter(h -> h.info().command().map(c -> c.endsWith("/sleep")).orElse(false)).toList();
            if (!sleeps.isEmpty()) {
                return sleeps;
            }
            pause();
        }
        throw new AssertionError("sleep never started under " + guard.info().commandLine().orElse("?"));
    }

    private static boolean waitUntilGone(ProcessHandle h, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!h.isAlive()) {
                return true;
            }
            pause();
        }
        return !h.isAlive();
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
