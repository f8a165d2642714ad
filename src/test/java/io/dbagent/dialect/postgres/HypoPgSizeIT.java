package io.dbagent.dialect.postgres;

import io.dbagent.advisor.Candidate;
import io.dbagent.guard.GuardedSession;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.testsupport.Requirements;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * hypopg's size of a non-unique B-tree, corrected for deduplication, against the size of the same index really
 * built; and a key without duplicates, which must keep hypopg's size.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HypoPgSizeIT {

    private DbUrl url;

    @BeforeAll
    void load() {
        url = TestDatabases.create(DialectKind.POSTGRES, "hyposize");
        TestDatabases.exec(url, """
                CREATE TABLE events (id bigint PRIMARY KEY, kind int NOT NULL, account int NOT NULL, tag text NOT NULL);
                INSERT INTO events SELECT g, g % 12, g % 3000, 'tag-' || (g % 40) FROM generate_series(1, 300000) g;
                ANALYZE events;
                """);
    }

    @AfterAll
    void drop() {
        TestDatabases.drop(url);
    }

    private long hypothetical(Candidate c) throws Exception {
        try (DbSession s = TestDatabases.writable(url)) {
            try (Statement st = s.connection().createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_available_extensions WHERE name = 'hypopg'")) {
                rs.next();
                Requirements.require(rs.getInt(1) == 1, "the hypopg extension (apt-get install postgresql-15-hypopg)");
            }
            try (HypoPgWhatIf w = HypoPgWhatIf.open(GuardedSession.measure(s, null))) {
                return w.sizeOf(c);
            }
        }
    }

    private long built(String column) throws Exception {
        try (DbSession s = TestDatabases.writable(url); Statement st = s.connection().createStatement()) {
            st.execute("CREATE INDEX real_" + column + " ON events (" + column + ")");
            try (ResultSet rs = st.executeQuery("SELECT pg_relation_size('real_" + column + "')")) {
                rs.next();
                long size = rs.getLong(1);
                st.execute("DROP INDEX real_" + column);
                return size;
            }
        }
    }

    private static Candidate on(String column) {
        return new Candidate("public", "events", List.of(column), List.of(), null);
    }

    @Test
    void correctedSizesOfIndexesWithManyDuplicatesAreWithinAThirdOfTheBuiltSize() throws Exception {
        for (String col : List.of("kind", "account", "tag")) {
            long hypo = hypothetical(on(col));
            long real = built(col);
            assertThat((double) hypo).as(col + ": corrected " + hypo + " vs built " + real)
                    .isBetween(real * 0.65, real * 1.35);
        }
    }

    @Test
    void aKeyWithoutDuplicatesKeepsHypopgsSize() throws Exception {
        try (DbSession s = TestDatabases.writable(url);
             HypoPgWhatIf w = HypoPgWhatIf.open(GuardedSession.measure(s, null))) {
            long raw;
            try (Statement st = s.connection().createStatement();
                 ResultSet rs = st.executeQuery("SELECT hypopg_relation_size(indexrelid) "
                         + "FROM hypopg_create_index('CREATE INDEX ON events (id)')")) {
                rs.next();
                raw = rs.getLong(1);
            }
            assertThat(w.dedupFactor(on("id"))).isEqualTo(1.0);
            assertThat(w.sizeOf(on("id"))).isEqualTo(raw);
            assertThat(w.dedupFactor(on("kind"))).isLessThan(0.5);
        }
    }
}
