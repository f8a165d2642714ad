package io.dbagent.agent;

import io.dbagent.app.App;
import io.dbagent.app.Limits;
import io.dbagent.app.PlanUseCases;
import io.dbagent.app.Workdirs;
import io.dbagent.app.PlanStore;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import io.dbagent.DbAgentException;
import io.dbagent.guard.Timeouts;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.Redactor;
import io.dbagent.jdbc.SessionSource;
import io.dbagent.memory.MemoryEntry;
import io.dbagent.memory.MemoryStore;
import io.dbagent.report.Json;
import io.dbagent.schema.Schema;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The agent's tools: thin adapters that call a service and return its JSON. The same methods serve the LangChain4j
 * agent ({@code AiServices.tools(...)}) and the MCP server. Reads run on read-only sessions; anything that would
 * change the database becomes a {@link PlanStore.Plan} that only a human (or an MCP server started with
 * {@code --allow-writes}) can apply. Errors come back as {@code {"error": "..."}} so the model can react.
 */
public class DatabaseTools {

    /** Tool output beyond this many characters is cut (see {@link ToolOutput}), with a note saying how to ask for less. */
    static final int MAX_CHARS = 60_000;

    private final SessionSource sessions;
    private final DbUrl url;
    private final MemoryStore memory;
    private final PlanStore plans;
    private final boolean allowWrites;
    private final Duration timeout;
    private final List<Object> all;
    /** The use cases the tools call; rebuilt once when the work directories are set, before the tools are handed out. */
    private volatile App app;

    /** Tools over {@code sessions}, recording to {@code memory}; with {@code allowWrites} false the model only proposes plans. */
    public DatabaseTools(SessionSource sessions, MemoryStore memory, PlanStore plans, boolean allowWrites) {
        this(sessions, null, memory, plans, allowWrites);
    }

    /** With the URL too: tools that run the engine's own programs (backups) need it. */
    public DatabaseTools(SessionSource sessions, DbUrl url, MemoryStore memory, PlanStore plans, boolean allowWrites) {
        this(sessions, url, memory, plans, allowWrites, Timeouts.DEFAULT);
    }

    /**
     * With the limit for every statement the tools run on the caller's text (run_read_query, explain_query,
     * advise_indexes): {@code dbagent chat|ask|mcp --timeout}; null = {@link Timeouts#DEFAULT} (30 s).
     */
    public DatabaseTools(SessionSource sessions, DbUrl url, MemoryStore memory, PlanStore plans, boolean allowWrites,
                         Duration timeout) {
        this.timeout = timeout == null ? Timeouts.DEFAULT : timeout;
        this.sessions = sessions;
        this.url = url;
        this.memory = memory;
        this.plans = plans;
        this.allowWrites = allowWrites;
        this.app = App.builder().sessions(sessions).url(url).memory(memory).plans(plans).timeout(this.timeout).build();
        this.all = List.of(this, new QueryTools(this), new DesignTools(this), new MigrationTools(this), new HealthTools(this),
                new BackupTools(this));
    }

    /** Tools over an application's DataSource, with the default memory directory and writes disabled. */
    public static DatabaseTools of(DataSource dataSource) {
        return new DatabaseTools(SessionSource.of(dataSource),
                MemoryStore.forEnv(System.getenv()), new PlanStore(), false);
    }

    /** Tools over a database URL with the memory in {@code memoryDir}, writes disabled. */
    public static DatabaseTools of(DbUrl url, Path memoryDir) {
        return new DatabaseTools(SessionSource.of(url), url, new MemoryStore(memoryDir), new PlanStore(), false);
    }

    /**
     * Lets the file-writing tools (generate_migration, create_backup) write only under these directories; the
     * default is the current directory. Returns this, for use right after construction.
     */
    public DatabaseTools writingOnlyUnder(Workdirs dirs) {
        this.app = app.writingOnlyUnder(dirs);
        return this;
    }

    /** The directories file-writing tools may write into. */
    public Workdirs workdirs() {
        return app.workdirs();
    }

    /** The application layer the tools call: the same use cases the command line and the REPL use. */
    public App app() {
        return app;
    }

    /** The proposed changes. */
    public PlanStore plans() {
        return plans;
    }

    /** The memory the tools search and record to. */
    public MemoryStore memory() {
        return memory;
    }

