package io.dbagent.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** A top-level command that works on one database: {@link Main} and the {@code --db} option. */
abstract class DatabaseCommand {

    @ParentCommand
    Main main;

    @Mixin
    DbOptions dbOptions;
}
