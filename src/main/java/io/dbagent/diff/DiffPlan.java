package io.dbagent.diff;

import io.dbagent.jdbc.DialectKind;

import java.util.ArrayList;
import java.util.List;

/**
 * The ordered changes from one model to another, for one dialect. {@link #reverse()} is the down migration: the
 * reversed list of reversed changes, valid because each step undoes exactly the one it mirrors.
 * {@code possibleRenames}: dropped and added objects that may be one renamed (see {@link Renames#detect}).
 */
public record DiffPlan(DialectKind dialect, List<Change> changes, List<Renames.Possible> possibleRenames) {

    public DiffPlan {
        changes = List.copyOf(changes);
        possibleRenames = possibleRenames == null ? List.of() : List.copyOf(possibleRenames);
    }

    public DiffPlan(DialectKind dialect, List<Change> changes) {
        this(dialect, changes, List.of());
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    public DiffPlan reverse() {
        List<Change> out = new ArrayList<>(changes.size());
        for (int i = changes.size() - 1; i >= 0; i--) {
            out.add(changes.get(i).reverse());
        }
        return new DiffPlan(dialect, out);
    }

    /** The plan without its destructive changes (what runs when destructive changes are not allowed). */
    public DiffPlan safeOnly() {
        return new DiffPlan(dialect, changes.stream().filter(c -> !c.destructive()).toList());
    }

    public List<Change> destructiveChanges() {
        return changes.stream().filter(Change::destructive).toList();
    }

    /**
     * All statements to run, in order, including the dialect's prologue, epilogue and finale (the script text's own
     * {@code BEGIN}/{@code COMMIT} are not among them: whoever runs the list owns the transaction). Consecutive
     * ALTER TABLEs on one table are one statement where the engine allows it.
     */
    public List<String> statements() {
        ChangeWriter w = ChangeWriter.of(dialect);
        List<String> out = new ArrayList<>(w.prologue(changes));
        out.addAll(CombinedAlters.statements(w, changes.stream().map(w::write).toList()));
        out.addAll(w.epilogue(changes));
        out.addAll(w.finale(changes));
        return out;
    }

    /** The statements of one change. */
    public List<String> statements(Change c) {
        return ChangeWriter.of(dialect).write(c);
    }
}
