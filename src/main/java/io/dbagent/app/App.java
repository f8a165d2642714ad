package io.dbagent.app;

import io.dbagent.DbAgentException;
import io.dbagent.guard.Timeouts;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.SessionSource;
import io.dbagent.memory.MemoryStore;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The application layer's composition root: builds the use cases once from the collaborators they share (where
 * sessions come from, the memory, the plan store, the work directories, the time limit, the clock, the environment).
 * The CLI, the REPL, the agent's tools and the MCP server all call the use cases it hands out; the faces only parse
 * arguments and render results.
 */
public final class App {

    private final Collaborators with;
    private final PlanUseCases proposals;
    private final QueryUseCases queries;
    private final SchemaUseCases schema;
    private final MigrationUseCases migrations;
    private final HealthUseCases health;
    private final BackupUseCases backups;

    private App(Collaborators with) {
        this.with = with;
        this.proposals = new PlanUseCases(with);
        this.queries = new QueryUseCases(with, proposals);
        this.schema = new SchemaUseCases(with);
        this.migrations = new MigrationUseCases(with);
        this.health = new HealthUseCases(with);
        this.backups = new BackupUseCases(with);
    }

    /** A builder; every collaborator has a default except where sessions come from. */
    public static Builder builder() {
        return new Builder();
    }

    /** Proposing changes as plans a human approves. */
    public PlanUseCases proposals() {
        return proposals;
    }

    /** Explain and index advice. */
    public QueryUseCases queries() {
        return queries;
    }

    /** Schema inspection, lint, design, normalisation and constraint inference. */
    public SchemaUseCases schema() {
        return schema;
    }

    /** Migrations: diff, generation, lint and pre-flight, round-trip tests, and running them up and down. */
    public MigrationUseCases migrations() {
        return migrations;
    }

    /** Health checks and bloat. */
    public HealthUseCases health() {
        return health;
    }

    /** Backups: create, verify, restore, list, prune, schedule, runbook and point-in-time recovery. */
    public BackupUseCases backups() {
        return backups;
    }

    /** The same application writing files only under {@code dirs}. */
    public App writingOnlyUnder(Workdirs dirs) {
        return new App(new Collaborators(with.sessions(), with.url(), with.memory(), with.plans(), dirs, with.timeout(),
                with.clock(), with.env()));
    }

    /** Where the use cases get their sessions (null when built without a database). */
    public SessionSource sessions() {
        return with.sessions();
    }

    /** The proposed changes waiting for a human. */
    public PlanStore plans() {
        return with.plans();
    }

    /** The memory the use cases record to. */
    public MemoryStore memory() {
        return with.memory();
    }

    /** The directories file-writing use cases may write into. */
    public Workdirs workdirs() {
        return with.writableDirs();
    }

    /** The limit for each statement run on text the caller gave. */
    public Duration timeout() {
        return with.timeout();
    }

    /** The collaborators every use case is built from; package-private so that the faces go through {@link App}. */
    record Collaborators(SessionSource sessions, DbUrl url, MemoryStore memory, PlanStore plans, Workdirs workdirs,
                         Duration timeout, Clock clock, Map<String, String> env) {

        /** The sessions, or a bad-input error when the application was built without a database. */
        SessionSource requireSessions() {
            if (sessions == null) {
                throw DbAgentException.badInput("no database given (--db URL or DBAGENT_DB_URL)");
            }
            return sessions;
        }

        /** The configured work directories, else the current directory. */
        Workdirs writableDirs() {
            return workdirs == null ? Workdirs.currentDirectory() : workdirs;
        }

        /** The database URL, or a bad-input error naming what needs it when only a DataSource was given. */
        DbUrl requireUrl(String what) {
            if (url == null) {
                throw DbAgentException.badInput(what + " (dbagent was given a DataSource)");
            }
            return url;
        }
    }

    /** Collects the collaborators; {@link #build()} fills the defaults. */
    public static final class Builder {
        private SessionSource sessions;
        private DbUrl url;
        private MemoryStore memory;
        private PlanStore plans;
        private Workdirs workdirs;
        private Duration timeout;
        private Clock clock;
        private Map<String, String> env;

        private Builder() {
        }

        /** Sessions on this database URL; also the URL that backups and 'current' schema sources use. */
        public Builder url(DbUrl u) {
            this.url = u;
            if (u != null && sessions == null) {
                this.sessions = SessionSource.of(u);
            }
            return this;
        }

        /** Where sessions come from (a DataSource, a test double); overrides the one a URL gives. */
        public Builder sessions(SessionSource s) {
            this.sessions = s;
            return this;
        }

        /** The memory to record to; default the one of {@link #env(Map)}. */
        public Builder memory(MemoryStore m) {
            this.memory = m;
            return this;
        }

        /** The plan store; default a new one on the builder's clock. */
        public Builder plans(PlanStore p) {
            this.plans = p;
            return this;
        }

        /** Where files may be written; default the current directory, resolved when first needed. */
        public Builder workdirs(Workdirs w) {
            this.workdirs = w;
            return this;
        }

        /** The limit for statements run on the caller's text; null = {@link Timeouts#DEFAULT}. */
        public Builder timeout(Duration t) {
            this.timeout = t;
            return this;
        }

        /** The clock that stamps plans and migration versions; default the system clock (UTC). */
        public Builder clock(Clock c) {
            this.clock = c;
            return this;
        }

        /** The environment ($DBAGENT_DEV_DB, $DBAGENT_MEMORY_DIR); default the process environment. */
        public Builder env(Map<String, String> e) {
            this.env = e;
            return this;
        }

        /** The application with the defaults filled in; each use case is built here, once. */
        public App build() {
            Map<String, String> e = env == null ? System.getenv() : env;
            Clock c = clock == null ? Clock.systemUTC() : clock;
            return new App(new Collaborators(sessions, url, memory == null ? MemoryStore.forEnv(e) : memory,
                    plans == null ? new PlanStore(c) : plans, workdirs, timeout == null ? Timeouts.DEFAULT : timeout,
                    c, e));
        }
    }
}