    /** Where the tools get their sessions. */
    public SessionSource sessions() {
        return sessions;
    }

    /** Whether the model may apply its own plans. */
    public boolean allowWrites() {
        return allowWrites;
    }

    /** The limit for each statement the tools run on text they were given. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Every tool object: these core tools plus one object per capability. Give this list to
     * {@code AiServices.tools(...)}; the MCP server publishes the same list.
     */
    public List<Object> all() {
        return all;
    }

    /** The tool object of one capability, e.g. {@code tool(QueryTools.class)}. */
    public <T> T tool(Class<T> type) {
        return all.stream().filter(type::isInstance).map(type::cast).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no tool object " + type.getSimpleName()));
    }

    @ToolHints(readOnly = true, idempotent = true)
    @Tool(name = "inspect_schema", value = {
            "Read the database schema: tables with row estimates and sizes, columns, primary and foreign keys, unique and "
                    + "check constraints, indexes, views, triggers, sequences, enums, routines (functions, procedures, "
                    + "MySQL events, with their CREATE text). Use it first to learn table and "
                    + "column names before writing SQL or advice. Returns the schema model as JSON; for very large "
                    + "schemas a compact summary, then ask again with specific tables."})
    public String inspectSchema(
            @P(value = "Only these tables (names or schema.name); omit or empty for all", required = false) List<String> tables) {
        return guarded(() -> {
            Schema schema = app.schema().inspect(tables);
            String json = Json.write(schema);
            return json.length() <= MAX_CHARS ? json : Json.write(summary(schema));
        });
    }

    @ToolHints(readOnly = true, idempotent = true)
    @Tool(name = "list_objects", value = {
            "List the database's objects without columns: tables (partitioned ones with their partition count), "
                    + "views, materialized views, sequences, functions, procedures, triggers and events, with "
                    + "estimated rows and size in bytes. Cheap (one or two catalog queries): call it first on an "
                    + "unknown or large database, then inspect_schema for the tables that matter."})
    public String listObjects(
            @P(value = "Only these kinds: table, view, sequence, routine, function, procedure, trigger, event; omit "
                    + "for all", required = false) List<String> kinds) {
        return guarded(() -> Json.write(app.schema().listObjects(kinds)));
    }

    @ToolHints(readOnly = true, idempotent = true)
    @Tool(name = "list_schemas", value = {
            "List the user schemas (MySQL/MariaDB: the databases you can see) with how many objects each holds. "
                    + "Use it to find where the tables are before list_objects or inspect_schema."})
    public String listSchemas() {
        return guarded(() -> Json.write(java.util.Map.of("schemas", app.schema().listObjects(null).schemas())));
    }

    @ToolHints(readOnly = true, idempotent = true)
    @Tool(name = "lint_schema", value = {
            "Review the schema for integrity and performance problems: missing primary keys, foreign keys without "
                    + "indexes, duplicate indexes, nullable foreign keys, reference columns without foreign keys, "
                    + "timestamps without time zone, floating point money. Returns findings (id, severity, subject, "
                    + "message, fix SQL) as JSON. Use for 'review my schema' or before proposing changes."})
    public String lintSchema(
            @P(value = "Only these tables; omit for all", required = false) List<String> tables) {
        return guarded(() -> Json.write(app.schema().lint(tables)));
    }

    @ToolHints(readOnly = true, idempotent = true)
    @Tool(name = "run_read_query", value = {
            "Run ONE read-only SQL statement (SELECT, WITH, VALUES, SHOW, EXPLAIN without ANALYZE) and return columns "
                    + "and rows as JSON. The session is read-only: writes are refused. Use it to look at data, counts "
                    + "and distributions. Keep results small with WHERE/LIMIT."})
    public String runReadQuery(
            @P("The SQL statement") String sql,
            @P(value = "Maximum rows to return (default 100, at most 1000)", required = false) Integer maxRows) {
        return guarded(() -> {
            try (DbSession s = sessions.open(ConnectionFactory.Access.READ_ONLY)) {
                return Json.write(ReadOnlyQuery.run(s, sql, maxRows == null ? Limits.DEFAULT_QUERY_ROWS : maxRows, timeout));
            }
        });
    }

