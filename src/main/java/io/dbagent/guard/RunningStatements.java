package io.dbagent.guard;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Every statement of dbagent's that runs hostile SQL is registered here while it runs, so that it can be cancelled
 * on the server when its time is up, when the call it belongs to is abandoned (an MCP client went away, Ctrl-C in
 * the chat) or when the process exits. Cancelling uses the driver's {@link Statement#cancel()}: a cancel request on
 * PostgreSQL, {@code KILL QUERY} on MySQL/MariaDB, {@code sqlite3_interrupt} on SQLite.
 */
public final class RunningStatements {

    /** A registration; closing it unregisters the statement and disarms its timer. */
    public static final class Handle implements AutoCloseable {
        private final Statement statement;
        private final Thread owner;
        private final AtomicBoolean timedOut = new AtomicBoolean();
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private volatile ScheduledFuture<?> timer;
        private boolean closed;

        private Handle(Statement statement, Thread owner) {
            this.statement = statement;
            this.owner = owner;
        }

        /** True when the statement was cancelled because its timeout passed. */
        public boolean timedOut() {
            return timedOut.get();
        }

        /** True when the statement was cancelled, for its timeout or from outside. */
        public boolean cancelled() {
            return cancelled.get();
        }

        /**
         * Cancels the statement unless its registration is already closed. The lock makes {@link #close} wait for a
         * cancel in flight: MySQL/MariaDB drivers cancel with {@code KILL QUERY} from a second connection, and one
         * that arrived after the registration was closed would end whatever statement the connection runs next.
         */
        synchronized void cancel(boolean becauseOfTimeout) {
            if (closed) {
                return;
            }
            if (becauseOfTimeout) {
                timedOut.set(true);
            }
            if (cancelled.compareAndSet(false, true)) {
                try {
                    statement.cancel();
                } catch (SQLException | RuntimeException ignored) {
                    // the statement may have finished or its connection closed in the meantime
                }
            }
        }

        @Override
        public void close() {
            ScheduledFuture<?> t = timer;
            if (t != null) {
                t.cancel(false);
            }
            synchronized (this) {
                closed = true;
            }
            RUNNING.remove(this);
        }
    }

    private static final Set<Handle> RUNNING = ConcurrentHashMap.newKeySet();
    private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dbagent-statement-timeouts");
        t.setDaemon(true);
        return t;
    });

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(RunningStatements::cancelAll, "dbagent-cancel-statements"));
    }

    private RunningStatements() {
    }

    /**
     * Registers {@code statement}, run by the current thread, and cancels it once {@code timeout} has passed (no
     * timer when {@code timeout} is null or not positive). Use in try-with-resources around the execution.
     */
    public static Handle track(Statement statement, Duration timeout) {
        Handle h = new Handle(statement, Thread.currentThread());
        RUNNING.add(h);
        if (timeout != null && !timeout.isNegative() && !timeout.isZero()) {
            h.timer = TIMERS.schedule(() -> h.cancel(true), timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        return h;
    }

    /** Cancels every registered statement that {@code thread} is running (a call that was abandoned). */
    public static int cancel(Thread thread) {
        int n = 0;
        for (Handle h : RUNNING) {
            if (h.owner == thread) {
                h.cancel(false);
                n++;
            }
        }
        return n;
    }

    /** Cancels every registered statement (the process is leaving). */
    public static int cancelAll() {
        int n = 0;
        for (Handle h : RUNNING) {
            h.cancel(false);
            n++;
        }
        return n;
    }

    /** How many statements are registered now. */
    public static int count() {
        return RUNNING.size();
    }
}
