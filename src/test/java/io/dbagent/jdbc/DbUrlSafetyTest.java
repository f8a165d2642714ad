package io.dbagent.jdbc;

import io.dbagent.DbAgentException;
import io.dbagent.cli.CliRunner;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/** Bad URLs give one line that shows no part of a password; hostile driver parameters and empty SQLite paths are refused. */
class DbUrlSafetyTest {

    /** Passwords with a malformed %-escape: every URL shape that carries them must fail without echoing them. */
    private static final List<String> BAD_ESCAPES = List.of("pa%zzword", "Zq9%zzKv", "Zq9Kv%4", "Zq9Kv7%",
            "Zq%C3%28Kv", "Zq9%g1Kv", "%%Zq9Kv", "Zq9%-1Kv");

    /** Well-formed but awkward passwords, used with URLs that are wrong elsewhere. */
    private static final List<String> AWKWARD = List.of("Zq@9:X/v", "Zqü9ßX€v", "Zq9:Kv@@Wx", "Zq9/Kv/Wx", "Zq9#Kv+W");

    private static List<String> shapesWith(String pw) {
        return List.of(
                "postgres://u:" + pw + "@h/db",
                "postgresql://u:" + pw + "@h:5432/db?sslmode=disable",
                "mysql://u:" + pw + "@h/db",
                "mariadb://u:" + pw + "@[::1]:3306/db",
                "jdbc:postgresql://h/db?user=u&password=" + pw,
                "jdbc:mysql://h:3306/db?password=" + pw + "&useSSL=false",
                "jdbc:mariadb://u:" + pw + "@h/db");
    }

    private static List<String> brokenElsewhere(String pw) {
        return List.of(
                "postgres://u:" + pw + "@h:abc/db",
                "postgres://u:" + pw + "@h:99999/db",
                "mysql://u:" + pw + "@(host=h,allowLoadLocalInfile=true)/db",
                "mysql://u:" + pw + "@h,h2/db",
                "postgres://u:" + pw + "@[::1/db",
                "postgres://u:" + pw + "@h/db?socketFactory=x.Y",
                "postgres://u:" + pw + "@h/db%zz",
                "redis://u:" + pw + "@h/0",
                "u:" + pw + "@h/db",
                "postgres//u:" + pw + "@h/db",
                "jdbc:oracle:thin:u/" + pw + "@h:1521:x");
    }

