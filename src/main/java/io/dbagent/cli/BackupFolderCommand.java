package io.dbagent.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;

/** A backup subcommand on a database and its backup folder (create, runbook): {@code --db} and {@code --dir}. */
abstract class BackupFolderCommand {

    @ParentCommand
    BackupCommand parent;

    @Mixin
    DbOptions dbOptions;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Folder holding the backups.")
    Path dir;
}
