package io.dbagent.cli;

import io.dbagent.DbAgentException;
import io.dbagent.jdbc.Redactor;
import io.dbagent.report.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The {@code dbagent} command line: parses arguments, calls a service, renders its record. No logic lives here. */
@Command(name = "dbagent",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
                "A database agent for PostgreSQL, MySQL/MariaDB and SQLite: inspects and reviews schemas, explains and optimises queries, designs and normalises them, writes and tests migrations, checks health, makes verified backups, talks to you about it all (chat, ask) and serves its tools over MCP.",
                "",
                "Connection: --db URL, or the DBAGENT_DB / DATABASE_URL environment variables. URL forms:%n"
                        + "  postgres://user:pass@host:5432/db, postgresql://…, mysql://user:pass@host:3306/db, mariadb://…%n"
                        + "  sqlite:path/to/file.db, a path ending in .db/.sqlite/.sqlite3, or jdbc:postgresql|mysql|mariadb|sqlite:…",
                "",
                "Exit codes: 0 done; 1 findings at or above --fail-on; 2 bad input or connection error."},
        footer = {"", "Run 'dbagent COMMAND --help' for a command's options."})
// the subcommands are added in run(): see COMMANDS
public final class Main implements Runnable {

    /**
     * The subcommands, in the order the usage lists them. They are not in the {@code @Command} annotation because
     * picocli would then build every command's model (reflection over each option of each nested command) on every
     * start; {@link #commandLine(Main, String[])} builds only the command that runs.
     */
    static final List<Class<?>> COMMANDS = List.of(
            InspectCommand.class,
            ObjectsCommand.class,
            LintCommand.class,
            ExplainCommand.class,
            AdviseCommand.class,
            TopQueriesCommand.class,
            DemoCommand.class,
            NormalizeCommand.class,
            DesignCommand.class,
            ConstraintsCommand.class,
            DiffCommand.class,
            MigrateCommand.class,
            HealthCommand.class,
            BloatCommand.class,
            WatchCommand.class,
            AlertsCommand.class,
            BackupCommand.class,
            ChatCommand.class,
            AskCommand.class,
            MemoryCommand.class,
            McpCommand.class,
            SkillCommand.class,
            CommandLine.HelpCommand.class);

    @Option(names = "--debug", description = "Print stack traces of errors (never passwords).", scope = CommandLine.ScopeType.INHERIT)
    boolean debug;

    private Map<String, String> env = System.getenv();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public Map<String, String> env() {
        return env;
    }

    /** The application layer on {@code url} (null: no database), this environment's memory and the limit given. */
    io.dbagent.app.App app(io.dbagent.jdbc.DbUrl url, java.time.Duration timeout) {
        return io.dbagent.app.App.builder().url(url).env(env).timeout(timeout).build();
    }

    /** The application layer on {@code url} with the default limit. */
    io.dbagent.app.App app(io.dbagent.jdbc.DbUrl url) {
        return app(url, null);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = run(args, out, err, System.getenv());
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs the CLI with the given streams and environment; returns the exit code (used by tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
        return run(args, out, err, env, Main::commandLine);
    }

    /** With the command tree from {@code tree} (tests compare the lazy tree with the full one). */
    static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env,
                   java.util.function.BiFunction<Main, String[], CommandLine> tree) {
        Main main = new Main();
        main.env = env;
        // settings reach the subcommands present when they are set, so the tree is complete before
        CommandLine cl = tree.apply(main, args);
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("dbagent: " + Redactor.redact(ex.getMessage()) + " (see '"
                    + c.getCommandSpec().qualifiedName() + " --help')");
            return ExitCodes.BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            boolean dbg = main.debug;
            if (ex instanceof DbAgentException dae) {
                c.getErr().println("dbagent: " + Redactor.redact(dae.getMessage()));
            } else {
                c.getErr().println("dbagent: unexpected error: " + Redactor.redact(String.valueOf(ex))
                        + (dbg ? "" : " (run with --debug for details)"));
            }
            if (dbg) {
                java.io.StringWriter sw = new java.io.StringWriter();
                ex.printStackTrace(new PrintWriter(sw));
                c.getErr().println(Redactor.redact(sw.toString()));
            }
            return ExitCodes.BAD_INPUT;
        });
        return cl.execute(args);
    }

    /** The command line with every command's full model (documentation checks, {@code dbagent help COMMAND}). */
    public static CommandLine commandLine(Main main) {
        CommandLine cl = new CommandLine(main);
        COMMANDS.forEach(cl::addSubcommand);
        return cl;
    }

    /**
     * The command line for {@code args}: the full model of the command they name, and for every other command only
     * its name and description, which is all the usage and the "did you mean" of a mistyped name read. Anything this
     * cannot tell apart (an {@code @file} argument, {@code --}, the help command) gets every full model.
     */
    static CommandLine commandLine(Main main, String[] args) {
        String chosen = null;
        for (String a : args) {
            if (a.startsWith("@") || a.equals("--")) {
                return commandLine(main);
            }
            if (!a.startsWith("-")) {
                chosen = a;
                break;
            }
        }
        if ("help".equals(chosen)) {
            return commandLine(main);
        }
        CommandLine cl = new CommandLine(main);
        for (Class<?> c : COMMANDS) {
            Command command = c.getAnnotation(Command.class);
            if (command.name().equals(chosen) || java.util.Arrays.asList(command.aliases()).contains(chosen)) {
                cl.addSubcommand(c);
            } else {
                CommandLine.Model.CommandSpec outline = CommandLine.Model.CommandSpec.create();
                outline.usageMessage().header(command.header()).description(command.description())
                        .hidden(command.hidden());
                cl.addSubcommand(command.name(), outline, command.aliases());
            }
        }
        return cl;
    }
}
