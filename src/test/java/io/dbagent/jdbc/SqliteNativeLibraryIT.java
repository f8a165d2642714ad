package io.dbagent.jdbc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar's SQLite commands load the driver's native library from the cache: two processes starting at once on an
 * empty cache both work and leave one complete library, and a damaged copy is replaced. The driver's own way (unpack
 * into {@code org.sqlite.tmpdir}) is made impossible here, so a command that succeeds loaded the cached library.
 */
class SqliteNativeLibraryIT {

    @TempDir
    Path tmp;

    private Process start(Path cache, Path db, Path out) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Ddbagent.cache.dir=" + cache, "-Dorg.sqlite.tmpdir=" + tmp.resolve("no-such-dir"),
                "-jar", Path.of("target", "dbagent.jar").toString(), "inspect", "--db", "sqlite:" + db));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    }

    private static byte[] jarLibrary() throws Exception {
        try (InputStream in = org.sqlite.JDBC.class.getResourceAsStream("/org/sqlite/native/Linux/x86_64/libsqlitejdbc.so")) {
            assertThat(in).as("this test runs on glibc Linux x86_64").isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void twoFirstRunsAtOnceBothLoadTheCachedLibrary() throws Exception {
        Path db = tmp.resolve("shop.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)");
        }
        Path cache = tmp.resolve("cache");
        Process a = start(cache, db, tmp.resolve("a.out"));
        Process b = start(cache, db, tmp.resolve("b.out"));
        assertThat(a.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(b.waitFor(120, TimeUnit.SECONDS)).isTrue();
        for (String o : List.of("a.out", "b.out")) {
            String out = Files.readString(tmp.resolve(o), StandardCharsets.UTF_8);
            assertThat(out).as(o).contains("TABLE items").doesNotContain("Exception");
        }
        assertThat(a.exitValue()).isZero();
        assertThat(b.exitValue()).isZero();
        Path dir = cache.resolve("native").resolve("sqlite-jdbc-" + org.sqlite.SQLiteJDBCLoader.getVersion() + "-linux-x86_64");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("libsqlitejdbc.so");
        }
        Path lib = dir.resolve("libsqlitejdbc.so");
        assertThat(Files.readAllBytes(lib)).isEqualTo(jarLibrary());

        // a damaged copy is not loaded: it is written again and the command works
        Files.write(lib, new byte[]{0x7f, 'E', 'L', 'F'});
        Process c = start(cache, db, tmp.resolve("c.out"));
        assertThat(c.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(c.exitValue()).as(Files.readString(tmp.resolve("c.out"))).isZero();
        assertThat(Files.readAllBytes(lib)).isEqualTo(jarLibrary());
    }

    @Test
    void withoutAUsableCacheTheDriverCannotLoadHereSoTheRunsAboveUsedTheCache() throws Exception {
        Path db = tmp.resolve("x.db");
        Files.createFile(db);
        // a cache directory that cannot be used (a file stands where it should be): the driver's own way, which this
        // test's org.sqlite.tmpdir makes fail
        Path blocked = Files.writeString(tmp.resolve("blocked"), "x");
        Process p = start(blocked, db, tmp.resolve("p.out"));
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isNotZero();
    }
}
