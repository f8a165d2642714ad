package io.dbagent.backup;

import io.dbagent.DbAgentException;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the engine's own tools. PostgreSQL tools must be at least the server's major version (pg_dump refuses newer
 * servers, pg_restore refuses archives from a newer pg_dump), so every candidate is asked for its version and an exact
 * major match is preferred: {@code --tool-dir} when given (and nothing else), else
 * {@code /usr/lib/postgresql/<major>/bin}, the PATH, the other Debian/RHEL/Homebrew install folders.
 */
public final class ToolLocator {

    /** A located tool and the version it reported. */
    public record Tool(String name, Path path, String version, int major) {
        @Override
        public String toString() {
            return name + " " + version;
        }
    }

    private static final Pattern VERSION = Pattern.compile("(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?");
    private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(20);

    private final Path toolDir;

    /** @param toolDir the user's {@code --tool-dir}, or null to search the usual places */
    public ToolLocator(Path toolDir) {
        this.toolDir = toolDir;
    }

    /**
     * A PostgreSQL client tool ({@code pg_dump}, {@code pg_restore}, {@code pg_basebackup}, …) of major version
     * {@code minMajor} or newer.
     */
    public Tool postgres(String name, int minMajor) {
        List<Path> dirs = new ArrayList<>();
        if (toolDir != null) {
            dirs.add(toolDir);
        } else {
            dirs.add(Path.of("/usr/lib/postgresql/" + minMajor + "/bin"));
            dirs.add(Path.of("/usr/pgsql-" + minMajor + "/bin"));
            dirs.add(Path.of("/opt/homebrew/opt/postgresql@" + minMajor + "/bin"));
            dirs.add(Path.of("/usr/local/opt/postgresql@" + minMajor + "/bin"));
            dirs.addAll(pathDirs());
            dirs.addAll(subfolders(Path.of("/usr/lib/postgresql"), "bin"));
        }
        List<Tool> found = new ArrayList<>();
        for (Path dir : new LinkedHashSet<>(dirs)) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                Tool t = probe(name, p);
                if (t != null && t.major() == minMajor) {
                    return t; // each probe starts a process: stop at the first exact match
                }
                if (t != null) {
                    found.add(t);
                }
            }
        }
        String install = "install the PostgreSQL " + minMajor + " client tools (Debian/Ubuntu: postgresql-client-"
                + minMajor + ", RHEL: postgresql" + minMajor + ", macOS: brew install postgresql@" + minMajor
                + ") or pass --tool-dir DIR holding " + name + " " + minMajor + " or newer";
        if (found.isEmpty()) {
            throw new DbAgentException(DbAgentException.Code.UNSUPPORTED,
                    name + " not found " + where(dirs) + ": " + install);
        }
        return found.stream().filter(t -> t.major() > minMajor).min(Comparator.comparingInt(Tool::major))
                .orElseThrow(() -> {
                    Tool old = found.get(0);
                    return new DbAgentException(DbAgentException.Code.UNSUPPORTED, name + " " + old.version() + " at "
                            + old.path() + " is older than PostgreSQL " + minMajor + " needs: " + install);
                });
    }

    /** The first of {@code names} (e.g. mariadb-dump, mysqldump) found in --tool-dir or on the PATH. */
    public Tool mysql(String... names) {
        List<Path> dirs = toolDir != null ? List.of(toolDir) : pathDirs();
        for (String name : names) {
            for (Path dir : dirs) {
                Path p = dir.resolve(name);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    Tool t = probe(name, p);
                    if (t != null) {
                        return t;
                    }
                }
            }
        }
        throw new DbAgentException(DbAgentException.Code.UNSUPPORTED, String.join(" or ", names) + " not found "
                + where(dirs) + ": install the MariaDB or MySQL client (Debian/Ubuntu: mariadb-client or "
                + "mysql-client) or pass --tool-dir DIR");
    }

    private static String where(List<Path> dirs) {
        if (dirs.size() == 1) {
            return "in " + dirs.get(0) + " (--tool-dir)";
        }
        return "in " + dirs.size() + " folders (" + dirs.get(0) + ", the PATH, …)";
    }

    /** Asks the tool for its version; the MariaDB client reports its server-compatible version after "Distrib". */
    static Tool probe(String name, Path path) {
        String out = ProcessRunner.output(List.of(path.toString(), "--version"), VERSION_TIMEOUT);
        if (out == null) {
            return null;
        }
        String text = out.contains("Distrib ") ? out.substring(out.indexOf("Distrib ") + 8) : out;
        int paren = text.indexOf(')');
        if (!out.contains("Distrib ") && paren >= 0) {
            text = text.substring(paren + 1); // "pg_dump (PostgreSQL) 15.20 (Debian …)"
        }
        Matcher m = VERSION.matcher(text);
        if (!m.find()) {
            return new Tool(name, path, "unknown", 0);
        }
        String version = m.group(0);
        return new Tool(name, path, version, Integer.parseInt(m.group(1)));
    }

    private static List<Path> pathDirs() {
        String path = System.getenv("PATH");
        List<Path> out = new ArrayList<>();
        if (path != null) {
            for (String p : path.split(File.pathSeparator)) {
                if (!p.isBlank()) {
                    out.add(Path.of(p));
                }
            }
        }
        return out;
    }

    private static List<Path> subfolders(Path root, String child) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(root)) {
            Set<Path> sorted = new LinkedHashSet<>();
            s.sorted(Comparator.reverseOrder()).forEach(p -> sorted.add(p.resolve(child)));
            return List.copyOf(sorted);
        } catch (java.io.IOException e) {
            return List.of();
        }
    }
}
