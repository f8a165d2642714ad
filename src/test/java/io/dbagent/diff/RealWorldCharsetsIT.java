package io.dbagent.diff;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.cli.CliRunner;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Json;
import io.dbagent.schema.Column;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;
import io.dbagent.testsupport.RealWorldCorpus;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Character sets, collations, comments and generated columns of real-world schemas: an older MariaDB forum with
 * latin1, utf8mb3 and utf8mb4 tables and columns of their own charsets (src/test/resources/realworld/
 * mariadb_legacy.sql), and a PostgreSQL schema with comments and an explicit collation. Every MODIFY the diff and the
 * lint fixes write restates the column, so columns they touch keep what they do not change; information_schema and
 * pg_catalog are read on separate connections.
 */
class RealWorldCharsetsIT {

    @TempDir
    Path tmp;

    @Test
    void mariadbLegacyForumKeepsEveryCharsetThroughDiffAndLintFixes() throws Exception {
        RealWorldCorpus.Loaded loaded = RealWorldCorpus.roundTrip(DialectKind.MYSQL, "mariadb_legacy.sql", tmp);
        DbUrl db = loaded.db();
        try {
            Schema model = RealWorldCorpus.inspect(db);
            Table board = table(model, "board");
            assertThat(List.of(board.charset(), board.collation())).containsExactly("latin1", "latin1_swedish_ci");
            assertThat(board.comment()).isEqualTo("forum sections, oldest table");
            assertThat(col(board, "description").collation()).isEqualTo("latin1_general_ci");
            Table user = table(model, "forum_user");
            assertThat(List.of(user.charset(), user.collation())).containsExactly("utf8mb3", "utf8mb3_general_ci");
            assertThat(List.of(col(user, "email").charset(), col(user, "email").collation()))
                    .containsExactly("utf8mb4", "utf8mb4_bin");
            assertThat(col(user, "password_hash").collation()).isEqualTo("ascii_bin");
            assertThat(col(user, "password_hash").comment()).isEqualTo("bcrypt, $2y$");
            assertThat(col(user, "user_id").charset()).as("integers have no charset").isNull();
            Column sort = col(table(model, "topic"), "subject_sort");
            assertThat(sort.generatedKind()).isEqualTo("virtual");
            assertThat(sort.generated()).containsIgnoringCase("subject");
            assertThat(sort.comment()).isEqualTo("for sorting only");
            assertThat(col(table(model, "post"), "body_length").generatedKind()).isEqualTo("stored");
            assertThat(col(table(model, "session_log"), "started_day").generatedKind()).isEqualTo("stored");
            assertThat(col(user, "updated_at").onUpdate()).isEqualTo("current_timestamp()");
            assertThat(col(table(model, "post"), "edited_at").onUpdate()).isEqualTo("current_timestamp(6)");
            assertThat(col(user, "created_at").onUpdate()).isNull();
            assertThat(table(model, "session_log").options()).isEqualTo("ENGINE=Aria");
            assertThat(table(model, "online_user").options()).isEqualTo("ENGINE=MEMORY");
            assertThat(board.options()).as("InnoDB is the server's default").isNull();

            Map<String, String> before = textColumns(db);
            assertThat(before).containsEntry("board.description", "latin1 latin1_general_ci")
                    .containsEntry("board.title", "latin1 latin1_swedish_ci")
                    .containsEntry("topic.status", "latin1 latin1_swedish_ci")
                    .containsEntry("topic.subject", "utf8mb3 utf8mb3_general_ci");

            // one column wider (its collation is not the table's), one column to another charset, a comment, and a
            // table default that changes while its only text column keeps its own charset
            String changed = replaceOnce(loaded.sql(), "description VARCHAR(255) COLLATE latin1_general_ci",
                    "description VARCHAR(400) COLLATE latin1_general_ci");
            changed = replaceOnce(changed, "session_id CHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL",
                    "session_id CHAR(32) CHARACTER SET latin1 COLLATE latin1_bin NOT NULL");
            changed = replaceOnce(changed, "COMMENT 'BBCode source'", "COMMENT 'BBCode source, up to 64 KiB'");
            changed = replaceOnce(changed, ") ENGINE=InnoDB DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;",
                    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;");
            Path target = Files.writeString(tmp.resolve("legacy_v2.sql"), changed);

            var json = CliRunner.run("diff", "--from", loaded.url(), "--to", target.toString(), "--dev-db",
                    loaded.dev(), "--format", "json");
            assertThat(json.exit()).as(json.err()).isEqualTo(1);
            List<String> kinds = new ArrayList<>();
            JsonNode plan = Json.MAPPER.readTree(json.out());
            plan.get("changes").forEach(c -> kinds.add(c.get("kind").asText() + " " + c.get("subject").asText()));
            // the view on board goes and comes back around its retyped column; a comment disturbs no view
            assertThat(kinds).containsExactlyInAnyOrder("alter-column board.description",
                    "alter-column session_log.session_id", "set-column-comment post.body", "set-table-charset tag",
                    "drop-view board_activity", "create-view board_activity");
            plan.get("changes").forEach(c -> assertThat(c.get("destructive").asBoolean())
                    .as(c.get("subject").asText()).isFalse());

            var diff = CliRunner.run("diff", "--from", loaded.url(), "--to", target.toString(), "--dev-db",
                    loaded.dev());
            assertThat(diff.exit()).as(diff.err()).isEqualTo(1);
            assertThat(diff.out()).contains("ALTER TABLE tag DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci",
                    "MODIFY COLUMN description varchar(400) CHARACTER SET latin1 COLLATE latin1_general_ci NULL",
                    "MODIFY COLUMN body mediumtext CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL "
                            + "COMMENT 'BBCode source, up to 64 KiB'")
                    .doesNotContain("CONVERT TO");
            TestDatabases.exec(db, diff.out());

            Map<String, String> expected = new TreeMap<>(before);
            expected.put("session_log.session_id", "latin1 latin1_bin");
            Map<String, String> afterDiff = textColumns(db);
            assertThat(afterDiff).isEqualTo(expected);
            assertThat(RealWorldCorpus.count(db, "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
                    + "DATABASE() AND TABLE_NAME = 'tag' AND TABLE_COLLATION = 'utf8mb4_general_ci'")).isEqualTo(1);
            assertThat(RealWorldCorpus.count(db, "SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = "
                    + "DATABASE() AND TABLE_NAME = 'post' AND COLUMN_NAME = 'body' AND IS_NULLABLE = 'NO' "
                    + "AND COLUMN_COMMENT = 'BBCode source, up to 64 KiB'")).isEqualTo(1);
            assertThat(RealWorldCorpus.count(db, "SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = "
                    + "DATABASE() AND TABLE_NAME = 'board' AND COLUMN_NAME = 'description' "
                    + "AND COLUMN_TYPE = 'varchar(400)'")).isEqualTo(1);
            RealWorldCorpus.assertNoDifferences(loaded.url(), target, loaded.dev());

            // the lint fix for money in a FLOAT keeps the column's comment and touches no charset
            var lint = CliRunner.run("lint", "--db", loaded.url(), "--format", "json");
            JsonNode money = null;
            for (JsonNode f : Json.MAPPER.readTree(lint.out()).get("findings")) {
                if (f.get("id").asText().equals("float-for-money")
                        && f.get("subject").asText().endsWith("forum_user.donation_amount")) {
                    money = f;
                }
            }
            assertThat(money).as(lint.out() + lint.err()).isNotNull();
            assertThat(money.get("fix").asText()).contains("COMMENT 'PayPal, in EUR'");
            TestDatabases.exec(db, money.get("fix").asText());
            assertThat(textColumns(db)).isEqualTo(expected);
            assertThat(RealWorldCorpus.count(db, "SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = "
                    + "DATABASE() AND TABLE_NAME = 'forum_user' AND COLUMN_NAME = 'donation_amount' "
                    + "AND COLUMN_TYPE = 'decimal(12,2)' AND COLUMN_COMMENT = 'PayPal, in EUR'")).isEqualTo(1);
        } finally {
            TestDatabases.drop(db);
        }
    }

    @Test
    void scratchDatabaseTakesTheLiveDatabasesDefaultCharset() throws Exception {
        // a live database whose default is latin1: a file without charsets loads on a scratch database that
        // defaults to the same, so it compares equal instead of reporting every text column
        DbUrl db = TestDatabases.create(DialectKind.MYSQL, "rwcs");
        try {
            TestDatabases.exec(db, "ALTER DATABASE " + db.database() + " CHARACTER SET latin1 COLLATE latin1_swedish_ci");
            String sql = "CREATE TABLE note (id INT NOT NULL PRIMARY KEY, body VARCHAR(100) NOT NULL);\n";
            TestDatabases.exec(db, sql);
            assertThat(textColumns(db)).containsEntry("note.body", "latin1 latin1_swedish_ci");
            Path file = Files.writeString(tmp.resolve("note.sql"), sql);
            RealWorldCorpus.assertNoDifferences(RealWorldCorpus.cliUrl(db), file,
                    RealWorldCorpus.devServer(DialectKind.MYSQL));
        } finally {
            TestDatabases.drop(db);
        }
    }

    @Test
    void postgresCommentsCollationsAndGeneratedColumns() throws Exception {
        RealWorldCorpus.Loaded loaded = RealWorldCorpus.roundTrip(DialectKind.POSTGRES, "pg_comments.sql", tmp);
        DbUrl db = loaded.db();
        try {
            Schema model = RealWorldCorpus.inspect(db);
            Table customer = table(model, "customer");
            assertThat(customer.comment()).isEqualTo("people who buy; kept after they leave");
            assertThat(col(customer, "code").collation()).isEqualTo("C");
            assertThat(col(customer, "name").collation()).as("the default collation is not stated").isNull();
            assertThat(col(customer, "email").comment()).isEqualTo("lower case, unique");
            assertThat(col(customer, "name_key").generatedKind()).isEqualTo("stored");

            String changed = replaceOnce(loaded.sql(), "'lower case, unique'", "'lower case, unique per shop'");
            changed = replaceOnce(changed, "code text COLLATE \"C\" NOT NULL", "code text COLLATE \"POSIX\" NOT NULL");
            Path target = Files.writeString(tmp.resolve("pg_comments_v2.sql"), changed);
            var json = CliRunner.run("diff", "--from", loaded.url(), "--to", target.toString(), "--dev-db",
                    loaded.dev(), "--format", "json");
            assertThat(json.exit()).as(json.err()).isEqualTo(1);
            List<String> kinds = new ArrayList<>();
            Json.MAPPER.readTree(json.out()).get("changes")
                    .forEach(c -> kinds.add(c.get("kind").asText() + " " + c.get("subject").asText()));
            assertThat(kinds).containsExactlyInAnyOrder("set-column-comment customer.email",
                    "alter-column customer.code");
            var diff = CliRunner.run("diff", "--from", loaded.url(), "--to", target.toString(), "--dev-db",
                    loaded.dev());
            assertThat(diff.out()).contains("COMMENT ON COLUMN customer.email IS 'lower case, unique per shop'",
                    "ALTER COLUMN code TYPE text COLLATE \"POSIX\"");
            TestDatabases.exec(db, diff.out());
            assertThat(RealWorldCorpus.count(db, "SELECT count(*) FROM pg_attribute a JOIN pg_collation c "
                    + "ON c.oid = a.attcollation WHERE a.attrelid = 'customer'::regclass AND a.attname = 'code' "
                    + "AND c.collname = 'POSIX' AND a.attnotnull")).isEqualTo(1);
            assertThat(RealWorldCorpus.count(db, "SELECT count(*) FROM pg_description WHERE objoid = "
                    + "'customer'::regclass AND description = 'lower case, unique per shop'")).isEqualTo(1);
            RealWorldCorpus.assertNoDifferences(loaded.url(), target, loaded.dev());
        } finally {
            TestDatabases.drop(db);
        }
    }

    private static String replaceOnce(String text, String from, String to) {
        assertThat(text).as("the corpus file holds " + from).contains(from);
        return text.replace(from, to);
    }

    private static Table table(Schema s, String name) {
        return s.tables().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no table " + name));
    }

    private static Column col(Table t, String name) {
        return t.column(name).orElseThrow(() -> new AssertionError("no column " + t.name() + "." + name));
    }

    /** {@code table.column -> "charset collation"} of every text column, read on a connection of its own. */
    private static Map<String, String> textColumns(DbUrl db) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (DbSession s = TestDatabases.writable(db); PreparedStatement ps = s.connection().prepareStatement(
                "SELECT TABLE_NAME, COLUMN_NAME, CHARACTER_SET_NAME, COLLATION_NAME FROM information_schema.COLUMNS "
                        + "WHERE TABLE_SCHEMA = DATABASE() AND CHARACTER_SET_NAME IS NOT NULL");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1) + "." + rs.getString(2), rs.getString(3) + " " + rs.getString(4));
            }
        }
        return out;
    }
}
