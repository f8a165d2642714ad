package io.dbagent.design;

import io.dbagent.schema.Trigger;

import java.util.ArrayList;
import java.util.List;

/** What the dialect classes add besides tables: triggers, PostgreSQL functions, statements outside the model. */
public final class DesignParts {
    final List<Trigger> triggers = new ArrayList<>();
    final List<String> routines = new ArrayList<>();
    final List<String> extras = new ArrayList<>();

    public void trigger(Trigger trigger) {
        triggers.add(trigger);
    }

    /** A statement outside the schema model (an FTS5 virtual table). */
    public void extra(String statement) {
        extras.add(statement);
    }

    /** A function the triggers call, added once. */
    public void routine(String ddl) {
        if (!routines.contains(ddl)) {
            routines.add(ddl);
        }
    }
}
