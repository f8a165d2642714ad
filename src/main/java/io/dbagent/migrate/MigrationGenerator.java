package io.dbagent.migrate;

import io.dbagent.dialect.Dialects;
import io.dbagent.diff.Change;
import io.dbagent.diff.DiffPlan;
import io.dbagent.diff.DiffScript;
import io.dbagent.diff.Renames;
import io.dbagent.diff.SchemaDiff;
import io.dbagent.diff.SchemaSource;
import io.dbagent.guard.GuardedSession;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.report.Finding;
import io.dbagent.report.Severity;
import io.dbagent.schema.Schema;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code migrate generate}: the diff from the live database to the wanted schema, written as an up/down pair whose
 * header lists the hazards (destructive changes, lint findings) and what breaks for running applications.
 */
public final class MigrationGenerator {

    /**
     * What was written; {@code pair} is null when there was nothing to change.
     *
     * @param hazards one {@code destructive-change} finding per change that loses data, as the header lists it
     */
    public record Result(MigrationWriter.Pair pair, DiffPlan plan, List<Finding> hazards, int pendingFiles) {

        /** Whether live rows make a statement of the up migration fail for certain (a preflight count above 0). */
        public boolean willFail() {
            return hazards.stream().anyMatch(h -> h.id().startsWith("preflight-")
                    && h.severity() == io.dbagent.report.Severity.CRITICAL);
        }
    }

    /**
     * The inputs of a generation; {@code format} is the tool the files are written for, {@code renames} the tables
     * and columns to rename rather than drop and add.
     */
    public record Request(Path dir, String name, DbSession live, SchemaSource to, DbUrl devServer,
                          boolean allowDestructive, Instant now, MigrationFormat format, List<Renames.Hint> renames) {

        public Request {
            renames = renames == null ? List.of() : List.copyOf(renames);
        }

        public Request(Path dir, String name, DbSession live, SchemaSource to, DbUrl devServer,
                       boolean allowDestructive, Instant now, MigrationFormat format) {
            this(dir, name, live, to, devServer, allowDestructive, now, format, List.of());
        }

        public Request(Path dir, String name, DbSession live, SchemaSource to, DbUrl devServer,
                       boolean allowDestructive, Instant now) {
            this(dir, name, live, to, devServer, allowDestructive, now, MigrationFormat.FLYWAY);
        }

        public static Builder builder() {
            return new Builder();
        }

        /** Builder: dir and name and live session and target are required. */
        public static final class Builder {
            private Path dir = Path.of("migrations");
            private String name;
            private DbSession live;
            private SchemaSource to;
            private DbUrl devServer;
            private boolean allowDestructive;
            private Instant now = Instant.now();
            private MigrationFormat format = MigrationFormat.FLYWAY;
            private List<Renames.Hint> renames = List.of();

            public Builder renames(List<Renames.Hint> h) {
                this.renames = h == null ? List.of() : h;
                return this;
            }

            public Builder dir(Path d) {
                this.dir = d;
                return this;
            }

            public Builder name(String n) {
                this.name = n;
                return this;
            }

            public Builder live(DbSession s) {
                this.live = s;
                return this;
            }

            public Builder to(SchemaSource t) {
                this.to = t;
                return this;
            }

            public Builder devServer(DbUrl u) {
                this.devServer = u;
                return this;
            }

            public Builder allowDestructive(boolean a) {
                this.allowDestructive = a;
                return this;
            }

            public Builder now(Instant n) {
                this.now = n;
                return this;
            }

            public Builder format(MigrationFormat f) {
                this.format = f == null ? MigrationFormat.FLYWAY : f;
                return this;
            }

            public Request build() {
                return new Request(dir, MigrationWriter.name(name), Objects.requireNonNull(live, "live"),
                        Objects.requireNonNull(to, "to"), devServer, allowDestructive, now, format, renames);
            }
        }
    }

    private MigrationGenerator() {
    }

    public static Result generate(Request r) {
        Schema from = Dialects.inspect(r.live());
        Schema to = r.to().load(r.live().dialect(), r.devServer(), r.live().url());
        return write(r, from, to, r.live().url().redacted(), r.to().label(), TableSizes.live(r.live(), from));
    }

