package io.dbagent.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The prompts shipped in {@code prompts/} and packaged onto the classpath. */
public final class Prompts {

    private Prompts() {
    }

    public static String system() {
        return load("prompts/system.md");
    }

    /** Short instructions an MCP client shows its model next to the tool list. */
    public static String mcpInstructions() {
        return load("prompts/mcp-instructions.md");
    }

    static String load(String resource) {
        try (InputStream in = Prompts.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource + " (is the jar complete?)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }
}
