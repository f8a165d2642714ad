package io.dbagent.jdbc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Each engine's connection part describes either a server or a file, consistently. */
class EngineConnectionsTest {

    @Test
    void serverEnginesHaveUrlsPortsAndScratchServersFileEnginesNone() {
        for (DialectKind kind : DialectKind.values()) {
            EngineConnections c = kind.connections();
            if (c.embedded()) {
                assertThat(c.scratchServer()).as("%s scratch server", kind).isNull();
                assertThat(c.urlSchemes()).as("%s URL schemes", kind).isEmpty();
                assertThat(c.defaultPort()).as("%s port", kind).isZero();
            } else {
                assertThat(c.scratchServer()).as("%s scratch server", kind).isNotNull();
                assertThat(c.urlSchemes()).as("%s URL schemes", kind).contains(c.scheme());
                assertThat(c.jdbcPrefix()).as("%s JDBC prefix", kind).startsWith("jdbc:").endsWith("://");
                assertThat(c.defaultPort()).as("%s port", kind).isBetween(1, 65535);
            }
        }
    }

    @Test
    void productNamesMapToTheirEngine() {
        assertThat(DialectKind.ofProduct("PostgreSQL")).isEqualTo(DialectKind.POSTGRES);
        assertThat(DialectKind.ofProduct("MySQL")).isEqualTo(DialectKind.MYSQL);
        assertThat(DialectKind.ofProduct("MariaDB")).isEqualTo(DialectKind.MYSQL);
        assertThat(DialectKind.ofProduct("SQLite")).isEqualTo(DialectKind.SQLITE);
        assertThat(DialectKind.ofProduct("Oracle")).isNull();
    }

    @Test
    void serverUrlsTakeTheEnginesDefaultPort() {
        assertThat(DbUrlParser.parse("postgres://db/shop").port()).isEqualTo(5432);
        assertThat(DbUrlParser.parse("mariadb://db/shop").port()).isEqualTo(3306);
        assertThat(DbUrlParser.parse("jdbc:postgresql://db/shop").jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/shop");
        assertThat(DbUrlParser.parse("jdbc:mariadb://db/shop").jdbcUrl()).isEqualTo("jdbc:mysql://db:3306/shop");
    }
}
