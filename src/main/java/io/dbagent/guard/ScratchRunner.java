package io.dbagent.guard;

import io.dbagent.DbAgentException;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.jdbc.Redactor;
import io.dbagent.sql.ScriptSplitter;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link ExecutionContext#SCRATCH} entry point: runs an untrusted script (a .sql schema file, a migration, a
 * proposed change) on a session of a {@link io.dbagent.jdbc.ScratchDatabase}, which is connected as its temporary
 * least-privilege identity. Every statement is first checked with {@link StatementGuard#checkScratch}: one refused
 * statement fails the whole run before anything executes (BAD_INPUT, one line naming its line number); skipped ones
 * are left out and reported. The rest run statement by statement with a server-side statement timeout and a
 * client-side cancel ({@link RunningStatements}), so neither a sleep nor a runaway query outlives the limit.
 *
 * <p>SQL dbagent generated itself (the copy of a schema, seed rows) does not need this: it may run directly on the
 * scratch session.
 */
public final class ScratchRunner {

    /** A statement the guard left out as harmless, with where it was and why. */
    public record Skipped(int line, String statement, String reason) {
        /** e.g. {@code line 12: ALTER TABLE … OWNER TO app: ownership does not matter on a scratch copy}. */
        public String describe() {
            String oneLine = statement.strip().replaceAll("\\s+", " ");
            return "line " + line + ": " + (oneLine.length() > 60 ? oneLine.substring(0, 57) + "…" : oneLine) + ": "
                    + reason;
        }
    }

    /** What a run did: how many statements executed and which were skipped. */
    public record Outcome(int executed, List<Skipped> skipped) {
    }

    /** The limit a command or tool set for the scratch runs of its thread (see {@link #withTimeout}). */
    private static final ThreadLocal<Duration> LIMIT = new ThreadLocal<>();

    private ScratchRunner() {
    }

    /**
     * Runs {@code body} with {@code limit} as the time limit of every scratch statement it runs on this thread: the
     * {@code --timeout} of diff and migrate commands, the tools' limit. Scratch scripts are run deep inside diff and
     * migrate services, so the limit travels with the call rather than through each of their signatures.
     */
    public static <T> T withTimeout(Duration limit, java.util.function.Supplier<T> body) {
        Duration previous = LIMIT.get();
        LIMIT.set(limit);
        try {
            return body.get();
        } finally {
            if (previous == null) {
                LIMIT.remove();
            } else {
                LIMIT.set(previous);
            }
        }
    }

    /** The limit for scratch statements on this thread: the one {@link #withTimeout} set, else the default. */
    public static Duration timeout() {
        Duration d = LIMIT.get();
        return d == null ? Timeouts.DEFAULT : d;
    }

    /** Runs {@code script} with this thread's scratch time limit ({@link #timeout()}). */
    public static Outcome run(DbSession scratch, String script, boolean transactional) {
        return run(scratch, ScriptSplitter.splitWithLines(script), transactional, timeout());
    }

    /**
     * Checks every statement, then runs those to run.
     *
     * @param transactional one transaction for the script (ignored on MySQL/MariaDB, whose DDL commits by itself)
     * @param timeout       the limit per statement
     * @throws DbAgentException BAD_INPUT when the guard refuses a statement (nothing was executed)
     * @throws StatementFailure when a statement fails or times out on the database
     */
    public static Outcome run(DbSession scratch, List<ScriptSplitter.Statement> statements, boolean transactional,
                              Duration timeout) {
        List<Skipped> skipped = new ArrayList<>();
        List<ScriptSplitter.Statement> toRun = check(scratch.dialect(), statements, skipped);
        if (toRun.isEmpty()) {
            return new Outcome(0, skipped);
        }
        try {
            Timeouts.applyServerSide(scratch, timeout);
        } catch (SQLException e) {
            throw new DbAgentException(DbAgentException.Code.DATABASE,
                    Redactor.redact("cannot set the statement timeout on the scratch database: " + e.getMessage()), e);
        }
        ScriptExecutor.run(scratch, toRun, transactional, ScriptExecutor.Hooks.NONE, timeout);
        return new Outcome(toRun.size(), skipped);
    }

    /**
     * The statements to run, in order; skipped ones go to {@code skipped}. Throws BAD_INPUT for the first refused
     * statement, naming its line.
     */
    public static List<ScriptSplitter.Statement> check(DialectKind dialect, List<ScriptSplitter.Statement> statements,
                                                       List<Skipped> skipped) {
        List<ScriptSplitter.Statement> toRun = new ArrayList<>();
        for (ScriptSplitter.Statement s : statements) {
            StatementGuard.Verdict v;
            try {
                v = StatementGuard.checkScratch(dialect, s.text());
            } catch (DbAgentException e) {
                if (e.code() != DbAgentException.Code.BAD_INPUT) {
                    throw e;
                }
                throw DbAgentException.badInput("line " + s.line() + ": " + e.getMessage());
            }
            if (v.run()) {
                toRun.add(s);
            } else {
                skipped.add(new Skipped(s.line(), s.text(), v.reason()));
            }
        }
        return toRun;
    }
}
