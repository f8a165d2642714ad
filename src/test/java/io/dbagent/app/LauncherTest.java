package io.dbagent.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LauncherTest {

    @Test
    void theLauncherScriptIsNamedByItsAbsolutePath(@TempDir Path dir) throws Exception {
        Path script = Files.createFile(dir.resolve("dbagent"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        assertThat(Launcher.words(script.toString())).containsExactly(script.toAbsolutePath().toString());
    }

    @Test
    void withoutALauncherItIsTheRunningJavaWithAnAbsoluteClassPathOrJar() {
        List<String> words = Launcher.words(null);
        assertThat(Path.of(words.get(0))).isAbsolute();
        assertThat(words.get(0)).endsWith("/bin/java");
        // tests run from target/classes: the class path and the CLI's main class
        assertThat(words).contains("io.dbagent.cli.Main");
        // a script path that is not executable is not trusted
        assertThat(Launcher.words("/nonexistent/dbagent")).isEqualTo(words);
    }

    @Test
    void wordsAreQuotedForTheShell() {
        assertThat(Launcher.shellCommand(List.of("/opt/db agent/dbagent"))).isEqualTo("'/opt/db agent/dbagent'");
        assertThat(Launcher.shellCommand(List.of("/usr/bin/java", "-jar", "/opt/it's/dbagent.jar")))
                .isEqualTo("/usr/bin/java -jar '/opt/it'\\''s/dbagent.jar'");
        assertThat(Launcher.shellCommand(List.of("/opt/dbagent/dbagent"))).isEqualTo("/opt/dbagent/dbagent");
    }
}
