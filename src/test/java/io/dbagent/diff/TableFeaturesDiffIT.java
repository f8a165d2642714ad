package io.dbagent.diff;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.cli.CliRunner;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Json;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;
import io.dbagent.schema.View;
import io.dbagent.testsupport.RealWorldCorpus;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Table features a diff used to lose, each applied with the diff's own script and checked from a separate
 * connection: MySQL/MariaDB {@code ON UPDATE CURRENT_TIMESTAMP} (information_schema.COLUMNS.EXTRA) and the storage
 * engine (information_schema.TABLES.ENGINE), SQLite column collations (sqlite_master and how a comparison behaves),
 * and the indexes of a PostgreSQL materialized view (pg_indexes).
 */
class TableFeaturesDiffIT {

    @TempDir
    Path tmp;

    private static final String MYSQL_V1 = """
            CREATE TABLE article (
                id INT NOT NULL AUTO_INCREMENT,
                title VARCHAR(100) NOT NULL,
                changed_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
                touched_at DATETIME NULL DEFAULT NULL,
                PRIMARY KEY (id)
            ) ENGINE=InnoDB;
            """;

    @Test
    void mysqlOnUpdateIsKeptByAModifyAndAddedAndRemovedByTheDiff() throws Exception {
        DbUrl db = TestDatabases.create(DialectKind.MYSQL, "onupd");
        try {
            TestDatabases.exec(db, MYSQL_V1 + "INSERT INTO article (title) VALUES ('a'), ('b');\n");
            Table article = table(RealWorldCorpus.inspect(db), "article");
            assertThat(article.column("changed_at").orElseThrow().onUpdate()).isEqualTo("current_timestamp(6)");
            assertThat(article.column("touched_at").orElseThrow().onUpdate()).isNull();

            // changed_at gets a comment (a MODIFY that restates the column), touched_at gets ON UPDATE
            String v2 = MYSQL_V1.replace("ON UPDATE CURRENT_TIMESTAMP(6),",
                            "ON UPDATE CURRENT_TIMESTAMP(6) COMMENT 'last change',")
                    .replace("touched_at DATETIME NULL DEFAULT NULL,",
                            "touched_at DATETIME NULL DEFAULT NULL ON UPDATE CURRENT_TIMESTAMP,");
            Path target = Files.writeString(tmp.resolve("article_v2.sql"), v2);
            String url = RealWorldCorpus.cliUrl(db);
            String dev = RealWorldCorpus.devServer(DialectKind.MYSQL);
            assertThat(kinds(url, target, dev)).containsExactlyInAnyOrder("set-column-comment article.changed_at",
                    "alter-column article.touched_at");
            var diff = CliRunner.run("diff", "--from", url, "--to", target.toString(), "--dev-db", dev);
            assertThat(diff.exit()).as(diff.err()).isEqualTo(1);
            assertThat(diff.out()).contains("MODIFY COLUMN changed_at timestamp(6) NOT NULL DEFAULT "
                    + "current_timestamp(6) ON UPDATE current_timestamp(6) COMMENT 'last change'",
                    "MODIFY COLUMN touched_at datetime NULL ON UPDATE current_timestamp()");
            TestDatabases.exec(db, diff.out());
            assertThat(extra(db, "changed_at")).isEqualToIgnoringCase("on update current_timestamp(6)");
            assertThat(extra(db, "touched_at")).isEqualToIgnoringCase("on update current_timestamp()");
            assertThat(RealWorldCorpus.count(db, "SELECT COUNT(*) FROM article")).isEqualTo(2);
            RealWorldCorpus.assertNoDifferences(url, target, dev);

            // the clause behaves: an UPDATE sets touched_at now that it has ON UPDATE
            TestDatabases.exec(db, "UPDATE article SET title = 'c' WHERE id = 1");
            assertThat(RealWorldCorpus.count(db, "SELECT COUNT(*) FROM article WHERE touched_at IS NOT NULL"))
                    .isEqualTo(1);

            // and back: the down script removes it again
            Path v1 = Files.writeString(tmp.resolve("article_v1.sql"), MYSQL_V1);
            var back = CliRunner.run("diff", "--from", url, "--to", v1.toString(), "--dev-db", dev);
            assertThat(back.exit()).as(back.err()).isEqualTo(1);
            TestDatabases.exec(db, back.out());
            assertThat(extra(db, "touched_at")).isEmpty();
            assertThat(extra(db, "changed_at")).isEqualToIgnoringCase("on update current_timestamp(6)");
            RealWorldCorpus.assertNoDifferences(url, v1, dev);
        } finally {
            TestDatabases.drop(db);
        }
    }

