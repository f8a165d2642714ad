package io.dbagent.diff;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.dbagent.report.Finding;
import io.dbagent.report.Json;

import java.util.ArrayList;
import java.util.List;

/** Renders {@code dbagent diff} results as a SQL script or JSON. */
public final class DiffRenderer {

    private DiffRenderer() {
    }

    public static String sql(DiffService.Result r, boolean allowDestructive, boolean down) {
        return sql(r, allowDestructive, down, List.of());
    }

    /**
     * The script, with the live rows that block it ({@code preflight}, from the source database) and their data fixes
     * in the header of the up script.
     */
    public static String sql(DiffService.Result r, boolean allowDestructive, boolean down, List<Finding> preflight) {
        DiffPlan plan = r.plan();
        List<String> header = new ArrayList<>();
        header.add("dbagent diff (" + r.dialect() + ")" + (down ? ": DOWN, from the target back to the source" : ""));
        header.add("from: " + r.from());
        header.add("to:   " + r.to());
        if (plan.isEmpty()) {
            header.add("no differences");
            possibleRenames(plan, header);
            return DiffScript.up(plan, true, header);
        }
        int destructive = plan.destructiveChanges().size();
        header.add(plan.changes().size() + " change(s), " + destructive + " destructive"
                + (destructive > 0 && !allowDestructive ? " (written as comments; rerun with --allow-destructive to emit them)" : ""));
        possibleRenames(plan, header);
        if (!down && !preflight.isEmpty()) {
            header.add("");
            header.add("WILL FAIL on the source database's rows (fix the data first):");
            for (Finding f : preflight) {
                header.add("  " + f.message());
                header.add("    data fix: " + f.fix());
            }
        }
        return down ? DiffScript.down(plan, allowDestructive, header) : DiffScript.up(plan, allowDestructive, header);
    }

    /** One header line per possible rename, with the flag to paste. */
    private static void possibleRenames(DiffPlan plan, List<String> header) {
        for (Renames.Possible p : plan.possibleRenames()) {
            header.add("POSSIBLE RENAME: " + p.kind() + " " + p.from() + " -> " + p.to() + " (dropped and added with "
                    + "the same " + ("table".equals(p.kind()) ? "columns" : "type") + "); if so, rerun with "
                    + p.flag());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"kind", "subject", "destructive", "emitted", "loss", "note", "up", "down"})
    record ChangeView(String kind, String subject, boolean destructive, boolean emitted, String loss, String note,
                      List<String> up, List<String> down) {
    }

    @JsonPropertyOrder({"from", "to", "dialect", "summary", "changes", "possibleRenames", "willFail", "preflight"})
    record View(String from, String to, String dialect, Summary summary, List<ChangeView> changes,
                List<Renames.Possible> possibleRenames, boolean willFail,
                @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Finding> preflight) {
    }

    record Summary(int changes, int destructive, int emitted) {
    }

    public static String json(DiffService.Result r, boolean allowDestructive) {
        return json(r, allowDestructive, List.of());
    }

    /** The JSON, with {@code preflight}: the live rows of the source database that make the up script fail. */
    public static String json(DiffService.Result r, boolean allowDestructive, List<Finding> preflight) {
        DiffPlan plan = r.plan();
        List<ChangeView> changes = new ArrayList<>();
        for (Change c : plan.changes()) {
            changes.add(new ChangeView(c.kind(), c.subject(), c.destructive(), allowDestructive || !c.destructive(),
                    c.loss(), c.note(), plan.statements(c), plan.statements(c.reverse())));
        }
        int emitted = (int) changes.stream().filter(ChangeView::emitted).count();
        return Json.write(new View(r.from(), r.to(), r.dialect().id(),
                new Summary(changes.size(), plan.destructiveChanges().size(), emitted), changes, plan.possibleRenames(),
                !preflight.isEmpty(),
                preflight));
    }
}
