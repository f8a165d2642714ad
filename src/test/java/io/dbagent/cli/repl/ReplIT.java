package io.dbagent.cli.repl;

import io.dbagent.agent.BrainChatModel;
import io.dbagent.agent.DatabaseAgent;
import io.dbagent.agent.DatabaseTools;
import io.dbagent.app.PlanStore;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.jdbc.SessionSource;
import io.dbagent.memory.MemoryStore;
import io.dbagent.testsupport.TestDatabases;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The REPL through JLine's dumb terminal with scripted keyboard input, on real SQLite and PostgreSQL databases. */
class ReplIT {

    private static DbUrl db;

    @BeforeAll
    static void setUp() {
        db = TestDatabases.create(DialectKind.SQLITE, "repl");
        TestDatabases.exec(db, """
                CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL);
                CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id));
                INSERT INTO customers WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 200)
                  SELECT n, CASE n WHEN 1 THEN 'a@x' ELSE 'c' || n || '@x' END FROM g;
                -- enough orders per table and few per customer that the planner would use an index on customer_id,
                -- so lint proposes it
                INSERT INTO orders WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 2000)
                  SELECT n, 1 + n % 200 FROM g;
                CREATE TABLE notes (body TEXT);
                """);
    }

    @AfterAll
    static void tearDown() {
        TestDatabases.drop(db);
    }

