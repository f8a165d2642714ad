package io.dbagent.app;

import io.dbagent.dialect.Dialects;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.schema.Table;
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

    /**
     * The decomposition that FD discovery found for a live table as a plan: the new tables' DDL, then the data
     * migration with its row-count checks (and, when discovery was asked to be destructive, the column drops). The
     * migration's comment lines go into the reason. Null when the table is already in 3NF.
     */
    public PlanStore.Plan proposeDecomposition(io.dbagent.design.normalize.FdDiscovery.Result r) {
        List<String> statements = new java.util.ArrayList<>();
        StringBuilder notes = new StringBuilder("decompose " + r.table() + " along the FDs found in "
                + r.rowsRead() + " rows");
        for (String s : r.ddl()) {
            statements.add(s);
        }
        for (String s : r.migration()) {
            if (s.strip().lines().allMatch(l -> l.isBlank() || l.strip().startsWith("--"))) {
                notes.append('\n').append(s.strip());
            } else {
                statements.add(s);
            }
        }
        if (statements.isEmpty()) {
            return null;
        }
        return propose("normalize " + r.table() + ": " + r.ddl().size() + " new table(s), data migration",
                statements, notes.toString());
    }

    /**
     * Whether a statement drops, truncates, deletes, updates or rewrites data that exists (a DELETE or UPDATE with a
     * WHERE included: it still removes or overwrites the rows it selects).
     */
    public static boolean isDestructive(String statement) {
        String s = statement.trim().toLowerCase(Locale.ROOT);
        return s.startsWith("drop ") || !DataLoss.of(statement).isEmpty();
    }

    /**
     * The effects of a plan on existing data, each with the table's estimated rows from the database (-1 when the
     * table is not found): what a confirmation prompt must show before the plan runs.
     */
    public List<DataLoss.Effect> dataLoss(PlanStore.Plan plan) {
        List<DataLoss.Effect> effects = plan.statements().stream().flatMap(st -> DataLoss.of(st).stream()).toList();
        if (effects.isEmpty()) {
            return effects;
        }
        java.util.Map<String, Long> rows = new java.util.HashMap<>();
        try (DbSession s = with.requireSessions().open(ConnectionFactory.Access.READ_ONLY)) {
            for (Table t : Dialects.inspect(s).tables()) {
                rows.merge(t.name().toLowerCase(Locale.ROOT), t.rowEstimate(), Math::max);
            }
        } catch (RuntimeException e) {
            // the counts are a courtesy: the prompt still shows what is dropped, with "rows unknown"
        }
        return DataLoss.withRows(effects, name -> rows.getOrDefault(name.toLowerCase(Locale.ROOT), -1L));
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String l = nl >= 0 ? s.substring(0, nl) : s;
        return l.length() > 80 ? l.substring(0, 80) + "…" : l;
    }
}
