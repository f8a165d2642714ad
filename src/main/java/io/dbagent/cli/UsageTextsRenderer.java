package io.dbagent.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.dbagent.cli.UsageTexts.KEY;
import static io.dbagent.cli.UsageTexts.RECORD;
import static io.dbagent.cli.UsageTexts.RESOURCE;

/** Renders the usage texts {@link UsageTexts} prints, with picocli, when the jar is built (the process-classes phase). */
public final class UsageTextsRenderer {

    private UsageTextsRenderer() {
    }

    /**
     * Renders every usage text into {@code DIR/io/dbagent/cli/usage.txt}; the build calls it with its class directory
     * and the project directory. When that directory is a git checkout, its commit goes into {@code commit.txt} (for
     * {@code --version}); without git, or outside a checkout, no such file is written and the build goes on.
     */
    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0], "io", "dbagent", "cli", RESOURCE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, encode(render()), StandardCharsets.UTF_8);
        Path commitFile = file.resolveSibling(UsageTexts.COMMIT_RESOURCE);
        String commit = args.length > 1 ? gitCommit(Path.of(args[1])) : null;
        if (commit == null) {
            Files.deleteIfExists(commitFile);
        } else {
            Files.writeString(commitFile, commit, StandardCharsets.UTF_8);
        }
    }

    /** The checkout's short commit, with {@code -dirty} when tracked files differ from it; null when git cannot say. */
    static String gitCommit(Path dir) {
        String head = git(dir, "rev-parse", "--short=12", "HEAD");
        if (head == null || !head.matches("[0-9a-f]{7,40}")) {
            return null;
        }
        String status = git(dir, "status", "--porcelain", "--untracked-files=no");
        return status == null || status.isEmpty() ? head : head + "-dirty";
    }

    private static String git(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Every argument list that prints a usage text and exits 0, with its text, as picocli renders it without colours at 80 columns. */
    static Map<String, String> render() {
        Map<String, String> out = new LinkedHashMap<>();
        for (List<String> args : keys()) {
            StringWriter o = new StringWriter();
            StringWriter e = new StringWriter();
            int exit = Main.run(args.toArray(String[]::new), new PrintWriter(o, true), new PrintWriter(e, true), Map.of(),
                    (m, a) -> {
                        CommandLine cl = Main.commandLine(m, a);
                        cl.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
                        cl.setUsageHelpAutoWidth(false);
                        cl.setUsageHelpWidth(80);
                        return cl;
                    });
            if (exit != 0 || !e.toString().isEmpty()) {
                throw new IllegalStateException("dbagent " + String.join(" ", args) + " exits " + exit + ": " + e);
            }
            out.put(String.join(" ", args), o.toString());
        }
        return out;
    }

    /** No arguments, then {@code [COMMAND…] HELP-OPTION} for every command and alias with a help option. */
    static List<List<String>> keys() {
        List<List<String>> keys = new ArrayList<>();
        keys.add(List.of());
        walk(Main.commandLine(new Main()), List.of(), keys);
        return keys;
    }

    private static void walk(CommandLine cl, List<String> path, List<List<String>> keys) {
        for (CommandLine.Model.OptionSpec o : cl.getCommandSpec().options()) {
            if (o.usageHelp()) {
                for (String name : o.names()) {
                    List<String> k = new ArrayList<>(path);
                    k.add(name);
                    keys.add(k);
                }
            }
        }
        for (Map.Entry<String, CommandLine> sub : cl.getSubcommands().entrySet()) {
            List<String> p = new ArrayList<>(path);
            p.add(sub.getKey());
            walk(sub.getValue(), p, keys);
        }
    }

    /** The resource: the keys of one text together, texts in the order first seen. */
    static String encode(Map<String, String> texts) {
        Map<String, List<String>> byText = new LinkedHashMap<>();
        texts.forEach((k, t) -> byText.computeIfAbsent(t, x -> new ArrayList<>()).add(k));
        StringBuilder b = new StringBuilder();
        byText.forEach((t, ks) -> b.append(RECORD).append(String.join(String.valueOf(KEY), ks)).append('\n').append(t));
        return b.toString();
    }
}
