package io.dbagent.cli.repl;

import io.dbagent.DbAgentException;
import io.dbagent.agent.DatabaseAgent;
import io.dbagent.agent.DatabaseTools;
import io.dbagent.agent.ModelConfig;
import io.dbagent.agent.PlanRunner;
import io.dbagent.app.PlanStore;
import io.dbagent.agent.ReadOnlyQuery;
import io.dbagent.dialect.Dialects;
import io.dbagent.guard.RunningStatements;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.Redactor;
import io.dbagent.memory.MemoryEntry;
import io.dbagent.report.ObjectListingRenderer;
import io.dbagent.report.ReportRenderer;
import io.dbagent.report.SchemaRenderer;
import io.dbagent.report.TextTable;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.terminal.Terminal;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code dbagent chat}: a terminal conversation. Slash commands call the services directly, so the REPL is useful
 * without any model; with one, free text goes to the agent, its answer streams in and tool calls are shown as they
 * finish. Plans the agent proposes are shown with their SQL and run only when the user answers yes.
 */
public final class Repl {

    static final List<String> COMMANDS = List.of("/inspect", "/lint", "/explain", "/advise", "/top", "/health", "/bloat", "/design", "/normalize", "/migrate", "/backup", "/sql", "/memory", "/plans",
            "/apply", "/model", "/help", "/quit");

    private final Terminal terminal;
    private final DatabaseTools tools;
    private final Map<String, String> env;
    private final Path historyFile;
    private DatabaseAgent agent;
    private ModelConfig model;
    private final PrintWriter out;
    private final CapabilityCommands capabilities;
    private boolean timing;
    private boolean expanded;

    public Repl(Terminal terminal, DatabaseTools tools, ModelConfig model, Map<String, String> env, Path historyFile) {
        this.terminal = terminal;
        this.tools = tools;
        this.env = env;
        this.historyFile = historyFile;
        this.out = terminal.writer();
        this.capabilities = new CapabilityCommands(tools.app(), out, this::confirmAndApply, this::confirm);
        setModel(model);
    }

    private void setModel(ModelConfig m) {
        this.model = m;
        this.agent = m == null ? null : DatabaseAgent.builder().tools(tools)
                .model(m).build();
    }

    /**
     * Where the chat history lives: {@code $XDG_STATE_HOME/dbagent/history} when that is set, else
     * {@code $HOME/.dbagent/history} (the environment's HOME, not the account's home directory).
     */
    public static Path historyFile(Map<String, String> env) {
        String state = env.get("XDG_STATE_HOME");
        if (state != null && !state.isBlank() && Path.of(state).isAbsolute()) {
            return Path.of(state, "dbagent", "history");
        }
        String home = env.get("HOME");
        return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"), ".dbagent", "history");
    }

    /** For tests and embedding: use this agent instead of one built from a model config. */
    public void useAgent(DatabaseAgent a) {
        this.agent = a;
    }

