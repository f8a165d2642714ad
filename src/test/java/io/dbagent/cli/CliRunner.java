package io.dbagent.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** Runs the CLI in-process and captures what it prints. */
public final class CliRunner {

    /** Exit code and the two streams. */
    public record Result(int exit, String out, String err) {
    }

    private CliRunner() {
    }

    public static Result run(String... args) {
        return runWithEnv(Map.of(), args);
    }

    public static Result runWithEnv(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), env);
        return new Result(code, out.toString(), err.toString());
    }
}
