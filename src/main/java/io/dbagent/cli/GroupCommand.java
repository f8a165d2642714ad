package io.dbagent.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/**
 * A top-level command that groups subcommands (alerts, backup, memory, migrate, skill): run alone it prints its
 * usage; its subcommands reach {@link Main} and the output through it.
 */
abstract class GroupCommand implements Runnable {

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    PrintWriter out() {
        return main.spec.commandLine().getOut();
    }

    void print(String text) {
        out().print(text);
        out().flush();
    }
}
