package io.dbagent.jdbc;

import io.dbagent.DbAgentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DbUrlParserTest {

    @Test
    void postgresUrlMovesCredentialsOutOfTheJdbcUrl() {
        DbUrl u = DbUrlParser.parse("postgres://app:s3cr%40t@db.example.com:6543/shop?sslmode=require");
        assertThat(u.dialect()).isEqualTo(DialectKind.POSTGRES);
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6543/shop?sslmode=require");
        assertThat(u.user()).isEqualTo("app");
        assertThat(u.password()).isEqualTo("s3cr@t");
        assertThat(u.host()).isEqualTo("db.example.com");
        assertThat(u.port()).isEqualTo(6543);
        assertThat(u.database()).isEqualTo("shop");
        assertThat(u.toString()).isEqualTo("postgres://app:***@db.example.com:6543/shop").doesNotContain("s3cr");
    }

    @Test
    void postgresqlSchemeAndDefaults() {
        DbUrl u = DbUrlParser.parse("postgresql://localhost/app");
        assertThat(u.port()).isEqualTo(5432);
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/app");
        // no user in the URL: libpq's rule, PGUSER else postgres; no password unless PGPASSWORD gives one
        assertThat(u.user()).isEqualTo(System.getenv().getOrDefault("PGUSER", "postgres"));
        assertThat(u.password()).isEqualTo(System.getenv("PGPASSWORD"));
        assertThat(u.dialect()).isEqualTo(DialectKind.POSTGRES);
        assertThat(u.host()).isEqualTo("localhost");
        assertThat(u.database()).isEqualTo("app");
        DbUrl mysql = DbUrlParser.parse("mysql://127.0.0.1/test");
        assertThat(mysql.user()).isEqualTo("root");
        assertThat(mysql.password()).isNull();
    }

    @Test
    void mysqlAndMariadbSchemes() {
        DbUrl m = DbUrlParser.parse("mysql://root@127.0.0.1/test");
        assertThat(m.dialect()).isEqualTo(DialectKind.MYSQL);
        assertThat(m.port()).isEqualTo(3306);
        assertThat(m.jdbcUrl()).isEqualTo("jdbc:mysql://127.0.0.1:3306/test");
        DbUrl md = DbUrlParser.parse("mariadb://u:p%3Aw@h:3307/x");
        assertThat(md.dialect()).isEqualTo(DialectKind.MYSQL);
        assertThat(md.password()).isEqualTo("p:w");
        assertThat(md.port()).isEqualTo(3307);
        assertThat(DbUrlParser.parse("mysql://root@h:3306/").database()).isNull();
    }

    @Test
    void ipv6Hosts() {
        DbUrl u = DbUrlParser.parse("postgres://u@[::1]:5433/db");
        assertThat(u.host()).isEqualTo("::1");
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5433/db");
        assertThat(u.redacted()).isEqualTo("postgres://u@[::1]:5433/db");
    }

    @Test
    void sqliteForms(@TempDir Path dir) throws Exception {
        assertThat(DbUrlParser.parse("sqlite:shop.db").database()).isEqualTo("shop.db");
        assertThat(DbUrlParser.parse("sqlite:///var/data/shop.db").database()).isEqualTo("/var/data/shop.db");
        assertThat(DbUrlParser.parse("data/app.sqlite3").jdbcUrl()).isEqualTo("jdbc:sqlite:data/app.sqlite3");
        assertThat(DbUrlParser.parse("x.sqlite").dialect()).isEqualTo(DialectKind.SQLITE);
        assertThat(DbUrlParser.parse("sqlite::memory:").inMemory()).isTrue();
        // an existing SQLite file is recognised by its header whatever its extension
        Path f = dir.resolve("data.bin");
        Files.write(f, "SQLite format 3\0rest".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(DbUrlParser.parse(f.toString()).dialect()).isEqualTo(DialectKind.SQLITE);
    }

    @Test
    void jdbcUrls() {
        DbUrl pg = DbUrlParser.parse("jdbc:postgresql://h:5432/db?user=app&password=pw&ssl=true");
        assertThat(pg.user()).isEqualTo("app");
        assertThat(pg.password()).isEqualTo("pw");
        assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db?ssl=true");
        assertThat(DbUrlParser.parse("jdbc:mariadb://h/db").jdbcUrl()).isEqualTo("jdbc:mysql://h:3306/db");
        assertThat(DbUrlParser.parse("jdbc:sqlite:/tmp/a.db").database()).isEqualTo("/tmp/a.db");
    }

    @Test
    void environmentFallbackOrder() {
        assertThat(DbUrlParser.fromOptionOrEnv(null, Map.of("DBAGENT_DB", "a.db", "DATABASE_URL", "b.db")).database())
                .isEqualTo("a.db");
        assertThat(DbUrlParser.fromOptionOrEnv(null, Map.of("DATABASE_URL", "b.db")).database()).isEqualTo("b.db");
        assertThat(DbUrlParser.fromOptionOrEnv("c.db", Map.of("DATABASE_URL", "b.db")).database()).isEqualTo("c.db");
        assertThatThrownBy(() -> DbUrlParser.fromOptionOrEnv(null, Map.of()))
                .isInstanceOf(DbAgentException.class).hasMessageContaining("--db");
    }

    @Test
    void badInputIsOneLineWithoutThePassword() {
        assertThatThrownBy(() -> DbUrlParser.parse("redis://u:topsecret@h/0"))
                .isInstanceOf(DbAgentException.class)
                .hasMessageContaining("unsupported URL scheme 'redis'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("topsecret").doesNotContain("\n"));
        assertThatThrownBy(() -> DbUrlParser.parse("postgres://u:topsecret@h:99999/db"))
                .hasMessageContaining("invalid port '99999'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("topsecret"));
        assertThatThrownBy(() -> DbUrlParser.parse("jdbc:oracle:thin:@h:1521:x"))
                .hasMessageContaining("unsupported JDBC subprotocol 'jdbc:oracle'");
        assertThatThrownBy(() -> DbUrlParser.parse("just words")).hasMessageContaining("not a database URL");
        assertThatThrownBy(() -> DbUrlParser.parse("  ")).hasMessageContaining("empty database URL");
        assertThat(((DbAgentException) catchThrowable(() -> DbUrlParser.parse("x"))).code())
                .isEqualTo(DbAgentException.Code.BAD_INPUT);
    }

    private static Throwable catchThrowable(Runnable r) {
        try {
            r.run();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    @Test
    void withDatabaseKeepsServerAndCredentials() {
        DbUrl u = DbUrlParser.parse("postgres://app:pw@h:5432/postgres?sslmode=disable");
        DbUrl other = u.withDatabase("scratch");
        assertThat(other.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/scratch?sslmode=disable");
        assertThat(other.password()).isEqualTo("pw");
        assertThat(other.redacted()).isEqualTo("postgres://app:***@h:5432/scratch");
    }
}