    @Test
    void malformedEscapesNeverEchoThePassword() {
        int checked = 0;
        for (String pw : BAD_ESCAPES) {
            for (String url : shapesWith(pw)) {
                assertRefusedWithoutLeak(url, pw);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(BAD_ESCAPES.size() * 7);
    }

    @Test
    void otherMistakesNeverEchoThePassword() {
        for (String pw : AWKWARD) {
            for (String url : brokenElsewhere(pw)) {
                assertRefusedWithoutLeak(url, pw);
            }
        }
    }

    @Test
    void theCliExitsTwoWithOneLineAndNoFragmentOfThePassword() {
        List<String[]> cases = new ArrayList<>();
        for (String pw : BAD_ESCAPES) {
            cases.add(new String[]{"postgres://u:" + pw + "@127.0.0.1:5432/db", pw});
            cases.add(new String[]{"mysql://root:" + pw + "@127.0.0.1:3306/db", pw});
        }
        for (String pw : AWKWARD) {
            cases.add(new String[]{"postgres://u:" + pw + "@h:abc/db", pw});
            cases.add(new String[]{"mysql://u:" + pw + "@h/db?autoDeserialize=true", pw});
        }
        for (String[] c : cases) {
            var r = CliRunner.run("inspect", "--db", c[0]);
            assertThat(r.exit()).as(c[0]).isEqualTo(2);
            assertThat(r.err().strip()).as(c[0]).startsWith("dbagent: ").doesNotContain("\n");
            assertNoFragment(r.err() + r.out(), c[1], c[0]);
            var viaEnv = CliRunner.runWithEnv(Map.of("DBAGENT_DB", c[0]), "inspect");
            assertThat(viaEnv.exit()).as(c[0]).isEqualTo(2);
            assertNoFragment(viaEnv.err() + viaEnv.out(), c[1], c[0]);
            // --debug prints the stack trace: still nothing of the password (class names in a trace contain
            // English words, so the dictionary-like password is left out here)
            if (!c[1].startsWith("pa%")) {
                var debug = CliRunner.run("--debug", "inspect", "--db", c[0]);
                assertThat(debug.exit()).isEqualTo(2);
                assertNoFragment(debug.err() + debug.out(), c[1], c[0]);
            }
        }
    }

    @Test
    void wellFormedPasswordsWithAtColonSlashAndUnicodeStillParse() {
        assertThat(DbUrlParser.parse("postgres://u:Zq@9:X/v@h:5433/db").password()).isEqualTo("Zq@9:X/v");
        DbUrl u = DbUrlParser.parse("postgres://u:Zq@9:X/v@h:5433/db");
        assertThat(u.host()).isEqualTo("h");
        assertThat(u.port()).isEqualTo(5433);
        assertThat(u.database()).isEqualTo("db");
        assertThat(DbUrlParser.parse("mysql://u:Zq%C3%BC9@h/db").password()).isEqualTo("Zqü9");
        assertThat(DbUrlParser.parse("mysql://u:a+b@h/db").password()).isEqualTo("a+b");
        // an e-mail address as a parameter value is not user info
        DbUrl m = DbUrlParser.parse("mysql://h:3306/db?connectionAttributes=owner:me@example.com");
        assertThat(m.host()).isEqualTo("h");
        assertThat(m.user()).isEqualTo("root");
    }

    @Test
    void refusesParametersThatLoadClassesOrTouchFiles() {
        Map<String, List<String>> refused = Map.of(
                "postgres://u@h/db?", List.of("socketFactory", "socketFactoryArg", "sslfactory", "sslfactoryarg",
                        "sslhostnameverifier", "sslpasswordcallback", "authenticationPluginClassName", "loggerFile",
                        "loggerLevel", "connectExecutor", "service"),
                "jdbc:postgresql://h/db?", List.of("socketFactory", "loggerFile"),
                "mysql://u@h/db?", List.of("allowLoadLocalInfile", "allowLoadLocalInfileInPath",
                        "allowUrlInLocalInfile", "autoDeserialize", "queryInterceptors", "exceptionInterceptors",
                        "connectionLifecycleInterceptors", "statementInterceptors", "propertiesTransform",
                        "socketFactory", "clientInfoProvider", "authenticationPlugins", "defaultAuthenticationPlugin",
                        "logger", "profilerEventHandler", "serverRSAPublicKeyFile", "trustCertificateKeyStoreUrl"),
                "jdbc:mariadb://h/db?", List.of("allowLoadLocalInfile"),
                "sqlite:/tmp/x.db?", List.of("enable_load_extension", "load_extension", "temp_store_directory",
                        "limit_attached"),
                "jdbc:sqlite:x.db?", List.of("enable_load_extension"));
        int n = 0;
        for (var e : refused.entrySet()) {
            for (String param : e.getValue()) {
                for (String spelled : List.of(param, param.toUpperCase(Locale.ROOT), param.toLowerCase(Locale.ROOT),
                        "%" + Integer.toHexString(param.charAt(0)) + param.substring(1))) {
                    String url = e.getKey() + "a=1&" + spelled + "=true";
                    assertThatThrownBy(() -> DbUrlParser.parse(url)).as(url)
                            .isInstanceOf(DbAgentException.class)
                            .satisfies(x -> {
                                assertThat(((DbAgentException) x).code()).isEqualTo(DbAgentException.Code.BAD_INPUT);
                                assertThat(x.getMessage()).contains("'" + param.toLowerCase(Locale.ROOT) + "' is refused")
                                        .doesNotContain("\n");
                            });
                    n++;
                }
            }
        }
        assertThat(n).isGreaterThan(140);
        // the CLI: one line, exit 2
        var r = CliRunner.run("inspect", "--db", "mysql://root@127.0.0.1:3306/x?allowLoadLocalInfile=true");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("dbagent: the database URL parameter 'allowloadlocalinfile' is refused: "
                + "it would let the URL load code or touch files where dbagent runs; remove it from the URL");
        // ordinary parameters still pass
        assertThat(DbUrlParser.parse("postgres://u@h/db?sslmode=require&ApplicationName=x").jdbcUrl())
                .endsWith("?sslmode=require&ApplicationName=x");
        assertThat(DbUrlParser.parse("mysql://u@h/db?useSSL=false").jdbcUrl()).endsWith("?useSSL=false");
        assertThat(DbUrlParser.parse("sqlite:x.db?journal_mode=WAL").database()).isEqualTo("x.db");
    }

    @Test
    void mysqlHostFormsThatCarryPropertiesAreRefused() {
        for (String url : List.of("mysql://(host=h,allowLoadLocalInfile=true)/db",
                "jdbc:mysql://address=(host=h)(allowLoadLocalInfile=true)/db", "mysql://h1,h2/db",
                "postgres://h1:5432,h2:5432/db")) {
            assertThatThrownBy(() -> DbUrlParser.parse(url)).as(url).isInstanceOf(DbAgentException.class)
                    .hasMessageStartingWith("invalid host in the database URL");
        }
    }

    @Test
    void sqliteWithoutAPathIsBadInput() {
        for (String url : List.of("sqlite:", "sqlite://", "jdbc:sqlite:", "sqlite:?mode=ro", " sqlite: ", "JDBC:SQLITE:")) {
            assertThatThrownBy(() -> DbUrlParser.parse(url)).as(url).isInstanceOf(DbAgentException.class)
                    .hasMessage("the SQLite URL has no file path: give one, e.g. sqlite:shop.db or "
                            + "sqlite:///var/data/shop.db");
        }
        for (String url : List.of("sqlite:", "sqlite://", "jdbc:sqlite:", "sqlite::memory:", "jdbc:sqlite::memory:",
                ":memory:")) {
            var r = CliRunner.run("inspect", "--db", url);
            assertThat(r.exit()).as(url).isEqualTo(2);
            assertThat(r.out()).as(url).isEmpty();
            assertThat(r.err().strip()).as(url).startsWith("dbagent: ").doesNotContain("\n");
        }
        // explicit in-memory databases stay available to library callers (tests, embedding)
        assertThat(DbUrlParser.parse("sqlite::memory:").inMemory()).isTrue();
        assertThat(DbUrlParser.parse("jdbc:sqlite::memory:").inMemory()).isTrue();
    }

    @Test
    void carriesPasswordLooksAtTheTextNotAtPgpassword() {
        assertThat(DbUrlParser.carriesPassword("postgres://u:pw@h/db")).isTrue();
        assertThat(DbUrlParser.carriesPassword("postgres://u:@h/db")).isTrue();
        assertThat(DbUrlParser.carriesPassword("jdbc:postgresql://h/db?user=u&password=pw")).isTrue();
        assertThat(DbUrlParser.carriesPassword("mysql://h/db?PASSWORD=pw")).isTrue();
        assertThat(DbUrlParser.carriesPassword("postgres://u@h/db")).isFalse();
        assertThat(DbUrlParser.carriesPassword("mysql://root@h:3306/db?useSSL=false")).isFalse();
        assertThat(DbUrlParser.carriesPassword("sqlite:/data/app.db")).isFalse();
    }

    private static void assertRefusedWithoutLeak(String url, String pw) {
        try {
            DbUrlParser.parse(url);
            fail("accepted: a URL with password shape " + url.length());
        } catch (DbAgentException e) {
            assertThat(e.code()).isEqualTo(DbAgentException.Code.BAD_INPUT);
            assertThat(e.getMessage()).doesNotContain("\n");
            assertNoFragment(e.getMessage(), pw, url);
        }
    }

    /** No substring of length 3 or more of the password, as written or decoded, appears in the text. */
    static void assertNoFragment(String text, String pw, String url) {
        for (String form : List.of(pw, PercentDecoder.decodeQuietly(pw))) {
            for (int len = 3; len <= form.length(); len++) {
                for (int i = 0; i + len <= form.length(); i++) {
                    String frag = form.substring(i, i + len);
                    if (text.contains(frag)) {
                        fail("output for a URL of " + url.length() + " chars contains the password fragment '"
                                + frag + "': " + text);
                    }
                }
            }
        }
    }
}
