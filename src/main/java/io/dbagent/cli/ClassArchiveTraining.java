package io.dbagent.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training run of the launcher's class-data archive (AppCDS): {@code ./dbagent} runs this once after a build
 * with {@code -XX:ArchiveClassesAtExit}, so the archive holds the classes of the common paths rather than of whatever
 * command happened to run first: the usage (through picocli too, as a terminal gets it), a migration and
 * {@code inspect} (text and JSON) on a small SQLite file in a temporary directory, {@code memory search} over a
 * memory directory there, and the MCP server answering
 * {@code initialize}, {@code tools/list}, a tool call and the resource and prompt lists. Prints nothing; exit code 0
 * when every step ran as expected (the launcher keeps the archive only then). Touches nothing outside its
 * temporary directory.
 */
public final class ClassArchiveTraining {

    private static final String SCHEMA = """
            CREATE TABLE customers (id INTEGER PRIMARY KEY, email varchar(200) NOT NULL UNIQUE, name text);
            CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id integer NOT NULL REFERENCES customers(id),
                status varchar(20) NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'paid')), total numeric(10,2));
            CREATE INDEX idx_orders_customer ON orders (customer_id, status);
            CREATE VIEW paid_orders AS SELECT * FROM orders WHERE status = 'paid';
            """;

    private static final String MCP_SESSION = String.join("\n",
            "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"training\",\"version\":\"1\"}}}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"inspect_schema\",\"arguments\":{}}}",
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"resources/list\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"prompts/list\"}", "");

    private ClassArchiveTraining() {
    }

    public static void main(String[] args) throws Exception {
        // never hold up the launcher: past a minute the run ends, and a failed run's archive is not kept
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(60_000);
                System.exit(3);
            } catch (InterruptedException e) {
                // done in time
            }
        }, "training-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        Path dir = Files.createTempDirectory("dbagent-training");
        int failed;
        try {
            failed = train(dir);
        } finally {
            delete(dir);
        }
        System.exit(failed == 0 ? 0 : 1);
    }

    /** Runs the common paths on a database in {@code dir}; returns the number of steps that did not exit as expected. */
    static int train(Path dir) throws IOException {
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        Map<String, String> env = Map.of();
        int failed = 0;
        // the entry point's shortcut (stdin is not a terminal here, so it answers)
        if (Start.class.getName().isEmpty() || UsageTexts.quick(new String[]{"--help"}) == null) {
            failed++;
        }
        failed += Main.run(new String[]{"--help"}, sink, sink, env);
        failed += Main.run(new String[]{"inspect", "--help"}, sink, sink, env);
        Path migrations = Files.createDirectories(dir.resolve("migrations"));
        Files.writeString(migrations.resolve("V1__shop.sql"), SCHEMA, StandardCharsets.UTF_8);
        Path file = Files.createFile(dir.resolve("shop.db"));
        String db = "sqlite:" + file;
        failed += Main.run(new String[]{"migrate", "up", "--db", db, "--dir", migrations.toString()}, sink, sink, env);
        failed += Main.run(new String[]{"inspect", "--db", db}, sink, sink, env);
        failed += Main.run(new String[]{"inspect", "--db", db, "--format", "json"}, sink, sink, env);
        // memory search over the bundled entries, in a memory directory of its own (never the user's): the first
        // search builds and saves the index, the second reads it back as every later run does
        String memory = dir.resolve("memory-search").toString();
        failed += Main.run(new String[]{"memory", "--memory-dir", memory, "search", "index"}, sink, sink, env);
        failed += Main.run(new String[]{"memory", "--memory-dir", memory, "search", "slow query", "--format", "json"},
                sink, sink, env);
        InputStream in = System.in;
        PrintStream out = System.out;
        System.setIn(new ByteArrayInputStream(MCP_SESSION.getBytes(StandardCharsets.UTF_8)));
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            failed += Main.run(new String[]{"mcp", "--db", db, "--memory-dir", dir.resolve("memory").toString(),
                    "--workdir", dir.toString()}, sink, sink, env);
        } finally {
            System.setIn(in);
            System.setOut(out);
        }
        return failed;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
