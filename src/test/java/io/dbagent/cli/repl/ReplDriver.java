package io.dbagent.cli.repl;

import io.dbagent.agent.DatabaseTools;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs the chat without a model through JLine's dumb terminal with scripted keyboard input, for other packages' tests. */
public final class ReplDriver {

    private ReplDriver() {
    }

    /** Everything the chat printed for {@code input} (lines separated by newlines). */
    public static String run(String input, DatabaseTools tools) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Terminal t = new DumbTerminal(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out)) {
            new Repl(t, tools, null, Map.of(), null).run();
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
