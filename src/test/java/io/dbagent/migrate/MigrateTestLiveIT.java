package io.dbagent.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.agent.DatabaseTools;
import io.dbagent.agent.MigrationTools;
import io.dbagent.app.PlanStore;
import io.dbagent.cli.CliRunner;
import io.dbagent.explain.QueryFixture;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.jdbc.SessionSource;
import io.dbagent.memory.MemoryStore;
import io.dbagent.report.Json;
import io.dbagent.testsupport.McpProcess;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.dbagent.migrate.MigrationFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code migrate test --db URL}: the pending migrations of a live database tested on a scratch copy of its schema;
 * the live database's tables, columns, rows and history are the same afterwards, read on a separate connection.
 */
class MigrateTestLiveIT {

    @TempDir
    Path tmp;

    private static String[] devDb(DialectKind d) {
        return switch (d) {
            case SQLITE -> new String[0];
            case POSTGRES -> new String[] {"--dev-db", TestDatabases.pgServer().redacted()};
            case MYSQL -> new String[] {"--dev-db", TestDatabases.mysqlServer().redacted()};
        };
    }

    /** Tables with their columns, the row count of each, and the history, read on a new connection. */
    private static List<String> state(DbUrl url) throws Exception {
        List<String> out = new ArrayList<>();
        String tables = switch (url.dialect()) {
            case SQLITE -> "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p "
                    + "WHERE m.type = 'table' ORDER BY 1, 2";
            case POSTGRES -> "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = "
                    + "'public' ORDER BY 1, 2";
            case MYSQL -> "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = "
                    + "DATABASE() ORDER BY 1, 2";
        };
        try (DbSession s = ConnectionFactory.open(url, ConnectionFactory.Access.READ_ONLY);
             Statement st = s.connection().createStatement()) {
            List<String> names = new ArrayList<>();
            try (ResultSet rs = st.executeQuery(tables)) {
                while (rs.next()) {
                    out.add(rs.getString(1) + "." + rs.getString(2));
                    if (!names.contains(rs.getString(1))) {
                        names.add(rs.getString(1));
                    }
                }
            }
            for (String t : names) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + t)) {
                    rs.next();
                    out.add(t + " rows=" + rs.getLong(1));
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(DialectKind.class)
    void testsThePendingMigrationsOnACopyAndLeavesTheLiveDatabaseAsItWas(DialectKind d) throws Exception {
        DbUrl live = TestDatabases.create(d, "migtestlive");
        try {
            Path dir = tmp.resolve("migrations");
            write(dir, "V1__customers.sql", "CREATE TABLE customers (id INTEGER PRIMARY KEY, email VARCHAR(80) NOT NULL);\n");
            write(dir, "U1__customers.sql", "DROP TABLE customers;\n");
            var up = CliRunner.run("migrate", "up", "--db", QueryFixture.dbArg(live), "--dir", dir.toString());
            assertThat(up.exit()).as(up.out() + up.err()).isZero();
            TestDatabases.exec(live, "INSERT INTO customers VALUES (1, 'a@x'), (2, 'b@x'), (3, 'c@x')");
            write(dir, "V2__phone.sql", "ALTER TABLE customers ADD COLUMN phone VARCHAR(20);\n");
            write(dir, "U2__phone.sql", "ALTER TABLE customers DROP COLUMN phone;\n");
            write(dir, "V3__notes.sql", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body VARCHAR(200));\n");
            write(dir, "U3__notes.sql", "DROP TABLE notes;\n");
            List<String> before = state(live);
            assertThat(before).contains("customers rows=3", "customers.email").doesNotContain("customers.phone");

            List<String> args = new ArrayList<>(List.of("migrate", "test", "--db", QueryFixture.dbArg(live), "--dir",
                    dir.toString(), "--seed-rows", "5", "--format", "json"));
            args.addAll(List.of(devDb(d)));
            var ok = CliRunner.run(args.toArray(String[]::new));
            assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
            JsonNode report = Json.MAPPER.readTree(ok.out());
            assertThat(report.get("migrations").findValuesAsText("script"))
                    .containsExactly("V2__phone.sql", "V3__notes.sql");
            assertThat(report.get("migrations").findValuesAsText("outcome")).containsExactly("ok", "ok");
            assertThat(report.get("scratch").asText()).contains("a scratch copy of");
            assertThat(state(live)).isEqualTo(before);

            args.set(args.indexOf("json"), "text");
            var text = CliRunner.run(args.toArray(String[]::new));
            assertThat(text.exit()).isZero();
            assertThat(text.out()).contains("V2__phone.sql", "V3__notes.sql", "passed");

            write(dir, "V4__broken.sql", "ALTER TABLE no_such_table ADD COLUMN x INTEGER;\n");
            write(dir, "U4__broken.sql", "ALTER TABLE no_such_table DROP COLUMN x;\n");
            args.set(args.indexOf("text"), "json");
            var failed = CliRunner.run(args.toArray(String[]::new));
            assertThat(failed.exit()).as(failed.out() + failed.err()).isEqualTo(1);
            JsonNode bad = Json.MAPPER.readTree(failed.out());
            assertThat(bad.get("migrations").findValuesAsText("outcome")).containsExactly("ok", "ok", "failed");
            assertThat(bad.toString()).contains("ALTER TABLE no_such_table ADD COLUMN x INTEGER")
                    .containsIgnoringCase("no_such_table");
            args.set(args.indexOf("json"), "text");
            var failedText = CliRunner.run(args.toArray(String[]::new));
            assertThat(failedText.exit()).isEqualTo(1);
            assertThat(failedText.out()).contains("V4__broken.sql", "failed", "ALTER TABLE no_such_table", "FAILED");
            assertThat(state(live)).isEqualTo(before);

            if (d == DialectKind.POSTGRES) {
                agentAndMcp(live, dir, before);
            }
        } finally {
            TestDatabases.drop(live);
        }
    }

    /** The agent's test_migrations and the MCP tool of the same name: the same report, the live database untouched. */
    private void agentAndMcp(DbUrl live, Path dir, List<String> before) throws Exception {
        DatabaseTools tools = new DatabaseTools(SessionSource.of(live), live, new MemoryStore(tmp.resolve("mem")),
                new PlanStore(), false);
        MigrationTools m = (MigrationTools) tools.all().stream().filter(MigrationTools.class::isInstance).findFirst()
                .orElseThrow();
        JsonNode agent = Json.MAPPER.readTree(m.testMigrations(dir.toString(), TestDatabases.pgServer().redacted(), 5));
        assertThat(agent.get("migrations").findValuesAsText("outcome")).containsExactly("ok", "ok", "failed");
        assertThat(agent.toString()).contains("ALTER TABLE no_such_table ADD COLUMN x INTEGER");
        assertThat(state(live)).isEqualTo(before);
        try (McpProcess mcp = McpProcess.start(QueryFixture.dbArg(live), Map.of())) {
            JsonNode r = mcp.call("test_migrations", Map.of("dir", dir.toString(), "seedRows", 5));
            JsonNode json = Json.MAPPER.readTree(McpProcess.text(r));
            assertThat(json.get("migrations").findValuesAsText("script"))
                    .containsExactly("V2__phone.sql", "V3__notes.sql", "V4__broken.sql");
            assertThat(json.get("migrations").findValuesAsText("outcome")).containsExactly("ok", "ok", "failed");
        }
        assertThat(state(live)).isEqualTo(before);
    }
}
