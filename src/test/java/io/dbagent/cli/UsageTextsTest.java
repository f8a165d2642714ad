package io.dbagent.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The usage texts the build renders (the resource {@code usage.txt}) are what picocli prints now, for every command,
 * so the shortcut in {@link Start#main} cannot drift from the command line's model; and the shortcut answers only
 * what it has a text for.
 */
class UsageTextsTest {

    private record Outcome(int exit, String out, String err) {
    }

    private static Outcome picocli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), Map.of());
        return new Outcome(exit, out.toString(), err.toString());
    }

    @Test
    void theBuiltTextsAreWhatPicocliPrintsForEveryCommand() {
        String resource = UsageTexts.resource();
        assertThat(resource).as("the build renders usage.txt into the classes (process-classes)").isNotNull();
        List<List<String>> keys = UsageTextsRenderer.keys();
        // every command and every nested command, each with -h and --help
        assertThat(keys).contains(List.of(), List.of("--help"), List.of("-h"), List.of("inspect", "--help"),
                List.of("mcp", "-h"), List.of("backup", "create", "--help"), List.of("memory", "search", "-h"));
        assertThat(keys.size()).isGreaterThan(2 * Main.COMMANDS.size());
        Set<String> inResource = new HashSet<>();
        for (String record : resource.split(String.valueOf(UsageTexts.RECORD))) {
            if (!record.isEmpty()) {
                inResource.addAll(List.of(record.substring(0, record.indexOf('\n')).split(String.valueOf(UsageTexts.KEY), -1)));
            }
        }
        assertThat(inResource).as("the resource has a text for each key of the current model, and no other")
                .containsExactlyInAnyOrderElementsOf(keys.stream().map(k -> String.join(" ", k)).toList());
        for (List<String> k : keys) {
            String[] args = k.toArray(String[]::new);
            Outcome now = picocli(args);
            assertThat(now.exit()).as(String.join(" ", k)).isZero();
            assertThat(now.err()).isEmpty();
            assertThat(UsageTexts.text(args, resource)).as(String.join(" ", k)).isEqualTo(now.out());
        }
        assertThat(UsageTexts.text(new String[]{"--help"}, resource)).startsWith("Usage: dbagent [-hV] [--debug] [COMMAND]\n")
                .contains("Commands:");
        assertThat(UsageTexts.text(new String[]{"backup", "create", "-h"}, resource)).startsWith("Usage: dbagent backup create ");
    }

    @Test
    void theVersionIsWhatPicocliPrints() {
        for (String v : List.of("--version", "-V")) {
            Outcome now = picocli(v);
            assertThat(now.exit()).isZero();
            assertThat(UsageTexts.text(new String[]{v}, null)).isEqualTo(now.out()).startsWith("dbagent ").contains("\nJava ");
        }
    }

    @Test
    void theVersionNamesTheManifestVersionAndTheCommitWhenTheBuildKnewThem() {
        assertThat(UsageTexts.version("0.1.0", "31b30f944c1b", "17.0.15"))
                .containsExactly("dbagent 0.1.0 (commit 31b30f944c1b)", "Java 17.0.15");
        assertThat(UsageTexts.version("0.1.0", null, "17")).containsExactly("dbagent 0.1.0", "Java 17");
        assertThat(UsageTexts.version(null, null, "17")).containsExactly("dbagent (development build)", "Java 17");
    }

    @Test
    void theShortcutAnswersOnlyWhatItHasATextFor() {
        String resource = UsageTexts.resource();
        // not a request for help, or not one the texts were rendered for: picocli handles it
        List<String[]> others = List.of(new String[]{"inspect"}, new String[]{"--debug", "--help"},
                new String[]{"inspect", "--db", "x.db", "--help"}, new String[]{"nosuch", "--help"},
                new String[]{"inspect --help"}, new String[]{"inspect", "", "--help"}, new String[]{"-hV"},
                new String[]{"--version", "--help"}, new String[]{"help", "inspect"}, new String[]{"--HELP"});
        for (String[] args : others) {
            assertThat(UsageTexts.text(args, resource)).as(String.join("|", args)).isNull();
        }
        assertThat(UsageTexts.candidate(new String[]{"inspect", "--db", "x"})).isFalse();
        assertThat(UsageTexts.candidate(new String[]{"memory", "-h"})).isTrue();
        assertThat(UsageTexts.candidate(new String[]{"inspect", "--version"})).isFalse();
        Properties props = new Properties();
        props.setProperty("java.version", "17");
        assertThat(UsageTexts.plain(props)).isTrue();
        props.setProperty("picocli.ansi", "true");
        assertThat(UsageTexts.plain(props)).as("a picocli setting changes the output: picocli renders it").isFalse();
    }

    @Test
    void picocliRendersEveryTextWithoutAWarning() throws Exception {
        // picocli formats descriptions (%n); a lone % ("1 % of") makes it warn on stderr and print the raw text
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream saved = System.err;
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            UsageTextsRenderer.render();
        } finally {
            System.setErr(saved);
        }
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8)).isEmpty();
    }
}
