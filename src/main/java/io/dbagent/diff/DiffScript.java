package io.dbagent.diff;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes a plan as a SQL script: one commented block per change, statements ending in {@code ;}. Destructive changes
 * are written as comments unless allowed, so a script never drops data nobody asked to drop.
 */
public final class DiffScript {

    private DiffScript() {
    }

    /** The up script. {@code header} lines become {@code --} comments at the top. */
    public static String up(DiffPlan plan, boolean allowDestructive, List<String> header) {
        DiffPlan emitted = allowDestructive ? plan : plan.safeOnly();
        ChangeWriter w = ChangeWriter.of(plan.dialect());
        Text out = new Text(w, w.scriptTransaction(emitted.changes()));
        header.forEach(h -> out.sb.append("-- ").append(h).append('\n'));
        w.notes(emitted.changes()).forEach(h -> out.sb.append("-- ").append(h).append('\n'));
        out.open(w.prologue(emitted.changes()));
        List<Change> all = plan.changes();
        List<List<String>> blocks = all.stream().map(c -> c.destructive() && !allowDestructive ? null : w.write(c))
                .toList();
        for (int[] g : CombinedAlters.groups(w, blocks)) {
            out.sb.append('\n');
            Change first = all.get(g[0]);
            if (blocks.get(g[0]) == null) {
                out.sb.append("-- DESTRUCTIVE ").append(first.kind()).append(' ').append(first.subject())
                        .append(": loses ").append(first.loss()).append("; not emitted without --allow-destructive:\n");
                for (String s : w.write(first)) {
                    out.sb.append(commented(s)).append(";\n");
                }
                continue;
            }
            List<String> run = new ArrayList<>();
            for (int k = g[0]; k < g[1]; k++) {
                Change c = all.get(k);
                out.sb.append("-- ").append(c.kind()).append(' ').append(c.subject())
                        .append(c.destructive() ? " (DESTRUCTIVE: loses " + c.loss() + ")" : "").append('\n');
                if (c.note() != null) {
                    out.sb.append("-- ").append(c.note()).append('\n');
                }
                run.addAll(blocks.get(k));
            }
            out.statements(CombinedAlters.merge(w, run));
        }
        out.close(w.epilogue(emitted.changes()), w.finale(emitted.changes()));
        return out.sb.toString();
    }

    /**
     * The down script of the changes an up script emitted: their reverses in reverse order. Where the up change was
     * destructive, a comment says what the down cannot bring back.
     */
    public static String down(DiffPlan plan, boolean allowDestructive, List<String> header) {
        DiffPlan emitted = allowDestructive ? plan : plan.safeOnly();
        DiffPlan down = emitted.reverse();
        ChangeWriter w = ChangeWriter.of(plan.dialect());
        Text out = new Text(w, w.scriptTransaction(down.changes()));
        header.forEach(h -> out.sb.append("-- ").append(h).append('\n'));
        w.notes(down.changes()).forEach(h -> out.sb.append("-- ").append(h).append('\n'));
        out.open(w.prologue(down.changes()));
        List<Change> ups = new ArrayList<>(emitted.changes());
        List<Change> all = down.changes();
        List<List<String>> blocks = all.stream().map(w::write).toList();
        for (int[] g : CombinedAlters.groups(w, blocks)) {
            out.sb.append('\n');
            List<String> run = new ArrayList<>();
            for (int i = g[0]; i < g[1]; i++) {
                Change c = all.get(i);
                Change upChange = ups.get(ups.size() - 1 - i);
                out.sb.append("-- ").append(c.kind()).append(' ').append(c.subject()).append('\n');
                if (c.note() != null) {
                    out.sb.append("-- ").append(c.note()).append('\n');
                }
                if (upChange.destructive()) {
                    out.sb.append("-- CANNOT RESTORE: ").append(upChange.loss())
                            .append(" (the structure comes back, the data does not)\n");
                }
                run.addAll(blocks.get(i));
            }
            out.statements(CombinedAlters.merge(w, run));
        }
        out.close(w.epilogue(down.changes()), w.finale(down.changes()));
        return out.sb.toString();
    }

    /**
     * The script text. With its own transaction, everything from {@code BEGIN} to {@code COMMIT} is written as one
     * batch for the engine's shell: each statement starts with the {@code ;} that ends the one before, so no line
     * ends in a semicolon and the {@code sqlite3} shell reads the whole block before running it. A statement that
     * fails there skips the rest of the block, {@code COMMIT} included, and the open transaction rolls back when the
     * shell exits: nothing of the block stays applied, with or without {@code .bail on}.
     */
    private static final class Text {
        final StringBuilder sb = new StringBuilder();
        final ChangeWriter w;
        final boolean batch;
        boolean inBatch;

        Text(ChangeWriter w, boolean batch) {
            this.w = w;
            this.batch = batch;
        }

        void open(List<String> prologue) {
            statements(prologue);
            if (batch) {
                sb.append("-- BEGIN ... COMMIT is one batch (each statement starts with the ';' ending the previous one):\n")
                        .append("-- if a statement fails, the rest and COMMIT are skipped and nothing is applied,\n")
                        .append("-- also in the sqlite3 shell without .bail on\n")
                        .append("BEGIN\n");
                inBatch = true;
            }
        }

        void statements(List<String> stmts) {
            for (String s : stmts) {
                if (inBatch) {
                    sb.append("; ").append(s).append('\n');
                } else {
                    sb.append(w.scriptStatement(s)).append('\n');
                }
            }
        }

        void close(List<String> epilogue, List<String> finale) {
            if (!epilogue.isEmpty() || batch) {
                sb.append('\n');
            }
            statements(epilogue);
            if (batch) {
                sb.append("; COMMIT;\n");
                inBatch = false;
            }
            statements(finale);
        }
    }

    private static String commented(String s) {
        return "-- " + s.replace("\n", "\n-- ");
    }
}
