package io.dbagent.dialect.mysql;

import io.dbagent.dialect.mysql.MysqlValues.Flavour;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The MySQL 8 side of the normalisation, which the IT cannot reach on a MariaDB-only machine. */
class MysqlValuesTest {

    private static final Flavour MYSQL8 = Flavour.of(false, "8.0.36");
    private static final Flavour MARIADB = Flavour.of(true, "10.11.19");

    @Test
    void parsesVersions() {
        assertThat(MYSQL8).isEqualTo(new Flavour(false, 8, 0, 36));
        assertThat(MYSQL8.hasCheckConstraints()).isTrue();
        assertThat(MYSQL8.hasIndexExpressions()).isTrue();
        assertThat(Flavour.of(false, "8.0.15").hasCheckConstraints()).isFalse();
        assertThat(Flavour.of(false, "5.7.44").hasIndexExpressions()).isFalse();
        assertThat(MARIADB.hasCheckConstraints()).isTrue();
        assertThat(MARIADB.hasIndexExpressions()).isFalse();
        assertThat(MARIADB.defaultsAreExpressions()).isTrue();
        assertThat(Flavour.of(true, "10.2.22").hasCheckConstraints()).isTrue();
        assertThat(Flavour.of(true, "10.2.6").defaultsAreExpressions()).isFalse();
    }

    @Test
    void mysqlDefaultsBecomeDdlExpressions() {
        assertThat(MysqlValues.normaliseDefault(MYSQL8, null, "varchar", "")).isNull();
        assertThat(MysqlValues.normaliseDefault(MYSQL8, "pending", "varchar", "")).isEqualTo("'pending'");
        assertThat(MysqlValues.normaliseDefault(MYSQL8, "it's a\\b", "varchar", "")).isEqualTo("'it''s a\\\\b'");
        assertThat(MysqlValues.normaliseDefault(MYSQL8, "", "varchar", "")).isEqualTo("''");
        assertThat(MysqlValues.normaliseDefault(MYSQL8, "NULL", "varchar", "")).isEqualTo("'NULL'");
        assertThat(MysqlValues.normaliseDefault(MYSQL8, "active", "enum", "")).isEqualTo("'active'");
        assertThat(MysqlValues.normaliseDefault(MYSQL8, "0.00", "decimal", "")).isEqualTo("0.00");
        assertThat(MysqlValues.normaliseDefault(MYSQL8, "b'101'", "bit", "")).isEqualTo("b'101'");
        assertThat(MysqlValues.normaliseDefault(MYSQL8, "2020-01-01", "date", "")).isEqualTo("'2020-01-01'");
        assertThat(MysqlValues.normaliseDefault(MYSQL8, "0x41", "varbinary", "")).isEqualTo("0x41");
        assertThat(MysqlValues.normaliseDefault(MYSQL8, "CURRENT_TIMESTAMP", "timestamp", "DEFAULT_GENERATED"))
                .isEqualTo("CURRENT_TIMESTAMP");
        assertThat(MysqlValues.normaliseDefault(MYSQL8, "CURRENT_TIMESTAMP(3)", "datetime",
                "DEFAULT_GENERATED on update CURRENT_TIMESTAMP(3)")).isEqualTo("CURRENT_TIMESTAMP(3)");
        assertThat(MysqlValues.normaliseDefault(MYSQL8, "uuid()", "char", "DEFAULT_GENERATED")).isEqualTo("(uuid())");
        assertThat(MysqlValues.normaliseDefault(MYSQL8, "now", "varchar", "")).isEqualTo("'now'");
        // MySQL 5.7 has no DEFAULT_GENERATED marker.
        assertThat(MysqlValues.normaliseDefault(Flavour.of(false, "5.7.44"), "CURRENT_TIMESTAMP", "timestamp", ""))
                .isEqualTo("CURRENT_TIMESTAMP");
    }

