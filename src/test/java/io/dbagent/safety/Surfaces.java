package io.dbagent.safety;

import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.service.tool.DefaultToolExecutor;
import io.dbagent.agent.DatabaseTools;
import io.dbagent.app.PlanStore;
import io.dbagent.cli.CliRunner;
import io.dbagent.jdbc.SessionSource;
import io.dbagent.memory.MemoryStore;
import io.dbagent.report.Json;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The public entry points an attack goes through: the agent tools, called by name with JSON arguments exactly as the
 * MCP server calls them (writes not allowed, as {@code dbagent mcp} starts without {@code --allow-writes}), and the
 * CLI in-process. Each call returns everything dbagent said, so the harness can look for leaked secrets in it.
 */
final class Surfaces {

    static final Set<String> NAMES = Set.of("read", "explain", "explain_plain", "cli_explain", "advise", "cli_advise",
            "diff_file", "generate", "test_migrations", "cli_migrate_test", "propose", "url", "url_devdb", "url_cli",
            "skill_install", "hypothetical", "hypothetical_sql");

    /**
     * The corpus surfaces whose payload is a statement, so it also makes a hostile hypothetical index definition:
     * each of their attacks is replayed through {@code hypothetical}.
     */
    static final Set<String> REPLAY_AS_INDEX = Set.of("read", "explain", "explain_plain", "cli_explain", "generate",
            "propose");
    /** The surfaces whose payload is one statement to plan: replayed through {@code hypothetical_sql} as well. */
    static final Set<String> REPLAY_AS_STATEMENT = Set.of("read", "explain", "explain_plain", "cli_explain");
    /** A harmless hypothetical index on the worlds' table {@code t (id, name)}. */
    static final String BENIGN_INDEX = "CREATE INDEX ON t (name)";
    /** A harmless statement for hostile hypothetical indexes to be planned with. */
    static final String BENIGN_SELECT = "SELECT id FROM t WHERE name = 'bob'";

    private final World world;
    private final Map<String, String> env;
    private final Map<String, DefaultToolExecutor> tools = new HashMap<>();
    private final Path memoryDir;
    private final List<String> problems = new ArrayList<>();

    Surfaces(World world, Path memoryDir) {
        this.world = world;
        // the CLI gets no DBAGENT_DB or DBAGENT_DEV_DB: every URL an attack uses is on its command line
        this.env = Map.of("DBAGENT_MEMORY_DIR", memoryDir.toString());
        this.memoryDir = memoryDir;
        DatabaseTools core = new DatabaseTools(SessionSource.of(world.live()), world.live(), new MemoryStore(memoryDir),
                new PlanStore(), false);
        for (Object toolObject : core.all()) {
            for (Method m : toolObject.getClass().getMethods()) {
                Tool t = m.getAnnotation(Tool.class);
                if (t != null) {
                    tools.put(t.name().isEmpty() ? m.getName() : t.name(), new DefaultToolExecutor(toolObject, m));
                }
            }
        }
    }

    /** Runs {@code payload} through {@code surface}; {@code work} is a fresh directory inside the project. */
    String run(String surface, String payload, Path work) throws IOException {
        String live = world.liveUrlText();
        String server = world.serverUrlText();
        return switch (surface) {
            case "read" -> tool("run_read_query", "sql", payload, "maxRows", 10);
            case "explain" -> tool("explain_query", "sql", payload); // analyze left out: the MCP default (true)
            case "explain_plain" -> tool("explain_query", "sql", payload, "analyze", false);
            case "cli_explain" -> cli("explain", "--db", live, "--analyze", payload);
            case "advise" -> tool("advise_indexes", "workload", payload);
            case "cli_advise" -> cli("advise", "--db", live, "--workload", write(work.resolve("workload.sql"), payload).toString());
            case "diff_file" -> tool("diff_schemas", "from", "current", "to",
                    write(work.resolve("target.sql"), payload).toString(), "devDb", server);
            case "generate" -> tool("generate_migration", "name", "attack", "change", payload,
                    "dir", work.resolve("migrations").toString());
            case "test_migrations" -> tool("test_migrations", "dir", pending(work, payload).toString(), "seedRows", 2);
            case "cli_migrate_test" -> server == null
                    ? cli("migrate", "test", "--dir", pending(work, payload).toString(), "--seed-rows", "2")
                    : cli("migrate", "test", "--dev-db", server, "--dir", pending(work, payload).toString(), "--seed-rows", "2");
            case "propose" -> propose(payload);
            case "url" -> tool("diff_schemas", "from", payload, "to", "current");
            case "url_devdb" -> tool("generate_migration", "name", "probe", "change",
                    "CREATE TABLE dbagent_probe (id INT PRIMARY KEY)", "dir", work.resolve("migrations").toString(),
                    "devDb", payload);
            case "url_cli" -> cli("inspect", "--db", payload);
            case "hypothetical" -> hypothetical(List.of(payload), BENIGN_SELECT);
            case "hypothetical_sql" -> hypothetical(List.of(BENIGN_INDEX), payload);
            case "skill_install" -> cli("skill", "install", "--project", Files.createDirectories(work.resolve("project")).toString(),
                    "--db", payload);
            default -> throw new IllegalArgumentException("unknown surface " + surface);
        };
    }

