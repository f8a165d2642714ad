package io.dbagent.diff;

import java.util.ArrayList;
import java.util.List;

/**
 * Buckets the changes into the order that respects dependencies: everything that depends on an object goes before
 * the object is dropped or changed, and everything an object needs exists before it is created.
 */
final class Phases {

    static final int DROP_TRIGGERS = 0;
    static final int DROP_VIEWS = 1;
    static final int DROP_FOREIGN_KEYS = 2;
    static final int DROP_CONSTRAINTS_AND_INDEXES = 3;
    static final int DROP_TABLES = 4;
    static final int DROP_TYPES = 5;
    static final int CREATE_TYPES = 6;
    static final int CREATE_TABLES = 7;
    static final int ALTER_TABLES = 8;
    static final int ADD_CONSTRAINTS_AND_INDEXES = 9;
    static final int ADD_FOREIGN_KEYS = 10;
    static final int CREATE_VIEWS = 11;
    static final int CREATE_TRIGGERS = 12;
    private static final int COUNT = 13;

    private final List<List<Change>> buckets = new ArrayList<>();

    Phases() {
        for (int i = 0; i < COUNT; i++) {
            buckets.add(new ArrayList<>());
        }
    }

    void add(int phase, Change change) {
        buckets.get(phase).add(change);
    }

    void addAll(int phase, List<? extends Change> changes) {
        buckets.get(phase).addAll(changes);
    }

    List<Change> flatten() {
        List<Change> out = new ArrayList<>();
        buckets.forEach(out::addAll);
        return out;
    }
}
