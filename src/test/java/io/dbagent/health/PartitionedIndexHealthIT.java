package io.dbagent.health;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.testsupport.RealWorldCorpus;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;

import static io.dbagent.health.HealthIts.await;
import static io.dbagent.health.HealthIts.finding;
import static io.dbagent.health.HealthIts.findings;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The unused-index check on a partitioned table (PostgreSQL): the statistics views have no row for a partitioned
 * index, so its scans are summed over the indexes of its partitions (sub-partitions included). An index that no
 * partition used is reported once, on the parent, with a fix that drops it there (and so in every partition); one
 * that a single partition used is not reported. Checked on pg_class from a separate connection after the fix.
 */
class PartitionedIndexHealthIT {

    private static final String FIXTURE = """
            CREATE TABLE measurement (id bigint NOT NULL, city int NOT NULL, taken_on date NOT NULL,
                reading numeric(8,2) NOT NULL) PARTITION BY RANGE (taken_on);
            CREATE TABLE measurement_2024 PARTITION OF measurement
                FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
            CREATE TABLE measurement_2025 PARTITION OF measurement
                FOR VALUES FROM ('2025-01-01') TO ('2026-01-01') PARTITION BY HASH (city);
            CREATE TABLE measurement_2025_a PARTITION OF measurement_2025 FOR VALUES WITH (MODULUS 2, REMAINDER 0);
            CREATE TABLE measurement_2025_b PARTITION OF measurement_2025 FOR VALUES WITH (MODULUS 2, REMAINDER 1);
            CREATE INDEX measurement_reading_idx ON measurement (reading);
            CREATE INDEX measurement_city_idx ON measurement (city);
            INSERT INTO measurement
                SELECT g, g % 50, DATE '2024-01-01' + (g % 700), (g % 1000) / 10.0 FROM generate_series(1, 6000) g;
            ANALYZE measurement;
            """;

    @Test
    void aPartitionedIndexNoPartitionUsedIsReportedOnceAndDroppedOnTheParent() throws Exception {
        DbUrl db = TestDatabases.create(DialectKind.POSTGRES, "pidx");
        try {
            TestDatabases.exec(db, FIXTURE);
            // the city index is used in one partition only (the 2024 one, after pruning)
            TestDatabases.exec(db, "SET enable_seqscan = off; SET enable_bitmapscan = off;\n"
                    + "SELECT count(*) FROM measurement WHERE city = 7 AND taken_on < DATE '2025-01-01';");
            await("the 2024 partition's city index scan reaches the statistics", () -> count(db,
                    "SELECT coalesce(sum(idx_scan), 0) FROM pg_stat_user_indexes WHERE relname = 'measurement_2024' "
                            + "AND indexrelname LIKE '%city%'") > 0);
            assertThat(count(db, "SELECT coalesce(sum(idx_scan), 0) FROM pg_stat_user_indexes "
                    + "WHERE indexrelname LIKE '%reading%'")).isZero();
            long readingIndexes = count(db, "SELECT count(*) FROM pg_class WHERE relkind IN ('i', 'I') "
                    + "AND relname LIKE 'measurement%reading%idx'");
            assertThat(readingIndexes).as("the parent, the 2025 sub-parent and three leaves").isEqualTo(5);

            JsonNode report = HealthIts.run(db).report();
            JsonNode unused = finding(report, "unused-index", "measurement_reading_idx");
            assertThat(unused.get("message").asText()).contains("partitioned index measurement_reading_idx on "
                    + "measurement", "in 3 partition indexes", "scanned 0 times in all its partitions together",
                    "6,000 row writes");
            assertThat(unused.get("evidence").get("partitionIndexes").asInt()).isEqualTo(3);
            assertThat(unused.get("evidence").get("sizeBytes").asLong()).isPositive();
            String fix = unused.get("fix").asText();
            assertThat(fix).startsWith("DROP INDEX measurement_reading_idx;").doesNotContain("DROP INDEX CONCURRENTLY");
            assertThat(findings(report, "unused-index")).extracting(f -> f.get("subject").asText())
                    .as("the city index was used by a partition; no partition's own index is reported")
                    .doesNotContain("measurement_city_idx").noneMatch(s -> s.startsWith("measurement_20"));

            TestDatabases.exec(db, fix);
            assertThat(count(db, "SELECT count(*) FROM pg_class WHERE relkind IN ('i', 'I') "
                    + "AND relname LIKE 'measurement%reading%idx'")).as("gone from every partition").isZero();
            assertThat(count(db, "SELECT count(*) FROM pg_class WHERE relkind IN ('i', 'I') "
                    + "AND relname LIKE 'measurement%city%idx'")).isEqualTo(5);
            assertThat(findings(HealthIts.run(db).report(), "unused-index")).extracting(f -> f.get("subject")
                    .asText()).doesNotContain("measurement_reading_idx");
        } finally {
            TestDatabases.drop(db);
        }
    }

    private static long count(DbUrl db, String sql) {
        try {
            return RealWorldCorpus.count(db, sql);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
