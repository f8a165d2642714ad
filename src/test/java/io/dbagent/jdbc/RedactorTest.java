package io.dbagent.jdbc;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class RedactorTest {

    @Test
    void removesPasswordsFromUrlsAndKeyValuePairs() {
        assertThat(Redactor.redact("failed: postgres://app:hunter2@db/x")).isEqualTo("failed: postgres://app:***@db/x");
        assertThat(Redactor.redact("jdbc:postgresql://h/db?user=a&password=hunter2&ssl=1"))
                .isEqualTo("jdbc:postgresql://h/db?user=a&password=***&ssl=1");
        assertThat(Redactor.redact("PWD=abc; other")).isEqualTo("PWD=***; other");
    }

    @Test
    void removesRegisteredSecretsAnywhere() {
        DbUrlParser.parse("mysql://root:Zq9-very-secret@h/db");
        assertThat(Redactor.redact("server said: Zq9-very-secret is wrong")).isEqualTo("server said: *** is wrong");
    }

    @Test
    void connectionErrorsNameTheTargetButNotThePassword() {
        DbUrl url = DbUrlParser.parse("postgres://app:pa55word@db.internal:5432/shop");
        var e = ConnectionFactory.translate(url, new SQLException("FATAL: password authentication failed for user \"app\"", "28P01"));
        assertThat(e.getMessage()).isEqualTo("authentication failed for user 'app' on PostgreSQL at db.internal:5432");
        var e2 = ConnectionFactory.translate(url, new SQLException("FATAL: database \"shop\" does not exist", "3D000"));
        assertThat(e2.getMessage()).isEqualTo("database 'shop' does not exist on PostgreSQL at db.internal:5432");
        var e3 = ConnectionFactory.translate(url, new SQLException("weird pa55word failure", "XX000"));
        assertThat(e3.getMessage()).doesNotContain("pa55word").contains("db.internal:5432/shop");
    }
}
