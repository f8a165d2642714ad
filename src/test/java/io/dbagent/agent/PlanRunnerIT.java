package io.dbagent.agent;

import io.dbagent.DbAgentException;
import io.dbagent.app.PlanStore;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.jdbc.SessionSource;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Approved plans on SQLite that rebuild a parent table: the plan's {@code PRAGMA foreign_keys = OFF} must take effect
 * (SQLite ignores it inside a transaction), or dropping the old parent cascades into the child rows.
 */
class PlanRunnerIT {

    private static final String SCHEMA = """
            CREATE TABLE author (id INTEGER PRIMARY KEY, name TEXT);
            CREATE TABLE book (id INTEGER PRIMARY KEY, author_id INTEGER REFERENCES author(id) ON DELETE CASCADE,
                               title TEXT);
            INSERT INTO author VALUES (1, 'Ann'), (2, 'Bo');
            INSERT INTO book VALUES (1, 1, 'a'), (2, 1, 'b'), (3, 2, 'c');
            """;

    private static final List<String> REBUILD = List.of(
            "PRAGMA foreign_keys = OFF",
            "CREATE TABLE author_new (id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT '')",
            "INSERT INTO author_new (id, name) SELECT id, COALESCE(name, '') FROM author",
            "DROP TABLE author",
            "ALTER TABLE author_new RENAME TO author",
            "PRAGMA foreign_keys = ON");

    @Test
    void aRebuildOfAParentTableKeepsTheChildRows() throws Exception {
        DbUrl url = TestDatabases.create(DialectKind.SQLITE, "planfk");
        try {
            TestDatabases.exec(url, SCHEMA);
            PlanStore plans = new PlanStore();
            PlanStore.Plan plan = plans.propose("rebuild author", url.redacted(), REBUILD, "NOT NULL name");
            PlanRunner.Outcome o = PlanRunner.apply(SessionSource.of(url), plans, plan.id());
            assertThat(o.applied()).isTrue();
            assertThat(o.transactional()).isTrue();
            assertThat(count(url, "SELECT count(*) FROM book")).isEqualTo(3);
            assertThat(count(url, "SELECT count(*) FROM author")).isEqualTo(2);
            assertThat(count(url, "SELECT count(*) FROM pragma_table_info('author') WHERE name = 'name' AND \"notnull\" = 1"))
                    .isEqualTo(1);
        } finally {
            TestDatabases.drop(url);
        }
    }

    @Test
    void aFailingRebuildIsRolledBackWhole() throws Exception {
        DbUrl url = TestDatabases.create(DialectKind.SQLITE, "planfkfail");
        try {
            TestDatabases.exec(url, SCHEMA);
            PlanStore plans = new PlanStore();
            List<String> failing = List.of(REBUILD.get(0), REBUILD.get(1), REBUILD.get(2), REBUILD.get(3),
                    "ALTER TABLE no_such_table RENAME TO author", REBUILD.get(5));
            PlanStore.Plan plan = plans.propose("rebuild author", url.redacted(), failing, "NOT NULL name");
            assertThatThrownBy(() -> PlanRunner.apply(SessionSource.of(url), plans, plan.id()))
                    .isInstanceOf(DbAgentException.class).hasMessageContaining("rolled back");
            assertThat(count(url, "SELECT count(*) FROM author")).isEqualTo(2);
            assertThat(count(url, "SELECT count(*) FROM book")).isEqualTo(3);
            assertThat(count(url, "SELECT count(*) FROM sqlite_master WHERE name = 'author_new'")).isZero();
        } finally {
            TestDatabases.drop(url);
        }
    }

    private static long count(DbUrl url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url.jdbcUrl()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
