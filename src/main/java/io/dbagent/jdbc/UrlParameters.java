package io.dbagent.jdbc;

import io.dbagent.DbAgentException;

import java.util.Locale;
import java.util.Set;

/**
 * Connection parameters that a URL may not carry. URLs come from users and from the model (MCP tools take URLs), and
 * these driver parameters load classes named in the URL, write or read files on the client, or let the server read
 * client files: a URL must never be a way to run code or touch files where dbagent runs. Each engine's
 * {@link EngineConnections#refusesParameter} holds its driver's list. Names are compared without case (MySQL
 * Connector/J matches its property names case-insensitively; PgJDBC and sqlite-jdbc do not, but a refusal is cheap)
 * and after percent-decoding.
 */
final class UrlParameters {

    private UrlParameters() {
    }

    /**
     * Throws bad input when {@code rawKey} (as written in the URL) is refused for {@code dialect}. The message names
     * the parameter, which is never a secret, but not its value.
     */
    static void check(DialectKind dialect, String rawKey) {
        String key = PercentDecoder.decodeQuietly(rawKey).strip().toLowerCase(Locale.ROOT);
        if (dialect.connections().refusesParameter(key)) {
            throw DbAgentException.badInput("the database URL parameter '" + printable(key) + "' is refused: it "
                    + "would let the URL load code or touch files where dbagent runs; remove it from the URL");
        }
    }

    private static String printable(String key) {
        return key.length() > 60 || !key.matches("[a-z0-9_.\\-]*") ? "(unprintable)" : key;
    }

    /** The names, lower-cased, as a set. */
    static Set<String> lower(String... names) {
        return Set.of(java.util.Arrays.stream(names).map(n -> n.toLowerCase(Locale.ROOT)).toArray(String[]::new));
    }
}
