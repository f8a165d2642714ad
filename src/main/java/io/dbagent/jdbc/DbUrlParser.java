package io.dbagent.jdbc;

import io.dbagent.DbAgentException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses every connection form of the contract: {@code postgres://}, {@code postgresql://}, {@code mysql://},
 * {@code mariadb://}, {@code sqlite:PATH}, a bare file path ending in {@code .db/.sqlite/.sqlite3} (or an existing
 * SQLite file), and any {@code jdbc:} URL of the three engines. Credentials are moved out of the JDBC URL.
 */
public final class DbUrlParser {

    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.\\-]{0,30}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._\\-]+");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9._\\-]+)?");
    private static final Pattern HOST_PORT_DB = Pattern.compile("[A-Za-z0-9._\\-]*(:[0-9]+)?(/[^@]*)?");

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
        return refuseInMemory(parse(text));
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
        DialectKind server = serverEngine(lower, false);
        if (server != null) {
            return parseServerUrl(server, text);
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
            String scheme = text.substring(0, colon);
            throw DbAgentException.badInput("unsupported URL scheme" + (SCHEME.matcher(scheme).matches()
                    ? " '" + scheme + "'" : "") + ": use postgres://, postgresql://, mysql://, mariadb://, "
                    + "sqlite:PATH, a .db/.sqlite file or a jdbc: URL");
        }
        if (looksLikeSqliteFile(text)) {
            return sqlite(text, text);
        }
        // Echo the text only when it cannot be user info with a secret (no '@'): it helps with typos like shop.dbb.
        String shown = text.indexOf('@') < 0 && text.length() <= 200 ? ": '" + Redactor.redact(text) + "'" : "";
        throw DbAgentException.badInput("not a database URL" + shown
                + " (use postgres://, mysql://, mariadb://, sqlite:PATH, a .db/.sqlite/.sqlite3 file or a jdbc: URL)");
    }

    /**
     * True when the URL text itself carries a password (in its user info or a {@code password=} parameter), as
     * opposed to one the parser took from {@code PGPASSWORD}: such a URL must not be written into files.
     */
    public static boolean carriesPassword(String input) {
        DbUrl url = parse(input);
        if (url.dialect().connections().embedded()) {
            return false;
        }
        String text = input.trim();
        if (userInfo(text).contains(":")) {
            return true;
        }
        String rest = text.substring(text.indexOf("://") + 3);
        int at = userInfoEnd(rest);
        String afterUserInfo = at >= 0 ? rest.substring(at + 1) : rest;
        int q = afterUserInfo.indexOf('?');
        if (q < 0) {
            return false;
        }
        for (String kv : afterUserInfo.substring(q + 1).split("&")) {
            int eq = kv.indexOf('=');
            String k = eq >= 0 ? kv.substring(0, eq) : kv;
            if (PercentDecoder.decodeQuietly(k).strip().equalsIgnoreCase("password")) {
                return true;
            }
        }
        return false;
    }

    /**
     * An in-memory SQLite database as the database to work on: empty and private to this process, so every command
     * would report on nothing. The CLI and the MCP server refuse it; library callers may still pass it to
     * {@link #parse(String)}.
     */
    private static DbUrl refuseInMemory(DbUrl url) {
        if (url.inMemory()) {
            throw DbAgentException.badInput("an in-memory SQLite database (:memory:) is empty and private to this "
                    + "process, so there is nothing to work on: give the path of a database file");
        }
        return url;
    }

    private static boolean looksLikeSqliteFile(String text) {
        String l = text.toLowerCase(Locale.ROOT);
        if (l.endsWith(".db") || l.endsWith(".sqlite") || l.endsWith(".sqlite3") || l.equals(":memory:")) {
            return true;
        }
        try {
            Path p = Path.of(text);
            if (Files.isRegularFile(p)) {
                try (var in = Files.newInputStream(p)) {
                    byte[] header = in.readNBytes(16);
                    return new String(header, StandardCharsets.ISO_8859_1).startsWith("SQLite format 3");
                }
            }
        } catch (Exception e) {
            return false;
        }
        return false;
    }

    private static DbUrl sqlite(String path, String original) {
        int q = path.indexOf('?');
        String file = q >= 0 ? path.substring(0, q) : path;
        if (file.isBlank()) {
            // sqlite:, sqlite://, jdbc:sqlite: would open an empty in-memory database and report on nothing
            throw DbAgentException.badInput("the SQLite URL has no file path: give one, e.g. sqlite:shop.db or "
                    + "sqlite:///var/data/shop.db");
        }
        if (q >= 0) {
            for (String kv : path.substring(q + 1).split("&")) {
                int eq = kv.indexOf('=');
                UrlParameters.check(DialectKind.SQLITE, eq >= 0 ? kv.substring(0, eq) : kv);
            }
        }
        return new DbUrl(DialectKind.SQLITE, "jdbc:sqlite:" + path, null, null, null, 0, file, original);
    }

    private static DbUrl parseJdbc(String text) {
        String rest = text.substring("jdbc:".length());
        String lower = rest.toLowerCase(Locale.ROOT);
        if (lower.startsWith("sqlite:")) {
            return sqlite(rest.substring("sqlite:".length()), text);
        }
        DialectKind server = serverEngine(lower, true);
        if (server != null) {
            return parseServerUrl(server, rest);
        }
        int c = rest.indexOf(':');
        String sub = c > 0 ? rest.substring(0, c) : rest;
        throw DbAgentException.badInput("unsupported JDBC subprotocol" + (SCHEME.matcher(sub).matches()
                ? " 'jdbc:" + sub + "'" : "") + ": dbagent supports jdbc:postgresql, jdbc:mysql, jdbc:mariadb and "
                + "jdbc:sqlite");
    }

    /** The server engine whose {@code scheme://} (or JDBC {@code sub://}) the lower-cased text starts with, or null. */
    private static DialectKind serverEngine(String lower, boolean jdbc) {
        for (DialectKind k : DialectKind.values()) {
            EngineConnections e = k.connections();
            for (String scheme : jdbc ? e.jdbcSubprotocols() : e.urlSchemes()) {
                if (lower.startsWith(scheme + "://")) {
                    return k;
                }
            }
        }
        return null;
    }

    /** The user info of {@code scheme://userinfo@host…}, or "" (see {@link #userInfoEnd(String)}). */
    private static String userInfo(String text) {
        int schemeEnd = text.indexOf("://");
        String rest = schemeEnd >= 0 ? text.substring(schemeEnd + 3) : text;
        int at = userInfoEnd(rest);
        return at >= 0 ? rest.substring(0, at) : "";
    }

    /**
     * Where the user info ends: the last {@code @}, so that a password with an unencoded {@code @ : /} still parses;
     * unless that {@code @} sits in the query of an otherwise complete {@code host[:port][/db]?…} (an e-mail address
     * as a parameter value).
     */
    private static int userInfoEnd(String rest) {
        int at = rest.lastIndexOf('@');
        if (at < 0) {
            return -1;
        }
        int q = rest.indexOf('?');
        if (q >= 0 && q < at) {
            String before = rest.substring(0, q);
            if (before.indexOf('@') < 0 && HOST_PORT_DB.matcher(before).matches()) {
                return -1;
            }
        }
        return at;
    }

    /** Parses {@code scheme://[user[:password]@]host[:port][/database][?k=v&...]}. */
    private static DbUrl parseServerUrl(DialectKind dialect, String text) {
        int schemeEnd = text.indexOf("://");
        String rest = text.substring(schemeEnd + 3);
        String user = null;
        String password = null;
        int at = userInfoEnd(rest);
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                String rawPassword = userInfo.substring(colon + 1);
                Redactor.register(rawPassword); // before anything can fail: later messages lose it too
                user = decodeSecretPart(userInfo.substring(0, colon));
                password = decodeSecretPart(rawPassword);
            } else {
                user = decodeSecretPart(userInfo);
            }
        }
        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        String database = null;
        int slash = rest.indexOf('/');
        String hostPort = slash >= 0 ? rest.substring(0, slash) : rest;
        if (slash >= 0) {
            database = decodePart(rest.substring(slash + 1), "database name");
            if (database.isEmpty()) {
                database = null;
            }
        }
        String host;
        int port = dialect.connections().defaultPort();
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw DbAgentException.badInput("malformed IPv6 host in the database URL: write it as [::1]:5432");
            }
            host = hostPort.substring(1, close);
            String after = hostPort.substring(close + 1);
            if (after.startsWith(":")) {
                port = parsePort(after.substring(1));
            } else if (!after.isEmpty()) {
                throw DbAgentException.badInput("malformed IPv6 host in the database URL: write it as [::1]:5432");
            }
            if (!IPV6.matcher(host).matches()) {
                throw badHost();
            }
        } else {
            int colon = hostPort.lastIndexOf(':');
            if (colon >= 0) {
                host = hostPort.substring(0, colon);
                port = parsePort(hostPort.substring(colon + 1));
            } else {
                host = hostPort;
            }
            // one plain host name or address: Connector/J reads properties from "(host=…,key=value)" and
            // "address=(…)" host forms, which would get around the parameter checks below
            if (!host.isEmpty() && !HOST.matcher(host).matches()) {
                throw badHost();
            }
        }
        if (host.isEmpty()) {
            host = "localhost";
        }
        List<String> keep = new ArrayList<>();
        if (query != null && !query.isEmpty()) {
            for (String kv : query.split("&")) {
                if (kv.isEmpty()) {
                    continue;
                }
                int eq = kv.indexOf('=');
                String k = eq >= 0 ? kv.substring(0, eq) : kv;
                String rawValue = eq >= 0 ? kv.substring(eq + 1) : "";
                switch (PercentDecoder.decodeQuietly(k).strip().toLowerCase(Locale.ROOT)) {
                    case "user" -> user = decodeSecretPart(rawValue);
                    case "password" -> {
                        Redactor.register(rawValue);
                        password = decodeSecretPart(rawValue);
                    }
                    default -> {
                        UrlParameters.check(dialect, k);
                        keep.add(kv);
                    }
                }
            }
        }
        if (user == null) {
            user = dialect.connections().defaultUser();
        }
        if (password == null) {
            password = dialect.connections().defaultPassword();
        }
        Redactor.register(password);
        String jdbcHost = host.contains(":") ? "[" + host + "]" : host;
        String scheme = dialect.connections().jdbcPrefix();
        String jdbc = scheme + jdbcHost + ":" + port + "/" + (database == null ? "" : database)
                + (keep.isEmpty() ? "" : "?" + String.join("&", keep));
        return new DbUrl(dialect, jdbc, user, password, host, port, database, text);
    }

    private static DbAgentException badHost() {
        return DbAgentException.badInput("invalid host in the database URL: give one host name or address "
                + "(IPv6 in brackets), optionally with :port");
    }

    private static int parsePort(String s) {
        if (!s.matches("[0-9]{1,9}")) {
            throw DbAgentException.badInput("invalid port in the database URL: not a number");
        }
        int p = Integer.parseInt(s);
        if (p <= 0 || p > 65535) {
            throw DbAgentException.badInput("invalid port '" + s + "' in the database URL (1 to 65535)");
        }
        return p;
    }

    /** User name and password: a malformed escape is reported without showing any of the text. */
    private static String decodeSecretPart(String s) {
        try {
            return PercentDecoder.decode(s);
        } catch (PercentDecoder.Malformed e) {
            throw DbAgentException.badInput("the database URL has a malformed %-escape in its user info: write a "
                    + "literal % as %25 (the URL is not shown: it may hold a secret)");
        }
    }

    private static String decodePart(String s, String what) {
        try {
            return PercentDecoder.decode(s);
        } catch (PercentDecoder.Malformed e) {
            throw DbAgentException.badInput("the database URL has a malformed %-escape in its " + what
                    + ": write a literal % as %25");
        }
    }
}