    @Test
    void mysqlEngineChangeIsARebuildWithANoteAndTheDefaultEngineIsNeverWritten() throws Exception {
        DbUrl db = TestDatabases.create(DialectKind.MYSQL, "engine");
        try {
            TestDatabases.exec(db, MYSQL_V1 + "INSERT INTO article (title) VALUES ('a'), ('b'), ('c');\n");
            String url = RealWorldCorpus.cliUrl(db);
            String dev = RealWorldCorpus.devServer(DialectKind.MYSQL);
            Path aria = Files.writeString(tmp.resolve("article_aria.sql"),
                    MYSQL_V1.replace(") ENGINE=InnoDB;", ") ENGINE=Aria;"));

            var json = CliRunner.run("diff", "--from", url, "--to", aria.toString(), "--dev-db", dev, "--format",
                    "json");
            assertThat(json.exit()).as(json.err()).isEqualTo(1);
            JsonNode changes = Json.MAPPER.readTree(json.out()).get("changes");
            assertThat(changes).hasSize(1);
            assertThat(changes.get(0).get("kind").asText()).isEqualTo("set-table-engine");
            assertThat(changes.get(0).get("note").asText()).contains("REBUILDS article", "copies every row",
                    "blocks writes");
            assertThat(changes.get(0).get("up").get(0).asText()).isEqualTo("ALTER TABLE article ENGINE=Aria");
            assertThat(changes.get(0).get("down").get(0).asText()).isEqualTo("ALTER TABLE article ENGINE=InnoDB");

            var diff = CliRunner.run("diff", "--from", url, "--to", aria.toString(), "--dev-db", dev);
            assertThat(diff.out()).contains("-- set-table-engine article", "-- REBUILDS article",
                    "SET SESSION lock_wait_timeout", "ALTER TABLE article ENGINE=Aria;");
            TestDatabases.exec(db, diff.out());
            assertThat(engine(db)).isEqualTo("Aria");
            assertThat(RealWorldCorpus.count(db, "SELECT COUNT(*) FROM article")).isEqualTo(3);
            assertThat(table(RealWorldCorpus.inspect(db), "article").options()).isEqualTo("ENGINE=Aria");
            RealWorldCorpus.assertNoDifferences(url, aria, dev);

            // an empty database gets the table on Aria; InnoDB (the default) is not written for a table on it
            DbUrl empty = TestDatabases.create(DialectKind.MYSQL, "engine0");
            try {
                Path both = Files.writeString(tmp.resolve("both.sql"), MYSQL_V1.replace("article", "plain")
                        + MYSQL_V1.replace(") ENGINE=InnoDB;", ") ENGINE=Aria;"));
                var create = CliRunner.run("diff", "--from", RealWorldCorpus.cliUrl(empty), "--to", both.toString(),
                        "--dev-db", dev);
                assertThat(create.exit()).as(create.err()).isEqualTo(1);
                assertThat(create.out()).contains(") ENGINE=Aria").doesNotContain("InnoDB");
                TestDatabases.exec(empty, create.out());
                assertThat(RealWorldCorpus.count(empty, "SELECT COUNT(*) FROM information_schema.TABLES WHERE "
                        + "TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'article' AND ENGINE = 'Aria'")).isEqualTo(1);
                assertThat(RealWorldCorpus.count(empty, "SELECT COUNT(*) FROM information_schema.TABLES WHERE "
                        + "TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'plain' AND ENGINE = 'InnoDB'")).isEqualTo(1);
            } finally {
                TestDatabases.drop(empty);
            }
        } finally {
            TestDatabases.drop(db);
        }
    }