    public void run() {
        List<String> completions = new ArrayList<>(COMMANDS);
        try (DbSession s = tools.sessions().open(ConnectionFactory.Access.READ_ONLY)) {
            Dialects.inspect(s).tables().forEach(t -> completions.add(t.name()));
            out.println("dbagent chat — " + s.describe() + " at " + tools.sessions().describe());
        }
        out.println(agent == null
                ? "No model configured: slash commands and SQL work offline. To talk to the agent set DBAGENT_MODEL "
                + "(e.g. openai:gpt-4o-mini with OPENAI_API_KEY, or ollama:llama3.1) or use /model."
                : "Model: " + (model == null ? "embedded" : model.describe()) + ". Ask anything; /help lists commands.");
        out.flush();
        LineReaderBuilder builder = LineReaderBuilder.builder().terminal(terminal)
                .completer(new StringsCompleter(completions))
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true);
        if (historyFile != null) {
            builder.variable(LineReader.HISTORY_FILE, historyFile);
        }
        // entries are added by us, once per statement: a multi-line SQL statement is one entry, not one per line
        builder.variable(LineReader.DISABLE_HISTORY, true);
        LineReader reader = builder.build();
        while (true) {
            String line;
            try {
                line = readStatement(reader);
            } catch (UserInterruptException e) {
                continue; // Ctrl-C at the prompt clears the line, it does not end the session
            } catch (EndOfFileException e) {
                break;
            }
            if (line == null) {
                break;
            }
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            remember(reader, line);
            if (isQuit(line)) {
                break;
            }
            // Ctrl-C while a command runs cancels its statements on the server; the session goes on
            Thread worker = Thread.currentThread();
            Terminal.SignalHandler atPrompt = terminal.handle(Terminal.Signal.INT, sig -> RunningStatements.cancel(worker));
            long started = System.nanoTime();
            try {
                handle(line);
                if (timing) {
                    out.printf(Locale.ROOT, "Time: %.3f ms%n", (System.nanoTime() - started) / 1e6);
                }
            } catch (DbAgentException e) {
                out.println("error: " + Redactor.redact(e.getMessage()));
            } catch (RuntimeException e) {
                out.println("error: " + Redactor.redact(String.valueOf(e.getMessage())));
            } finally {
                terminal.handle(Terminal.Signal.INT, atPrompt);
            }
            out.flush();
        }
        out.println("bye");
        out.flush();
    }

    /** {@code exit}, {@code quit}, {@code \\q}, {@code /quit}, {@code /exit}: the words that leave, never sent to the model. */
    static boolean isQuit(String line) {
        String l = line.strip().toLowerCase(Locale.ROOT);
        if (l.endsWith(";")) {
            l = l.substring(0, l.length() - 1).strip();
        }
        return l.equals("exit") || l.equals("quit") || l.equals("\\q") || l.equals("/quit") || l.equals("/exit");
    }

    /** Adds the whole input (all its lines) to the history as one entry, persisted at once. */
    private static void remember(LineReader reader, String input) {
        // the reader's own adding is switched off (DISABLE_HISTORY), which the history also obeys: lift it for ours
        reader.setVariable(LineReader.DISABLE_HISTORY, false);
        try {
            reader.getHistory().add(input);
        } catch (RuntimeException e) {
            // an unwritable history file must not end the session
        } finally {
            reader.setVariable(LineReader.DISABLE_HISTORY, true);
        }
    }

    /** Reads one input; SQL continues over lines until it ends with a semicolon. */
    private String readStatement(LineReader reader) {
        String first = reader.readLine("dbagent> ");
        if (first == null || !looksLikeSql(first) || first.strip().endsWith(";")) {
            return first;
        }
        StringBuilder sb = new StringBuilder(first);
        while (true) {
            String more = reader.readLine("    ...> ");
            if (more == null) {
                break;
            }
            sb.append('\n').append(more);
            if (more.strip().endsWith(";")) {
                break;
            }
        }
        return sb.toString();
    }

    static boolean looksLikeSql(String line) {
        String l = line.strip().toLowerCase(Locale.ROOT);
        return l.startsWith("select ") || l.startsWith("with ") || l.startsWith("explain ") || l.startsWith("show ")
                || l.equals("select") || l.startsWith("values ");
    }

    void handle(String line) {
        if (line.startsWith("\\")) {
            psql(line);
            return;
        }
        if (looksLikeSql(line)) {
            sql(line);
            return;
        }
        if (!line.startsWith("/")) {
            ask(line);
            return;
        }
        String cmd = line.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        String arg = line.contains(" ") ? line.substring(line.indexOf(' ') + 1).strip() : "";
        switch (cmd) {
            case "/help" -> help();
            case "/inspect" -> inspect(arg);
            case "/lint" -> lint(arg);
            case "/explain" -> capabilities.explain(arg);
            case "/advise" -> capabilities.advise(arg);
            case "/health" -> capabilities.health();
            case "/top" -> top(arg);
            case "/design" -> capabilities.design(arg);
            case "/normalize" -> capabilities.normalize(arg);
            case "/migrate" -> capabilities.migrate(arg);
            case "/backup" -> capabilities.backup(arg);
            case "/bloat" -> capabilities.bloat(arg);
            case "/sql" -> sql(arg);
            case "/memory" -> memory(arg);
            case "/plans" -> plans();
            case "/apply" -> apply(arg);
            case "/model" -> model(arg);
            default -> out.println("unknown command " + cmd + "; /help lists them");
        }
    }

    private void help() {
        out.println("""
                /inspect [TABLE…]        schema (all tables, or these)
                /lint [TABLE…]           schema review with fixes
                /explain SQL             plan, timing and findings with fixes (read-only)
                /explain --hypothetical 'CREATE INDEX …' SQL   plan as if that index existed (PostgreSQL, hypopg; repeatable)
                /advise FILE.sql [--what-if auto|hypopg|scratch|rollback]  index recommendations (proposed as a plan)
                /top [N]                 the N statements the server spent the most time on (pg_stat_statements, performance_schema)
                /health                  health checks against the targets (p95, seq scans, hit ratios, …)
                /bloat [TABLE…]          wasted space per table and index, with the fix
                /design SPEC.yaml [DIALECT]  3NF schema, DDL and advice from a design spec
                /normalize R(A,B,C) A->B; B->C   keys, normal form, 3NF/BCNF decomposition
                /normalize --table T [--sample N] [--allow-destructive]  FDs in T's rows; the split is proposed as a plan
                /migrate lint|test [DIR]  lint the migrations (sized by live tables) or round-trip them on a scratch database
                /migrate status [DIR] [flyway|dbagent|auto]  each version and R__ file: applied, pending, baselined…
                /migrate generate NAME --to SCHEMA [--format flyway|liquibase|alembic] [--dir DIR]  write a migration
                /backup create DIR [--verify]   back up into a new folder under DIR; /backup list DIR
                /backup restore FOLDER [--force]  restore into this database (shows what it replaces, asks for yes)
                /backup verify FOLDER [--dev-db URL]  restore a backup into a scratch database and compare
                /sql SELECT …;           run a read-only query (plain SELECT/WITH/EXPLAIN also works)
                /memory search WORDS     what dbagent learned; /memory list [KIND]; /memory add KIND TITLE :: BODY
                /plans                   changes proposed by the agent, waiting for you
                /apply PLAN-ID           run a proposed change (asks first)
                /model PROVIDER:NAME     switch model (openai:…, anthropic:…, ollama:…)
                \\d [TABLE] \\dt \\dv \\ds \\df \\dn   as in psql: describe, list tables/views/sequences/routines/schemas
                \\timing  \\x              as in psql: time each command, expanded rows
                /quit, exit, quit, \\q   leave
                anything else            ask the agent (needs a model)""");
    }

    static List<String> names(String arg) {
        return arg.isBlank() ? null : List.of(arg.split("[\\s,]+"));
    }

    private void inspect(String arg) {
        out.print(SchemaRenderer.text(tools.app().schema().inspect(names(arg))));
    }

    private void lint(String arg) {
        out.print(ReportRenderer.text(tools.app().schema().lint(names(arg))));
    }

    private void sql(String sql) {
        try (DbSession s = tools.sessions().open(ConnectionFactory.Access.READ_ONLY)) {
            ReadOnlyQuery.Result r = ReadOnlyQuery.run(s, sql, 50, tools.timeout());
            if (expanded) {
                printExpanded(r);
            } else {
                TextTable t = new TextTable(r.columns().toArray(String[]::new));
                for (Map<String, Object> row : r.rows()) {
                    t.row(row.values().toArray());
                }
                out.print(t.render(""));
            }
            out.println("(" + r.rows().size() + (r.truncated() ? "+" : "") + " rows)");
        }
    }

    /** One {@code -[ RECORD n ]-} block per row, a column per line, as psql's {@code \\x}. */
    private void printExpanded(ReadOnlyQuery.Result r) {
        int width = r.columns().stream().mapToInt(String::length).max().orElse(0);
        int n = 0;
        for (Map<String, Object> row : r.rows()) {
            out.println("-[ RECORD " + (++n) + " ]" + "-".repeat(Math.max(3, width - 8)));
            for (Map.Entry<String, Object> e : row.entrySet()) {
                out.println(String.format(Locale.ROOT, "%-" + width + "s | %s", e.getKey(),
                        e.getValue() == null ? "" : e.getValue()));
            }
        }
    }

    /** The backslash commands psql users type first. */
    private void psql(String line) {
        String[] parts = line.strip().split("\\s+", 2);
        String arg = parts.length > 1 ? parts[1].replaceAll(";$", "").strip() : "";
        switch (parts[0]) {
            case "\\d", "\\d+" -> {
                if (arg.isEmpty()) {
                    listTables();
                } else {
                    inspect(arg);
                }
            }
            case "\\dt", "\\dt+" -> listTables();
            case "\\dv", "\\dv+" -> out.print(ObjectListingRenderer.objects(tools.app().schema().listObjects(List.of("view"))));
            case "\\ds", "\\ds+" -> out.print(ObjectListingRenderer.objects(tools.app().schema().listObjects(List.of("sequence"))));
            case "\\df", "\\df+" -> out.print(ObjectListingRenderer.objects(tools.app().schema().listObjects(List.of("routine"))));
            case "\\dn", "\\dn+" -> out.print(ObjectListingRenderer.schemas(tools.app().schema().listObjects(null)));
            case "\\timing" -> {
                timing = arg.isEmpty() ? !timing : arg.equalsIgnoreCase("on");
                out.println("Timing is " + (timing ? "on." : "off."));
            }
            case "\\x" -> {
                expanded = arg.isEmpty() ? !expanded : arg.equalsIgnoreCase("on");
                out.println("Expanded display is " + (expanded ? "on." : "off."));
            }
            case "\\?" -> help();
            default -> out.println("unknown command " + parts[0] + "; known: \\d [TABLE], \\dt, \\dv, \\ds, \\df, \\dn, \\timing, \\x, \\q (/help lists the rest)");
        }
    }

    private void top(String arg) {
        Integer n = arg.isBlank() ? null : parseLimit(arg);
        if (arg.isBlank() || n != null) {
            out.print(io.dbagent.advisor.TopQueriesRenderer.text(tools.app().queries().topQueries(n), 80));
        }
    }

    private Integer parseLimit(String arg) {
        try {
            return Integer.parseInt(arg.strip());
        } catch (NumberFormatException e) {
            out.println("usage: /top [N]");
            return null;
        }
    }

    private void listTables() {
        out.print(ObjectListingRenderer.objects(tools.app().schema().listObjects(List.of("table"))));
    }

    private void memory(String arg) {
        String[] parts = arg.split("\\s+", 2);
        String sub = parts[0];
        String rest = parts.length > 1 ? parts[1] : "";
        switch (sub) {
            case "search" -> {
                List<MemoryEntry> hits = tools.memory().search(rest, null, null, 5);
                hits.forEach(e -> out.println("[" + e.kind() + "] " + e.title() + "\n  " + e.body().replace("\n", "\n  ")));
                if (hits.isEmpty()) {
                    out.println("no entries match");
                }
            }
            case "list", "" -> tools.memory().all().stream().filter(e -> rest.isBlank() || e.kind().equals(rest))
                    .forEach(e -> out.println(e.id() + "  [" + e.kind() + "] " + e.title()));
            case "add" -> {
                String[] kt = rest.split("\\s+", 2);
                String text = kt.length > 1 ? kt[1] : "";
                String title = text.contains("::") ? text.substring(0, text.indexOf("::")).strip() : text;
                String body = text.contains("::") ? text.substring(text.indexOf("::") + 2).strip() : "";
                out.println("added " + tools.memory().add(kt[0], title, body, null, null, null, "user").id());
            }
            default -> out.println("usage: /memory search WORDS | /memory list [KIND] | /memory add KIND TITLE :: BODY");
        }
    }

    private void plans() {
        List<PlanStore.Plan> pending = tools.plans().pending();
        if (pending.isEmpty()) {
            out.println("no pending plans");
        }
        pending.forEach(this::printPlan);
    }

    private void printPlan(PlanStore.Plan p) {
        out.println(p.id() + ": " + p.title());
        p.statements().forEach(s -> out.println("    " + s + ";"));
    }

    private void apply(String id) {
        PlanStore.Plan p = tools.plans().get(id).orElseThrow(() -> DbAgentException.badInput("no plan '" + id + "'"));
        if (!PlanStore.PROPOSED.equals(p.status())) {
            // refused before asking: a rejected, applied or failed plan never runs again
            out.println("plan " + p.id() + " was " + p.status() + "; it cannot be applied (ask for it again)");
            return;
        }
        confirmAndApply(p);
    }

    private void confirmAndApply(PlanStore.Plan p) {
        printPlan(p);
        List<io.dbagent.app.DataLoss.Effect> loss = tools.app().proposals().dataLoss(p);
        boolean yes = confirm(!loss.isEmpty(), loss, "this plan removes or rewrites existing data",
                "apply " + p.id() + " to " + tools.sessions().describe());
        if (yes) {
            PlanRunner.Outcome o = PlanRunner.apply(tools.sessions(), tools.plans(), p.id());
            out.println("applied " + p.id() + " (" + o.statements() + " statements, " + o.millis() + " ms)");
        } else {
            tools.plans().markRejected(p.id());
            out.println("not applied; " + p.id() + " rejected");
        }
    }

    /**
     * Asks before an action: a plain {@code [y/N]}, or when {@code destructive} the red DESTRUCTIVE banner
     * ({@code head}, then each object of {@code loss} with its rows) and only the word {@code yes} confirms. Ctrl-C
     * or end of input is a no.
     */
    private boolean confirm(boolean destructive, List<io.dbagent.app.DataLoss.Effect> loss, String head,
                            String question) {
        LineReader yesNo = LineReaderBuilder.builder().terminal(terminal).build();
        String answer;
        String word = destructive ? "yes" : "y";
        try {
            if (destructive) {
                banner(head, loss);
            }
            answer = yesNo.readLine(!destructive ? question + "? [y/N] " : "type yes to " + question + ": ");
        } catch (UserInterruptException | EndOfFileException e) {
            answer = "n";
        }
        return answer != null && answer.strip().equalsIgnoreCase(word);
    }

    /** A red DESTRUCTIVE banner (plain text on a terminal without colours) with each object and its rows. */
    private void banner(String what, List<io.dbagent.app.DataLoss.Effect> loss) {
        boolean colour = !Terminal.TYPE_DUMB.equals(terminal.getType())
                && !Terminal.TYPE_DUMB_COLOR.equals(terminal.getType()) && !env.containsKey("NO_COLOR");
        String head = "DESTRUCTIVE: " + what;
        out.println(colour ? "\u001b[1;37;41m " + head + " \u001b[0m" : "!! " + head + " !!");
        loss.forEach(e -> out.println("  " + e.describe()));
        out.flush();
    }

    private void model(String arg) {
        if (arg.isBlank()) {
            out.println(model == null ? (agent == null ? "no model" : "embedded model") : model.describe());
            return;
        }
        setModel(ModelConfig.resolve(arg, env));
        out.println("model: " + model.describe());
    }

    private void ask(String question) {
        if (agent == null) {
            out.println("no model configured: set DBAGENT_MODEL (e.g. openai:gpt-4o-mini with OPENAI_API_KEY) or use "
                    + "/model; slash commands and SQL work without one (/help)");
            return;
        }
        List<String> before = tools.plans().pending().stream().map(PlanStore.Plan::id).toList();
        AtomicBoolean cancelled = new AtomicBoolean();
        CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> agent.chatStreaming(question,
                token -> {
                    if (!cancelled.get()) {
                        out.print(token);
                        out.flush();
                    }
                },
                tool -> {
                    if (!cancelled.get()) {
                        out.println("\n  [tool " + tool.request().name() + "]");
                        out.flush();
                    }
                }));
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, s -> {
            cancelled.set(true);
            answer.cancel(true);
            // the tool call runs on the model client's thread: stop its statement on the server too
            RunningStatements.cancelAll();
        });
        try {
            answer.get();
            out.println();
        } catch (java.util.concurrent.CancellationException | InterruptedException e) {
            out.println("\n(cancelled)");
        } catch (ExecutionException e) {
            out.println("\nerror: " + Redactor.redact(String.valueOf(e.getCause().getMessage())));
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
        }
        for (PlanStore.Plan p : tools.plans().pending()) {
            if (!before.contains(p.id())) {
                confirmAndApply(p);
            }
        }
        out.flush();
    }
}
