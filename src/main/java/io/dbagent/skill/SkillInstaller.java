package io.dbagent.skill;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbagent.DbAgentException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * Installs the opencode skill: copies {@code SKILL.md} to {@code <root>/skills/database/} and merges an
 * {@code mcp.dbagent} entry into {@code opencode.json}, keeping everything else in that file.
 */
public final class SkillInstaller {

    static final String SKILL_RESOURCE = "skill/database/SKILL.md";

    /** What was written. */
    public record Result(Path skillFile, Path configFile, List<String> command, Map<String, String> environment) {
    }

    private SkillInstaller() {
    }

    /**
     * @param skillsRoot  {@code <project>/.opencode} or {@code ~/.config/opencode}
     * @param configFile  the opencode.json to merge into
     * @param command     the MCP server command line, absolute launcher first; never a secret
     * @param environment the server entry's {@code environment} (written only when not empty): values may be
     *                    opencode references such as {@code {env:DBAGENT_DB}}, which opencode replaces with its own
     *                    environment when it reads the file, so no secret is stored in it
     */
    public static Result install(Path skillsRoot, Path configFile, List<String> command,
                                 Map<String, String> environment) {
        try {
            Path dir = skillsRoot.resolve("skills").resolve("database");
            Files.createDirectories(dir);
            Path skill = dir.resolve("SKILL.md");
            try (InputStream in = SkillInstaller.class.getClassLoader().getResourceAsStream(SKILL_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("SKILL.md is missing from the jar");
                }
                Files.copy(in, skill, StandardCopyOption.REPLACE_EXISTING);
            }
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .enable(JsonParser.Feature.ALLOW_COMMENTS).enable(JsonParser.Feature.ALLOW_TRAILING_COMMA);
            ObjectNode root;
            if (Files.exists(configFile)) {
                JsonNode existing;
                try {
                    existing = mapper.readTree(configFile.toFile());
                } catch (IOException e) {
                    throw DbAgentException.badInput(configFile + " is not valid JSON, left unchanged: "
                            + e.getMessage().split("\n")[0]);
                }
                if (existing == null || existing.isMissingNode()) {
                    root = mapper.createObjectNode();
                } else if (!existing.isObject()) {
                    throw DbAgentException.badInput(configFile + " does not hold a JSON object, left unchanged");
                } else {
                    root = (ObjectNode) existing;
                }
            } else {
                root = mapper.createObjectNode();
                root.put("$schema", "https://opencode.ai/config.json");
            }
            JsonNode mcpNode = root.get("mcp");
            ObjectNode mcp = mcpNode instanceof ObjectNode o ? o : root.putObject("mcp");
            ObjectNode entry = mcp.putObject("dbagent");
            entry.put("type", "local");
            ArrayNode cmd = entry.putArray("command");
            command.forEach(cmd::add);
            if (!environment.isEmpty()) {
                ObjectNode env = entry.putObject("environment");
                environment.forEach(env::put);
            }
            entry.put("enabled", true);
            Files.createDirectories(configFile.toAbsolutePath().getParent());
            Path tmp = Files.createTempFile(configFile.toAbsolutePath().getParent(), ".opencode", ".json");
            mapper.writeValue(tmp.toFile(), root);
            Files.move(tmp, configFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Result(skill, configFile, command, environment);
        } catch (IOException e) {
            throw DbAgentException.badInput("cannot install the skill: " + e.getMessage());
        }
    }
}