    private static String run(String input, DatabaseTools tools, DatabaseAgent agent, Path history) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Terminal t = new DumbTerminal(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out)) {
            Repl repl = new Repl(t, tools, null, Map.of(), history);
            if (agent != null) {
                repl.useAgent(agent);
            }
            repl.run();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void worksOfflineWithSlashCommandsAndMultiLineSql(@TempDir Path dir) throws Exception {
        DatabaseTools tools = new DatabaseTools(SessionSource.of(db), new MemoryStore(dir), new PlanStore(), false);
        List<String> commands = List.of(
                "/help",
                "/inspect orders",
                "/lint",
                "select count(*) as n\n  from orders;",
                "why is it slow?",
                "/memory search keyset pagination",
                "DELETE FROM orders",
                "/sql DELETE FROM orders;",
                "/health",
                "/normalize R(A,B,C) A->B; B->C",
                "/explain SELECT id FROM orders WHERE id = 1",
                "/quit");
        String out = run(String.join("\n", commands) + "\n", tools, null, dir.resolve("history"));
        // each command's output is what the terminal shows between its prompt and the next one
        String[] parts = out.split("dbagent> ", -1);
        assertThat(parts).as(out).hasSize(commands.size() + 1);
        assertThat(parts[0]).as("banner").contains("No model configured", "DBAGENT_MODEL");
        Map<String, String> section = new LinkedHashMap<>();
        for (int i = 0; i < commands.size(); i++) {
            section.put(commands.get(i), parts[i + 1]);
        }
        assertThat(section.get("/help")).contains("/inspect [TABLE…]", "/quit");
        assertThat(section.get("/inspect orders")).contains("TABLE orders", "customer_id").doesNotContain("TABLE notes");
        assertThat(section.get("/lint")).contains("[WARN] missing-primary-key  notes");
        assertThat(section.get("select count(*) as n\n  from orders;")).contains("(1 rows)")
                .containsPattern("(?m)^2000\\s*$")
                // the header comes right after the continuation prompt
                .containsPattern("(?m)^    \\.\\.\\.> n\\s*$");
        assertThat(section.get("why is it slow?")).contains("no model configured");
        assertThat(section.get("/memory search keyset pagination")).containsIgnoringCase("keyset");
        // not SQL to the REPL (no SELECT/WITH/…): a question for the agent, which there is none of
        assertThat(section.get("DELETE FROM orders")).contains("no model configured");
        assertThat(section.get("/sql DELETE FROM orders;")).contains("only read statements");
        assertThat(section.get("/health")).contains("health of sqlite:", "skipped:");
        assertThat(section.get("/normalize R(A,B,C) A->B; B->C")).contains("candidate keys").containsIgnoringCase("2NF");
        assertThat(section.get("/explain SELECT id FROM orders WHERE id = 1")).contains("method:    EXPLAIN QUERY PLAN")
                .contains("Index Search on orders using INTEGER PRIMARY KEY");
        assertThat(section.get("/quit").strip()).isEqualTo("bye");
        assertThat(dir.resolve("history")).exists();
        // the rows are all still there, counted on a connection of our own
        try (Connection c = DriverManager.getConnection(db.jdbcUrl()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM orders")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(2000);
        }
    }

    @Test
    void migrateGenerateWritesTheChosenFormatFromChatAndFromTheAgentTool(@TempDir Path dir) throws Exception {
        Path target = java.nio.file.Files.writeString(dir.resolve("target.sql"), """
                CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL);
                CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id));
                CREATE TABLE notes (body TEXT);
                CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
                """);
        Path migrations = dir.resolve("migrations");
        DatabaseTools tools = new DatabaseTools(SessionSource.of(db), new MemoryStore(dir.resolve("memory")),
                new PlanStore(), false).writingOnlyUnder(io.dbagent.app.Workdirs.of(List.of(dir)));
        String out = run("/migrate generate add_tags --to " + target + " --format alembic --dir " + migrations
                + "\n/migrate generate x --format alembic\n/quit\n", tools, null, dir.resolve("history"));
        assertThat(out).contains("created " + migrations.resolve(""), "_add_tags.py (")
                .contains("usage: /migrate generate NAME --to SCHEMA");
        Path module;
        try (var files = java.nio.file.Files.list(migrations)) {
            module = files.filter(p -> p.toString().endsWith(".py")).findFirst().orElseThrow();
        }
        assertThat(java.nio.file.Files.readString(module)).contains("down_revision = None", "op.execute(", "CREATE TABLE");

        // the agent's (and MCP's) generate_migration tool: a Liquibase changelog from a change
        var migrationTools = tools.all().stream().filter(t -> t instanceof io.dbagent.agent.MigrationTools)
                .map(t -> (io.dbagent.agent.MigrationTools) t).findFirst().orElseThrow();
        String json = migrationTools.generateMigration("add_label", "ALTER TABLE notes ADD COLUMN label TEXT", null,
                dir.resolve("lb").toString(), null, "liquibase", null);
        assertThat(json.replace(" ", "")).contains("\"format\":\"liquibase\"", "--liquibaseformattedsql", "--changesetdbagent:",
                "--rollbackALTERTABLEnotesDROPCOLUMNlabel").doesNotContain("\"upSql\"");
        String bad = migrationTools.generateMigration("x", "ALTER TABLE notes ADD COLUMN y TEXT", null,
                dir.resolve("lb").toString(), null, "sqitch", null);
        assertThat(bad).contains("unknown migration format 'sqitch'");
    }

    @Test
    void agentAnswersAndAProposedChangeRunsOnlyAfterYes(@TempDir Path dir) throws Exception {
        DatabaseTools tools = new DatabaseTools(SessionSource.of(db), new MemoryStore(dir), new PlanStore(), false);
        DatabaseAgent agent = DatabaseAgent.builder().tools(tools).chatModel(new BrainChatModel()).build();
        String declined = run("fix the missing index\nn\n/quit\n", tools, agent, null);
        assertThat(declined).contains("[tool lint_schema]", "[tool propose_change]", "plan-1",
                "CREATE INDEX idx_orders_customer_id ON orders (customer_id);", "not applied; plan-1 rejected");
        assertThat(run("/lint\n/quit\n", tools, null, null)).contains("fk-without-index");

        String accepted = run("fix the missing index\ny\n/quit\n", tools, agent, null);
        assertThat(accepted).contains("applied plan-2");
        assertThat(run("/lint\n/quit\n", tools, null, null)).doesNotContain("fk-without-index");
    }
    @Test
    void aDestructivePlanShowsTheBannerWithRowsAndNeedsTheWordYes(@TempDir Path dir) throws Exception {
        DbUrl own = TestDatabases.create(DialectKind.SQLITE, "repldanger");
        try {
            TestDatabases.exec(own, """
                    CREATE TABLE audit (id INTEGER PRIMARY KEY, note TEXT);
                    CREATE TABLE events (id INTEGER PRIMARY KEY, kind TEXT);
                    INSERT INTO audit (note) VALUES ('a'), ('b'), ('c'), ('d');
                    INSERT INTO events (kind) VALUES ('x'), ('y');
                    ANALYZE;
                    """);
            DatabaseTools tools = new DatabaseTools(SessionSource.of(own), new MemoryStore(dir), new PlanStore(), false);
            PlanStore.Plan drop = tools.app().proposals().propose("DROP TABLE audit; DELETE FROM events WHERE kind = 'x'",
                    "clean up");
            // "y" is not enough for a destructive plan: it is rejected, and a second /apply refuses without asking
            String out = run("/apply " + drop.id() + "\ny\n/apply " + drop.id() + "\n/quit\n", tools, null, null);
            assertThat(out).contains("!! DESTRUCTIVE: this plan removes or rewrites existing data !!",
                    "  DROP TABLE audit (~4 rows)", "  DELETE FROM events (up to ~2 rows)",
                    "type yes to apply " + drop.id(), "not applied; " + drop.id() + " rejected",
                    "plan " + drop.id() + " was rejected; it cannot be applied");
            assertThat(out.split("type yes to apply", -1)).as("asked once only").hasSize(2);
            assertThat(count(own, "SELECT count(*) FROM audit")).isEqualTo(4);

            PlanStore.Plan again = tools.app().proposals().propose("DROP TABLE audit", "clean up");
            String yes = run("/apply " + again.id() + "\nyes\n/quit\n", tools, null, null);
            assertThat(yes).contains("applied " + again.id());
            assertThat(count(own, "SELECT count(*) FROM sqlite_master WHERE name = 'audit'")).isZero();
            assertThat(count(own, "SELECT count(*) FROM events")).isEqualTo(2);

            // an index is not destructive: the plain [y/N]
            PlanStore.Plan index = tools.app().proposals().propose("CREATE INDEX idx_events_kind ON events (kind)", "i");
            String plain = run("/apply " + index.id() + "\ny\n/quit\n", tools, null, null);
            assertThat(plain).contains("[y/N]", "applied " + index.id()).doesNotContain("DESTRUCTIVE");
        } finally {
            TestDatabases.drop(own);
        }
    }

    @Test
    void aDestructivePlanOnPostgresShowsTheBannerAndNeedsTheWordYes(@TempDir Path dir) throws Exception {
        DbUrl pg = TestDatabases.create(DialectKind.POSTGRES, "repldangerpg");
        try {
            TestDatabases.exec(pg, """
                    CREATE TABLE audit (id bigint PRIMARY KEY, note text);
                    INSERT INTO audit SELECT g, 'n' || g FROM generate_series(1, 5) g;
                    ANALYZE audit;
                    """);
            DatabaseTools tools = new DatabaseTools(SessionSource.of(pg), new MemoryStore(dir), new PlanStore(), false);
            PlanStore.Plan drop = tools.app().proposals().propose("DROP TABLE audit", "clean up");
            String out = run("/apply " + drop.id() + "\ny\n/quit\n", tools, null, null);
            assertThat(out).contains("!! DESTRUCTIVE: this plan removes or rewrites existing data !!",
                    "  DROP TABLE audit (~5 rows)", "type yes to apply " + drop.id(),
                    "not applied; " + drop.id() + " rejected");
            assertThat(pgCount(pg, "SELECT count(*) FROM audit")).isEqualTo(5);

            PlanStore.Plan again = tools.app().proposals().propose("DROP TABLE audit", "clean up");
            String yes = run("/apply " + again.id() + "\nyes\n/quit\n", tools, null, null);
            assertThat(yes).contains("!! DESTRUCTIVE", "applied " + again.id());
            assertThat(pgCount(pg, "SELECT count(*) FROM pg_tables WHERE tablename = 'audit'")).isZero();
        } finally {
            TestDatabases.drop(pg);
        }
    }

    /** One number, read on a new connection. */
    private static long pgCount(DbUrl url, String sql) throws Exception {
        try (io.dbagent.jdbc.DbSession s = io.dbagent.jdbc.ConnectionFactory.open(url,
                io.dbagent.jdbc.ConnectionFactory.Access.READ_ONLY);
             Statement st = s.connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void exitQuitAndBackslashQLeaveWithoutAskingTheModelAndHistoryKeepsStatementsWhole(@TempDir Path dir)
            throws Exception {
        DatabaseTools tools = new DatabaseTools(SessionSource.of(db), new MemoryStore(dir), new PlanStore(), false);
        for (String word : List.of("exit", "quit", "\\q", "EXIT;")) {
            String out = run(word + "\n/help\n", tools, null, null);
            assertThat(out).as(word).endsWith("bye\n").doesNotContain("no model configured", "/inspect [TABLE");
        }
        Path history = dir.resolve("state").resolve("history");
        Files.createDirectories(history.getParent());
        run("select count(*) as n\n  from orders;\n/help\nquit\n", tools, null, history);
        List<String> lines = Files.readAllLines(history);
        assertThat(lines).as("one entry per input, the quit word included").hasSize(3);
        assertThat(lines.get(0)).contains("select count(*) as n").contains("from orders;");
        assertThat(lines.get(1)).endsWith("/help");
        // JLine's file format, time:entry, keeps the statement's line break escaped inside the one entry
        assertThat(lines.get(0)).matches("\\d+:select count\\(\\*\\) as n\\\\n  from orders;");
    }

    @Test
    void psqlBackslashCommands(@TempDir Path dir) throws Exception {
        DatabaseTools tools = new DatabaseTools(SessionSource.of(db), new MemoryStore(dir), new PlanStore(), false);
        String out = run("\\dt\n\\d customers\n\\x\nselect id, email from customers;\n\\x\n\\timing\n"
                + "select 1 as one;\n\\nope\n\\q\n", tools, null, null);
        String[] parts = out.split("dbagent> ", -1);
        assertThat(parts[1]).containsPattern("(?m)^\\s*main\\s+customers\\s+").containsPattern("(?m)^\\s*main\\s+orders\\s+");
        assertThat(parts[2]).contains("TABLE customers", "email").doesNotContain("TABLE orders");
        assertThat(parts[3]).contains("Expanded display is on.");
        assertThat(parts[4]).contains("-[ RECORD 1 ]", "id    | 1", "email | a@x");
        assertThat(parts[5]).contains("Expanded display is off.");
        assertThat(parts[6]).contains("Timing is on.");
        assertThat(parts[7]).containsPattern("(?m)^1\\s*$").containsPattern("Time: \\d+\\.\\d{3} ms");
        assertThat(parts[8]).contains("unknown command \\nope");
        assertThat(parts[9].strip()).isEqualTo("bye");
    }

    private static long count(DbUrl url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url.jdbcUrl()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void designWithoutADialectReadsTheEngineAndLeavesNoConnectionOpen(@TempDir Path dir) throws Exception {
        DbUrl pg = TestDatabases.create(DialectKind.POSTGRES, "repldesign");
        try {
            Path spec = dir.resolve("library.yaml");
            try (var in = ReplIT.class.getResourceAsStream("/design/specs/library.yaml")) {
                Files.write(spec, in.readAllBytes());
            }
            // connections counted as the driver hands them out and as they are closed: a leaked one would only be
            // closed later by the driver's garbage-collection cleaner, too late and too unreliable to observe
            AtomicInteger open = new AtomicInteger();
            DataSource counting = (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                    new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                        if (!method.getName().equals("getConnection")) {
                            throw new UnsupportedOperationException(method.getName());
                        }
                        Properties p = new Properties();
                        p.setProperty("user", pg.user());
                        if (pg.password() != null) {
                            p.setProperty("password", pg.password());
                        }
                        Connection raw = DriverManager.getConnection(pg.jdbcUrl(), p);
                        open.incrementAndGet();
                        AtomicBoolean closed = new AtomicBoolean();
                        return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                                (c, m, a) -> {
                                    if (m.getName().equals("close") && closed.compareAndSet(false, true)) {
                                        open.decrementAndGet();
                                    }
                                    try {
                                        return m.invoke(raw, a);
                                    } catch (java.lang.reflect.InvocationTargetException e) {
                                        throw e.getCause();
                                    }
                                });
                    });
            DatabaseTools tools = new DatabaseTools(SessionSource.of(counting), new MemoryStore(dir), new PlanStore(),
                    false);
            String out = run("/design " + spec + "\n/quit\n", tools, null, null);
            assertThat(out).contains("CREATE TABLE").doesNotContain("error:");
            assertThat(open.get()).as("connections left open by /design").isZero();
            // the engine came from the target: the same design as asking for PostgreSQL by name
            assertThat(out).isEqualTo(run("/design " + spec + " postgres\n/quit\n", tools, null, null));
        } finally {
            TestDatabases.drop(pg);
        }
    }
}
