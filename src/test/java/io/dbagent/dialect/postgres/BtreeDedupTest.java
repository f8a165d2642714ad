package io.dbagent.dialect.postgres;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BtreeDedupTest {

    private static BtreeDedup.KeyColumn col(String type, double nd, int width) {
        return new BtreeDedup.KeyColumn(type, nd, width);
    }

    @Test
    void manyDuplicatesOfAnIntegerKeyShrinkTheIndexAboutThreeFold() {
        // 1M rows, 10 distinct values: a plain leaf entry is 4 + 16 bytes, a deduplicated one ~6 bytes
        double f = BtreeDedup.factor(1_000_000, List.of(col("integer", 10, 4)), false, false);
        assertThat(f).isBetween(0.28, 0.36);
    }

    @Test
    void distinctKeysAndUniqueIndexesStayAsHypopgSizedThem() {
        assertThat(BtreeDedup.factor(1_000_000, List.of(col("integer", -1, 4)), false, false)).isEqualTo(1.0);
        assertThat(BtreeDedup.factor(1_000_000, List.of(col("integer", 10, 4)), false, true)).isEqualTo(1.0);
    }

    @Test
    void coveringIndexesAndTypesWithoutDeduplicationAreNotCorrected() {
        assertThat(BtreeDedup.factor(1_000_000, List.of(col("integer", 10, 4)), true, false)).isEqualTo(1.0);
        assertThat(BtreeDedup.factor(1_000_000, List.of(col("numeric(12,2)", 10, 8)), false, false)).isEqualTo(1.0);
        assertThat(BtreeDedup.factor(1_000_000, List.of(col("jsonb", 10, 30)), false, false)).isEqualTo(1.0);
        assertThat(BtreeDedup.factor(1_000_000, List.of(col("integer[]", 10, 30)), false, false)).isEqualTo(1.0);
    }

    @Test
    void missingStatisticsLeaveTheEstimateAlone() {
        assertThat(BtreeDedup.factor(1_000_000, List.of(new BtreeDedup.KeyColumn("integer", null, null)), false,
                false)).isEqualTo(1.0);
    }

    @Test
    void twoColumnKeysCountTheCombinationsAsDistinct() {
        // 100 × 100 combinations over 1M rows: still ~100 rows per key, so deduplication pays
        double two = BtreeDedup.factor(1_000_000, List.of(col("integer", 100, 4), col("integer", 100, 4)), false,
                false);
        assertThat(two).isLessThan(0.6);
        // 2,000 × 2,000 combinations: more than the rows, nothing to deduplicate
        assertThat(BtreeDedup.factor(1_000_000, List.of(col("integer", 2000, 4), col("bigint", 2000, 8)), false,
                false)).isEqualTo(1.0);
    }

    @Test
    void negativeDistinctIsAFractionOfTheRows() {
        // -0.001 of 1M rows = 1,000 values, 1,000 rows each
        double f = BtreeDedup.factor(1_000_000, List.of(col("text", -0.001, 12)), false, false);
        assertThat(f).isLessThan(0.4);
    }
}
