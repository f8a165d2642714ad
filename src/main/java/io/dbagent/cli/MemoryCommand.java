package io.dbagent.cli;

import io.dbagent.DbAgentException;
import io.dbagent.memory.MemoryEntry;
import io.dbagent.memory.MemoryStore;
import io.dbagent.report.Json;
import io.dbagent.report.OutputFormat;
import io.dbagent.report.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.util.List;

@Command(name = "memory", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"The agent's memory of learned patterns, optimizations, index strategies, migration practices "
                + "and benchmarks (JSON files; curated seed entries ship with dbagent)."},
        subcommands = {MemoryCommand.ListCmd.class, MemoryCommand.SearchCmd.class, MemoryCommand.AddCmd.class,
                MemoryCommand.ShowCmd.class, MemoryCommand.ExportCmd.class})
final class MemoryCommand extends GroupCommand {

    @Mixin
    AgentOptions agentOptions;

    MemoryStore store() {
        return agentOptions.memory(main.env());
    }

    static void warnProblems(MemoryStore store, PrintWriter err) {
        store.problems().forEach(p -> err.println("dbagent: warning: skipped unreadable memory file " + p));
    }

    static String table(List<MemoryEntry> entries) {
        TextTable t = new TextTable("id", "kind", "dialect", "uses", "title");
        entries.forEach(e -> t.row(e.id(), e.kind(), e.dialect() == null ? "any" : e.dialect(), e.uses(), e.title()));
        return t.render("");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List entries, optionally of one kind.")
    static final class ListCmd implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        MemoryCommand parent;

        @Option(names = "--kind", description = "pattern, optimization, index-strategy, migration-practice, benchmark")
        String kind;

        @Option(names = {"--format", "-f"}, defaultValue = "text", description = "text or json")
        String format;

        @Override
        public Integer call() {
            OutputFormat f = Formats.require("memory list", format, OutputFormat.TEXT, OutputFormat.JSON);
            MemoryStore store = parent.store();
            List<MemoryEntry> all = store.all().stream()
                    .filter(e -> kind == null || e.kind().equalsIgnoreCase(kind)).toList();
            warnProblems(store, parent.main.spec.commandLine().getErr());
            parent.out().print(f == OutputFormat.JSON ? Json.write(all) + "\n" : table(all));
            parent.out().flush();
            return 0;
        }
    }

    @Command(name = "search", mixinStandardHelpOptions = true, description = "Ranked search over title, body and tags.")
    static final class SearchCmd implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        MemoryCommand parent;

        @Parameters(arity = "1..*", paramLabel = "WORDS", description = "What to look for.")
        List<String> words;

        @Option(names = "--kind", description = "Only this kind.")
        String kind;

        @Option(names = "--dialect", description = "Prefer entries for this dialect.")
        String dialect;

        @Option(names = "--limit", defaultValue = "5", description = "Maximum entries. Default: ${DEFAULT-VALUE}.")
        int limit;

        @Option(names = {"--format", "-f"}, defaultValue = "text", description = "text or json")
        String format;

        @Override
        public Integer call() {
            OutputFormat f = Formats.require("memory search", format, OutputFormat.TEXT, OutputFormat.JSON);
            MemoryStore store = parent.store();
            List<MemoryEntry> hits = store.search(String.join(" ", words), kind, dialect, limit);
            warnProblems(store, parent.main.spec.commandLine().getErr());
            if (f == OutputFormat.JSON) {
                parent.out().println(Json.write(hits));
            } else {
                for (MemoryEntry e : hits) {
                    parent.out().println("[" + e.kind() + "] " + e.title() + "  (" + e.id() + ")");
                    parent.out().println("  " + e.body().replace("\n", "\n  "));
                    parent.out().println();
                }
                if (hits.isEmpty()) {
                    parent.out().println("no entries match");
                }
            }
            parent.out().flush();
            return 0;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Record an entry.")
    static final class AddCmd implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        MemoryCommand parent;

        @Option(names = "--kind", required = true, description = "pattern, optimization, index-strategy, migration-practice, benchmark")
        String kind;

        @Option(names = "--title", required = true, description = "One line.")
        String title;

        @Option(names = "--body", defaultValue = "", description = "The lesson.")
        String body;

        @Option(names = "--tag", description = "Keyword; repeatable.")
        List<String> tags;

        @Option(names = "--dialect", description = "postgres, mysql or sqlite when it applies to one engine.")
        String dialect;

        @Override
        public Integer call() {
            if (dialect != null) {
                io.dbagent.jdbc.DialectKind.parse(dialect);
            }
            MemoryEntry e = parent.store().add(kind, title, body, tags, dialect, null, "user");
            parent.out().println("added " + e.id());
            parent.out().flush();
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one entry as JSON.")
    static final class ShowCmd implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        MemoryCommand parent;

        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            MemoryEntry e = parent.store().get(id)
                    .orElseThrow(() -> DbAgentException.badInput("no memory entry '" + id + "'"));
            parent.out().println(Json.write(e));
            parent.out().flush();
            return 0;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true, description = "All entries as one JSON array.")
    static final class ExportCmd implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        MemoryCommand parent;

        @Override
        public Integer call() {
            MemoryStore store = parent.store();
            parent.out().println(store.export());
            warnProblems(store, parent.main.spec.commandLine().getErr());
            parent.out().flush();
            return 0;
        }
    }
}
