package io.dbagent.cli;

import io.dbagent.backup.GfsPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "schedule", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Print a cron line or a systemd service + timer for a daily verified backup and prune.",
                "",
                "Nothing is installed. A password in the URL is never printed: the job reads it from an "
                        + "environment file (mode 0600) whose contents the output describes."})
final class BackupScheduleCommand implements Callable<Integer> {

    @ParentCommand
    BackupCommand parent;

    @Mixin
    DbOptions dbOptions;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Folder for the backups.")
    Path dir;

    @Option(names = "--at", defaultValue = "02:00", paramLabel = "HH:MM", description = "Default: ${DEFAULT-VALUE}.")
    String at;

    @Option(names = {"--format", "-f"}, defaultValue = "cron", paramLabel = "cron|systemd",
            description = "Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--keep-daily", defaultValue = "7", paramLabel = "N")
    int daily;

    @Option(names = "--keep-weekly", defaultValue = "4", paramLabel = "N")
    int weekly;

    @Option(names = "--keep-monthly", defaultValue = "12", paramLabel = "N")
    int monthly;

    @Option(names = "--no-verify", description = "Do not restore-test each backup (not recommended).")
    boolean noVerify;

    @Option(names = "--command", paramLabel = "PATH",
            description = "How the job invokes dbagent (default: the absolute path of the launcher that runs this command, "
                    + "or java -jar with the absolute jar path; cron and systemd do not have your PATH).")
    String command;

    @Option(names = "--name", paramLabel = "NAME", description = "Job name (default dbagent-backup-<database>).")
    String name;

    @Override
    public Integer call() {
        parent.print(parent.main.app(dbOptions.resolve(parent.main.env())).backups().schedule(dir).at(at).format(format)
                .keep(new GfsPolicy.Keep(daily, weekly, monthly)).verify(!noVerify).command(command).name(name)
                .render());
        return 0;
    }
}
