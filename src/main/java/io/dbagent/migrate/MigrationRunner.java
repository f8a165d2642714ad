package io.dbagent.migrate;

import io.dbagent.DbAgentException;
import io.dbagent.dialect.Dialects;
import io.dbagent.dialect.Sql;
import io.dbagent.guard.ScriptExecutor;
import io.dbagent.guard.StatementFailure;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.sql.ScriptSplitter;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Applies and reverts migration files under the runner lock, recording every file in the history table. On
 * PostgreSQL and SQLite each file runs in its own transaction together with its history row, so a file is either
 * fully applied and recorded or not at all. MySQL/MariaDB commit every DDL statement on their own: there (and for
 * files that cannot run in a transaction, e.g. CREATE INDEX CONCURRENTLY) the row is written before the first
 * statement and updated after each one, so the history says how far a failed file got even if the process dies.
 */
public final class MigrationRunner {

    private MigrationRunner() {
    }

    /** Applies pending migrations up to {@code target} (all when null), with the detected history. */
    public static RunResult up(DbSession s, List<Migration> migrations, String target, int lockTimeoutSeconds) {
        return up(s, new MigrationDirectory.Scan(migrations, List.of(), List.of()), target, lockTimeoutSeconds,
                HistoryOption.AUTO);
    }

    /**
     * Applies pending versioned migrations up to {@code target} (all when null), then every repeatable file that
     * never ran or changed since it last ran, recording each in the history {@code history} chooses.
     */
    public static RunResult up(DbSession s, MigrationDirectory.Scan scan, String target, int lockTimeoutSeconds,
                               HistoryOption history) {
        prepare(s);
        HistoryOption.Resolved h = history.resolve(s);
        HistoryStore store = h.store();
        List<String> notes = notes(h, scan);
        List<Migration> migrations = scan.migrations();
        try (RunnerLock lock = RunnerLock.acquire(s, lockTimeoutSeconds)) {
            store.ensure(s);
            List<MigrationStatus.Entry> status = status(store, s, scan);
            refuseProblems(status);
            String latestApplied = status.stream().filter(e -> !e.isRepeatable() && e.isApplied())
                    .map(MigrationStatus.Entry::version).max(MigrationDirectory::compareVersions).orElse(null);
            List<RunResult.Step> steps = new ArrayList<>();
            for (Migration m : migrations) {
                MigrationStatus.Entry e = entry(status, m.version());
                if (e.state() != MigrationStatus.State.PENDING
                        || target != null && MigrationDirectory.compareVersions(m.version(), target) > 0) {
                    continue;
                }
                boolean outOfOrder = latestApplied != null
                        && MigrationDirectory.compareVersions(m.version(), latestApplied) < 0;
                String failure = run(s, store, m.up(), steps, outOfOrder ? "out of order: a later version was applied before" : null,
                        lockTimeoutSeconds * 1000L);
                if (failure != null) {
                    return result("migrate up", s, store, notes, steps, failure);
                }
            }
            for (MigrationFile f : scan.repeatables()) {
                MigrationStatus.State st = status.stream().filter(e -> f.script().equals(e.script()) && e.isRepeatable())
                        .findFirst().orElseThrow().state();
                if (st != MigrationStatus.State.PENDING && st != MigrationStatus.State.OUTDATED) {
                    continue;
                }
                String failure = run(s, store, f, steps, st == MigrationStatus.State.OUTDATED
                        ? "repeatable, changed since it last ran" : "repeatable", lockTimeoutSeconds * 1000L);
                if (failure != null) {
                    return result("migrate up", s, store, notes, steps, failure);
                }
            }
            return result("migrate up", s, store, notes, steps, null);
        }
    }

    /** Reverts the last {@code steps} applied migrations, or all above {@code target}; one when both are null. */
    public static RunResult down(DbSession s, List<Migration> migrations, String target, Integer steps,
                                 int lockTimeoutSeconds) {
        return down(s, new MigrationDirectory.Scan(migrations, List.of(), List.of()), target, steps,
                lockTimeoutSeconds, HistoryOption.AUTO);
    }

