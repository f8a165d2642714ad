package io.dbagent.safety;

import io.dbagent.jdbc.DialectKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attack corpus: every line of {@code attacks/<engine>.tsv} (and {@code common.tsv}, run on every engine) goes
 * through the real tool or command it names, on PostgreSQL as superuser, MariaDB as root and SQLite. What is asserted
 * is the world, read through separate admin connections: live rows, roles and users, large objects, files, locks,
 * the victim session, server settings, leftover scratch databases, and that no password came back in any output or
 * file. dbagent's own answer, refusal or not, is only printed to help read a failure.
 */
class AttackCorpusIT {

    /** Used as a password in URL attacks; no piece of it may show up in any answer or written file. */
    static final String SECRET = "Zq8Wv3Kx5Jm";
    private static final int ANSWER_SECONDS = 60;

    private static Path sentinelDir;
    private static Path secretDir;
    private static Path secretFile;
    private static Path memoryDir;
    private static final List<World> WORLDS = new ArrayList<>();
    private static final ExecutorService CALLS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "attack-corpus-call");
        t.setDaemon(true);
        return t;
    });

    @BeforeAll
    static void directories() throws IOException {
        // the database servers write files as their own users: the sentinel directory must let them
        sentinelDir = Files.createTempDirectory("dbagent-attack-sentinel-");
        Files.setPosixFilePermissions(sentinelDir, PosixFilePermissions.fromString("rwxrwxrwx"));
        memoryDir = Files.createTempDirectory("dbagent-attack-memory-");
        // a file the servers can read whose name and content are the secret: reading or listing it shows in answers
        secretDir = Files.createTempDirectory("dbagent-attack-secret-");
        Files.setPosixFilePermissions(secretDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        secretFile = Files.writeString(secretDir.resolve(SECRET + ".txt"), SECRET + "\n");
        Files.setPosixFilePermissions(secretFile, PosixFilePermissions.fromString("rw-r--r--"));
    }

    @AfterAll
    static void cleanUp() throws IOException {
        for (World w : WORLDS) {
            w.close();
        }
        deleteTree(sentinelDir);
        deleteTree(memoryDir);
        deleteTree(secretDir);
        deleteTree(Path.of("target", "attack-corpus"));
    }

    @TestFactory
    Stream<DynamicTest> postgres() {
        return attacks("postgres.tsv", () -> new PostgresWorld(sentinelDir));
    }

    @TestFactory
    Stream<DynamicTest> mariadb() {
        return attacks("mariadb.tsv", MariaDbWorld::new);
    }

    @TestFactory
    Stream<DynamicTest> sqlite() {
        return attacks("sqlite.tsv", SqliteWorld::new);
    }

    /** The corpus is as wide as the issue asks: 150 attacks at least, every surface used. */
    @Test
    void corpusCoversEverySurface() {
        List<Attack> all = new ArrayList<>();
        for (String f : List.of("postgres.tsv", "mariadb.tsv", "sqlite.tsv")) {
            all.addAll(Attack.load("attacks/" + f));
            all.addAll(Attack.load("attacks/common.tsv"));
        }
        assertThat(all).hasSizeGreaterThanOrEqualTo(150);
        Set<String> used = new TreeSet<>();
        all.forEach(a -> used.add(a.surface()));
        assertThat(used).containsAll(Surfaces.NAMES);
    }

    private Stream<DynamicTest> attacks(String file, Supplier<World> worldFactory) {
        List<Attack> list = new ArrayList<>(Attack.load("attacks/common.tsv"));
        list.addAll(Attack.load("attacks/" + file));
        World world = worldFactory.get();
        WORLDS.add(world);
        Surfaces surfaces = new Surfaces(world, memoryDir);
        String engine = file.replace(".tsv", "");
        // the statements of other surfaces are hostile hypothetical indexes too (and statements planned with one)
        List<Attack> replays = new ArrayList<>();
        for (Attack a : list) {
            if (Surfaces.REPLAY_AS_INDEX.contains(a.surface())) {
                replays.add(new Attack(a.id(), "hypothetical", a.payload(), a.source() + " as a hypothetical index"));
            }
            if (Surfaces.REPLAY_AS_STATEMENT.contains(a.surface())) {
                replays.add(new Attack(a.id(), "hypothetical_sql", a.payload(), a.source()
                        + " planned with a hypothetical index"));
            }
        }
        list.addAll(replays);
        return list.stream().map(a -> DynamicTest.dynamicTest(a.id() + " [" + a.surface() + "]",
                () -> attack(world, surfaces, engine, a)));
    }

    private static void attack(World world, Surfaces surfaces, String engine, Attack attack) throws Exception {
        Map<String, String> before = world.snapshot();
        Map<String, String> values = new LinkedHashMap<>(world.placeholders());
        values.put("sentinel", sentinelDir.resolve(engine + "-" + attack.id() + ".out").toString());
        values.put("sentinel_dir", sentinelDir.toString());
        values.put("secret", SECRET);
        values.put("secret_dir", secretDir.toString());
        values.put("secret_file", secretFile.toString());
        values.put("secret_file_hex", "0x" + java.util.HexFormat.of().formatHex(secretFile.toString().getBytes(
                java.nio.charset.StandardCharsets.UTF_8)));
        String payload = attack.expand(values);
        Path work = Path.of("target", "attack-corpus", engine, attack.id()).toAbsolutePath();
        deleteTree(work);
        Files.createDirectories(work);

        List<String> problems = new ArrayList<>();
        String answer;
        Future<String> call = CALLS.submit(() -> surfaces.run(attack.surface(), payload, work));
        try {
            answer = call.get(ANSWER_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            answer = "(no answer)";
            problems.add("no answer within " + ANSWER_SECONDS + " s");
        }
        problems.addAll(surfaces.takeProblems());
        problems.addAll(world.differences(before));
        List<String> written = listFiles(sentinelDir);
        if (!written.isEmpty()) {
            problems.add("files written outside dbagent's control: " + written);
        }
        String leak = leakedSecret(answer, work);
        if (leak != null) {
            problems.add("password leaked: " + leak);
        }
        if (!problems.isEmpty()) {
            world.repair(before, problems);
            // after the repair: a server log pointed at the sentinel may have written to it until then
            for (String f : listFiles(sentinelDir)) {
                Files.deleteIfExists(Path.of(f));
            }
        }
        deleteTree(work);
        assertThat(problems).as("attack %s (%s) on %s changed the world\npayload: %s\ndbagent answered: %s",
                attack.id(), attack.source(), engine, payload, shorten(answer)).isEmpty();
    }

    /** A piece of the secret (4 characters or more) in the answer or in any file the attack made dbagent write. */
    private static String leakedSecret(String answer, Path work) throws IOException {
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i + 4 <= SECRET.length(); i++) {
            pieces.add(SECRET.substring(i, i + 4));
        }
        for (String p : pieces) {
            if (answer.contains(p)) {
                return "'" + p + "' in the answer";
            }
        }
        try (Stream<Path> files = Files.walk(work)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(f);
                for (String p : pieces) {
                    if (text.contains(p)) {
                        return "'" + p + "' in " + work.relativize(f);
                    }
                }
            }
        }
        return null;
    }

    private static List<String> listFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(Path::toString).sorted().toList();
        }
    }

    private static String shorten(String s) {
        return s.length() > 1500 ? s.substring(0, 1500) + "…" : s;
    }

    private static void deleteTree(Path p) throws IOException {
        if (p == null || !Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
