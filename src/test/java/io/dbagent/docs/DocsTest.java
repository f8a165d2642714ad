package io.dbagent.docs;

import io.dbagent.cli.Main;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code dbagent …} command line the README and the pages under {@code docs/} show names commands, subcommands
 * and options that exist in the picocli model. Command lines are code spans and lines of fenced blocks that start
 * with {@code dbagent } or {@code ./dbagent } (a {@code $ } prompt allowed); prose is not parsed.
 */
class DocsTest {

    private static final Pattern SPAN = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)\\s]*)?\\)");

    /** One command line found on a page, with where it was found. */
    record Example(String page, int line, String text) {
    }

    @Test
    void everyCommandAndOptionTheDocsNameExists() throws IOException {
        List<String> problems = new ArrayList<>();
        List<Example> examples = new ArrayList<>();
        for (Path page : pages()) {
            examples.addAll(examples(page));
        }
        for (Example e : examples) {
            check(e, problems);
        }
        assertThat(problems).as("commands and options named in the docs but missing from the CLI").isEmpty();
        // guard against a parser that silently finds nothing
        assertThat(examples.size()).as("dbagent command lines found in the docs").isGreaterThan(60);
    }

    @Test
    void relativeLinksPointAtExistingFiles() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = LINK.matcher(lines.get(i));
                while (m.find()) {
                    String target = m.group(1);
                    if (target.contains("://") || target.startsWith("mailto:")) {
                        continue;
                    }
                    Path resolved = page.toAbsolutePath().getParent().resolve(target).normalize();
                    if (!Files.exists(resolved)) {
                        broken.add(page + " line " + (i + 1) + ": " + target);
                    }
                }
            }
        }
        assertThat(broken).as("links to files that do not exist").isEmpty();
    }

    @Test
    void readmeIsAFrontPage() throws IOException {
        assertThat(Files.size(Path.of("README.md"))).as("README.md size in bytes").isLessThanOrEqualTo(15 * 1024);
    }

    static List<Path> pages() throws IOException {
        List<Path> out = new ArrayList<>();
        out.add(Path.of("README.md"));
        try (Stream<Path> s = Files.list(Path.of("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(out::add);
        }
        return out;
    }

    static List<Example> examples(Path page) throws IOException {
        List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
        List<Example> out = new ArrayList<>();
        boolean fenced = false;
        StringBuilder continued = null;
        int continuedFrom = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.trim().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                String t = line.trim();
                if (continued != null) {
                    continued.append(' ').append(t);
                } else if (isCommand(t)) {
                    continued = new StringBuilder(t);
                    continuedFrom = i + 1;
                }
                if (continued != null && !t.endsWith("\\")) {
                    out.add(new Example(page.toString(), continuedFrom, continued.toString().replace("\\ ", " ")));
                    continued = null;
                }
                continue;
            }
            Matcher m = SPAN.matcher(line);
            while (m.find()) {
                String span = m.group(1).replace("\\|", "|").trim();
                if (isCommand(span)) {
                    out.add(new Example(page.toString(), i + 1, span));
                }
            }
        }
        return out;
    }

    private static boolean isCommand(String s) {
        String t = s.startsWith("$ ") ? s.substring(2) : s;
        return t.startsWith("dbagent ") || t.startsWith("./dbagent ");
    }

    /** Walks the example's words down the command tree, then checks every {@code --option} on the command reached. */
    static void check(Example e, List<String> problems) {
        String text = e.text().startsWith("$ ") ? e.text().substring(2) : e.text();
        text = text.replaceAll("#.*$", "");               // a shell comment after the command
        text = text.replaceAll("\\s[|&;]{1,2}\\s.*$", ""); // a pipe or a second command
        String[] words = text.trim().split("\\s+");
        List<CommandSpec> current = List.of(new CommandLine(new Main()).getCommandSpec());
        String path = "dbagent";
        boolean descending = true;
        for (int i = 1; i < words.length; i++) {
            String w = words[i].replaceAll("^[\\[(\"']+|[\\])\"',.;:…]+$", "");
            if (w.isEmpty()) {
                continue;
            }
            if (w.startsWith("--") || w.contains("|--")) {
                descending = false;
                for (String part : w.split("\\|")) {
                    String option = part.replaceAll("^[\\[(]+|[\\])…,.]+$", "").replaceAll("=.*$", "");
                    if (!option.startsWith("--") || option.equals("--")) {
                        continue;
                    }
                    for (CommandSpec c : current) {
                        if (c.findOption(option) == null) {
                            problems.add(e.page() + " line " + e.line() + ": " + c.qualifiedName() + " has no option "
                                    + option + "   [" + e.text() + "]");
                        }
                    }
                }
                continue;
            }
            if (!descending || w.startsWith("-")) {
                continue;
            }
            List<CommandSpec> next = new ArrayList<>();
            boolean all = true;
            for (CommandSpec c : current) {
                for (String alternative : w.split("\\|")) {
                    CommandLine sub = c.subcommands().get(alternative);
                    if (sub == null) {
                        all = false;
                    } else {
                        next.add(sub.getCommandSpec());
                    }
                }
            }
            if (all && !next.isEmpty()) {
                current = next;
                path += " " + w;
                continue;
            }
            // not a (complete set of) subcommand(s): a positional argument, unless the command takes none
            for (CommandSpec c : current) {
                if (!c.subcommands().isEmpty() && c.positionalParameters().isEmpty()) {
                    problems.add(e.page() + " line " + e.line() + ": " + path + " has no subcommand " + w + "   ["
                            + e.text() + "]");
                }
            }
            descending = false;
        }
    }
}
