package io.dbagent.cli;

import io.dbagent.DbAgentException;
import io.dbagent.jdbc.DbUrlParser;
import io.dbagent.skill.SkillInstaller;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "skill", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = "The opencode skill 'database' and its MCP server entry.",
        subcommands = SkillCommand.Install.class)
final class SkillCommand extends GroupCommand {

    @Command(name = "install", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            description = {"Copy SKILL.md to .opencode/skills/database/ (or ~/.config/opencode/skills/) and merge an "
                    + "mcp.dbagent entry into opencode.json without losing its other content."})
    static final class Install implements Callable<Integer> {

        @ParentCommand
        SkillCommand parent;

        static final class Where {
            @Option(names = "--project", paramLabel = "DIR", description = "Install into this project (default: current directory).")
            Path project;

            @Option(names = "--global", description = "Install for the user: ~/.config/opencode.")
            boolean global;
        }

        @ArgGroup(exclusive = true)
        Where where;

        /** The variable the server entry reads the URL from when the URL has a password. */
        static final String ENV_VAR = "DBAGENT_DB";

        @Option(names = "--db", paramLabel = "URL", description = {"Database the MCP server works on (else DBAGENT_DB at "
                + "run time). A URL with a password is not written to opencode.json: the entry then reads "
                + "{env:DBAGENT_DB} and you set DBAGENT_DB where opencode runs."})
        String db;

        @Option(names = "--allow-writes", description = "Start the MCP server with --allow-writes (apply_plan available).")
        boolean allowWrites;

        @Override
        public Integer call() {
            if (db != null) {
                DbUrlParser.parse(db); // bad URLs fail now, not when opencode starts the server
            }
            Path root;
            Path config;
            if (where != null && where.global) {
                root = Path.of(System.getProperty("user.home"), ".config", "opencode");
                config = root.resolve("opencode.json");
            } else {
                Path project = (where == null || where.project == null ? Path.of("") : where.project).toAbsolutePath();
                if (!Files.isDirectory(project)) {
                    throw DbAgentException.badInput("project directory not found: " + project);
                }
                root = project.resolve(".opencode");
                config = project.resolve("opencode.json");
            }
            // A URL with a password is not written into opencode.json (often committed) nor onto the server's command
            // line (visible in ps): the entry passes DBAGENT_DB through from opencode's environment instead.
            boolean secret = db != null && DbUrlParser.carriesPassword(db);
            List<String> command = new ArrayList<>(launcher());
            command.add("mcp");
            if (db != null && !secret) {
                command.add("--db");
                command.add(db);
            }
            if (allowWrites) {
                command.add("--allow-writes");
            }
            Map<String, String> environment = secret ? Map.of(ENV_VAR, "{env:" + ENV_VAR + "}") : Map.of();
            SkillInstaller.Result r = SkillInstaller.install(root, config, command, environment);
            var out = parent.main.spec.commandLine().getOut();
            out.println("skill: " + r.skillFile());
            out.println("mcp entry 'dbagent' in " + r.configFile());
            if (secret) {
                out.println("set " + ENV_VAR + " to " + DbUrlParser.parse(db).redacted() + " (with the real "
                        + "password) in the environment opencode starts in: " + r.configFile()
                        + " refers to it as {env:" + ENV_VAR + "} and holds no password"
                        // opencode pastes the value into the JSON text: these two characters would break it
                        + (db.contains("\"") || db.contains("\\") ? " (write \" as %22 and \\ as %5C in it)" : ""));
            }
            out.flush();
            return 0;
        }

        static List<String> launcher() {
            return io.dbagent.app.Launcher.words();
        }
    }
}