    @Test
    void sqliteCollationChangeRebuildsTheTableAndComparesWithoutCase() throws Exception {
        DbUrl db = TestDatabases.create(DialectKind.SQLITE, "collate");
        try {
            String v1 = """
                    CREATE TABLE person (
                        id INTEGER PRIMARY KEY,
                        email TEXT NOT NULL,
                        nick TEXT COLLATE RTRIM
                    );
                    CREATE INDEX person_email_idx ON person (email);
                    """;
            TestDatabases.exec(db, v1 + "INSERT INTO person (email, nick) VALUES ('Ann@Example.org', 'ann  '),"
                    + " ('bob@example.org', NULL);\n");
            Table person = table(RealWorldCorpus.inspect(db), "person");
            assertThat(person.column("nick").orElseThrow().collation()).isEqualTo("RTRIM");
            assertThat(person.column("email").orElseThrow().collation()).isNull();
            String url = RealWorldCorpus.cliUrl(db);
            assertThat(RealWorldCorpus.count(db, "SELECT COUNT(*) FROM person WHERE email = 'ann@example.org'"))
                    .isZero();

            Path target = Files.writeString(tmp.resolve("person_v2.sql"),
                    v1.replace("email TEXT NOT NULL,", "email TEXT NOT NULL COLLATE NOCASE,"));
            var diff = CliRunner.run("diff", "--from", url, "--to", target.toString());
            assertThat(diff.exit()).as(diff.out() + diff.err()).isEqualTo(1);
            assertThat(diff.out()).contains("-- rebuild-table person", "email text COLLATE NOCASE NOT NULL",
                    "nick text COLLATE RTRIM").doesNotContain("DESTRUCTIVE");
            TestDatabases.exec(db, diff.out());
            assertThat(RealWorldCorpus.count(db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'person' "
                    + "AND sql LIKE '%email text COLLATE NOCASE NOT NULL%' AND sql LIKE '%nick text COLLATE RTRIM%'"))
                    .isEqualTo(1);
            assertThat(RealWorldCorpus.count(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' "
                    + "AND name = 'person_email_idx'")).isEqualTo(1);
            assertThat(RealWorldCorpus.count(db, "SELECT COUNT(*) FROM person")).isEqualTo(2);
            // the collation works: the stored address matches whatever its case
            assertThat(RealWorldCorpus.count(db, "SELECT COUNT(*) FROM person WHERE email = 'ann@example.org'"))
                    .isEqualTo(1);
            assertThat(RealWorldCorpus.count(db, "SELECT COUNT(*) FROM person WHERE nick = 'ann'")).isEqualTo(1);
            RealWorldCorpus.assertNoDifferences(url, target, null);
        } finally {
            TestDatabases.drop(db);
        }
    }

