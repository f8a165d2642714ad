package io.dbagent.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Benchmark for {@code bench/startup.sh}: wall time of new processes, each measured the same number of runs and in
 * turn (so a burst of load on a shared machine spreads over all of them): the JVM floor ({@code java -version} and
 * a class with an empty main), {@code dbagent --help}, {@code inspect} of a small SQLite file, the MCP server's answer
 * to {@code initialize} (from process start to its response line), and {@code memory search} over 10,000 entries.
 * The dbagent commands run with the launcher's JVM options and a class-data archive recorded the way the launcher
 * records it (the first run after a build: {@code --help} here); {@code --help} is measured without the archive too.
 * Prints Markdown rows: median and 95th percentile in ms.
 *
 * <p>Arguments: JAR RUNS WORKDIR.
 */
public final class StartupBench {

    /** The floor: a main that does nothing, started from a directory of classes. */
    public static final class Noop {
        public static void main(String[] args) {
            // nothing
        }
    }

    private static final List<String> OPTS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto");

    private StartupBench() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]).toAbsolutePath();
        int runs = Integer.parseInt(args[1]);
        Path work = Path.of(args[2]).toAbsolutePath();
        String classes = Path.of(StartupBench.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Path db = work.resolve("shop.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            for (int i = 1; i <= 20; i++) {
                s.execute("CREATE TABLE t" + i + " (id INTEGER PRIMARY KEY, name varchar(100) NOT NULL, qty integer "
                        + "NOT NULL DEFAULT 0 CHECK (qty >= 0), price numeric(10,2), note text, prev_id integer"
                        + (i > 1 ? " REFERENCES t" + (i - 1) + "(id)" : "") + ")");
                s.execute("CREATE INDEX idx_t" + i + "_name ON t" + i + " (name, qty)");
            }
        }
        Path memory = work.resolve("memory");
        Files.createDirectories(memory);
        MemoryBench.fill(memory, 10_000);
        Path jsa = work.resolve("dbagent.jsa");
        List<String> base = new ArrayList<>(List.of("java"));
        base.addAll(OPTS);
        List<String> cds = new ArrayList<>(base);
        cds.addAll(List.of("-XX:SharedArchiveFile=" + jsa, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        // the launcher's first run after a build records the archive
        List<String> record = new ArrayList<>(base);
        record.addAll(List.of("-XX:ArchiveClassesAtExit=" + jsa, "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-jar",
                jar.toString(), "--help"));
        run(record, null);
        // memory: the first searches write the persisted index; then the directory is quiet, as between sessions
        List<String> search = with(cds, "-jar", jar.toString(), "memory", "--memory-dir", memory.toString(), "search",
                "keyset", "pagination", "orders");
        run(search, null);
        run(search, null);
        Files.setLastModifiedTime(memory, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        run(search, null);

        String initialize = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}}\n";
        List<Case> cases = List.of(
                new Case("JVM floor: `java -version`", with(base, "-version"), null),
                new Case("JVM floor: empty main", with(base, "-cp", classes, Noop.class.getName()), null),
                new Case("`dbagent --help`", with(cds, "-jar", jar.toString(), "--help"), null),
                new Case("`dbagent --help`, no class-data archive", with(base, "-jar", jar.toString(), "--help"), null),
                new Case("`dbagent inspect` (SQLite, 20 tables)", with(cds, "-jar", jar.toString(), "inspect", "--db",
                        "sqlite:" + db, "--format", "json"), null),
                new Case("MCP `initialize` answered (from process start)", with(cds, "-jar", jar.toString(), "mcp",
                        "--db", "sqlite:" + db, "--memory-dir", memory.toString()), initialize),
                new Case("`dbagent memory search` (10,000 entries)", search, null));
        long[][] times = new long[cases.size()][runs];
        for (int r = 0; r < runs; r++) {
            for (int c = 0; c < cases.size(); c++) {
                times[c][r] = run(cases.get(c).command(), cases.get(c).stdin());
            }
        }
        for (int c = 0; c < cases.size(); c++) {
            long[] t = times[c];
            Arrays.sort(t);
            System.out.printf("| %s | %d | %d |%n", cases.get(c).name(), t[(t.length - 1) / 2],
                    t[Math.min(t.length - 1, (int) Math.ceil(0.95 * t.length) - 1)]);
        }
    }

    private record Case(String name, List<String> command, String stdin) {
    }

    private static List<String> with(List<String> head, String... tail) {
        List<String> out = new ArrayList<>(head);
        out.addAll(List.of(tail));
        return out;
    }

    /**
     * Runs {@code command} and returns its wall time in ms: to its exit, or with {@code stdin} to its first line on
     * stdout (then stdin is closed and the process waited for, outside the time).
     */
    private static long run(List<String> command, String stdin) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long elapsed;
        if (stdin != null) {
            OutputStream in = p.getOutputStream();
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
            in.flush();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            elapsed = System.nanoTime() - start;
            if (line == null || !line.contains("\"id\":0") || !line.contains("serverInfo")) {
                throw new IllegalStateException("no initialize response from " + command + ": " + line);
            }
            in.close();
            out.transferTo(java.io.Writer.nullWriter());
            p.waitFor();
        } else {
            p.getOutputStream().close();
            p.getInputStream().transferTo(OutputStream.nullOutputStream());
            p.waitFor();
            elapsed = System.nanoTime() - start;
            if (p.exitValue() != 0) {
                throw new IllegalStateException("exit " + p.exitValue() + " from " + command);
            }
        }
        return elapsed / 1_000_000;
    }
}
