package io.dbagent.health;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.cli.CliRunner;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Json;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.dbagent.health.HealthIts.atLeastWarn;
import static io.dbagent.health.HealthIts.dbArg;
import static io.dbagent.health.HealthIts.finding;
import static io.dbagent.health.HealthIts.health;
import static io.dbagent.health.HealthIts.ids;
import static org.assertj.core.api.Assertions.assertThat;

/** Health on SQLite files: PRAGMA-based checks, each condition made for real and each fix pasted back. */
class SqliteHealthIT {

    private static final String ROWS = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < %d) ";

    @Test
    void findsEachConditionAndTheFixesClearThem() throws Exception {
        DbUrl url = TestDatabases.create(DialectKind.SQLITE, "health");
        try {
            TestDatabases.exec(url, """
                    PRAGMA foreign_keys = OFF;
                    CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL);
                    CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id),
                      status TEXT NOT NULL);
                    CREATE INDEX idx_orders_status ON orders (status);
                    CREATE INDEX idx_orders_status_copy ON orders (status);
                    """ + ROWS.formatted(50) + "INSERT INTO customers SELECT x, 'c' || x FROM n;\n"
                    + ROWS.formatted(3000) + "INSERT INTO orders SELECT x, 1 + x % 60, 'paid' FROM n;\n" + """
                    CREATE TABLE archive (id INTEGER PRIMARY KEY, pad TEXT NOT NULL);
                    """ + ROWS.formatted(4000) + "INSERT INTO archive SELECT x, printf('%.800c', 'x') FROM n;\n" + """
                    DELETE FROM archive WHERE id > 100;
                    """);
            JsonNode report = health(1, url);

            JsonNode orphans = finding(report, "foreign-key-violation", "orders -> customers");
            assertThat(orphans.get("severity").asText()).isEqualTo("critical");
            // customer ids 51..60 do not exist: 10 of every 60 orders
            assertThat(orphans.get("evidence").get("rows").asLong()).isEqualTo(500);
            JsonNode bloat = finding(report, "table-bloat", url.database().substring(url.database().lastIndexOf('/') + 1));
            assertThat(bloat.get("evidence").get("method").asText()).isEqualTo("freelist");
            assertThat(bloat.get("evidence").get("wastedBytes").asLong()).isGreaterThan(2L << 20);
            assertThat(bloat.get("fix").asText()).startsWith("VACUUM;");
            JsonNode stale = finding(report, "stats-stale", "orders");
            assertThat(stale.get("message").asText()).contains("3,000 rows", "ANALYZE has never run");
            assertThat(ids(report)).contains("duplicate-index orders.idx_orders_status_copy",
                    "fk-without-index orders(customer_id)");
            assertThat(report.get("skipped").get("slow-query").asText()).startsWith("SQLite is embedded");
            assertThat(report.get("metrics").get("database").get("integrityCheck").asText()).isEqualTo("ok");

            for (String id : List.of("foreign-key-violation", "table-bloat", "stats-stale", "duplicate-index",
                    "fk-without-index")) {
                for (JsonNode f : HealthIts.findings(report, id)) {
                    TestDatabases.exec(url, f.get("fix").asText());
                }
            }
            var after = CliRunner.run("health", "--db", dbArg(url), "--fail-on", "warn", "--format", "json");
            assertThat(after.exit()).as(after.out()).isZero();
            assertThat(atLeastWarn(Json.MAPPER.readTree(after.out()))).isEmpty();
        } finally {
            TestDatabases.drop(url);
        }
    }

    @Test
    void integrityProblemsAreCriticalAndReindexRepairsThem() throws Exception {
        DbUrl url = TestDatabases.create(DialectKind.SQLITE, "corrupt");
        try {
            TestDatabases.exec(url, "CREATE TABLE t (a INTEGER, b INTEGER);\nCREATE INDEX t_a ON t (a);\n"
                    + ROWS.formatted(200) + "INSERT INTO t SELECT x, 1000 - x FROM n;");
            // make the index disagree with its table: its definition now names another column than its content
            TestDatabases.exec(url, """
                    PRAGMA writable_schema = ON;
                    UPDATE sqlite_schema SET sql = 'CREATE INDEX t_a ON t (b)' WHERE name = 't_a';
                    PRAGMA writable_schema = OFF;
                    """);
            JsonNode report = health(1, url, "--only", "integrity-error");
            JsonNode f = finding(report, "integrity-error", url.database().substring(url.database().lastIndexOf('/') + 1));
            assertThat(f.get("severity").asText()).isEqualTo("critical");
            assertThat(f.get("message").asText()).contains("PRAGMA integrity_check reports", "t_a");
            assertThat(f.get("fix").asText()).startsWith("REINDEX t_a;");
            TestDatabases.exec(url, f.get("fix").asText());
            assertThat(health(0, url, "--only", "integrity-error").get("findings")).isEmpty();
        } finally {
            TestDatabases.drop(url);
        }
    }

    @Test
    void aHealthyFreshDatabaseReportsNoWarnOrCritical() throws Exception {
        DbUrl url = TestDatabases.create(DialectKind.SQLITE, "healthy");
        try {
            TestDatabases.exec(url, """
                    CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE);
                    CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), title TEXT);
                    CREATE INDEX idx_posts_user_id ON posts (user_id);
                    """ + ROWS.formatted(500) + "INSERT INTO users SELECT x, 'u' || x || '@example.com' FROM n;\n"
                    + ROWS.formatted(3000) + "INSERT INTO posts SELECT x, 1 + x % 500, 'post' FROM n;\nANALYZE;");
            var r = CliRunner.run("health", "--db", dbArg(url), "--fail-on", "warn", "--format", "json");
            assertThat(r.exit()).as(r.out()).isZero();
            assertThat(atLeastWarn(Json.MAPPER.readTree(r.out()))).isEmpty();
            var bloat = CliRunner.run("bloat", "--db", dbArg(url), "--format", "json");
            JsonNode entries = Json.MAPPER.readTree(bloat.out()).get("entries");
            assertThat(entries).anyMatch(e -> e.get("name").asText().equals("posts") && e.get("kind").asText().equals("table"));
            assertThat(entries).noneMatch(e -> e.get("name").asText().startsWith("sqlite_stat"));
        } finally {
            TestDatabases.drop(url);
        }
    }
}
