package io.dbagent.jdbc;

import io.dbagent.DbAgentException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses every connection form of the contract: {@code postgres://}, {@code postgresql://}, {@code mysql://},
 * {@code mariadb://}, {@code sqlite:PATH}, a bare file path ending in {@code .db/.sqlite/.sqlite3} (or an existing
 * SQLite file), and any {@code jdbc:} URL of the three engines. Credentials are moved out of the JDBC URL.
 */
public final class DbUrlParser {

    private DbUrlParser() {
    }

    /** Resolves the URL from the option, then {@code DBAGENT_DB}, then {@code DATABASE_URL}. */
    public static DbUrl fromOptionOrEnv(String option, Map<String, String> env) {
        String text = option;
        if (text == null || text.isBlank()) {
            text = env.get("DBAGENT_DB");
        }
        if (text == null || text.isBlank()) {
            text = env.get("DATABASE_URL");
        }
        if (text == null || text.isBlank()) {
            throw DbAgentException.badInput("no database given: pass --db URL or set DBAGENT_DB or DATABASE_URL");
        }
        return parse(text);
    }

    public static DbUrl parse(String input) {
        if (input == null || input.isBlank()) {
            throw DbAgentException.badInput("empty database URL");
        }
        String text = input.trim();
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:")) {
            return parseJdbc(text);
        }
        if (lower.startsWith("postgres://") || lower.startsWith("postgresql://")) {
            return parseServerUrl(DialectKind.POSTGRES, text);
        }
        if (lower.startsWith("mysql://") || lower.startsWith("mariadb://")) {
            return parseServerUrl(DialectKind.MYSQL, text);
        }
        if (lower.startsWith("sqlite:")) {
            String path = text.substring("sqlite:".length());
            if (path.startsWith("//")) {
                path = path.substring(2); // sqlite:///abs/path -> /abs/path, sqlite://rel -> rel
            }
            return sqlite(path, text);
        }
        int colon = text.indexOf("://");
        if (colon > 0) {
            throw DbAgentException.badInput("unsupported URL scheme '" + Redactor.redact(text.substring(0, colon))
                    + "': use postgres://, postgresql://, mysql://, mariadb://, sqlite:PATH, a .db/.sqlite file or a jdbc: URL");
        }
        if (looksLikeSqliteFile(text)) {
            return sqlite(text, text);
        }
        throw DbAgentException.badInput("not a database URL: '" + Redactor.redact(text)
                + "' (use postgres://, mysql://, mariadb://, sqlite:PATH, a .db/.sqlite/.sqlite3 file or a jdbc: URL)");
    }

    private static boolean looksLikeSqliteFile(String text) {
        String l = text.toLowerCase(Locale.ROOT);
        if (l.endsWith(".db") || l.endsWith(".sqlite") || l.endsWith(".sqlite3") || l.equals(":memory:")) {
            return true;
        }
        Path p = Path.of(text);
        if (Files.isRegularFile(p)) {
            try (var in = Files.newInputStream(p)) {
                byte[] header = in.readNBytes(16);
                return new String(header, StandardCharsets.ISO_8859_1).startsWith("SQLite format 3");
            } catch (Exception e) {
                return false;
            }
        }
        return false;
    }

    private static DbUrl sqlite(String path, String original) {
        String p = path.isEmpty() ? ":memory:" : path;
        int q = p.indexOf('?');
        String file = q >= 0 ? p.substring(0, q) : p;
        return new DbUrl(DialectKind.SQLITE, "jdbc:sqlite:" + p, null, null, null, 0, file, original);
    }

    private static DbUrl parseJdbc(String text) {
        String rest = text.substring("jdbc:".length());
        String lower = rest.toLowerCase(Locale.ROOT);
        if (lower.startsWith("sqlite:")) {
            return sqlite(rest.substring("sqlite:".length()), text);
        }
        if (lower.startsWith("postgresql://")) {
            return parseServerUrl(DialectKind.POSTGRES, rest);
        }
        if (lower.startsWith("mysql://") || lower.startsWith("mariadb://")) {
            return parseServerUrl(DialectKind.MYSQL, rest);
        }
        int c = rest.indexOf(':');
        String sub = c > 0 ? rest.substring(0, c) : rest;
        throw DbAgentException.badInput("unsupported JDBC subprotocol 'jdbc:" + Redactor.redact(sub)
                + "': dbagent supports jdbc:postgresql, jdbc:mysql, jdbc:mariadb and jdbc:sqlite");
    }

    /** Parses {@code scheme://[user[:password]@]host[:port][/database][?k=v&...]}. */
    private static DbUrl parseServerUrl(DialectKind dialect, String text) {
        int schemeEnd = text.indexOf("://");
        String rest = text.substring(schemeEnd + 3);
        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        String user = null;
        String password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                user = decode(userInfo.substring(0, colon));
                password = decode(userInfo.substring(colon + 1));
            } else {
                user = decode(userInfo);
            }
        }
        String database = null;
        int slash = rest.indexOf('/');
        String hostPort = slash >= 0 ? rest.substring(0, slash) : rest;
        if (slash >= 0) {
            database = decode(rest.substring(slash + 1));
            if (database.isEmpty()) {
                database = null;
            }
        }
        String host;
        int port = dialect == DialectKind.POSTGRES ? 5432 : 3306;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw DbAgentException.badInput("malformed IPv6 host in URL " + Redactor.redact(text));
            }
            host = hostPort.substring(1, close);
            String after = hostPort.substring(close + 1);
            if (after.startsWith(":")) {
                port = parsePort(after.substring(1), text);
            }
        } else {
            int colon = hostPort.lastIndexOf(':');
            if (colon >= 0) {
                host = hostPort.substring(0, colon);
                port = parsePort(hostPort.substring(colon + 1), text);
            } else {
                host = hostPort;
            }
        }
        if (host.isEmpty()) {
            host = "localhost";
        }
        List<String> keep = new ArrayList<>();
        if (query != null && !query.isEmpty()) {
            for (String kv : query.split("&")) {
                int eq = kv.indexOf('=');
                String k = eq >= 0 ? kv.substring(0, eq) : kv;
                String v = eq >= 0 ? decode(kv.substring(eq + 1)) : "";
                switch (k.toLowerCase(Locale.ROOT)) {
                    case "user" -> user = v;
                    case "password" -> password = v;
                    default -> keep.add(kv);
                }
            }
        }
        if (dialect == DialectKind.POSTGRES && user == null) {
            user = System.getenv().getOrDefault("PGUSER", "postgres");
        }
        if (dialect == DialectKind.MYSQL && user == null) {
            user = "root";
        }
        if (dialect == DialectKind.POSTGRES && password == null) {
            password = System.getenv("PGPASSWORD");
        }
        Redactor.register(password);
        String jdbcHost = host.contains(":") ? "[" + host + "]" : host;
        String scheme = dialect == DialectKind.POSTGRES ? "jdbc:postgresql://" : "jdbc:mysql://";
        String jdbc = scheme + jdbcHost + ":" + port + "/" + (database == null ? "" : database)
                + (keep.isEmpty() ? "" : "?" + String.join("&", keep));
        return new DbUrl(dialect, jdbc, user, password, host, port, database, text);
    }

    private static int parsePort(String s, String text) {
        try {
            int p = Integer.parseInt(s);
            if (p <= 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw DbAgentException.badInput("invalid port '" + s + "' in URL " + Redactor.redact(text));
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