    /**
     * What the last run saw that the world's snapshot cannot (hypothetical indexes live in one server session):
     * returned once and cleared.
     */
    List<String> takeProblems() {
        List<String> out = List.copyOf(problems);
        problems.clear();
        return out;
    }

    /**
     * explain with hypothetical indexes through every face: the agent tool {@code explain_query} with
     * {@code hypotheticalIndexes} (what MCP calls), the chat's {@code /explain --hypothetical}, both on one pinned
     * connection, and {@code dbagent explain --hypothetical} in-process. Afterwards the pinned connection, which a
     * pool would hand to the next caller, must hold no hypothetical index (PostgreSQL: {@code hypopg()} is empty).
     */
    private String hypothetical(List<String> indexes, String sql) {
        StringBuilder answer = new StringBuilder();
        try (PinnedConnection pinned = new PinnedConnection(world.live())) {
            DatabaseTools core = new DatabaseTools(SessionSource.of(pinned), world.live(), new MemoryStore(memoryDir),
                    new PlanStore(), false);
            answer.append(tool(core, "explain_query", "sql", sql, "hypotheticalIndexes", indexes)).append('\n');
            StringBuilder chat = new StringBuilder("/explain");
            for (String index : indexes) {
                chat.append(" --hypothetical '").append(oneLine(index).replace("'", "''")).append('\'');
            }
            chat.append(' ').append(oneLine(sql)).append("\n/quit\n");
            try {
                answer.append(io.dbagent.cli.repl.ReplDriver.run(chat.toString(), core)).append('\n');
            } catch (Exception e) {
                answer.append("chat threw: ").append(e).append('\n');
            }
            if (world.kind() == io.dbagent.jdbc.DialectKind.POSTGRES) {
                String left = pinned.hypotheticalIndexes();
                if (!left.equals("0")) {
                    problems.add("hypothetical indexes left on the session: " + left);
                }
            }
        }
        List<String> args = new ArrayList<>(List.of("explain", "--db", world.liveUrlText()));
        for (String index : indexes) {
            args.add("--hypothetical");
            args.add(index);
        }
        args.add(sql);
        answer.append(cli(args.toArray(String[]::new)));
        return answer.toString();
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }

    /** propose_change only records a plan; the model then tries to apply it on a server without --allow-writes. */
    private String propose(String payload) {
        String proposed = tool("propose_change", "sql", payload, "reason", "routine maintenance");
        String planId = null;
        try {
            planId = Json.MAPPER.readTree(proposed).at("/plan/id").asText(null);
        } catch (IOException | RuntimeException ignored) {
            // no plan came back: there is nothing to apply
        }
        return planId == null ? proposed : proposed + "\n" + tool("apply_plan", "planId", planId);
    }

    private String tool(String name, Object... keyValues) {
        return call(tools.get(name), name, keyValues);
    }

    /** A tool of another set of tools (e.g. on a pinned connection), called the same way. */
    private static String tool(DatabaseTools core, String name, Object... keyValues) {
        for (Object toolObject : core.all()) {
            for (Method m : toolObject.getClass().getMethods()) {
                Tool t = m.getAnnotation(Tool.class);
                if (t != null && name.equals(t.name().isEmpty() ? m.getName() : t.name())) {
                    return call(new DefaultToolExecutor(toolObject, m), name, keyValues);
                }
            }
        }
        throw new IllegalStateException("no tool named " + name);
    }

    private static String call(DefaultToolExecutor executor, String name, Object... keyValues) {
        if (executor == null) {
            throw new IllegalStateException("no tool named " + name);
        }
        Map<String, Object> args = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                args.put((String) keyValues[i], keyValues[i + 1]);
            }
        }
        try {
            return executor.execute(ToolExecutionRequest.builder().id(name).name(name).arguments(Json.write(args)).build(),
                    "attack-corpus");
        } catch (RuntimeException e) {
            return "tool threw: " + e;
        }
    }

    private String cli(String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        CliRunner.Result r = CliRunner.runWithEnv(env, a.toArray(String[]::new));
        return "exit " + r.exit() + "\n" + r.out() + "\n" + r.err();
    }

    /** A migrations directory whose only pending migration is the payload. */
    private static Path pending(Path work, String payload) throws IOException {
        Path dir = Files.createDirectories(work.resolve("migrations"));
        write(dir.resolve("V2__x.sql"), payload);
        return dir;
    }

    private static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }
}
