package io.dbagent.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The lines a command's output owes the user about the scratch databases it used (where, on which server, as whom).
 * A command wraps its work in {@link #collect}; every {@link ScratchDatabase} created meanwhile on that thread adds
 * its {@link ScratchDatabase#note()}. This spares every result record between the face and the scratch database a
 * field of its own.
 */
public final class ScratchNotes {

    /** The work's value and the notes gathered while it ran (no duplicates, in order). */
    public record Collected<T>(T value, List<String> notes) {
    }

    private static final ThreadLocal<List<String>> CURRENT = new ThreadLocal<>();

    private ScratchNotes() {
    }

    public static <T> Collected<T> collect(Supplier<T> work) {
        List<String> outer = CURRENT.get();
        List<String> mine = new ArrayList<>();
        CURRENT.set(mine);
        try {
            T value = work.get();
            return new Collected<>(value, List.copyOf(mine));
        } finally {
            if (outer != null) {
                mine.stream().filter(n -> !outer.contains(n)).forEach(outer::add);
                CURRENT.set(outer);
            } else {
                CURRENT.remove();
            }
        }
    }

    static void add(String note) {
        List<String> list = CURRENT.get();
        if (list != null && !list.contains(note)) {
            list.add(note);
        }
    }
}
