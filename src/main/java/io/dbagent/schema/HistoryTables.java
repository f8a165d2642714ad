package io.dbagent.schema;

import java.util.List;
import java.util.Locale;

/**
 * The bookkeeping tables of migration tools: dbagent's own, Flyway's, Liquibase's and Alembic's. They are not part of
 * the schema a user designs, so inspection, lint, health and diff leave them out; backups keep them.
 */
public final class HistoryTables {

    /** Lower-case names, matched case-insensitively. */
    public static final List<String> NAMES = List.of(
            "dbagent_schema_history",
            "flyway_schema_history",
            "databasechangelog",
            "databasechangeloglock",
            "alembic_version");

    private HistoryTables() {
    }

    public static boolean isHistoryTable(String name) {
        return name != null && NAMES.contains(name.toLowerCase(Locale.ROOT));
    }

    /** The model without the history tables (and their triggers). */
    public static Schema hide(Schema s) {
        return s.withoutTables(t -> isHistoryTable(t.name()));
    }
}
