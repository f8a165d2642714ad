package io.dbagent;

/**
 * The one unchecked exception of dbagent. Its {@link Code} decides the exit code and tells callers what kind of
 * problem it was; its message is a single line meant for a human and never contains a password.
 */
public class DbAgentException extends RuntimeException {

    /** What went wrong, at the granularity a script or the CLI needs. */
    public enum Code {
        /** Usage error or malformed input (bad URL, unknown option value, unreadable file). */
        BAD_INPUT,
        /** The database could not be reached or refused us (host down, wrong password, unknown database). */
        CONNECTION,
        /** The database answered with an error while we were reading or changing it. */
        DATABASE,
        /** A requested operation is not supported by this engine or server version. */
        UNSUPPORTED
    }

    private final Code code;

    public DbAgentException(Code code, String message) {
        super(message);
        this.code = code;
    }

    public DbAgentException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public Code code() {
        return code;
    }

    public static DbAgentException badInput(String message) {
        return new DbAgentException(Code.BAD_INPUT, message);
    }
}
