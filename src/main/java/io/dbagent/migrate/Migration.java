package io.dbagent.migrate;

/** A version: its up file and, when there is one, its down file. */
public record Migration(String version, String description, MigrationFile up, MigrationFile down) {
}