    @ToolHints(readOnly = true) // only records a plan in this server; apply_plan is what writes
    @Tool(name = "propose_change", value = {
            "Propose SQL that changes the database (CREATE INDEX, ALTER TABLE, a data fix). Nothing is executed: it "
                    + "returns a plan id with the exact statements; a human must approve it before it runs. Use it "
                    + "whenever your advice needs a change, and tell the user the plan id."})
    public String proposeChange(
            @P("The SQL statements to run, separated by semicolons") String sql,
            @P("Why: what it fixes and the evidence (numbers)") String reason) {
        return guarded(() -> {
            PlanStore.Plan plan = app.proposals().propose(sql, reason);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("plan", plan);
            out.put("destructive", plan.statements().stream().anyMatch(PlanUseCases::isDestructive));
            out.put("next", allowWrites ? "call apply_plan with this id once the user agrees"
                    : "nothing was executed; a human must approve plan " + plan.id() + " before it runs");
            return Json.write(out);
        });
    }

    @ToolHints(readOnly = false, destructive = true, idempotent = true) // single use: a second call is refused
    @Tool(name = "apply_plan", value = {
            "Apply a plan created by propose_change. Only works when the server was started with --allow-writes and "
                    + "the user has agreed to this exact plan; otherwise it refuses."})
    public String applyPlan(@P("The plan id returned by propose_change") String planId) {
        return guarded(() -> {
            if (!allowWrites) {
                throw DbAgentException.badInput("writes are disabled: a human must approve plans (in `dbagent chat` "
                        + "answer the prompt; for MCP start `dbagent mcp --allow-writes`)");
            }
            return Json.write(PlanRunner.apply(sessions, plans, planId));
        });
    }

    @ToolHints(readOnly = true, idempotent = true)
    @Tool(name = "memory_search", value = {
            "Search what dbagent has learned: schema patterns, optimizations, index strategies, migration practices "
                    + "and benchmarks (measured speed-ups, backup timings). Use it before advising, and to answer "
                    + "'what did we learn about ...'. Returns ranked entries as JSON."})
    public String memorySearch(
            @P("Keywords, e.g. 'composite index order' or 'sqlite alter column'") String query,
            @P(value = "Only this kind: pattern, optimization, index-strategy, migration-practice, benchmark",
                    required = false) String kind,
            @P(value = "Maximum entries (default 5)", required = false) Integer limit) {
        return guarded(() -> Json.write(memory.search(query, kind, null, limit == null ? 5 : limit)));
    }

    @ToolHints(readOnly = false)
    @Tool(name = "memory_add", value = {
            "Record a lesson worth keeping: what worked (with measured numbers), a pattern, a migration practice. "
                    + "Use after a change was measured to help, or when the user teaches you something."})
    public String memoryAdd(
            @P("pattern, optimization, index-strategy, migration-practice or benchmark") String kind,
            @P("One-line title") String title,
            @P("The lesson, with SQL and numbers where they help") String body,
            @P(value = "Keywords", required = false) List<String> tags) {
        return guarded(() -> {
            MemoryEntry e = memory.add(kind, title, body, tags, null, null, "agent");
            return Json.write(e);
        });
    }

    /** Runs a tool body; failures become a JSON error the model can read, never an exception out of the tool. */
    public static String guarded(Supplier<String> body) {
        try {
            // cut to valid JSON with "truncated": true, never mid-string: clients parse the answer
            return ToolOutput.limit(body.get(), MAX_CHARS);
        } catch (DbAgentException e) {
            return Json.write(Map.of("error", Redactor.redact(e.getMessage())));
        } catch (RuntimeException e) {
            return Json.write(Map.of("error", Redactor.redact("unexpected: " + e)));
        }
    }

    /** Table name → "column type" list, for schemas too large to send whole. */
    private static Map<String, Object> summary(Schema schema) {
        Map<String, Object> tables = new LinkedHashMap<>();
        schema.tables().forEach(t -> tables.put(t.schema() + "." + t.name(),
                t.columns().stream().map(c -> c.name() + " " + c.type()).toList()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("note", "schema too large to send whole (" + schema.tables().size()
                + " tables): this is a summary; call inspect_schema with tables=[...] for details");
        out.put("dialect", schema.dialect());
        out.put("tables", tables);
        if (!schema.routines().isEmpty()) {
            out.put("routines", schema.routines().stream()
                    .map(r -> r.schema() + "." + r.signature() + " " + r.kind().toLowerCase(java.util.Locale.ROOT))
                    .toList());
        }
        return out;
    }
}
