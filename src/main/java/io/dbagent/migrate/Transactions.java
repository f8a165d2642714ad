package io.dbagent.migrate;

import io.dbagent.dialect.Dialects;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.sql.ScriptSplitter;

import java.util.List;

/**
 * Which statements cannot run inside a transaction block. A file holding one runs outside a transaction (as Flyway
 * does), statement by statement, and is recorded like a MySQL migration: as far as it got.
 */
public final class Transactions {

    /** Put on a line of its own in a migration file to run it outside a transaction. */
    public static final String NO_TRANSACTION_DIRECTIVE = "-- dbagent:no-transaction";

    private Transactions() {
    }

    /** Whether this one statement refuses to run in a transaction block on the engine. */
    public static boolean refusesTransaction(DialectKind d, String statement) {
        return Dialects.of(d).refusesTransaction(stripLeadingComments(statement));
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
