package io.dbagent.skill;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.cli.CliRunner;
import io.dbagent.report.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SkillInstallTest {

    @Test
    void installsTheSkillAndMergesTheMcpEntryKeepingExistingConfig(@TempDir Path project) throws Exception {
        Files.writeString(project.resolve("opencode.json"), """
                {
                  // the user's own settings
                  "model": "local/fake",
                  "mcp": {"other": {"type": "local", "command": ["/bin/other"], "enabled": true}},
                  "provider": {"local": {"npm": "@ai-sdk/openai-compatible"}}
                }
                """);
        var r = CliRunner.run("skill", "install", "--project", project.toString(), "--db", "sqlite:/data/app.db");
        assertThat(r.exit()).as(r.err()).isZero();
        Path skill = project.resolve(".opencode/skills/database/SKILL.md");
        assertThat(skill).exists();
        String text = Files.readString(skill);
        assertThat(text).startsWith("---\nname: database\n").contains("compatibility: opencode", "license: MIT");
        String description = text.lines().filter(l -> l.startsWith("description: ")).findFirst().orElseThrow();
        assertThat(description.length() - "description: ".length()).isLessThanOrEqualTo(1024);
        JsonNode cfg = Json.MAPPER.readTree(project.resolve("opencode.json").toFile());
        assertThat(cfg.get("model").asText()).isEqualTo("local/fake");
        assertThat(cfg.at("/mcp/other/command/0").asText()).isEqualTo("/bin/other");
        assertThat(cfg.at("/provider/local/npm").asText()).isEqualTo("@ai-sdk/openai-compatible");
        JsonNode entry = cfg.at("/mcp/dbagent");
        assertThat(entry.get("type").asText()).isEqualTo("local");
        assertThat(entry.get("enabled").asBoolean()).isTrue();
        assertThat(Path.of(entry.get("command").get(0).asText()).isAbsolute()).isTrue();
        assertThat(entry.get("command").toString()).contains("\"mcp\"", "\"--db\"", "\"sqlite:/data/app.db\"");

        // installing again replaces our entry, keeps the rest
        assertThat(CliRunner.run("skill", "install", "--project", project.toString()).exit()).isZero();
        JsonNode again = Json.MAPPER.readTree(project.resolve("opencode.json").toFile());
        assertThat(again.at("/mcp/other").isObject()).isTrue();
        assertThat(again.at("/mcp/dbagent/command").toString()).doesNotContain("--db");
    }

    @Test
    void aUrlWithAPasswordBecomesAnEnvironmentReference(@TempDir Path project) throws Exception {
        String pw = "Qv7-Lx9-Tz";
        var r = CliRunner.run("skill", "install", "--project", project.toString(), "--allow-writes", "--db",
                "postgres://app:" + pw + "@db.example.com:5432/shop?sslmode=require");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("set DBAGENT_DB to postgres://app:***@db.example.com:5432/shop (with the real "
                + "password) in the environment opencode starts in");
        String text = Files.readString(project.resolve("opencode.json"));
        assertThat(text).doesNotContain("Qv7").doesNotContain("Tz").doesNotContain("db.example.com");
        assertThat(r.out() + r.err()).doesNotContain("Qv7").doesNotContain("x9-");
        JsonNode entry = Json.MAPPER.readTree(text).at("/mcp/dbagent");
        assertThat(entry.at("/environment/DBAGENT_DB").asText()).isEqualTo("{env:DBAGENT_DB}");
        List<String> command = new java.util.ArrayList<>();
        entry.get("command").forEach(c -> command.add(c.asText()));
        assertThat(command.subList(command.size() - 2, command.size())).containsExactly("mcp", "--allow-writes");

        // a password given as a parameter counts too; a URL without one stays literal, with no environment
        CliRunner.run("skill", "install", "--project", project.toString(), "--db",
                "jdbc:mysql://h:3306/shop?user=app&password=" + pw);
        assertThat(Files.readString(project.resolve("opencode.json"))).doesNotContain("Qv7").contains("{env:DBAGENT_DB}");
        CliRunner.run("skill", "install", "--project", project.toString(), "--db", "mysql://app@h:3306/shop");
        JsonNode literal = Json.MAPPER.readTree(project.resolve("opencode.json").toFile()).at("/mcp/dbagent");
        assertThat(literal.get("command").toString()).contains("\"--db\"", "\"mysql://app@h:3306/shop\"");
        assertThat(literal.has("environment")).isFalse();
    }

    @Test
    void refusesToRewriteABrokenConfig(@TempDir Path project) throws Exception {
        Files.writeString(project.resolve("opencode.json"), "{ not json");
        var r = CliRunner.run("skill", "install", "--project", project.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("is not valid JSON, left unchanged");
        assertThat(Files.readString(project.resolve("opencode.json"))).isEqualTo("{ not json");
        assertThat(CliRunner.run("skill", "install", "--project", project.resolve("nope").toString()).err())
                .contains("project directory not found");
    }
}
