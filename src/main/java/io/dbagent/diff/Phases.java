package io.dbagent.diff;

import java.util.ArrayList;
import java.util.List;

/**
 * Buckets the changes into the order that respects dependencies: everything that depends on an object goes before
 * the object is dropped or changed, and everything an object needs exists before it is created.
 */
final class Phases {

    /** Policies name columns and call routines: they go before anything they use is changed. */
    static final int DROP_POLICIES = 0;
    static final int DROP_TRIGGERS = 1;
    static final int DROP_VIEWS = 2;
    /**
     * Tables and columns renamed by a hint: after the triggers and views that name them are gone, before anything
     * else touches the tables (the rest of the changes use the new names).
     */
    static final int RENAMES = 3;
    /** Routines whose SQL-standard body names tables (PostgreSQL {@code BEGIN ATOMIC}): before those tables go. */
    static final int DROP_LATE_ROUTINES = 4;
    static final int DROP_FOREIGN_KEYS = 5;
    static final int DROP_CONSTRAINTS_AND_INDEXES = 6;
    static final int DROP_TABLES = 7;
    /** Other routines: after the triggers, views and tables (defaults, checks) that call them. */
    static final int DROP_ROUTINES = 8;
    /** Domains: after the tables and routines that use them, before the types (enums) they are based on. */
    static final int DROP_DOMAINS = 9;
    static final int DROP_TYPES = 10;
    /** Extensions: after every type, domain and index that uses what they installed. */
    static final int DROP_EXTENSIONS = 11;
    /** Extensions first: their types and operator classes are used by everything after. */
    static final int CREATE_EXTENSIONS = 12;
    static final int CREATE_TYPES = 13;
    /** Domains (new and changed) after the types they may be based on, before routines and tables use them. */
    static final int CREATE_DOMAINS = 14;
    /** Routines before the tables whose defaults and checks may call them (bodies are not checked yet). */
    static final int CREATE_ROUTINES = 15;
    static final int CREATE_TABLES = 16;
    static final int ALTER_TABLES = 17;
    static final int ADD_CONSTRAINTS_AND_INDEXES = 18;
    static final int ADD_FOREIGN_KEYS = 19;
    /** Routines whose SQL-standard body names tables: once the tables exist. */
    static final int CREATE_LATE_ROUTINES = 20;
    static final int CREATE_VIEWS = 21;
    static final int CREATE_TRIGGERS = 22;
    /** Policies last: their expressions may call any routine and read any table or view. */
    static final int CREATE_POLICIES = 23;
    private static final int COUNT = 24;

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
