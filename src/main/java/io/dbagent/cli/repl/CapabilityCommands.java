package io.dbagent.cli.repl;

import io.dbagent.DbAgentException;
import io.dbagent.app.App;
import io.dbagent.app.PlanStore;
import io.dbagent.app.QueryUseCases;
import io.dbagent.health.HealthRenderer;
import io.dbagent.report.Json;
import io.dbagent.report.OutputFormat;
import io.dbagent.report.ReportRenderer;

import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * The REPL's capability commands (/explain, /advise, /health, /bloat, /design, /normalize, /migrate): each parses
 * its argument, calls the application layer and prints what it returns. Plans go back to the REPL for approval.
 */
final class CapabilityCommands {

    private final App app;
    private final PrintWriter out;
    private final Consumer<PlanStore.Plan> onPlan;
    private final Confirm confirm;

    /** The REPL's question before an action (see {@code Repl#confirm}). */
    interface Confirm {
        boolean ask(boolean destructive, java.util.List<io.dbagent.app.DataLoss.Effect> loss, String head,
                    String question);
    }

    CapabilityCommands(App app, PrintWriter out, Consumer<PlanStore.Plan> onPlan, Confirm confirm) {
        this.app = app;
        this.out = out;
        this.onPlan = onPlan;
        this.confirm = confirm;
    }

    void explain(String arg) {
        java.util.List<String> hypothetical = new java.util.ArrayList<>();
        String sql = hypotheticalOptions(arg.strip(), hypothetical);
        if (sql.isBlank()) {
            out.println("usage: /explain [--hypothetical 'CREATE INDEX …' | --hypothetical table(col,…)]… SELECT …");
            return;
        }
        out.print(ReportRenderer.render(hypothetical.isEmpty() ? app.queries().explainReadOnly(sql, true, 3, null)
                : app.queries().explainReadOnly(sql, null, null, null, hypothetical), OutputFormat.TEXT));
    }

    /**
     * Takes the leading {@code --hypothetical VALUE} options off {@code arg} into {@code into} and returns the rest
     * (the statement). A value is one quoted string ({@code '…'}, {@code ''} for a quote) or a word without spaces.
     */
    static String hypotheticalOptions(String arg, java.util.List<String> into) {
        String rest = arg;
        while (rest.startsWith("--hypothetical")) {
            rest = rest.substring("--hypothetical".length()).stripLeading();
            if (rest.startsWith("'")) {
                StringBuilder v = new StringBuilder();
                int i = 1;
                while (true) {
                    if (i >= rest.length()) {
                        throw DbAgentException.badInput("--hypothetical: the quoted index has no closing quote");
                    }
                    char c = rest.charAt(i);
                    if (c == '\'' && i + 1 < rest.length() && rest.charAt(i + 1) == '\'') {
                        v.append('\'');
                        i += 2;
                    } else if (c == '\'') {
                        i++;
                        break;
                    } else {
                        v.append(c);
                        i++;
                    }
                }
                into.add(v.toString());
                rest = rest.substring(i).stripLeading();
            } else {
                int sp = rest.indexOf(' ');
                if (rest.isEmpty()) {
                    throw DbAgentException.badInput("--hypothetical needs an index: 'CREATE INDEX …' or table(col,…)");
                }
                into.add(sp < 0 ? rest : rest.substring(0, sp));
                rest = sp < 0 ? "" : rest.substring(sp + 1).stripLeading();
            }
        }
        return rest;
    }

    void advise(String arg) {
        if (arg.isBlank()) {
            out.println("usage: /advise WORKLOAD.sql [--what-if auto|hypopg|scratch|rollback]");
            return;
        }
        String file = arg.strip();
        String whatIf = null;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(.*?)\\s+--what-if\\s+(\\S+)\\s*$").matcher(file);
        if (m.matches()) {
            file = m.group(1);
            whatIf = m.group(2);
        }
        String text;
        try {
            text = java.nio.file.Files.readString(java.nio.file.Path.of(file));
        } catch (java.io.IOException e) {
            throw DbAgentException.badInput("cannot read " + file + ": " + e.getMessage());
        }
        QueryUseCases.Proposal p = app.queries().proposeIndexes(text, null, false, whatIf);
        out.print(ReportRenderer.render(p.advice(), OutputFormat.TEXT));
        if (p.plan() != null) {
            onPlan.accept(p.plan());
        }
    }

    void health() {
        out.print(HealthRenderer.render(app.health().checkSession(null), OutputFormat.TEXT));
    }

    void bloat(String arg) {
        out.print(ReportRenderer.render(app.health().bloat(Repl.names(arg)), OutputFormat.TEXT));
    }

