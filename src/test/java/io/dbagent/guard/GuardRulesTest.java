package io.dbagent.guard;

import io.dbagent.DbAgentException;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.sql.ScriptSplitter;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The guard's rules without a database, as data: {@code guard/refuse-<engine>.txt} (attacks that must be refused),
 * {@code guard/pass-<engine>.txt} (legitimate statements with the kind they must get), {@code scratch-*.txt} and
 * real dumps of pg_dump 15, mariadb-dump and sqlite3 .dump for the scratch allow list. Adding a case is one line.
 */
class GuardRulesTest {

    private static final List<DialectKind> ENGINES = List.of(DialectKind.POSTGRES, DialectKind.MYSQL,
            DialectKind.SQLITE);

    @TestFactory
    Stream<DynamicTest> attacksAreRefused() {
        List<DynamicTest> out = new ArrayList<>();
        for (DialectKind d : ENGINES) {
            for (String[] c : rows("refuse-" + d.id() + ".txt", 2)) {
                for (ExecutionContext ctx : contexts(c[0])) {
                    out.add(DynamicTest.dynamicTest(d + " " + ctx + ": " + c[1], () -> {
                        DbAgentException e = assertThrows(DbAgentException.class,
                                () -> StatementGuard.checkWithoutCatalog(ctx, d, c[1]), "must be refused");
                        assertEquals(DbAgentException.Code.BAD_INPUT, e.code());
                        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
                    }));
                }
            }
        }
        return out.stream();
    }

    @TestFactory
    Stream<DynamicTest> legitimateStatementsPass() {
        List<DynamicTest> out = new ArrayList<>();
        for (DialectKind d : ENGINES) {
            for (String[] c : rows("pass-" + d.id() + ".txt", 3)) {
                for (ExecutionContext ctx : contexts(c[0])) {
                    out.add(DynamicTest.dynamicTest(d + " " + ctx + ": " + c[2], () -> {
                        StatementGuard.Checked checked = StatementGuard.checkWithoutCatalog(ctx, d, c[2]);
                        assertEquals(StatementGuard.Kind.valueOf(c[1]), checked.kind(), c[2]);
                        assertFalse(checked.sql().endsWith(";"));
                    }));
                }
            }
        }
        return out.stream();
    }

    @TestFactory
    Stream<DynamicTest> scratchRefusesUntrustedStatements() {
        List<DynamicTest> out = new ArrayList<>();
        for (DialectKind d : ENGINES) {
            for (String[] c : rows("scratch-refuse-" + d.id() + ".txt", 1)) {
                out.add(DynamicTest.dynamicTest(d + ": " + c[0], () -> {
                    DbAgentException e = assertThrows(DbAgentException.class,
                            () -> StatementGuard.checkScratch(d, c[0]), "must be refused");
                    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
                }));
            }
        }
        return out.stream();
    }

    @TestFactory
    Stream<DynamicTest> scratchRunsOrSkipsHarmlessStatements() {
        return rows("scratch-pass.txt", 3).stream().map(c -> DynamicTest.dynamicTest(c[0] + " " + c[1] + ": " + c[2],
                () -> {
                    StatementGuard.Verdict v = StatementGuard.checkScratch(DialectKind.parse(c[0]), c[2]);
                    assertEquals(c[1].equals("RUN"), v.run(), "verdict for " + c[2] + ": " + v.reason());
                    if (!v.run()) {
                        assertTrue(v.reason() != null && !v.reason().isBlank());
                    }
                }));
    }

    @Test
    void realDumpsPassTheScratchAllowList() {
        assertDump(DialectKind.POSTGRES, "dump-pg15-schema.sql", "CREATE FUNCTION public.touch()");
        assertDump(DialectKind.POSTGRES, "dump-pg15-inserts.sql", "INSERT INTO public.customers");
        assertDump(DialectKind.MYSQL, "dump-mariadb.sql", "FUNCTION `add1`");
        assertDump(DialectKind.SQLITE, "dump-sqlite.sql", "CREATE TRIGGER t_ins");
    }

    private static void assertDump(DialectKind d, String file, String mustRun) {
        String script = read(file);
        List<String> statements = ScriptSplitter.split(script);
        int run = 0;
        boolean sawMustRun = false;
        for (String s : statements) {
            StatementGuard.Verdict v = StatementGuard.checkScratch(d, s);
            if (v.run()) {
                run++;
                sawMustRun |= s.contains(mustRun);
            }
        }
        assertTrue(run >= 5, file + ": only " + run + " statements run");
        assertTrue(sawMustRun, file + ": the statement with '" + mustRun + "' must run whole");
    }

    private static List<ExecutionContext> contexts(String c) {
        return c.equals("BOTH") ? List.of(ExecutionContext.READ, ExecutionContext.MEASURE)
                : List.of(ExecutionContext.valueOf(c));
    }

    /** Lines of a data file split on tabs into {@code columns} fields; # lines are comments, ⏎ a line break. */
    private static List<String[]> rows(String file, int columns) {
        List<String[]> out = new ArrayList<>();
        for (String line : read(file).split("\n", -1)) {
            if (line.isBlank() || line.startsWith("# ")) {
                continue;
            }
            String[] f = line.split("\t", columns);
            String[] full = new String[columns];
            for (int i = 0; i < columns; i++) {
                full[i] = i < f.length ? f[i].replace("⏎", "\n") : "";
            }
            out.add(full);
        }
        assertFalse(out.isEmpty(), file + " has no cases");
        return out;
    }

    private static String read(String file) {
        try (InputStream in = GuardRulesTest.class.getResourceAsStream("/guard/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource guard/" + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
