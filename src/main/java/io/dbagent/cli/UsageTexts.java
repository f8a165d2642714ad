package io.dbagent.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The usage texts, rendered by picocli when the jar is built (the {@code process-classes} phase runs
 * {@link UsageTextsRenderer}) into the resource {@value #RESOURCE}, so {@code dbagent}, {@code dbagent --help} and {@code dbagent COMMAND --help}
 * print without building picocli's model at all: picocli's classes cannot be mapped from the class-data archive
 * (they are Java 5 class files), and loading them costs several times the JVM's own start. {@code --version} is
 * answered directly too. {@link Start}, the jar's entry point, asks here before {@link Main} is loaded; this class
 * refers to no picocli type, so answering loads none.
 *
 * <p>The shortcut serves only plain output (what picocli prints when stdin and stdout are not both a terminal, no
 * {@code CLICOLOR_FORCE}, no {@code picocli.*} system property, "\n" line ends): in a terminal picocli adds colours
 * and fits the text to its width, so there the model is built as before. UsageTextsTest checks every text against
 * what picocli prints now.
 */
final class UsageTexts {

    /** Next to this class: records of {@link #RECORD}, the keys, a line end, then the text. */
    static final String RESOURCE = "usage.txt";
    /** The git commit the jar was built from, when the build could ask git (see {@link UsageTextsRenderer}). */
    static final String COMMIT_RESOURCE = "commit.txt";
    /** Starts a record. */
    static final char RECORD = '\u001e';
    /** Separates the keys (argument lists joined by spaces) that print the same text. */
    static final char KEY = '\u001f';

    private UsageTexts() {
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
        return version(UsageTexts.class.getPackage().getImplementationVersion(), commit(), System.getProperty("java.version"));
    }

    /**
     * The version lines from the manifest's {@code Implementation-Version} (null when the classes do not run from the
     * jar), the build's git commit (null when it was built without git) and the Java version.
     */
    static String[] version(String implementation, String commit, String java) {
        // String.concat, not +: the shortcut bootstraps no string-concatenation call site
        String v = implementation == null ? "(development build)" : implementation;
        if (commit != null) {
            v = v.concat(" (commit ").concat(commit).concat(")");
        }
        return new String[] {"dbagent ".concat(v), "Java ".concat(java)};
    }

    /** The commit the build wrote into {@value #COMMIT_RESOURCE}, or null. */
    private static String commit() {
        try (InputStream in = UsageTexts.class.getResourceAsStream(COMMIT_RESOURCE)) {
            String c = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            return c.isEmpty() ? null : c;
        } catch (IOException e) {
            return null;
        }
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
}