    void design(String arg) {
        String[] parts = arg.split("\\s+");
        if (arg.isBlank()) {
            out.println("usage: /design SPEC.yaml [postgres|mysql|sqlite]");
            return;
        }
        java.nio.file.Path spec = java.nio.file.Path.of(parts[0]);
        String text;
        try {
            text = java.nio.file.Files.readString(spec);
        } catch (java.io.IOException e) {
            throw DbAgentException.badInput("cannot read " + spec + ": " + e.getMessage());
        }
        // without a dialect, the target's engine
        io.dbagent.jdbc.DialectKind dialect = parts.length > 1 ? io.dbagent.jdbc.DialectKind.parse(parts[1]) : null;
        out.print(io.dbagent.design.DesignRenderer.render(app.schema().design(text, spec.toString(), dialect),
                OutputFormat.TEXT));
    }

    void normalize(String arg) {
        String a = arg.strip();
        if (a.startsWith("--table") || !a.isEmpty() && !a.contains("(")) {
            discover(a);
            return;
        }
        int close = a.indexOf(')');
        if (close < 0) {
            out.println(NORMALIZE_USAGE);
            return;
        }
        out.print(io.dbagent.design.normalize.NormalizationRenderer.text(
                app.schema().normalize(a.substring(0, close + 1), a.substring(close + 1))));
    }

    private static final String NORMALIZE_USAGE = "usage: /normalize R(A,B,C,D) A->B; B,C->D | /normalize --table T "
            + "[--sample N] [--max-error E] [--max-lhs K] [--allow-destructive]";

    /**
     * {@code /normalize --table T …} (or {@code /normalize T}): FD discovery on the live table as {@code normalize
     * --db --table}; a decomposition is proposed as a plan, shown, and runs only after the answer (the word yes when
     * it drops columns).
     */
    private void discover(String arg) {
        String[] parts = arg.split("\\s+");
        String table = null;
        Integer sample = null;
        double maxError = 0;
        int maxLhs = 0;
        boolean destructive = false;
        try {
            for (int i = 0; i < parts.length; i++) {
                String p = parts[i];
                boolean hasValue = i + 1 < parts.length;
                switch (p) {
                    case "--table" -> table = hasValue ? parts[++i] : null;
                    case "--sample" -> sample = hasValue ? Integer.parseInt(parts[++i]) : null;
                    case "--max-error" -> maxError = hasValue ? Double.parseDouble(parts[++i]) : -1;
                    case "--max-lhs" -> maxLhs = hasValue ? Integer.parseInt(parts[++i]) : -1;
                    case "--allow-destructive" -> destructive = true;
                    default -> {
                        if (table != null || p.startsWith("--")) {
                            out.println(NORMALIZE_USAGE);
                            return;
                        }
                        table = p;
                    }
                }
            }
        } catch (NumberFormatException e) {
            out.println(NORMALIZE_USAGE);
            return;
        }
        if (table == null || maxLhs < 0) {
            out.println(NORMALIZE_USAGE);
            return;
        }
        var r = app.schema().discoverDependencies(table,
                new io.dbagent.design.normalize.FdDiscovery.Options(sample, maxError, maxLhs, destructive));
        out.print(io.dbagent.design.normalize.NormalizationRenderer.discoveryText(r));
        PlanStore.Plan plan = app.proposals().proposeDecomposition(r);
        if (plan != null) {
            onPlan.accept(plan);
        }
    }

    void migrate(String arg) {
        String[] parts = arg.isBlank() ? new String[0] : arg.split("\\s+");
        if (parts.length > 0 && parts[0].equals("generate")) {
            generate(parts);
            return;
        }
        if (parts.length == 0 || !(parts[0].equals("lint") || parts[0].equals("test") || parts[0].equals("status"))) {
            out.println("usage: /migrate lint [DIR] | /migrate test [DIR] | /migrate status [DIR] [flyway|dbagent|auto]"
                    + "   (DIR defaults to migrations)");
            out.println("       /migrate generate NAME --to SCHEMA [--format flyway|liquibase|alembic] [--dir DIR]");
            return;
        }
        String dir = parts.length > 1 ? parts[1] : "migrations";
        if (parts[0].equals("status")) {
            out.println(Json.write(app.migrations().status(java.nio.file.Path.of(dir),
                    io.dbagent.migrate.HistoryOption.parse(parts.length > 2 ? parts[2] : null, null))));
            return;
        }
        out.println(Json.write(parts[0].equals("lint") ? app.migrations().lint(dir)
                : app.migrations().testPending(dir, null, null)));
    }