    /** Writes the pair for the change from one model to another (also used by the demo). */
    public static Result write(Request r, Schema from, Schema to, String fromLabel, String toLabel, TableSizes sizes) {
        DiffPlan plan = SchemaDiff.diff(from, to, r.renames());
        int pending = pendingFiles(r);
        if (plan.isEmpty()) {
            return new Result(null, plan, List.of(), pending);
        }
        List<Finding> hazards = new ArrayList<>(hazards(plan, r.allowDestructive()));
        String up = DiffScript.up(plan, r.allowDestructive(), List.of());
        List<Finding> preflight = preflight(r, plan, up, sizes);
        hazards.addAll(preflight);
        String down = DiffScript.down(plan, r.allowDestructive(), List.of());
        List<String> analysis = MigrationAnalysis.headerLines(plan.dialect(), up, sizes);
        List<String> header = new ArrayList<>();
        header.add("from: " + fromLabel);
        header.add("to:   " + toLabel);
        header.add(plan.changes().size() + " change(s), " + plan.destructiveChanges().size() + " destructive");
        if (pending > 0) {
            header.add("note: " + pending + " migration file(s) in " + r.dir() + " are not applied to the database yet;"
                    + " this diff does not include them");
        }
        plan.possibleRenames().forEach(p -> header.add("POSSIBLE RENAME: " + p.kind() + " " + p.from() + " -> "
                + p.to() + "; if so, rerun with " + p.flag()));
        header.add("");
        header.add("hazards:" + (hazards.isEmpty() && analysis.isEmpty() ? " none found" : ""));
        hazards.forEach(h -> {
            header.add("  " + h.message());
            if (h.id().startsWith("preflight-")) {
                header.add("    " + (h.severity() == io.dbagent.report.Severity.CRITICAL ? "data fix: " : "next: ")
                        + h.fix());
            }
        });
        analysis.forEach(h -> header.add("  " + h));
        MigrationWriter.Pair pair = r.format().write(r.dir(), r.name(), r.now(), plan.dialect(), header, up, down);
        return new Result(pair, plan, hazards, pending);
    }

    /**
     * The changes that lose data: warn while the migration only carries them as comments, critical once
     * {@code --allow-destructive} writes them as statements.
     */
    static List<Finding> hazards(DiffPlan plan, boolean allowDestructive) {
        List<Finding> out = new ArrayList<>();
        for (Change c : plan.destructiveChanges()) {
            out.add(Finding.builder("destructive-change", allowDestructive ? Severity.CRITICAL : Severity.WARN)
                    .subject(c.subject())
                    .message("destructive " + c.kind() + " " + c.subject() + ": loses " + c.loss() + (allowDestructive
                            ? "" : " (written as a comment; rerun with --allow-destructive to include it)"))
                    .fix(allowDestructive ? "-- keep a copy of " + c.loss() + " before applying it"
                            : "-- stop using " + c.subject() + " in code, copy what it holds, then rerun with --allow-destructive")
                    .evidence("change", c.kind())
                    .build());
        }
        return out;
    }

    /**
     * With the live database at hand: the rows that make a statement of the up script fail (NULLs before NOT NULL,
     * duplicate groups before UNIQUE, orphans before a FOREIGN KEY), counted by {@link Preflight} in the guarded
     * read context. A NULL backfill names the column's new default where it has one.
     */
    static List<Finding> preflight(Request r, DiffPlan plan, String up, TableSizes sizes) {
        if (r.live() == null || !r.live().readOnly()) {
            return List.of();
        }
        String script = "the up migration";
        List<Finding> found = Preflight.check(GuardedSession.read(r.live(), null),
                List.of(new MigrationLinter.Input(script, up, true)), sizes);
        List<Finding> out = new ArrayList<>();
        for (Finding f : found) {
            Object column = f.evidence().get("column");
            String dflt = !f.id().equals("preflight-nulls") ? null : plan.changes().stream()
                    .filter(c -> c instanceof Change.AlterColumn a && a.to().name().equals(column)
                            && String.valueOf(f.evidence().get("table")).endsWith(a.table().name()))
                    .map(c -> ((Change.AlterColumn) c).to().defaultValue()).filter(java.util.Objects::nonNull)
                    .findFirst().orElse(null);
            out.add(dflt == null ? f : new Finding(f.id(), f.severity(), f.subject(), f.message(),
                    f.fix().replace("<value>", dflt) + " -- the column's new default", f.evidence()));
        }
        return out;
    }

    private static int pendingFiles(Request r) {
        if (!java.nio.file.Files.isDirectory(r.dir())) {
            return 0;
        }
        List<Migration> files = MigrationDirectory.read(r.dir());
        return (int) MigrationRunner.status(r.live(), files).stream()
                .filter(e -> e.state() == MigrationStatus.State.PENDING).count();
    }
}
