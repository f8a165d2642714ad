package io.dbagent.report;

/** The process exit codes every command follows. */
public final class ExitCodes {

    /** Done, and nothing at or above {@code --fail-on}. */
    public static final int OK = 0;
    /** Findings at or above {@code --fail-on}, differences found, or a verification that failed. */
    public static final int FINDINGS = 1;
    /** Bad input, usage error or connection error. */
    public static final int BAD_INPUT = 2;

    private ExitCodes() {
    }
}
