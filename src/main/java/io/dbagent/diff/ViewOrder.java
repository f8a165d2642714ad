package io.dbagent.diff;

import io.dbagent.schema.View;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Orders views so that a view comes after the views its definition names. */
final class ViewOrder {

    private ViewOrder() {
    }

    static List<View> dependenciesFirst(List<View> views) {
        List<View> out = new ArrayList<>();
        Set<View> done = new HashSet<>();
        Set<View> visiting = new HashSet<>();
        for (View v : views) {
            visit(v, views, done, visiting, out);
        }
        return out;
    }

    private static void visit(View v, List<View> all, Set<View> done, Set<View> visiting, List<View> out) {
        if (done.contains(v) || !visiting.add(v)) {
            return;
        }
        for (View other : all) {
            if (other != v && DiffModels.mentions(v.definition(), other.name())) {
                visit(other, all, done, visiting, out);
            }
        }
        visiting.remove(v);
        done.add(v);
        out.add(v);
    }
}
