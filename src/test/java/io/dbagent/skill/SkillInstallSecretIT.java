package io.dbagent.skill;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.cli.CliRunner;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Json;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.dbagent.testsupport.McpLines.read;
import static io.dbagent.testsupport.McpLines.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * {@code skill install --db URL-with-password} writes no password, and the entry it writes, read the way opencode
 * reads it ({@code {env:NAME}} replaced in the file's text, then {@code environment} laid over opencode's own
 * environment), starts a server that logs in with that password: a MariaDB user that exists only with it.
 */
class SkillInstallSecretIT {

    private static final String PASSWORD = "Zq9:Kv@Wx/7p";

    private DbUrl db;
    private String user;

    @AfterEach
    void cleanUp() {
        if (user != null) {
            TestDatabases.exec(TestDatabases.mysqlServer(), "DROP USER IF EXISTS '" + user + "'@'%'; "
                    + "DROP USER IF EXISTS '" + user + "'@'localhost'");
        }
        TestDatabases.drop(db);
        System.clearProperty("dbagent.launcher");
    }

    @Test
    void theConfigHoldsAReferenceAndTheServerItStartsConnects(@TempDir Path project, @TempDir Path bin) throws Exception {
        db = TestDatabases.create(DialectKind.MYSQL, "skill");
        user = "skill_" + Long.toHexString(System.nanoTime() & 0xffffffL);
        TestDatabases.exec(db, "CREATE TABLE birds (id int PRIMARY KEY); INSERT INTO birds VALUES (1), (2), (3)");
        TestDatabases.exec(TestDatabases.mysqlServer(), "CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + PASSWORD
                + "'; CREATE USER '" + user + "'@'localhost' IDENTIFIED BY '" + PASSWORD + "'; GRANT SELECT ON "
                + db.database() + ".* TO '" + user + "'@'%'; GRANT SELECT ON " + db.database() + ".* TO '" + user
                + "'@'localhost'");
        String url = "mysql://" + user + ":" + PASSWORD + "@" + db.hostPort() + "/" + db.database();

        // the launcher opencode will run: the packaged jar
        Path jar = Path.of("target", "dbagent.jar").toAbsolutePath();
        assertThat(jar).exists();
        Path launcher = bin.resolve("dbagent");
        Files.writeString(launcher, "#!/bin/sh\nexec java -jar '" + jar + "' \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
        System.setProperty("dbagent.launcher", launcher.toString());

        var r = CliRunner.run("skill", "install", "--project", project.toString(), "--db", url);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("set DBAGENT_DB to mysql://" + user + ":***@" + db.hostPort() + "/" + db.database());
        assertNoFragment(r.out() + r.err(), "install output");

        String text = Files.readString(project.resolve("opencode.json"));
        assertNoFragment(text, "opencode.json");
        JsonNode entry = Json.MAPPER.readTree(text).at("/mcp/dbagent");
        assertThat(entry.at("/environment/DBAGENT_DB").asText()).isEqualTo("{env:DBAGENT_DB}");
        assertThat(entry.get("command").toString()).doesNotContain("--db").contains("\"mcp\"");

        // opencode: its environment has DBAGENT_DB (set by the user); the file's text gets {env:…} replaced
        Map<String, String> opencodeEnv = new HashMap<>(System.getenv());
        opencodeEnv.remove("DATABASE_URL");
        opencodeEnv.put("DBAGENT_DB", url);
        JsonNode loaded = Json.MAPPER.readTree(substitute(text, opencodeEnv)).at("/mcp/dbagent");
        List<String> command = new ArrayList<>();
        loaded.get("command").forEach(c -> command.add(c.asText()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().clear();
        pb.environment().putAll(opencodeEnv);
        loaded.get("environment").fields().forEachRemaining(e -> pb.environment().put(e.getKey(), e.getValue().asText()));
        Process p = pb.start();
        try (BufferedWriter in = new BufferedWriter(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8));
             BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            // the server's command line (what ps shows) carries no password either
            String cmdline = Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline")).replace('\0', ' ');
            assertNoFragment(cmdline, "the server's command line");
            send(in, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"opencode\",\"version\":\"1.18.33\"}}}");
            assertThat(read(out, 0).at("/result/serverInfo/name").asText()).isEqualTo("dbagent");
            send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            send(in, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"run_read_query\","
                    + "\"arguments\":{\"sql\":\"SELECT count(*) AS n, current_user() AS who FROM birds\"}}}");
            String answer = read(out, 1).at("/result/content/0/text").asText();
            assertThat(answer).contains("\"n\" : 3").contains(user + "@");
        } finally {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("the MCP server did not exit when stdin closed");
            }
        }
    }

    @Test
    void withoutTheVariableTheServerSaysWhatIsMissing(@TempDir Path project) throws Exception {
        var r = CliRunner.run("skill", "install", "--project", project.toString(), "--db",
                "postgres://app:" + PASSWORD + "@127.0.0.1:5432/app");
        assertThat(r.exit()).isZero();
        String text = Files.readString(project.resolve("opencode.json"));
        assertNoFragment(text, "opencode.json");
        // {env:X} of an unset variable becomes "" in opencode: DBAGENT_DB is then empty, and dbagent mcp says so
        Map<String, String> env = new HashMap<>();
        env.put("DBAGENT_DB", Json.MAPPER.readTree(substitute(text, Map.of())).at("/mcp/dbagent/environment/DBAGENT_DB").asText());
        var mcp = CliRunner.runWithEnv(env, "mcp");
        assertThat(mcp.exit()).isEqualTo(2);
        assertThat(mcp.err()).contains("no database given: pass --db URL or set DBAGENT_DB or DATABASE_URL");
    }

    /** opencode's config loader: every {env:NAME} in the file's text becomes the variable's value, or "". */
    private static String substitute(String text, Map<String, String> env) {
        Matcher m = Pattern.compile("\\{env:([^}]+)\\}").matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(env.getOrDefault(m.group(1), "")));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static void assertNoFragment(String text, String where) {
        for (int len = 3; len <= PASSWORD.length(); len++) {
            for (int i = 0; i + len <= PASSWORD.length(); i++) {
                String frag = PASSWORD.substring(i, i + len);
                assertThat(text).as(where + " must not contain a fragment of the password").doesNotContain(frag);
            }
        }
    }
}
