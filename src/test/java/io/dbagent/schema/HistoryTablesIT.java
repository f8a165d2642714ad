package io.dbagent.schema;

import io.dbagent.cli.CliRunner;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Migration tools' history tables stay out of inspect, lint and health on a live database of each engine. */
class HistoryTablesIT {

    @ParameterizedTest
    @EnumSource(DialectKind.class)
    void inspectLintAndHealthLeaveOutTheHistoryTablesOfMigrationTools(DialectKind d) {
        DbUrl url = TestDatabases.create(d, "histtab");
        try {
            // Liquibase's changelog has no primary key: a user table like it would be a missing-primary-key finding
            TestDatabases.exec(url, "CREATE TABLE databasechangelog (id VARCHAR(255) NOT NULL, author VARCHAR(255));\n"
                    + "CREATE TABLE databasechangeloglock (id INT NOT NULL, locked BOOLEAN);\n"
                    + "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL);\n"
                    + "CREATE TABLE flyway_schema_history (installed_rank INT NOT NULL, version VARCHAR(50));\n"
                    + "CREATE TABLE audit_log (entry VARCHAR(100));\n");
            String auth = url.user() + (url.password() == null ? "" : ":" + url.password()) + "@";
            String db = switch (d) {
                case SQLITE -> url.database();
                case POSTGRES -> "postgres://" + auth + url.hostPort() + "/" + url.database();
                case MYSQL -> "mysql://" + auth + url.hostPort() + "/" + url.database();
            };
            var inspect = CliRunner.run("inspect", "--db", db, "--format", "json");
            assertThat(inspect.exit()).as(inspect.err()).isZero();
            assertThat(inspect.out()).contains("audit_log").doesNotContain("databasechangelog", "alembic_version",
                    "flyway_schema_history");
            var lint = CliRunner.run("lint", "--db", db, "--format", "json");
            assertThat(lint.out()).contains("audit_log").doesNotContain("databasechangelog", "alembic_version",
                    "flyway_schema_history");
            var health = CliRunner.run("health", "--db", db, "--only", "missing-primary-key", "--format", "json");
            assertThat(health.out()).as(health.err()).contains("audit_log").doesNotContain("databasechangelog",
                    "alembic_version", "flyway_schema_history");
            // asked for by name, a history table is still shown
            var byName = CliRunner.run("inspect", "--db", db, "--table", "databasechangelog");
            assertThat(byName.exit()).as(byName.err()).isZero();
            assertThat(byName.out()).contains("databasechangelog");
        } finally {
            TestDatabases.drop(url);
        }
    }
}
