package io.dbagent.cli.repl;

import io.dbagent.agent.DatabaseTools;
import io.dbagent.app.PlanStore;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.jdbc.SessionSource;
import io.dbagent.memory.MemoryStore;
import io.dbagent.testsupport.TestDatabases;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Ctrl-C in the chat cancels the running statement on the server and the chat goes on with the next input. */
class ReplCancelIT {

    @Test
    void ctrlCCancelsTheRunningStatementAndReturnsToThePrompt(@TempDir Path dir) throws Exception {
        DbUrl db = TestDatabases.create(DialectKind.POSTGRES, "replcancel");
        try {
            DatabaseTools tools = new DatabaseTools(SessionSource.of(db), db, new MemoryStore(dir), new PlanStore(),
                    false);
            String marker = "dbagent_cancel_" + Long.toHexString(System.nanoTime());
            String input = "select pg_sleep(60) as " + marker + ";\nselect 41 + 1 as answer;\nexit\n";
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long started = System.nanoTime();
            try (Terminal t = new DumbTerminal(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out)) {
                CompletableFuture<Void> chat = CompletableFuture.runAsync(
                        () -> new Repl(t, tools, null, Map.of(), null).run());
                // wait until the server runs the sleep (seen from a connection of our own), then press Ctrl-C
                long deadline = System.currentTimeMillis() + 20_000;
                while (running(db, marker) == 0) {
                    assertThat(System.currentTimeMillis()).as("the sleep never started:\n" + out).isLessThan(deadline);
                    Thread.sleep(100);
                }
                t.raise(Terminal.Signal.INT);
                chat.get(20, TimeUnit.SECONDS);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            String text = out.toString(StandardCharsets.UTF_8);
            assertThat(seconds).as(text).isLessThan(30);
            String[] parts = text.split("dbagent> ", -1);
            assertThat(parts).as(text).hasSize(4);
            assertThat(parts[1]).contains("error:").containsIgnoringCase("cancel");
            assertThat(parts[2]).containsPattern("(?m)^42\\s*$");
            assertThat(parts[3].strip()).isEqualTo("bye");
            assertThat(running(db, marker)).as("nothing left running on the server").isZero();
        } finally {
            TestDatabases.drop(db);
        }
    }

    private static long running(DbUrl db, String marker) throws Exception {
        try (DbSession s = ConnectionFactory.open(db, ConnectionFactory.Access.READ_ONLY);
             Statement st = s.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
                     + "AND query LIKE '%" + marker + "%' AND pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
