package io.dbagent.app;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The absolute command that starts this dbagent again, for what runs later without our PATH: a cron line, a systemd
 * unit, an MCP client's configuration. The launcher script passes its own path in {@code -Ddbagent.launcher}; started
 * otherwise (java -jar), it is the running JVM with the jar it was loaded from.
 */
public final class Launcher {

    private Launcher() {
    }

    /** The command as separate words. */
    public static List<String> words() {
        return words(System.getProperty("dbagent.launcher"));
    }

    static List<String> words(String launcherScript) {
        if (launcherScript != null && !launcherScript.isBlank() && Files.isExecutable(Path.of(launcherScript))) {
            return List.of(Path.of(launcherScript).toAbsolutePath().normalize().toString());
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try {
            Path code = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(code)) {
                // classes on a class path (tests, IDE): the same JVM class path and the CLI's main class
                return List.of(java, "-cp", System.getProperty("java.class.path"), "io.dbagent.cli.Main");
            }
            return List.of(java, "-jar", code.toAbsolutePath().toString());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The command as one shell word list, each word quoted where the shell would split or expand it. */
    public static String shellCommand() {
        return shellCommand(words());
    }

    static String shellCommand(List<String> words) {
        return words.stream().map(Launcher::quote).collect(Collectors.joining(" "));
    }

    static String quote(String w) {
        if (!w.isEmpty() && w.chars().allMatch(c -> Character.isLetterOrDigit(c) || "_-./:=@+,".indexOf(c) >= 0)) {
            return w;
        }
        return "'" + w.replace("'", "'\\''") + "'";
    }
}