    @Test
    void postgresMaterializedViewIndexesAreCreatedDroppedAndComeBackWithTheView() throws Exception {
        DbUrl db = TestDatabases.create(DialectKind.POSTGRES, "mvidx");
        try {
            String v1 = """
                    CREATE TABLE sale (id bigint PRIMARY KEY, region text NOT NULL, amount numeric(10,2) NOT NULL);
                    CREATE MATERIALIZED VIEW region_total AS
                        SELECT region, sum(amount) AS total, count(*) AS sales FROM sale GROUP BY region;
                    CREATE UNIQUE INDEX region_total_region_idx ON region_total (region);
                    """;
            TestDatabases.exec(db, v1 + "INSERT INTO sale VALUES (1, 'north', 10), (2, 'south', 5);\n"
                    + "REFRESH MATERIALIZED VIEW region_total;\n");
            View mv = RealWorldCorpus.inspect(db).views().stream().filter(v -> v.name().equals("region_total"))
                    .findFirst().orElseThrow();
            assertThat(mv.indexes()).extracting(i -> i.name() + " " + i.unique() + " " + i.columns())
                    .containsExactly("region_total_region_idx true [region]");
            String url = RealWorldCorpus.cliUrl(db);
            String dev = RealWorldCorpus.devServer(DialectKind.POSTGRES);

            // an index more, partial: created on the view as it stands
            String v2 = v1 + "CREATE INDEX region_total_big_idx ON region_total (total) WHERE sales > 1;\n";
            Path target2 = Files.writeString(tmp.resolve("mv_v2.sql"), v2);
            assertThat(kinds(url, target2, dev)).containsExactly("create-index region_total_big_idx");
            var diff = CliRunner.run("diff", "--from", url, "--to", target2.toString(), "--dev-db", dev);
            assertThat(diff.out()).contains("CREATE INDEX region_total_big_idx ON region_total (total) "
                    + "WHERE sales > 1");
            TestDatabases.exec(db, diff.out());
            assertThat(indexes(db)).isEqualTo(2);
            RealWorldCorpus.assertNoDifferences(url, target2, dev);

            // a new definition drops and recreates the view: both indexes come back with it, and the down script
            // restores the old view with both of its indexes
            Path target3 = Files.writeString(tmp.resolve("mv_v3.sql"), v2.replace("count(*) AS sales",
                    "count(*) AS sales, max(amount) AS biggest"));
            var recreate = CliRunner.run("diff", "--from", url, "--to", target3.toString(), "--dev-db", dev);
            assertThat(recreate.exit()).as(recreate.err()).isEqualTo(1);
            var down = CliRunner.run("diff", "--from", url, "--to", target3.toString(), "--dev-db", dev, "--down");
            TestDatabases.exec(db, recreate.out());
            assertThat(indexes(db)).isEqualTo(2);
            assertThat(RealWorldCorpus.count(db, "SELECT count(*) FROM region_total WHERE biggest IS NOT NULL"))
                    .isEqualTo(2);
            RealWorldCorpus.assertNoDifferences(url, target3, dev);
            TestDatabases.exec(db, down.out());
            assertThat(indexes(db)).isEqualTo(2);
            RealWorldCorpus.assertNoDifferences(url, target2, dev);

            // and an index dropped from the file is dropped from the view
            Path target1 = Files.writeString(tmp.resolve("mv_v1.sql"), v1);
            assertThat(kinds(url, target1, dev)).containsExactly("drop-index region_total_big_idx");
            TestDatabases.exec(db, CliRunner.run("diff", "--from", url, "--to", target1.toString(), "--dev-db", dev)
                    .out());
            assertThat(indexes(db)).isEqualTo(1);
            RealWorldCorpus.assertNoDifferences(url, target1, dev);
        } finally {
            TestDatabases.drop(db);
        }
    }

    private static long indexes(DbUrl db) throws Exception {
        return RealWorldCorpus.count(db, "SELECT count(*) FROM pg_indexes WHERE schemaname = 'public' "
                + "AND tablename = 'region_total'");
    }

    private static List<String> kinds(String url, Path target, String dev) throws Exception {
        List<String> a = new ArrayList<>(List.of("diff", "--from", url, "--to", target.toString(), "--format",
                "json"));
        if (dev != null) {
            a.addAll(List.of("--dev-db", dev));
        }
        var json = CliRunner.run(a.toArray(String[]::new));
        assertThat(json.exit()).as(json.out() + json.err()).isIn(0, 1);
        List<String> kinds = new ArrayList<>();
        Json.MAPPER.readTree(json.out()).get("changes")
                .forEach(c -> kinds.add(c.get("kind").asText() + " " + c.get("subject").asText()));
        return kinds;
    }

    private static String extra(DbUrl db, String column) throws Exception {
        try (var s = TestDatabases.writable(db); var st = s.connection().prepareStatement("SELECT EXTRA FROM "
                + "information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'article' "
                + "AND COLUMN_NAME = ?")) {
            st.setString(1, column);
            try (var rs = st.executeQuery()) {
                assertThat(rs.next()).as(column).isTrue();
                return rs.getString(1);
            }
        }
    }

    private static String engine(DbUrl db) throws Exception {
        try (var s = TestDatabases.writable(db); var st = s.connection().createStatement();
             var rs = st.executeQuery("SELECT ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                     + "AND TABLE_NAME = 'article'")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private static Table table(Schema s, String name) {
        return s.tables().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }
}
