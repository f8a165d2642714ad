package io.dbagent.migrate;

import io.dbagent.dialect.Dialects;
import io.dbagent.diff.ModelComparison;
import io.dbagent.guard.ScratchRunner;
import io.dbagent.guard.StatementFailure;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.jdbc.ScratchDatabase;
import io.dbagent.report.Finding;
import io.dbagent.report.Report;
import io.dbagent.report.Severity;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;
import io.dbagent.sql.ScriptSplitter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code migrate test}: on a fresh scratch database, for each migration in order: seed empty tables, snapshot,
 * up, check the data (foreign keys without orphans, checks, unique keys, NOT NULL, untouched tables keep their row
 * counts), down, the schema must equal the snapshot, then up again (it must give the same schema as the first up).
 * Any failure stops at that migration; the ones after it are not run.
 */
public final class MigrationTester {

    private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

    private MigrationTester() {
    }

    /** Runs on a new scratch database of the dev server's engine (SQLite when {@code devServer} is null). */
    public static TestResult test(List<Migration> migrations, DbUrl devServer, int seedRows) {
        DialectKind d = devServer == null ? DialectKind.SQLITE : devServer.dialect();
        try (ScratchDatabase scratch = ScratchDatabase.create(d, devServer); DbSession s = scratch.openWritable()) {
            return test(s, migrations, seedRows, scratch.note());
        }
    }

    /**
     * Runs on an open writable session of a {@link ScratchDatabase} that already holds the baseline. The migration
     * files are untrusted: they run through the {@link ScratchRunner} (a refused statement fails the whole test).
     */
    public static TestResult test(DbSession s, List<Migration> migrations, int seedRows, String label) {
        List<TestResult.MigrationTest> results = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        for (Migration m : migrations) {
            TestResult.MigrationTest r = one(s, m, seedRows, findings);
            results.add(r);
            if (r.outcome().equals("failed")) {
                break;
            }
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("migrations", migrations.size());
        metrics.put("tested", results.stream().filter(r -> r.outcome().equals("ok")).count());
        metrics.put("failed", results.stream().filter(r -> r.outcome().equals("failed")).count());
        Report<Void> report = new Report<>("migrate test", label, s.describe(), findings, Map.of(), metrics);
        return new TestResult(label, s.describe(), results, report);
    }

    private static TestResult.MigrationTest one(DbSession s, Migration m, int seedRows, List<Finding> findings) {
        List<String> steps = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String script = m.up().script();
        Map<String, String> unseeded = SeedData.seed(s, Dialects.inspect(s), seedRows);
        unseeded.forEach((t, why) -> steps.add("could not seed " + t + ": " + why));
        Schema before = Dialects.inspect(s);
        Map<String, Long> counts = counts(s, before);
        steps.add("snapshot: " + before.tables().size() + " tables, " + counts.values().stream().mapToLong(Long::longValue).sum() + " rows");

        String upFailure = apply(s, m.up(), steps);
        if (upFailure != null) {
            problem(findings, problems, "migration-test-up-failed", script, "up failed: " + upFailure,
                    "fix the statement; the test database started from the schema the earlier migrations build");
            return new TestResult.MigrationTest(m.version(), script, "failed", steps, problems);
        }
        steps.add("up");
        Schema afterUp = Dialects.inspect(s);
        for (IntegrityChecks.Violation v : IntegrityChecks.run(s, afterUp)) {
            problem(findings, problems, "migration-test-" + v.kind(), script + " " + v.subject(), "after up: " + v.detail(),
                    fixFor(v.kind()));
        }
        List<String> touched = touchedTables(m.up().sql(), before);
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            if (touched.contains(e.getKey().toLowerCase(Locale.ROOT)) || afterUp.table(e.getKey()).isEmpty()) {
                continue;
            }
            long now = SeedData.count(s, afterUp.table(e.getKey()).get());
            if (now != e.getValue()) {
                problem(findings, problems, "migration-test-row-count-changed", script + " " + e.getKey(),
                        "after up: " + e.getKey() + " has " + now + " rows, " + e.getValue() + " before, although the "
                                + "migration does not name it (a cascade or a trigger changed it)",
                        "check ON DELETE CASCADE and triggers reached from the tables the migration changes");
            }
        }
        steps.add("checked " + afterUp.tables().size() + " tables: foreign keys, checks, unique keys, NOT NULL, row counts");
        if (m.down() == null) {
            steps.add("no down migration: round trip not tested");
            return new TestResult.MigrationTest(m.version(), script, problems.isEmpty() ? "untested" : "failed", steps,
                    problems);
        }
        String downFailure = apply(s, m.down(), steps);
        if (downFailure != null) {
            problem(findings, problems, "migration-test-down-failed", m.down().script(), "down failed: " + downFailure,
                    "fix the down file so it undoes the up on a database with rows");
            return new TestResult.MigrationTest(m.version(), script, "failed", steps, problems);
        }
        steps.add("down");
        List<String> diff = ModelComparison.differences(before, Dialects.inspect(s));
        if (!diff.isEmpty()) {
            problem(findings, problems, "migration-test-down-mismatch", m.down().script(), "down does not restore the "
                            + "schema: " + diff.size() + " difference(s): " + String.join("; ", diff.subList(0, Math.min(5, diff.size()))),
                    "make " + m.down().script() + " undo every change of " + script
                            + "; 'dbagent diff' between the two schemas shows what is missing");
            return new TestResult.MigrationTest(m.version(), script, "failed", steps, problems);
        }
        steps.add("schema equals the snapshot");
        String again = apply(s, m.up(), null);
        if (again != null) {
            problem(findings, problems, "migration-test-reapply-failed", script, "up after down failed: " + again,
                    "the down leaves something behind that the up trips over");
            return new TestResult.MigrationTest(m.version(), script, "failed", steps, problems);
        }
        List<String> reDiff = ModelComparison.differences(afterUp, Dialects.inspect(s));
        if (!reDiff.isEmpty()) {
            problem(findings, problems, "migration-test-reapply-mismatch", script, "up after down gives another "
                    + "schema: " + String.join("; ", reDiff.subList(0, Math.min(5, reDiff.size()))), "the down leaves something behind");
        }
        steps.add("up again");
        return new TestResult.MigrationTest(m.version(), script, problems.isEmpty() ? "ok" : "failed", steps, problems);
    }

