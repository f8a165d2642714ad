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
        StringBuilder out = new StringBuilder();
        header.forEach(h -> out.append("-- ").append(h).append('\n'));
        statements(out, w, w.prologue(emitted.changes()));
        for (Change c : plan.changes()) {
            out.append('\n');
            if (c.destructive() && !allowDestructive) {
                out.append("-- DESTRUCTIVE ").append(c.kind()).append(' ').append(c.subject()).append(": loses ")
                        .append(c.loss()).append("; not emitted without --allow-destructive:\n");
                for (String s : w.write(c)) {
                    out.append(commented(s)).append(";\n");
                }
                continue;
            }
            out.append("-- ").append(c.kind()).append(' ').append(c.subject())
                    .append(c.destructive() ? " (DESTRUCTIVE: loses " + c.loss() + ")" : "").append('\n');
            statements(out, w, w.write(c));
        }
        List<String> epilogue = w.epilogue(emitted.changes());
        if (!epilogue.isEmpty()) {
            out.append('\n');
            statements(out, w, epilogue);
        }
        return out.toString();
    }

    /**
     * The down script of the changes an up script emitted: their reverses in reverse order. Where the up change was
     * destructive, a comment says what the down cannot bring back.
     */
    public static String down(DiffPlan plan, boolean allowDestructive, List<String> header) {
        DiffPlan emitted = allowDestructive ? plan : plan.safeOnly();
        DiffPlan down = emitted.reverse();
        ChangeWriter w = ChangeWriter.of(plan.dialect());
        StringBuilder out = new StringBuilder();
        header.forEach(h -> out.append("-- ").append(h).append('\n'));
        statements(out, w, w.prologue(down.changes()));
        List<Change> ups = new ArrayList<>(emitted.changes());
        for (int i = 0; i < down.changes().size(); i++) {
            Change c = down.changes().get(i);
            Change upChange = ups.get(ups.size() - 1 - i);
            out.append('\n').append("-- ").append(c.kind()).append(' ').append(c.subject()).append('\n');
            if (upChange.destructive()) {
                out.append("-- CANNOT RESTORE: ").append(upChange.loss()).append(" (the structure comes back, the data does not)\n");
            }
            statements(out, w, w.write(c));
        }
        List<String> epilogue = w.epilogue(down.changes());
        if (!epilogue.isEmpty()) {
            out.append('\n');
            statements(out, w, epilogue);
        }
        return out.toString();
    }

    private static void statements(StringBuilder out, ChangeWriter w, List<String> stmts) {
        stmts.forEach(s -> out.append(w.scriptStatement(s)).append('\n'));
    }

    private static String commented(String s) {
        return "-- " + s.replace("\n", "\n-- ");
    }
}
