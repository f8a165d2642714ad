package io.dbagent.advisor;

import io.dbagent.explain.Timing;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MeasuredVerdictTest {

    private static Timing t(double... ms) {
        List<Double> l = new java.util.ArrayList<>();
        for (double x : ms) {
            l.add(x);
        }
        return Timing.of(l);
    }

    @Test
    void aSpeedUpNeedsSeparateRangesAndTheNewIndexInThePlan() {
        Timing before = t(10, 11, 12, 13, 14, 15, 16, 17);
        Timing after = t(1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7);
        assertThat(Advice.Measured.verdict(before, after, true, false)).isEqualTo(Advice.Measured.FASTER);
        assertThat(Advice.Measured.verdict(before, after, false, false)).isEqualTo(Advice.Measured.NOT_CREDITED);
        // same plan, no new index: the index cannot have changed the statement, whatever the clock says
        assertThat(Advice.Measured.verdict(before, after, false, true)).isEqualTo(Advice.Measured.NO_CHANGE);
        assertThat(Advice.Measured.verdict(after, before, true, false)).isEqualTo(Advice.Measured.SLOWER);
    }

    @Test
    void overlappingRangesAreNoMeasurableChange() {
        // a 7x lower median with one fast outlier is still noise when the quartiles overlap
        Timing before = t(1.0, 1.05, 1.1, 1.1, 1.2, 7.4, 7.5, 7.6);
        Timing after = t(1.0, 1.05, 1.1, 1.1, 1.1, 1.15, 1.2, 1.2);
        assertThat(before.p25Ms()).isLessThanOrEqualTo(after.p75Ms());
        assertThat(Advice.Measured.verdict(before, after, true, false)).isEqualTo(Advice.Measured.NO_CHANGE);
    }

    @Test
    void quartilesAreNearestRank() {
        Timing x = t(5, 1, 2, 3, 4, 6, 7, 8);
        assertThat(x.p25Ms()).isEqualTo(2);
        assertThat(x.p50Ms()).isEqualTo(4);
        assertThat(x.p75Ms()).isEqualTo(6);
    }
}
