package io.dbagent.app;

import io.dbagent.DbAgentException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The directories tools may write files into (migrations, backups). A model can name any path; this check keeps
 * what it writes under the directories the user gave ({@code dbagent mcp --workdir DIR}, default the current
 * directory). A path is judged after {@code ..} is normalised and the symlinks of its nearest existing parent are
 * resolved, so neither {@code ../../etc} nor a symlink inside a work directory leads out of it. Relative paths are
 * taken relative to the first directory.
 */
public final class Workdirs {

    private final List<Path> roots;

    private Workdirs(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    /** The given directories (each must exist), or the current directory when none is given. */
    public static Workdirs of(List<Path> dirs) {
        List<Path> roots = new ArrayList<>();
        for (Path d : dirs == null || dirs.isEmpty() ? List.of(Path.of("")) : dirs) {
            Path abs = d.toAbsolutePath().normalize();
            if (!Files.isDirectory(abs)) {
                throw DbAgentException.badInput("work directory " + abs + " does not exist or is not a directory");
            }
            roots.add(real(abs));
        }
        return new Workdirs(roots);
    }

    /** The current directory only: what the chat and the library get unless configured otherwise. */
    public static Workdirs currentDirectory() {
        return of(List.of());
    }

    public List<Path> roots() {
        return roots;
    }

    /**
     * The path to write to, absolute and normalised, when its real location lies under a work directory; otherwise a bad-input error of one line.
     * {@code what} names the argument for the message, e.g. "migrations directory".
     */
    public Path checkWritable(String path, String what) {
        if (path == null || path.isBlank()) {
            throw DbAgentException.badInput(what + " is empty");
        }
        Path p = Path.of(path);
        Path abs = (p.isAbsolute() ? p : roots.get(0).resolve(p)).normalize();
        Path resolved = resolveExistingPrefix(abs);
        for (Path root : roots) {
            if (resolved.startsWith(root)) {
                return abs; // judged by its real location, reported as the user wrote it
            }
        }
        throw DbAgentException.badInput(what + " " + path + " is outside the work directories ("
                + roots.stream().map(Path::toString).collect(Collectors.joining(", "))
                + "); start dbagent with --workdir to allow another");
    }

    /** The real path of the nearest existing ancestor, with the rest of the path appended unchanged. */
    private static Path resolveExistingPrefix(Path abs) {
        Path existing = abs;
        // NOFOLLOW_LINKS: a dangling symlink counts as existing, so toRealPath below refuses it instead of the
        // write following it out of the directory
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        Path rest = existing.relativize(abs);
        try {
            return existing.toRealPath().resolve(rest).normalize();
        } catch (IOException e) {
            throw DbAgentException.badInput("cannot resolve " + existing + " (a dangling link?)");
        }
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return roots.toString();
    }
}
