package io.dbagent.app;

import io.dbagent.sql.ScriptSplitter;

import java.util.List;
import java.util.Locale;

/**
 * Proposing a change: the one place where statements become a {@link PlanStore.Plan} that a human approves, for
 * the model's own proposals and for the index advisor's DDL alike. Nothing is executed here.
 */
public final class PlanUseCases {

    private final App.Collaborators with;

    PlanUseCases(App.Collaborators with) {
        this.with = with;
    }

    /** Proposes the statements of {@code sql} (split like a script), titled by the first line of {@code reason}. */
    public PlanStore.Plan propose(String sql, String reason) {
        List<String> statements = ScriptSplitter.split(sql == null ? "" : sql);
        return propose(reason == null ? "change" : firstLine(reason), statements, reason);
    }

    /** Proposes {@code statements} against the application's database; at least one is needed. */
    public PlanStore.Plan propose(String title, List<String> statements, String reason) {
        return with.plans().propose(title, with.requireSessions().describe(), statements, reason);
    }

    /** Whether a statement drops, truncates, or deletes or updates without a WHERE. */
    public static boolean isDestructive(String statement) {
        String s = statement.trim().toLowerCase(Locale.ROOT);
        return s.startsWith("drop ") || s.startsWith("truncate ") || s.contains(" drop column ")
                || (s.startsWith("delete ") && !s.contains(" where ")) || (s.startsWith("update ") && !s.contains(" where "));
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String l = nl >= 0 ? s.substring(0, nl) : s;
        return l.length() > 80 ? l.substring(0, 80) + "…" : l;
    }
}
