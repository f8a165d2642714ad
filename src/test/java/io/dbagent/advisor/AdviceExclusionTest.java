package io.dbagent.advisor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** When a measured slowdown is enough to drop a recommended index again. */
class AdviceExclusionTest {

    private static Advice.Measured slower(double beforeMs, double afterMs) {
        return new Advice.Measured("q1", "SELECT 1", beforeMs, afterMs, beforeMs, afterMs, true, beforeMs, beforeMs,
                afterMs, afterMs, Advice.Measured.SLOWER, null);
    }

    @Test
    void aGenuineSlowdownDropsTheIndex() {
        assertThat(AdviceApplier.materiallySlower(slower(26, 143))).isTrue();
        assertThat(AdviceApplier.materiallySlower(slower(3, 4.5))).isTrue();
    }

    @Test
    void noiseOnAFastStatementOrASmallShareDoesNot() {
        assertThat(AdviceApplier.materiallySlower(slower(0.05, 0.09))).as("sub-millisecond").isFalse();
        assertThat(AdviceApplier.materiallySlower(slower(10, 11.5))).as("15 %").isFalse();
        assertThat(AdviceApplier.materiallySlower(slower(2, 2.6))).as("30 % but 0.6 ms").isFalse();
    }
}
