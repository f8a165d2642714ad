package io.dbagent.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * sqlite-jdbc's native library, unpacked once into a cache directory instead of into the temporary directory on every
 * start (the driver writes it under a random name, compares it with the jar byte by byte and loads it: a quarter of a
 * second of every SQLite command). The driver loads a library from {@code org.sqlite.lib.path} /
 * {@code org.sqlite.lib.name} when both name a loadable file and otherwise unpacks its own, so this class only sets
 * those two properties, and only when the cached file is exactly the library in the jar.
 *
 * <p>The cache is {@code $XDG_CACHE_HOME/dbagent/native} (else {@code ~/.cache/dbagent/native}; the system property
 * {@code dbagent.cache.dir} overrides the {@code dbagent} directory), one sub-directory per driver version and platform.
 * A missing or different file is written under a temporary name and renamed into place, so two first runs at once
 * never load a torn file. Nothing is loaded from a directory another user can write to (the cache directory must be
 * ours and writable by no one else, each parent ours or root's and writable by no one else unless sticky), nor from a
 * file that differs from the jar's. When anything fails (no POSIX file system, read-only home, a check) the properties
 * stay unset and the driver does what it always did. A property set by the user is left alone.
 */
final class SqliteNativeLibrary {

    static final String PATH_PROPERTY = "org.sqlite.lib.path";
    static final String NAME_PROPERTY = "org.sqlite.lib.name";
    static final String CACHE_PROPERTY = "dbagent.cache.dir";

    private static final Set<PosixFilePermission> OTHERS_WRITE = Set.of(PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_WRITE);
    private static final int STICKY = 01000;

    private static volatile boolean prepared;

    private SqliteNativeLibrary() {
    }

    /** Once per process, before the first SQLite connection: points the driver at the cached library when it can. */
    static void prepare() {
        if (prepared) {
            return;
        }
        synchronized (SqliteNativeLibrary.class) {
            if (prepared) {
                return;
            }
            prepared = true;
            if (System.getProperty(PATH_PROPERTY) != null || System.getProperty(NAME_PROPERTY) != null) {
                return;
            }
            try {
                Path root = cacheRoot();
                String resource = resourcePath();
                if (root == null || resource == null) {
                    return;
                }
                String name = resource.substring(resource.lastIndexOf('/') + 1);
                Path dir = root.resolve("native").resolve(key(driverVersion(), platform(resource)));
                Path lib = install(dir, name, () -> org.sqlite.JDBC.class.getResourceAsStream(resource));
                if (lib != null) {
                    System.setProperty(PATH_PROPERTY, lib.getParent().toString());
                    System.setProperty(NAME_PROPERTY, lib.getFileName().toString());
                }
            } catch (RuntimeException | LinkageError e) {
                // the driver's own way then
            }
        }
    }

    /**
     * The library {@code name} in {@code dir}, identical to what {@code resource} yields, written there when missing or
     * different; null when the directory or file cannot be trusted or written.
     */
    static Path install(Path dir, String name, Supplier<InputStream> resource) {
        try {
            if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                return null;
            }
            byte[] expected;
            try (InputStream in = resource.get()) {
                if (in == null) {
                    return null;
                }
                expected = in.readAllBytes();
            }
            UserPrincipal me = currentUser();
            if (me == null || !createPrivateDirectories(dir, me) || !trustedDirectory(dir, me, true)) {
                return null;
            }
            Path lib = dir.resolve(name);
            if (sameFile(lib, expected, me)) {
                return lib;
            }
            Path tmp = Files.createTempFile(dir, name + ".", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            try {
                Files.write(tmp, expected);
                try {
                    Files.move(tmp, lib, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    return null;
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            // what is there now, ours or a concurrent run's, is loaded only when it is the jar's library
            return sameFile(lib, expected, me) ? lib : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** A regular file (not a link), ours, writable by no one else, with exactly {@code expected} in it. */
    static boolean sameFile(Path lib, byte[] expected, UserPrincipal me) throws IOException {
        PosixFileAttributes a;
        try {
            a = Files.readAttributes(lib, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        }
        if (!a.isRegularFile() || !a.owner().equals(me) || a.size() != expected.length
                || a.permissions().stream().anyMatch(OTHERS_WRITE::contains)) {
            return false;
        }
        return Arrays.equals(Files.readAllBytes(lib), expected);
    }

    /** Creates the missing directories of {@code dir}, readable and writable by us only. */
    private static boolean createPrivateDirectories(Path dir, UserPrincipal me) throws IOException {
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        Path parent = dir.getParent();
        if (parent == null || !createPrivateDirectories(parent, me)) {
            return false;
        }
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // a concurrent run made it: checked like any other below
        }
        return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * {@code dir} and its parents cannot be changed by another user: each is a real directory owned by us or root and
     * writable by no one else, except a parent owned by root with the sticky bit ({@code /tmp}), where others cannot
     * rename what is ours. The cache directory itself ({@code leaf}) must be ours and writable by us only.
     */
    static boolean trustedDirectory(Path dir, UserPrincipal me, boolean leaf) throws IOException {
        Path p = dir.toAbsolutePath().normalize();
        boolean first = leaf;
        while (p != null) {
            PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            PosixFileAttributes a = view.readAttributes();
            if (!a.isDirectory()) {
                return false;
            }
            boolean ours = a.owner().equals(me);
            boolean root = a.owner().getName().equals("root");
            boolean othersWrite = a.permissions().stream().anyMatch(OTHERS_WRITE::contains);
            if (first) {
                if (!ours || othersWrite) {
                    return false;
                }
            } else if (!ours && !root) {
                return false;
            } else if (othersWrite && !(root && sticky(p))) {
                return false;
            }
            first = false;
            p = p.getParent();
        }
        return true;
    }

    private static boolean sticky(Path p) {
        try {
            return (((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & STICKY) != 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static UserPrincipal currentUser() {
        try {
            return FileSystems.getDefault().getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** {@code dbagent.cache.dir}, else {@code $XDG_CACHE_HOME/dbagent}, else {@code ~/.cache/dbagent}; null without a home. */
    static Path cacheRoot() {
        String explicit = System.getProperty(CACHE_PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath();
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "dbagent");
        }
        String home = System.getProperty("user.home");
        if (home == null || home.isBlank() || home.equals("?")) {
            return null;
        }
        return Path.of(home, ".cache", "dbagent");
    }

    /**
     * The jar resource of this platform's library, where the driver looks for it; null when the platform is not one
     * this class knows for sure (the driver then decides, as before). The driver's own platform detection runs
     * {@code uname} in a new process, which would cost more than half of what the cache saves, so glibc Linux and
     * macOS on x86_64 and aarch64 are recognised here from the system properties; the library being the one the
     * driver would choose is checked by loading it: when it does not load, the driver unpacks its own.
     */
    static String resourcePath(String osName, String osArch, String runtime, boolean musl) {
        String os;
        if (osName.startsWith("Linux") && !musl && !runtime.contains("Android")) {
            os = "Linux";
        } else if (osName.startsWith("Mac") || osName.startsWith("Darwin")) {
            os = "Mac";
        } else {
            return null;
        }
        String arch = switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64", "x86-64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> null;
        };
        if (arch == null) {
            return null;
        }
        return "/org/sqlite/native/" + os + "/" + arch + "/" + (os.equals("Mac") ? "libsqlitejdbc.dylib" : "libsqlitejdbc.so");
    }

    private static String resourcePath() {
        if (System.getProperty("org.sqlite.osinfo.architecture") != null) {
            return null;
        }
        boolean musl = Files.exists(Path.of("/etc/alpine-release")) || Files.exists(Path.of("/lib/ld-musl-x86_64.so.1"))
                || Files.exists(Path.of("/lib/ld-musl-aarch64.so.1"));
        String path = resourcePath(System.getProperty("os.name", ""), System.getProperty("os.arch", ""),
                System.getProperty("java.runtime.name", ""), musl);
        return path == null || org.sqlite.JDBC.class.getResource(path) == null ? null : path;
    }

    private static String driverVersion() {
        return org.sqlite.SQLiteJDBCLoader.getVersion();
    }

    private static String platform(String resource) {
        String folder = resource.substring("/org/sqlite/native/".length(), resource.lastIndexOf('/'));
        return folder.replace('/', '-');
    }

    /** The sub-directory of one driver version and platform: only safe file-name characters. */
    static String key(String version, String platform) {
        return ("sqlite-jdbc-" + version + "-" + platform).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "_");
    }
}