    /** As {@link #down(DbSession, List, String, Integer, int)}, with the history {@code history} chooses. */
    public static RunResult down(DbSession s, MigrationDirectory.Scan scan, String target, Integer steps,
                                 int lockTimeoutSeconds, HistoryOption history) {
        prepare(s);
        HistoryOption.Resolved h = history.resolve(s);
        HistoryStore store = h.store();
        if (store instanceof FlywayHistory) {
            throw DbAgentException.badInput("migrate down is not available with Flyway's history ("
                    + store.table() + "): Flyway Community stops on undo rows ('Unknown migration type UNDO_SQL'), "
                    + "so dbagent writes none; revert with a new V file, or keep dbagent's own history (--history "
                    + "dbagent). Nothing was reverted");
        }
        List<Migration> migrations = scan.migrations();
        try (RunnerLock lock = RunnerLock.acquire(s, lockTimeoutSeconds)) {
            List<MigrationStatus.Entry> status = status(store, s, scan);
            refuseProblems(status);
            List<MigrationStatus.Entry> applied = status.stream().filter(e -> !e.isRepeatable() && e.isApplied())
                    .sorted(Comparator.comparing(MigrationStatus.Entry::version, MigrationDirectory::compareVersions)
                            .reversed()).toList();
            List<MigrationStatus.Entry> chosen = target != null
                    ? applied.stream().filter(e -> MigrationDirectory.compareVersions(e.version(), target) > 0).toList()
                    : applied.subList(0, Math.min(steps == null ? 1 : steps, applied.size()));
            List<Migration> downs = new ArrayList<>();
            for (MigrationStatus.Entry e : chosen) {
                if (e.state() == MigrationStatus.State.BASELINED) {
                    throw DbAgentException.badInput("cannot revert version " + e.version() + ": it is at or below the "
                            + "baseline, which dbagent never ran; nothing was reverted");
                }
                Migration m = migrations.stream().filter(x -> x.version().equals(e.version())).findFirst().orElseThrow();
                if (m.down() == null) {
                    throw DbAgentException.badInput("cannot revert " + m.up().script() + ": there is no U" + m.version()
                            + "__" + m.up().script().substring(m.up().script().indexOf("__") + 2)
                            + " down migration; nothing was reverted");
                }
                downs.add(m);
            }
            List<RunResult.Step> out = new ArrayList<>();
            List<String> notes = notes(h, scan);
            for (Migration m : downs) {
                String failure = run(s, store, m.down(), out, null, lockTimeoutSeconds * 1000L);
                if (failure != null) {
                    return result("migrate down", s, store, notes, out, failure);
                }
            }
            return result("migrate down", s, store, notes, out, null);
        }
    }

    /** The state of every version; read-only, against dbagent's history or Flyway's when only that one exists. */
    public static List<MigrationStatus.Entry> status(DbSession s, List<Migration> migrations) {
        return status(s, new MigrationDirectory.Scan(migrations, List.of(), List.of()), HistoryOption.AUTO).entries();
    }

    /** The state of every version and repeatable file, the history read and the notes; read-only. */
    public static StatusResult status(DbSession s, MigrationDirectory.Scan scan, HistoryOption history) {
        HistoryOption.Resolved h = history.resolve(s);
        return new StatusResult(status(h.store(), s, scan), h.store().table(), notes(h, scan));
    }

    /** What {@link #status(DbSession, MigrationDirectory.Scan, HistoryOption)} found. */
    public record StatusResult(List<MigrationStatus.Entry> entries, String history, List<String> notes) {
    }

    private static List<MigrationStatus.Entry> status(HistoryStore store, DbSession s, MigrationDirectory.Scan scan) {
        return MigrationStatus.compute(scan.migrations(), scan.repeatables(), store.read(s), store::checksum);
    }

