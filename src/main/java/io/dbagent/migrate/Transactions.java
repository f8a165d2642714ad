package io.dbagent.migrate;

import io.dbagent.dialect.Dialects;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.sql.ScriptSplitter;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which statements cannot run inside a transaction block. A file holding one runs outside a transaction (as Flyway
 * does), statement by statement, and is recorded like a MySQL migration: as far as it got.
 */
public final class Transactions {

    /** Put on a line of its own in a migration file to run it outside a transaction. */
    public static final String NO_TRANSACTION_DIRECTIVE = "-- dbagent:no-transaction";

    private static final Pattern PG_NON_TRANSACTIONAL = Pattern.compile(
            "^(CREATE\\s+(UNIQUE\\s+)?INDEX\\s+CONCURRENTLY|DROP\\s+INDEX\\s+CONCURRENTLY|REINDEX\\b.*\\bCONCURRENTLY"
                    + "|VACUUM\\b|CREATE\\s+DATABASE|DROP\\s+DATABASE|ALTER\\s+SYSTEM|CREATE\\s+TABLESPACE"
                    + "|DROP\\s+TABLESPACE)",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private static final Pattern SQLITE_NON_TRANSACTIONAL = Pattern.compile("^VACUUM\\b", Pattern.CASE_INSENSITIVE);

    private Transactions() {
    }

    /** Whether this one statement refuses to run in a transaction block on the engine. */
    public static boolean refusesTransaction(DialectKind d, String statement) {
        String s = stripLeadingComments(statement);
        return switch (d) {
            // ALTER TYPE … ADD VALUE runs in a transaction since PostgreSQL 12 (usable only after commit)
            case POSTGRES -> PG_NON_TRANSACTIONAL.matcher(s).find();
            case SQLITE -> SQLITE_NON_TRANSACTIONAL.matcher(s).find();
            case MYSQL -> false;
        };
    }

    /** Whether the file runs in one transaction: the engine supports it, nothing refuses it, no directive says no. */
    public static boolean fileIsTransactional(DialectKind d, String sql, List<ScriptSplitter.Statement> statements) {
        if (!Dialects.of(d).transactionalDdl() || sql.lines().anyMatch(l -> l.trim().equalsIgnoreCase(NO_TRANSACTION_DIRECTIVE))) {
            return false;
        }
        return statements.stream().noneMatch(s -> refusesTransaction(d, s.text()));
    }

    static String stripLeadingComments(String sql) {
        String s = sql.strip();
        while (true) {
            if (s.startsWith("--")) {
                int nl = s.indexOf('\n');
                s = nl < 0 ? "" : s.substring(nl + 1).strip();
            } else if (s.startsWith("/*")) {
                int end = s.indexOf("*/");
                s = end < 0 ? "" : s.substring(end + 2).strip();
            } else {
                return s;
            }
        }
    }
}
