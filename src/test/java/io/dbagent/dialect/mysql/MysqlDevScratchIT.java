package io.dbagent.dialect.mysql;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.cli.CliRunner;
import io.dbagent.explain.QueryFixture;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.report.Json;
import io.dbagent.testsupport.PrivateServer;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * advise --what-if scratch on MariaDB with --dev-db: the scratch copies go to a scratch database on the development
 * server, and the user's server (a private MariaDB here, so no other client moves its counters) is only read. From a
 * separate connection: the user's server counted no CREATE/ALTER/DROP TABLE during the run (without --dev-db the same
 * run builds its candidate indexes on session TEMPORARY tables there, and its ALTER TABLE counter moves), has no
 * scratch database, and the
 * development server no longer has the scratch database the report names. The advice still comes.
 */
class MysqlDevScratchIT {

    private static final List<String> DDL = List.of("Com_create_table", "Com_alter_table", "Com_drop_table",
            "Com_create_index", "Com_create_db");

    private static Map<String, Long> counters(DbUrl server) throws Exception {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), "root", "");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW GLOBAL STATUS WHERE Variable_name IN ('"
                     + String.join("', '", DDL) + "')")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        assertThat(out).containsOnlyKeys(DDL);
        return out;
    }

    private static long count(DbUrl server, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), "root", "");
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static JsonNode advise(DbUrl db, Path workload, String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("advise", "--db", QueryFixture.dbArg(db), "--workload",
                workload.toString(), "--what-if", "scratch", "--format", "json"));
        args.addAll(List.of(extra));
        var r = CliRunner.run(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
        return Json.MAPPER.readTree(r.out());
    }

    @Test
    void withDevDbTheUsersServerIsOnlyReadAndTheScratchDatabaseIsDropped() throws Exception {
        Path workload = Files.createTempFile("dbagent-devscratch-", ".sql");
        try (PrivateServer maria = PrivateServer.mariadb()) {
            TestDatabases.exec(maria.server(), "CREATE DATABASE shop");
            DbUrl shop = maria.server().withDatabase("shop");
            QueryFixture.load(shop);
            Files.writeString(workload, "SELECT id, total FROM orders_t WHERE customer_ref = 42;\n"
                    + "SELECT id FROM orders_t WHERE status = 'pending' AND a = 7;\n");
            DbUrl dev = TestDatabases.mysqlServer();

            Map<String, Long> before = counters(maria.server());
            JsonNode advice = advise(shop, workload, "--dev-db", QueryFixture.dbArg(dev).replaceFirst("/null$", "/"));
            Map<String, Long> after = counters(maria.server());
            assertThat(after).as("no table, index or database created, altered or dropped on the user's server")
                    .isEqualTo(before);
            assertThat(count(maria.server(), "SELECT count(*) FROM information_schema.schemata WHERE schema_name "
                    + "LIKE 'dbagent%'")).isZero();

            String method = advice.get("method").asText();
            Matcher m = Pattern.compile("database (dbagent_scratch_[0-9a-f]+) on the development server").matcher(method);
            assertThat(m.find()).as(method).isTrue();
            assertThat(count(dev, "SELECT count(*) FROM information_schema.schemata WHERE schema_name = '"
                    + m.group(1) + "'")).as("the scratch database is dropped afterwards").isZero();
            assertThat(advice.get("notes").toString()).contains("is only read").contains(dev.hostPort());
            JsonNode first = advice.get("recommendations").get(0);
            assertThat(first.get("table").asText()).isEqualTo("orders_t");
            assertThat(first.get("columns").toString()).isEqualTo("[\"customer_ref\"]");
            assertThat(advice.get("improvementPct").asDouble()).isGreaterThan(50);

            // the same run without --dev-db copies into TEMPORARY tables on the user's server: the counters see it
            Map<String, Long> own = counters(maria.server());
            JsonNode local = advise(shop, workload);
            Map<String, Long> ownAfter = counters(maria.server());
            assertThat(ownAfter).as("without --dev-db the copies are built on the user's server").isNotEqualTo(own);
            assertThat(ownAfter.get("Com_alter_table")).as(own + " " + ownAfter)
                    .isGreaterThan(own.get("Com_alter_table"));
            assertThat(local.get("method").asText()).contains("session TEMPORARY tables");
            assertThat(local.get("notes").toString()).contains("on the database's own server")
                    .contains("--dev-db");
            assertThat(local.get("recommendations").get(0).get("columns").toString())
                    .isEqualTo("[\"customer_ref\"]");
        } finally {
            Files.deleteIfExists(workload);
        }
    }
}
