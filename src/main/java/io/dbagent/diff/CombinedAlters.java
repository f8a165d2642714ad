package io.dbagent.diff;

import java.util.ArrayList;
import java.util.List;

/**
 * Merges consecutive {@code ALTER TABLE} statements on one table into one statement with a list of actions, where
 * the engine's {@link ChangeWriter#combinablePrefix} allows it: PostgreSQL and MySQL then rewrite and lock the table
 * once, not once per column.
 */
final class CombinedAlters {

    private CombinedAlters() {
    }

    /**
     * The runs of consecutive blocks (the statements of one change each; null for a change that is not emitted)
     * that are all combinable ALTER TABLEs on the same table, as {@code [from, to)} index pairs covering every block.
     */
    static List<int[]> groups(ChangeWriter w, List<List<String>> blocks) {
        List<int[]> out = new ArrayList<>();
        int i = 0;
        while (i < blocks.size()) {
            String prefix = soleTable(w, blocks.get(i));
            int j = i + 1;
            while (prefix != null && j < blocks.size() && prefix.equals(soleTable(w, blocks.get(j)))) {
                j++;
            }
            out.add(new int[] {i, j});
            i = j;
        }
        return out;
    }

    /** The statements with each run of combinable ALTER TABLEs on the same table made one statement. */
    static List<String> merge(ChangeWriter w, List<String> statements) {
        List<String> out = new ArrayList<>();
        String prefix = null;
        List<String> actions = new ArrayList<>();
        for (String s : statements) {
            String p = w.combinablePrefix(s);
            if (p == null || !p.equals(prefix)) {
                flush(out, prefix, actions);
                prefix = p;
            }
            if (p == null) {
                out.add(s);
            } else {
                actions.add(s.substring(p.length()));
            }
        }
        flush(out, prefix, actions);
        return out;
    }

    /** The statements of several blocks, in order, merged where they may be. */
    static List<String> statements(ChangeWriter w, List<List<String>> blocks) {
        List<String> out = new ArrayList<>();
        for (int[] g : groups(w, blocks)) {
            List<String> run = new ArrayList<>();
            blocks.subList(g[0], g[1]).forEach(run::addAll);
            out.addAll(merge(w, run));
        }
        return out;
    }

    private static void flush(List<String> out, String prefix, List<String> actions) {
        if (actions.isEmpty()) {
            return;
        }
        out.add(actions.size() == 1 ? prefix + actions.get(0)
                : prefix.stripTrailing() + "\n    " + String.join(",\n    ", actions));
        actions.clear();
    }

    /** The prefix when every statement of the block is a combinable ALTER TABLE on one table, else null. */
    private static String soleTable(ChangeWriter w, List<String> block) {
        if (block == null || block.isEmpty()) {
            return null;
        }
        String prefix = w.combinablePrefix(block.get(0));
        for (String s : block) {
            if (prefix == null || !prefix.equals(w.combinablePrefix(s))) {
                return null;
            }
        }
        return prefix;
    }
}