    /**
     * Marks every version up to {@code version} as applied without running it: one baseline row in the history
     * (created when missing). Refused when the history already has rows, as Flyway refuses it.
     */
    public static RunResult baseline(DbSession s, String version, String description, int lockTimeoutSeconds,
                                     HistoryOption history) {
        if (version == null || !version.matches("\\d+(?:[._]\\d+)*")) {
            throw DbAgentException.badInput("--version must be a migration version such as 3 or 1.2 or 20240501120000, got '"
                    + version + "'");
        }
        String v = version.replace('_', '.');
        prepare(s);
        HistoryOption.Resolved h = history.resolve(s);
        HistoryStore store = h.store();
        List<String> notes = notes(h, new MigrationDirectory.Scan(List.of(), List.of(), List.of()));
        try (RunnerLock lock = RunnerLock.acquire(s, lockTimeoutSeconds)) {
            store.ensure(s);
            List<History.Row> rows = store.read(s);
            if (!rows.isEmpty()) {
                throw DbAgentException.badInput("cannot baseline: " + store.table() + " already has " + rows.size()
                        + " row" + (rows.size() == 1 ? "" : "s") + " (baseline is for a database no runner has "
                        + "migrated yet); nothing was written");
            }
            long t0 = System.nanoTime();
            boolean auto = s.connection().getAutoCommit();
            store.insertBaseline(s.connection(), s.dialect(), v, description);
            if (!auto) {
                s.connection().commit();
            }
            List<RunResult.Step> steps = List.of(new RunResult.Step(v, description == null ? "baseline" : description,
                    null, "baselined", ms(t0), "versions up to " + v + " count as applied; none was run"));
            return result("migrate baseline", s, store, notes, steps, null);
        } catch (SQLException e) {
            throw Sql.failure("cannot write the baseline into " + store.table(), e);
        }
    }

    /** Deletes the rows of failed (half-applied) attempts, once the schema has been repaired by hand. */
    public static int repair(DbSession s, int lockTimeoutSeconds) {
        return repair(s, lockTimeoutSeconds, HistoryOption.AUTO);
    }

    /** As {@link #repair(DbSession, int)}, in the history {@code history} chooses. */
    public static int repair(DbSession s, int lockTimeoutSeconds, HistoryOption history) {
        HistoryStore store = history.resolve(s).store();
        try (RunnerLock lock = RunnerLock.acquire(s, lockTimeoutSeconds)) {
            if (!store.exists(s)) {
                return 0;
            }
            return store.deleteFailed(s.connection());
        } catch (SQLException e) {
            throw Sql.failure("cannot repair the history table", e);
        }
    }

    private static List<String> notes(HistoryOption.Resolved h, MigrationDirectory.Scan scan) {
        List<String> notes = new ArrayList<>();
        if (h.note() != null) {
            notes.add(h.note());
        }
        notes.addAll(scan.warnings());
        return notes;
    }

    private static RunResult result(String command, DbSession s, HistoryStore store, List<String> notes,
                                    List<RunResult.Step> steps, String failure) {
        return new RunResult(command, s.url().redacted(), s.describe(), steps, failure, store.table(), notes);
    }

    private static void prepare(DbSession s) {
        try {
            HistorySql.of(s.dialect()).prepareRunner(s);
        } catch (SQLException e) {
            throw Sql.failure("cannot configure the " + Dialects.of(s).productName(null) + " session", e);
        }
    }

    private static void refuseProblems(List<MigrationStatus.Entry> status) {
        for (MigrationStatus.Entry e : status) {
            switch (e.state()) {
                case FAILED, DOWN_FAILED -> throw new DbAgentException(DbAgentException.Code.DATABASE, e.label()
                        + " (" + e.script() + ") " + (e.state() == MigrationStatus.State.FAILED
                        ? "failed half-way" : "failed half-way while being reverted") + ": " + e.detail()
                        + ". Fix the schema by hand, then run 'dbagent migrate repair'; nothing was run");
                case CHECKSUM_MISMATCH, MISSING_FILE -> throw new DbAgentException(DbAgentException.Code.DATABASE,
                        "version " + e.version() + ": " + e.detail() + "; run 'dbagent migrate validate'. Nothing was run");
                default -> {
                }
            }
        }
    }

    private static MigrationStatus.Entry entry(List<MigrationStatus.Entry> status, String version) {
        return status.stream().filter(e -> version.equals(e.version())).findFirst().orElseThrow();
    }

