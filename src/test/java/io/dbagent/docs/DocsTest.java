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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]*)(?:#([^)\\s]*))?\\)");

    /** One command line found on a page, with where it was found. */
    record Example(String page, int line, String text, boolean fenced) {
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
    void commandsPageShowsEveryCommandAndOption() throws IOException {
        Path page = Path.of("docs/commands.md");
        Map<String, Set<String>> named = new java.util.HashMap<>();
        List<String> ignored = new ArrayList<>();
        for (Example e : examples(page)) {
            check(e, ignored, named);
        }
        List<String> missing = new ArrayList<>();
        walk(Main.commandLine(new Main()).getCommandSpec(), named, missing);
        assertThat(missing).as(page + " must show every command and option in a `dbagent …` command line").isEmpty();
    }

    private static void walk(CommandSpec c, Map<String, Set<String>> named, List<String> missing) {
        boolean root = c.parent() == null;
        if (!root && !c.name().equals("help")) {
            Set<String> shown = named.get(c.qualifiedName());
            if (shown == null) {
                missing.add(c.qualifiedName() + " (no command line shows it)");
            } else {
                for (CommandLine.Model.OptionSpec o : c.options()) {
                    String name = o.longestName();
                    if (o.usageHelp() || o.versionHelp() || o.inherited() || name.equals("--debug")) {
                        continue; // --help, --version and the inherited --debug are described once, for all
                    }
                    if (!shown.contains(name)) {
                        missing.add(c.qualifiedName() + " " + name);
                    }
                }
            }
        }
        for (CommandLine sub : c.subcommands().values()) {
            if (sub.getCommandSpec().parent() == c) {
                walk(sub.getCommandSpec(), named, missing);
            }
        }
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
                    String anchor = m.group(2);
                    if (target.contains("://") || target.startsWith("mailto:")) {
                        continue;
                    }
                    Path resolved = target.isEmpty() ? page.toAbsolutePath()
                            : page.toAbsolutePath().getParent().resolve(target).normalize();
                    if (!Files.exists(resolved)) {
                        broken.add(page + " line " + (i + 1) + ": " + target);
                    } else if (anchor != null && resolved.toString().endsWith(".md")
                            && !anchors(resolved).contains(anchor)) {
                        broken.add(page + " line " + (i + 1) + ": " + target + "#" + anchor + " (no such heading)");
                    }
                }
            }
        }
        assertThat(broken).as("links to files that do not exist").isEmpty();
    }

    /** GitHub's heading anchors: lower case, punctuation other than '-' and '_' dropped, spaces to '-'. */
    static Set<String> anchors(Path page) throws IOException {
        Set<String> out = new HashSet<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(page, StandardCharsets.UTF_8)) {
            if (line.trim().startsWith("```")) {
                fenced = !fenced;
            } else if (!fenced && line.matches("#{1,6} .*")) {
                String title = line.replaceFirst("#{1,6} ", "").trim().toLowerCase(java.util.Locale.ROOT);
                out.add(title.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return out;
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
                    out.add(new Example(page.toString(), continuedFrom, continued.toString().replace("\\ ", " "), true));
                    continued = null;
                }
                continue;
            }
            Matcher m = SPAN.matcher(line);
            while (m.find()) {
                String span = m.group(1).replace("\\|", "|").trim();
                if (isCommand(span)) {
                    out.add(new Example(page.toString(), i + 1, span, false));
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
        check(e, problems, new java.util.HashMap<>());
    }

    /** As above, and records per command (qualified name) the options the example names for it. */
    static void check(Example e, List<String> problems, Map<String, Set<String>> named) {
        String text = e.text().startsWith("$ ") ? e.text().substring(2) : e.text();
        text = text.replaceAll("#.*$", "");               // a shell comment after the command
        if (e.fenced()) {
            text = text.replaceAll("\\s[|&;]{1,2}\\s.*$", ""); // a shell pipe or a second command
        }
        String[] words = text.trim().split("\\s+");
        List<CommandSpec> current = List.of(Main.commandLine(new Main()).getCommandSpec());
        String path = "dbagent";
        boolean descending = true;
        boolean valueNext = false;
        for (int i = 1; i < words.length; i++) {
            String w = words[i].replaceAll("^[\\[(\"']+|[\\])\"',.;:…]+$", "");
            if (w.isEmpty()) {
                continue;
            }
            if (w.startsWith("--") || w.contains("|--")) {
                // options before a subcommand (dbagent memory --memory-dir DIR list) are the parent's: keep
                // descending, but the word after an option that takes a value is that value
                valueNext = false;
                for (String part : w.split("\\|")) {
                    String option = part.replaceAll("^[\\[(]+|[\\])…,.]+$", "").replaceAll("=.*$", "");
                    if (!option.startsWith("--") || option.equals("--")) {
                        continue;
                    }
                    for (CommandSpec c : current) {
                        if (c.findOption(option) != null) {
                            named.computeIfAbsent(c.qualifiedName(), k -> new HashSet<>())
                                    .add(c.findOption(option).longestName());
                            valueNext |= c.findOption(option).arity().max() > 0 && !part.contains("=")
                                    && !words[i].endsWith("]");
                        }
                        if (c.findOption(option) == null) {
                            problems.add(e.page() + " line " + e.line() + ": " + c.qualifiedName() + " has no option "
                                    + option + "   [" + e.text() + "]");
                        }
                    }
                }
                continue;
            }
            if (valueNext) {
                valueNext = false;
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
                next.forEach(c -> named.computeIfAbsent(c.qualifiedName(), k -> new HashSet<>()));
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
