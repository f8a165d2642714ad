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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Benchmark for {@code bench/startup.sh}: wall time of new processes, each measured the same number of runs and in
 * turn (so a burst of load on a shared machine spreads over all of them): the JVM floor ({@code java -version} and
 * a class with an empty main), {@code dbagent --help}, {@code inspect} of a small SQLite file, the MCP server's answer
 * to {@code initialize} (from process start to its response line), and {@code memory search} over 10,000 entries.
 * The dbagent commands run with the launcher's JVM options and a class-data archive recorded the way the launcher
 * records it: its training run ({@code io.dbagent.cli.ClassArchiveTraining}), or for a jar without one (an older
 * build) the first run after a build, {@code --help}; {@code --help} is measured without the archive too, and the
 * SQLite driver's native library cache is one of the run's own, filled by the training run;
 * {@code tools/list} is timed after {@code initialize} in the same session.
 * Prints Markdown rows: median and 95th percentile in ms, a pair of columns per jar when given several (another
 * build's jar to compare against: all of them are measured in turn, so they see the same load).
 *
 * <p>Arguments: RUNS WORKDIR JAR [JAR…].
 */
public final class StartupBench {

    /** The floor: a main that does nothing, started from a directory of classes. */
    public static final class Noop {
        public static void main(String[] args) {
            // nothing
        }
    }

    private static final String TOOLS_LIST = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}\n";

    private static final List<String> OPTS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto");

    private StartupBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(args[0]);
        Path work = Path.of(args[1]).toAbsolutePath();
        List<Path> jars = Arrays.stream(args, 2, args.length).map(j -> Path.of(j).toAbsolutePath()).toList();
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
        Path entries = work.resolve("memory-entries");
        Files.createDirectories(entries);
        MemoryBench.fill(entries, 10_000);
        List<String> base = new ArrayList<>(List.of("java"));
        base.addAll(OPTS);
        // the SQLite driver's native library cache of this run (the training run fills it), not the user's
        base.add("-Ddbagent.cache.dir=" + work.resolve("cache"));
        String initialize = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}}\n";
        List<Case> cases = new ArrayList<>();
        cases.add(new Case(-1, "JVM floor: `java -version`", with(base, "-version"), null));
        cases.add(new Case(-1, "JVM floor: empty main", with(base, "-cp", classes, Noop.class.getName()), null));
        for (int j = 0; j < jars.size(); j++) {
            String jar = jars.get(j).toString();
            Path jsa = work.resolve("dbagent-" + j + ".jsa");
            List<String> cds = new ArrayList<>(base);
            cds.addAll(List.of("-XX:SharedArchiveFile=" + jsa, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
            // the launcher's training run records the archive (older builds: their first run after a build)
            List<String> record = new ArrayList<>(base);
            record.addAll(List.of("-XX:ArchiveClassesAtExit=" + jsa, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
            boolean training;
            try (java.util.jar.JarFile jf = new java.util.jar.JarFile(jar)) {
                training = jf.getEntry("io/dbagent/cli/ClassArchiveTraining.class") != null;
            }
            record.addAll(training ? List.of("-cp", jar, "io.dbagent.cli.ClassArchiveTraining") : List.of("-jar", jar, "--help"));
            run(record, null);
            System.err.println(jars.get(j).getFileName() + ": archive recorded by " + (training ? "the training run" : "--help"));
            // each jar its own copy of the entries (index formats differ); the first searches write the persisted
            // index, then the directory is quiet, as between sessions
            Path memory = work.resolve("memory-" + j);
            copy(entries, memory);
            List<String> search = with(cds, "-jar", jar, "memory", "--memory-dir", memory.toString(), "search",
                    "keyset", "pagination", "orders");
            run(search, null);
            run(search, null);
            Files.setLastModifiedTime(memory, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
            run(search, null);
            cases.add(new Case(j, "`dbagent --help`", with(cds, "-jar", jar, "--help"), null));
            cases.add(new Case(j, "`dbagent --help`, no class-data archive", with(base, "-jar", jar, "--help"), null));
            cases.add(new Case(j, "`dbagent inspect` (SQLite, 20 tables)", with(cds, "-jar", jar, "inspect", "--db",
                    "sqlite:" + db, "--format", "json"), null));
            List<String> mcp = with(cds, "-jar", jar, "mcp", "--db", "sqlite:" + db, "--memory-dir", memory.toString());
            cases.add(new Case(j, "MCP `initialize` answered (from process start)", mcp, initialize));
            cases.add(new Case(j, "MCP `tools/list` answered after it (from process start)", mcp, initialize + TOOLS_LIST));
            cases.add(new Case(j, "`dbagent memory search` (10,000 entries)", search, null));
        }
        long[][] times = new long[cases.size()][runs];
        for (int r = 0; r < runs; r++) {
            for (int c = 0; c < cases.size(); c++) {
                times[c][r] = run(cases.get(c).command(), cases.get(c).stdin());
            }
        }
        StringBuilder head = new StringBuilder("| process |");
        StringBuilder rule = new StringBuilder("|---|");
        for (Path jar : jars) {
            head.append(" median (ms) ").append(jar.getFileName()).append(" | p95 (ms) |");
            rule.append("---|---|");
        }
        System.out.println(head);
        System.out.println(rule);
        Map<String, StringBuilder> rows = new LinkedHashMap<>();
        for (int c = 0; c < cases.size(); c++) {
            Case k = cases.get(c);
            long[] t = times[c];
            Arrays.sort(t);
            String cell = " " + t[(t.length - 1) / 2] + " | " + t[Math.min(t.length - 1, (int) Math.ceil(0.95 * t.length) - 1)] + " |";
            StringBuilder row = rows.computeIfAbsent(k.name(), n -> new StringBuilder("| " + n + " |"));
            row.append(k.jar() < 0 ? cell.repeat(jars.size()) : cell);
        }
        rows.values().forEach(System.out::println);
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    private record Case(int jar, String name, List<String> command, String stdin) {
    }

    private static List<String> with(List<String> head, String... tail) {
        List<String> out = new ArrayList<>(head);
        out.addAll(List.of(tail));
        return out;
    }

    /**
     * Runs {@code command} and returns its wall time in ms: to its exit, or with {@code stdin} (JSON-RPC requests, one
     * a line) to the answer of its last request on stdout (then stdin is closed and the process waited for, outside
     * the time).
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
            if (line == null || !line.contains("\"id\":0") || !line.contains("serverInfo")) {
                throw new IllegalStateException("no initialize response from " + command + ": " + line);
            }
            if (stdin.contains("tools/list")) {
                line = out.readLine();
                if (line == null || !line.contains("\"id\":1") || !line.contains("\"tools\"")) {
                    throw new IllegalStateException("no tools/list response from " + command + ": " + line);
                }
            }
            elapsed = System.nanoTime() - start;
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
