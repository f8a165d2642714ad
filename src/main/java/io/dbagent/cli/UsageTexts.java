package io.dbagent.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The usage texts, rendered by picocli when the jar is built (the {@code process-classes} phase runs {@link #main})
 * into the resource {@value #RESOURCE}, so {@code dbagent}, {@code dbagent --help} and {@code dbagent COMMAND --help}
 * print without building picocli's model at all: picocli's classes cannot be mapped from the class-data archive
 * (they are Java 5 class files), and loading them costs several times the JVM's own start. {@code --version} is
 * answered directly too.
 *
 * <p>The shortcut serves only plain output (what picocli prints when stdin and stdout are not both a terminal, no
 * {@code CLICOLOR_FORCE}, no {@code picocli.*} system property, "\n" line ends): in a terminal picocli adds colours
 * and fits the text to its width, so there the model is built as before. UsageTextsTest checks every text against
 * what picocli prints now.
 */
public final class UsageTexts {

    /** Next to this class: records of {@link #RECORD}, the keys, a line end, then the text. */
    static final String RESOURCE = "usage.txt";
    /** Starts a record. */
    static final char RECORD = '\u001e';
    /** Separates the keys (argument lists joined by spaces) that print the same text. */
    static final char KEY = '\u001f';

    private UsageTexts() {
    }

    /** Renders every usage text into {@code DIR/io/dbagent/cli/usage.txt}; the build calls it with its class directory. */
    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0], "io", "dbagent", "cli", RESOURCE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, encode(render()), StandardCharsets.UTF_8);
    }

    /**
     * What {@code args} prints when it is a plain request for a usage text or the version, else null (then the
     * command line runs as usual). Loads no picocli class.
     */
    static byte[] quick(String[] args) {
        if (!candidate(args) || System.console() != null || System.getenv("CLICOLOR_FORCE") != null
                || !plain(System.getProperties()) || !"\n".equals(System.lineSeparator())) {
            return null;
        }
        String text = text(args, resource());
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    /** No arguments, {@code --version}/{@code -V} alone, or a last argument asking for help: worth a look-up. */
    static boolean candidate(String[] args) {
        if (args.length == 0) {
            return true;
        }
        String last = args[args.length - 1];
        return last.equals("--help") || last.equals("-h") || args.length == 1 && (last.equals("--version") || last.equals("-V"));
    }

    /** No system property that changes picocli's output ({@code picocli.ansi}, {@code picocli.usage.width}, …). */
    static boolean plain(Properties properties) {
        for (String name : properties.stringPropertyNames()) {
            if (name.startsWith("picocli.")) {
                return false;
            }
        }
        return true;
    }

    /** The version lines, as {@code --version} prints them. */
    static String[] version() {
        String v = Main.class.getPackage().getImplementationVersion();
        // String.concat, not +: the shortcut bootstraps no string-concatenation call site
        return new String[] {"dbagent ".concat(v == null ? "(development build)" : v), "Java ".concat(System.getProperty("java.version"))};
    }

    /** The text {@code args} prints, from {@code resource} (the encoded texts), or null when it has none. */
    static String text(String[] args, String resource) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            String[] lines = version();
            return lines[0].concat("\n").concat(lines[1]).concat("\n");
        }
        if (resource == null) {
            return null;
        }
        StringBuilder k = new StringBuilder();
        for (String a : args) {
            if (a.isEmpty() || a.indexOf(' ') >= 0 || a.indexOf(RECORD) >= 0 || a.indexOf(KEY) >= 0 || a.indexOf('\n') >= 0) {
                return null;
            }
            if (k.length() > 0) {
                k.append(' ');
            }
            k.append(a);
        }
        String key = k.toString();
        int at = resource.indexOf(RECORD);
        while (at >= 0) {
            int eol = resource.indexOf('\n', at);
            int next = resource.indexOf(RECORD, eol);
            int end = next < 0 ? resource.length() : next;
            int from = at + 1;
            while (from <= eol) {
                int sep = resource.indexOf(KEY, from);
                int stop = sep < 0 || sep > eol ? eol : sep;
                if (stop - from == key.length() && resource.startsWith(key, from)) {
                    return resource.substring(eol + 1, end);
                }
                from = stop + 1;
            }
            at = next;
        }
        return null;
    }

    /** The resource's text, or null when the build did not write it (classes run from an IDE, say). */
    static String resource() {
        try (InputStream in = UsageTexts.class.getResourceAsStream(RESOURCE)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
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
