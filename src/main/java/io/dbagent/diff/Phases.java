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
    /**
     * Tables and columns renamed by a hint: after the triggers and views that name them are gone, before anything
     * else touches the tables (the rest of the changes use the new names).
     */
    static final int RENAMES = 2;
    /** Routines whose SQL-standard body names tables (PostgreSQL {@code BEGIN ATOMIC}): before those tables go. */
    static final int DROP_LATE_ROUTINES = 3;
    static final int DROP_FOREIGN_KEYS = 4;
    static final int DROP_CONSTRAINTS_AND_INDEXES = 5;
    static final int DROP_TABLES = 6;
    /** Other routines: after the triggers, views and tables (defaults, checks) that call them. */
    static final int DROP_ROUTINES = 7;
    static final int DROP_TYPES = 8;
    static final int CREATE_TYPES = 9;
    /** Routines before the tables whose defaults and checks may call them (bodies are not checked yet). */
    static final int CREATE_ROUTINES = 10;
    static final int CREATE_TABLES = 11;
    static final int ALTER_TABLES = 12;
    static final int ADD_CONSTRAINTS_AND_INDEXES = 13;
    static final int ADD_FOREIGN_KEYS = 14;
    /** Routines whose SQL-standard body names tables: once the tables exist. */
    static final int CREATE_LATE_ROUTINES = 15;
    static final int CREATE_VIEWS = 16;
    static final int CREATE_TRIGGERS = 17;
    private static final int COUNT = 18;

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
