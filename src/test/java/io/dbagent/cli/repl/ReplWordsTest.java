package io.dbagent.cli.repl;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReplWordsTest {

    @Test
    void quitWords() {
        for (String w : new String[] {"exit", "quit", "\\q", "/quit", "/exit", " EXIT; ", "Quit"}) {
            assertThat(Repl.isQuit(w)).as(w).isTrue();
        }
        for (String w : new String[] {"exit the loop", "quit?", "\\qq", "select 1", "/quitter"}) {
            assertThat(Repl.isQuit(w)).as(w).isFalse();
        }
    }

    @Test
    void historyFollowsXdgStateHomeThenTheEnvironmentsHome() {
        assertThat(Repl.historyFile(Map.of("XDG_STATE_HOME", "/state", "HOME", "/home/u")))
                .isEqualTo(Path.of("/state/dbagent/history"));
        assertThat(Repl.historyFile(Map.of("HOME", "/home/u"))).isEqualTo(Path.of("/home/u/.dbagent/history"));
        // a relative XDG_STATE_HOME is invalid by the specification and ignored
        assertThat(Repl.historyFile(Map.of("XDG_STATE_HOME", "state", "HOME", "/home/u")))
                .isEqualTo(Path.of("/home/u/.dbagent/history"));
    }
}
