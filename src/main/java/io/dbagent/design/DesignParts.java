package io.dbagent.design;

import io.dbagent.schema.Trigger;

import java.util.ArrayList;
import java.util.List;

/** What the dialect classes add besides tables: triggers, PostgreSQL functions, statements outside the model. */
final class DesignParts {
    final List<Trigger> triggers = new ArrayList<>();
    final List<String> routines = new ArrayList<>();
    final List<String> extras = new ArrayList<>();

    void routine(String ddl) {
        if (!routines.contains(ddl)) {
            routines.add(ddl);
        }
    }
}
