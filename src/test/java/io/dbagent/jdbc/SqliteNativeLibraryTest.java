package io.dbagent.jdbc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The cache of sqlite-jdbc's native library: written once, loaded only when it is exactly the jar's and private. */
class SqliteNativeLibraryTest {

    @TempDir
    Path tmp;

    private static final byte[] LIB = "\u007fELF pretend library".getBytes();
    private final AtomicInteger opened = new AtomicInteger();

    private Supplier<InputStream> resource(byte[] bytes) {
        return () -> {
            opened.incrementAndGet();
            return new ByteArrayInputStream(bytes);
        };
    }

    @Test
    void theFirstRunWritesAPrivateCopyAndLaterRunsReuseIt() throws Exception {
        Path dir = tmp.resolve("cache").resolve("native").resolve("sqlite-jdbc-1-linux-x86_64");

        Path lib = SqliteNativeLibrary.install(dir, "libsqlitejdbc.so", resource(LIB));

        assertThat(lib).isEqualTo(dir.resolve("libsqlitejdbc.so"));
        assertThat(Files.readAllBytes(lib)).isEqualTo(LIB);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(lib))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        long written = Files.getLastModifiedTime(lib).toMillis();
        Files.setLastModifiedTime(lib, java.nio.file.attribute.FileTime.fromMillis(written - 60_000));

        assertThat(SqliteNativeLibrary.install(dir, "libsqlitejdbc.so", resource(LIB))).isEqualTo(lib);
        // reused, not rewritten; no temporary file left behind
        assertThat(Files.getLastModifiedTime(lib).toMillis()).isEqualTo(written - 60_000);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("libsqlitejdbc.so");
        }
    }

    @Test
    void aCorruptOrTamperedCopyIsReplacedByTheJarsLibrary() throws Exception {
        Path dir = tmp.resolve("native");
        Path lib = SqliteNativeLibrary.install(dir, "libsqlitejdbc.so", resource(LIB));
        // same size, one byte changed; then truncated
        byte[] tampered = LIB.clone();
        tampered[5] ^= 1;
        Files.write(lib, tampered);
        assertThat(SqliteNativeLibrary.install(dir, "libsqlitejdbc.so", resource(LIB))).isEqualTo(lib);
        assertThat(Files.readAllBytes(lib)).isEqualTo(LIB);
        Files.write(lib, new byte[3]);
        assertThat(SqliteNativeLibrary.install(dir, "libsqlitejdbc.so", resource(LIB))).isEqualTo(lib);
        assertThat(Files.readAllBytes(lib)).isEqualTo(LIB);
        // a new driver version (other bytes) is written over, never mixed up with the old one
        byte[] other = "other version".getBytes();
        assertThat(SqliteNativeLibrary.install(dir, "libsqlitejdbc.so", resource(other))).isEqualTo(lib);
        assertThat(Files.readAllBytes(lib)).isEqualTo(other);
    }

    @Test
    void aLinkInPlaceOfTheLibraryIsNotFollowed() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("native"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Path elsewhere = Files.write(tmp.resolve("elsewhere.so"), LIB);
        Files.createSymbolicLink(dir.resolve("libsqlitejdbc.so"), elsewhere);

        Path lib = SqliteNativeLibrary.install(dir, "libsqlitejdbc.so", resource(LIB));

        // the link was replaced by a file of our own
        assertThat(lib).isEqualTo(dir.resolve("libsqlitejdbc.so"));
        assertThat(Files.isSymbolicLink(lib)).isFalse();
        assertThat(Files.readAllBytes(lib)).isEqualTo(LIB);
    }

    @Test
    void aDirectoryOthersCanWriteToIsNeverUsed() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("shared"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThat(SqliteNativeLibrary.install(dir, "libsqlitejdbc.so", resource(LIB))).isNull();
        assertThat(dir.resolve("libsqlitejdbc.so")).doesNotExist();

        // nor one below a parent others can write to (not sticky, not root's /tmp)
        Path open = Files.createDirectories(tmp.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(SqliteNativeLibrary.install(open.resolve("native"), "libsqlitejdbc.so", resource(LIB))).isNull();

        // a library another user could have changed (group-writable) is not loaded even with the right bytes
        Path mine = tmp.resolve("mine");
        Path lib = SqliteNativeLibrary.install(mine, "libsqlitejdbc.so", resource(LIB));
        Files.setPosixFilePermissions(lib, PosixFilePermissions.fromString("rwxrwx---"));
        assertThat(SqliteNativeLibrary.sameFile(lib, LIB, Files.getOwner(lib))).isFalse();
    }

    @Test
    void aCacheThatCannotBeMadeOrAMissingResourceLeavesTheDriverItsOwnWay() throws Exception {
        assertThat(SqliteNativeLibrary.install(tmp.resolve("none"), "libsqlitejdbc.so", () -> null)).isNull();
        // a file where the cache directory should be
        Path file = Files.write(tmp.resolve("file"), LIB);
        assertThat(SqliteNativeLibrary.install(file.resolve("native"), "libsqlitejdbc.so", resource(LIB))).isNull();
    }

    @Test
    void theDirectoryIsKeyedByDriverVersionAndPlatformAndOnlyKnownPlatformsAreGuessed() {
        assertThat(SqliteNativeLibrary.key("3.54.1.0", "Linux-x86_64")).isEqualTo("sqlite-jdbc-3.54.1.0-linux-x86_64");
        assertThat(SqliteNativeLibrary.key("3/../x", "a b")).isEqualTo("sqlite-jdbc-3_.._x-a_b");
        assertThat(SqliteNativeLibrary.resourcePath("Linux", "amd64", "OpenJDK Runtime Environment", false))
                .isEqualTo("/org/sqlite/native/Linux/x86_64/libsqlitejdbc.so");
        assertThat(SqliteNativeLibrary.resourcePath("Mac OS X", "aarch64", "OpenJDK Runtime Environment", false))
                .isEqualTo("/org/sqlite/native/Mac/aarch64/libsqlitejdbc.dylib");
        // musl, Android, Windows, other architectures: the driver's own detection decides
        assertThat(SqliteNativeLibrary.resourcePath("Linux", "amd64", "OpenJDK Runtime Environment", true)).isNull();
        assertThat(SqliteNativeLibrary.resourcePath("Linux", "aarch64", "Android Runtime", false)).isNull();
        assertThat(SqliteNativeLibrary.resourcePath("Windows 11", "amd64", "OpenJDK Runtime Environment", false)).isNull();
        assertThat(SqliteNativeLibrary.resourcePath("Linux", "ppc64le", "OpenJDK Runtime Environment", false)).isNull();
    }
}