    /** Null when the file ran; else why not. Statements the guard skipped are listed in {@code steps}. */
    private static String apply(DbSession s, MigrationFile f, List<String> steps) {
        List<ScriptSplitter.Statement> stmts = ScriptSplitter.splitWithLines(f.sql());
        try {
            ScratchRunner.Outcome o = ScratchRunner.run(s, stmts,
                    Transactions.fileIsTransactional(s.dialect(), f.sql(), stmts), ScratchRunner.timeout());
            if (steps != null) {
                o.skipped().forEach(k -> steps.add("skipped in " + f.script() + " " + k.describe()));
            }
            return null;
        } catch (StatementFailure e) {
            return e.statement() == null ? e.getMessage() : e.getMessage() + " in: " + statementText(e.statement());
        } catch (io.dbagent.DbAgentException e) {
            if (e.code() == io.dbagent.DbAgentException.Code.BAD_INPUT) {
                throw io.dbagent.DbAgentException.badInput(f.script() + ": " + e.getMessage());
            }
            throw e;
        }
    }

    /** The failed statement on one line (at most 200 characters), passwords redacted. */
    static String statementText(String sql) {
        String one = sql.replaceAll("\\s+", " ").strip();
        return io.dbagent.jdbc.Redactor.redact(one.length() > 200 ? one.substring(0, 197) + "..." : one);
    }

    private static void problem(List<Finding> findings, List<String> problems, String id, String subject, String message,
                                String fix) {
        problems.add(message);
        findings.add(Finding.builder(id, Severity.CRITICAL).subject(subject).message(subject.split(" ")[0] + ": " + message)
                .fix(fix).build());
    }

    private static String fixFor(String kind) {
        return switch (kind) {
            case "orphan-rows" -> "delete or re-point the orphans in the migration before adding or validating the "
                    + "foreign key, and never turn foreign key checks off around it";
            case "not-valid-constraint" -> "clean up the rows that break it before VALIDATE CONSTRAINT runs in production";
            case "check-violation" -> "update the rows that break the check in the migration, before the constraint";
            case "unique-violation" -> "deduplicate in the migration before adding the unique key";
            default -> "backfill the column before making it NOT NULL";
        };
    }

    private static Map<String, Long> counts(DbSession s, Schema schema) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Table t : schema.tables()) {
            if (!t.name().equalsIgnoreCase(HistorySql.TABLE)) {
                out.put(t.name(), SeedData.count(s, t));
            }
        }
        return out;
    }

    /** Tables whose name the migration text mentions (DDL or DML): their row counts may legitimately change. */
    private static List<String> touchedTables(String sql, Schema schema) {
        List<String> words = new ArrayList<>();
        Matcher m = WORD.matcher(sql.replace('"', ' ').replace('`', ' '));
        while (m.find()) {
            words.add(m.group().toLowerCase(Locale.ROOT));
        }
        return schema.tables().stream().map(t -> t.name().toLowerCase(Locale.ROOT)).filter(words::contains).toList();
    }
}
