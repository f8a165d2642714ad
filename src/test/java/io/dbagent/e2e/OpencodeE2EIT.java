package io.dbagent.e2e;

import io.dbagent.testsupport.Requirements;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs {@code e2e/opencode.sh}: the real opencode CLI (npm package {@code opencode-ai}, cached under
 * {@code ~/.cache/dbagent-e2e/}) loads the installed skill and calls the dbagent MCP server on a SQLite database,
 * driven by a scripted local model server.
 *
 * <p>Without node/npm (or ripgrep, which opencode's skill tool runs) the test is skipped with the reason, except in
 * CI, where it fails ({@link Requirements}).
 */
class OpencodeE2EIT {

    private static final long TIMEOUT_SECONDS = 300;

    @Test
    void opencodeLoadsTheSkillAndGetsTheMcpToolsRealResult() throws Exception {
        List<String> missing = new ArrayList<>();
        for (String tool : List.of("node", "npm", "rg")) {
            if (!onPath(tool)) {
                missing.add(tool + (tool.equals("rg") ? " (ripgrep)" : ""));
            }
        }
        Requirements.require(missing.isEmpty(), String.join(", ", missing) + " on PATH for the opencode end-to-end test");

        Path script = Path.of("e2e", "opencode.sh").toAbsolutePath();
        assertThat(script).exists();
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
        // Leave room inside our own timeout for a first-time npm install and the cleanup.
        pb.environment().putIfAbsent("DBAGENT_E2E_TIMEOUT", "180");
        Process p = pb.start();
        p.getOutputStream().close();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread pump = new Thread(() -> copy(p.getInputStream(), output), "e2e-output");
        pump.setDaemon(true);
        pump.start();
        long t0 = System.nanoTime();
        boolean finished = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        pump.join(5_000);
        String out;
        synchronized (output) {
            out = output.toString(StandardCharsets.UTF_8);
        }
        System.out.println(out);
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        if (!finished) {
            fail("e2e/opencode.sh did not finish within " + TIMEOUT_SECONDS + " s; output so far:\n" + out);
        }
        assertThat(p.exitValue()).as("exit code of e2e/opencode.sh after %d s; output:%n%s", seconds, out).isZero();
        assertThat(out).as("output of e2e/opencode.sh").containsPattern("(?m)^e2e: PASS opencode \\S+ loaded the skill, "
                + "called dbagent over MCP and answered with the real tables");
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (out) {
                    out.write(buf, 0, n);
                }
            }
        } catch (IOException ignored) {
            // the process went away; what was read is kept
        }
    }

    private static boolean onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }
}