    private static final String BACKUP_USAGE = "usage: /backup create DIR [--verify] [--dev-db URL] | /backup restore "
            + "FOLDER [--force] | /backup verify FOLDER [--dev-db URL] | /backup list DIR";

    /**
     * {@code /backup create|restore|verify|list}: the same use cases as the command line. A restore shows what it
     * replaces (the red DESTRUCTIVE banner with each table and its rows) and runs only after the word yes.
     */
    void backup(String arg) {
        String[] parts = arg.isBlank() ? new String[0] : arg.split("\\s+");
        String sub = parts.length == 0 ? "" : parts[0];
        java.util.Set<String> flags = new java.util.HashSet<>();
        String devDb = null;
        String folder = null;
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].equals("--dev-db") && i + 1 < parts.length) {
                devDb = parts[++i];
            } else if (parts[i].startsWith("--")) {
                flags.add(parts[i]);
            } else if (folder == null) {
                folder = parts[i];
            } else {
                folder = null;
                break;
            }
        }
        java.util.Set<String> allowed = switch (sub) {
            case "create" -> java.util.Set.of("--verify");
            case "restore" -> java.util.Set.of("--force");
            default -> java.util.Set.of();
        };
        boolean devDbAllowed = sub.equals("create") || sub.equals("verify");
        if (folder == null || !allowed.containsAll(flags) || devDb != null && !devDbAllowed) {
            out.println(BACKUP_USAGE);
            return;
        }
        java.nio.file.Path path = java.nio.file.Path.of(folder);
        switch (sub) {
            case "list" -> {
                var l = app.backups().list(path);
                l.backups().forEach(e -> out.println(e.folder() + "  " + e.manifest().finishedAt() + "  "
                        + e.manifest().sizeBytes() + " bytes  " + (e.verified() == null ? "not verified"
                        : e.verified() ? "verified" : "verification failed")));
                if (l.backups().isEmpty()) {
                    out.println("no backups in " + l.dir());
                }
            }
            case "verify" -> out.print(io.dbagent.backup.BackupText.verify(app.backups().verify(path, devDb, null)));
            case "create" -> out.print(io.dbagent.backup.BackupText.create(
                    app.backups().create(path, null, flags.contains("--verify"), devDb)));
            case "restore" -> restore(path, flags.contains("--force"));
            default -> out.println(BACKUP_USAGE);
        }
    }

    private void restore(java.nio.file.Path folder, boolean force) {
        var p = app.backups().restorePreview(folder, force);
        out.println("restore " + p.backupId() + " (" + p.tables() + " tables, "
                + String.format(java.util.Locale.ROOT, "%,d", p.rows()) + " rows) into " + p.target());
        String head = p.replaced().isEmpty() ? "a restore writes into " + p.target()
                : "this restore replaces existing tables and their rows";
        if (!confirm.ask(true, p.replaced(), head, "restore " + p.backupId() + " into " + p.target())) {
            out.println("not restored; nothing was changed");
            return;
        }
        var r = app.backups().restore(folder, true, force, null);
        out.print(io.dbagent.backup.BackupText.restore(r));
    }

    /** {@code /migrate generate NAME --to SCHEMA [--format F] [--dir DIR]}: writes the files, applies nothing. */
    private void generate(String[] parts) {
        java.util.Map<String, String> opts = new java.util.HashMap<>();
        java.util.List<String> renames = new java.util.ArrayList<>();
        String name = null;
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].equals("--rename") && i + 1 < parts.length) {
                renames.add(parts[++i]);
            } else if (parts[i].startsWith("--") && i + 1 < parts.length) {
                opts.put(parts[i], parts[++i]);
            } else if (name == null && !parts[i].startsWith("--")) {
                name = parts[i];
            } else {
                name = null;
                break;
            }
        }
        if (name == null || !opts.containsKey("--to")) {
            out.println("usage: /migrate generate NAME --to SCHEMA [--format flyway|liquibase|alembic] [--dir DIR]"
                    + " [--rename OLD=NEW ...]");
            return;
        }
        var r = app.migrations().generateTo(java.nio.file.Path.of(opts.getOrDefault("--dir", "migrations")), name,
                opts.get("--to"), null, false, opts.get("--format"), renames).value();
        if (r.pair() == null) {
            out.println("no differences: nothing written");
            return;
        }
        out.println("created " + r.pair().up() + " (" + r.plan().changes().size() + " change(s))");
        if (!r.pair().down().equals(r.pair().up())) {
            out.println("created " + r.pair().down());
        }
        r.hazards().forEach(h -> out.println("hazard: " + h.message()));
    }
}
