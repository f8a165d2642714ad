package io.dbagent.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line builds only the model of the command that runs; what it prints (usage, versions, errors and
 * "did you mean" lines) must be the same as with every command's full model.
 */
class LazyCommandsTest {

    private record Outcome(int exit, String out, String err) {
    }

    private static Outcome run(boolean lazy, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), Map.of(),
                lazy ? Main::commandLine : (m, a) -> Main.commandLine(m));
        return new Outcome(exit, out.toString(), err.toString());
    }

    @Test
    void everyUsageAndErrorReadsAsWithTheFullModel() {
        List<String[]> cases = List.of(new String[]{}, new String[]{"--help"}, new String[]{"-h"},
                new String[]{"--version"}, new String[]{"-hV"}, new String[]{"--debug", "--help"},
                new String[]{"inspec"}, new String[]{"nosuch", "--db", "x"}, new String[]{"--nosuch"},
                new String[]{"help"}, new String[]{"help", "memory"}, new String[]{"memory"},
                new String[]{"memory", "--help"}, new String[]{"--debug", "memory", "search", "--help"},
                new String[]{"memory", "serch", "x"}, new String[]{"backup", "--help"},
                new String[]{"migrate", "--help"}, new String[]{"inspect", "--help"}, new String[]{"mcp", "-h"},
                new String[]{"inspect", "--nosuch"}, new String[]{"skill", "--help"});
        for (String[] args : cases) {
            Outcome full = run(false, args);
            assertThat(run(true, args)).as(String.join(" ", args)).isEqualTo(full);
        }
        Outcome usage = run(true, "--help");
        assertThat(usage.out()).contains("Commands:").contains("inspect").contains("memory").contains("mcp");
        for (Class<?> c : Main.COMMANDS) {
            String name = c.getAnnotation(picocli.CommandLine.Command.class).name();
            assertThat(usage.out()).as(name).containsPattern("(?m)^\\s+" + name + "\\s");
        }
    }

    @Test
    void onlyTheNamedCommandGetsItsFullModel() {
        picocli.CommandLine cl = Main.commandLine(new Main(), new String[]{"--debug", "memory", "search", "x"});
        assertThat(cl.getSubcommands().get("memory").getSubcommands()).containsKeys("search", "add", "list");
        assertThat(cl.getSubcommands().get("backup").getSubcommands()).isEmpty();
        assertThat(cl.getSubcommands().get("inspect").getCommandSpec().findOption("--db")).isNull();
        assertThat(Main.commandLine(new Main()).getSubcommands().get("inspect").getCommandSpec().findOption("--db"))
                .isNotNull();
    }
}