    /** Runs one file and records it; returns the failure line, or null. */
    private static String run(DbSession s, HistoryStore store, MigrationFile f, List<RunResult.Step> steps, String note,
                              long lockWaitMillis) {
        DialectKind d = s.dialect();
        List<ScriptSplitter.Statement> stmts = ScriptSplitter.splitWithLines(f.sql());
        boolean tx = Transactions.fileIsTransactional(d, f.sql(), stmts);
        long t0 = System.nanoTime();
        String how = tx ? "in a transaction"
                : !Dialects.of(d).transactionalDdl() ? "statement by statement (DDL auto-commits)"
                : "outside a transaction";
        String detail = note == null ? how : how + "; " + note;
        String done = f.up() ? "applied" : "reverted";
        if (tx) {
            try {
                boolean ran = ScriptExecutor.run(s, stmts, true, new ScriptExecutor.Hooks(
                        c -> stillToDo(c, store, f), c -> store.insert(c, d, f, ms(t0), true, null), null, lockWaitMillis));
                steps.add(new RunResult.Step(f.version(), f.description(), f.script(), ran ? done : "skipped", ms(t0),
                        ran ? detail : "done meanwhile by another runner"));
                return null;
            } catch (StatementFailure e) {
                steps.add(new RunResult.Step(f.version(), f.description(), f.script(), "failed", ms(t0),
                        "rolled back; not recorded in the history, nothing of it is applied"));
                return f.script() + ": " + e.getMessage() + "; the transaction was rolled back, so nothing of "
                        + f.script() + " is applied and the history is unchanged";
            }
        }
        Connection c = s.connection();
        int total = stmts.size();
        int rank;
        try {
            rank = store.insert(c, d, f, 0, false, "started: 0 of " + total + " statements applied");
        } catch (SQLException e) {
            throw Sql.failure("cannot write the history table", e);
        }
        try {
            ScriptExecutor.run(s, stmts, false, new ScriptExecutor.Hooks(null, null,
                    n -> store.update(c, rank, ms(t0), false, "interrupted: " + n + " of " + total
                            + " statements applied"), 0));
            store.update(c, rank, ms(t0), true, null);
            steps.add(new RunResult.Step(f.version(), f.description(), f.script(), done, ms(t0), detail));
            return null;
        } catch (StatementFailure e) {
            int applied = e.index();
            String half = "failed at statement " + (applied + 1) + " of " + total + " (line " + e.line() + "): "
                    + e.getMessage().replaceFirst("^statement \\d+ \\(line \\d+\\) failed: ", "") + "; "
                    + (applied == 0 ? "nothing of it was applied"
                    : "statements 1-" + applied + " stay applied" + (!Dialects.of(d).transactionalDdl()
                    ? " (MySQL/MariaDB commits each DDL statement)" : " (the file ran outside a transaction)"));
            try {
                store.update(c, rank, ms(t0), false, half);
            } catch (SQLException ignored) {
                // the row already says how far it got
            }
            steps.add(new RunResult.Step(f.version(), f.description(), f.script(), "failed", ms(t0), half));
            return f.script() + " " + half + ". The history records " + (f.repeatable() ? f.script()
                    : "version " + f.version()) + " as failed; fix the schema by hand, then run 'dbagent migrate repair'";
        } catch (SQLException e) {
            throw Sql.failure("cannot write the history table", e);
        }
    }

    /** SQLite: inside the IMMEDIATE transaction, check no other runner did this file meanwhile. */
    private static boolean stillToDo(Connection c, HistoryStore store, MigrationFile f) {
        if (f.repeatable()) {
            Optional<History.Row> last = store.read(c).stream()
                    .filter(r -> r.isRepeatable() && r.script().equals(f.script())).reduce((a, b) -> b);
            return last.isEmpty() || !last.get().success() || !store.checksum(f).equals(last.get().checksum());
        }
        Optional<History.Row> last = store.read(c).stream().filter(r -> f.version().equals(r.version())
                        && !r.isBaseline() && !r.isRepeatable()).reduce((a, b) -> b);
        boolean applied = last.isPresent() && last.get().success() && last.get().isUp();
        return f.up() != applied;
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