    @Test
    void mariaDbDefaultsAreKeptExceptTheNullWord() {
        assertThat(MysqlValues.normaliseDefault(MARIADB, "NULL", "varchar", "")).isNull();
        assertThat(MysqlValues.normaliseDefault(MARIADB, "'NULL'", "varchar", "")).isEqualTo("'NULL'");
        assertThat(MysqlValues.normaliseDefault(MARIADB, "'pending'", "varchar", "")).isEqualTo("'pending'");
        assertThat(MysqlValues.normaliseDefault(MARIADB, "current_timestamp()", "timestamp", ""))
                .isEqualTo("current_timestamp()");
    }

    @Test
    void checkClausesAndGenerationExpressionsLoseMysqlsOuterParentheses() {
        assertThat(MysqlValues.checkExpression("(`score` >= 0)")).isEqualTo("`score` >= 0");
        assertThat(MysqlValues.checkExpression("`score` >= 0")).isEqualTo("`score` >= 0");
        assertThat(MysqlValues.checkExpression("(`a` > 0) and (`b` > 0)")).isEqualTo("(`a` > 0) and (`b` > 0)");
        assertThat(MysqlValues.checkExpression("(`s` in (_utf8mb4')',_utf8mb4'b'))"))
                .isEqualTo("`s` in (_utf8mb4')',_utf8mb4'b')");
    }

    @Test
    void typesIndexPartsAndMethods() {
        assertThat(MysqlValues.lowerType("ENUM('Active','BLOCKED')")).isEqualTo("enum('Active','BLOCKED')");
        assertThat(MysqlValues.lowerType("BIGINT UNSIGNED")).isEqualTo("bigint unsigned");
        assertThat(MysqlValues.indexPart("name", null, 10L, "A")).isEqualTo("name(10)");
        assertThat(MysqlValues.indexPart(null, "lower(`note`)", null, "A")).isEqualTo("lower(`note`)");
        assertThat(MysqlValues.indexPart("at", null, null, "D")).isEqualTo("at DESC");
        assertThat(MysqlValues.indexMethod("RTREE")).isEqualTo("spatial");
        assertThat(MysqlValues.indexMethod("FULLTEXT")).isEqualTo("fulltext");
        assertThat(MysqlValues.generatedKind("VIRTUAL GENERATED")).isEqualTo("virtual");
        assertThat(MysqlValues.generatedKind("STORED GENERATED")).isEqualTo("stored");
        assertThat(MysqlValues.withoutDisplayWidth("bigint(21)")).isEqualTo("bigint");
        assertThat(MysqlValues.unpartitioned("orders#P#p0")).isEqualTo("orders");
    }

    @Test
    void onUpdateIsReadFromExtraOfEitherServer() {
        assertThat(MysqlValues.onUpdate("on update current_timestamp(6)")).isEqualTo("current_timestamp(6)");
        assertThat(MysqlValues.onUpdate("DEFAULT_GENERATED on update CURRENT_TIMESTAMP"))
                .isEqualTo("current_timestamp");
        assertThat(MysqlValues.onUpdate("on update current_timestamp()")).isEqualTo("current_timestamp()");
        assertThat(MysqlValues.onUpdate("auto_increment")).isNull();
        assertThat(MysqlValues.onUpdate("")).isNull();
        assertThat(MysqlValues.onUpdate(null)).isNull();
    }

    @Test
    void theEngineIsAnOptionOnlyWhereItIsNotTheDefault() {
        assertThat(MysqlValues.engineOption("InnoDB", "InnoDB")).isNull();
        assertThat(MysqlValues.engineOption("innodb", "InnoDB")).isNull();
        assertThat(MysqlValues.engineOption("Aria", "InnoDB")).isEqualTo("ENGINE=Aria");
        assertThat(MysqlValues.engineOption("InnoDB", "MyISAM")).isEqualTo("ENGINE=InnoDB");
        assertThat(MysqlValues.engineOption(null, "InnoDB")).isNull();
    }
}
