package io.dbagent.backup;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** GFS retention over generated backup dates: each row names the policy and exactly the backups it must keep. */
class GfsPolicyTest {

    /** Daily at 02:00 UTC through 2024 (a leap year; 2024-12-30 starts ISO week 2025-W01). */
    private static List<GfsPolicy.Item> year2024() {
        List<GfsPolicy.Item> out = new ArrayList<>();
        for (LocalDate d = LocalDate.of(2024, 1, 1); !d.isAfter(LocalDate.of(2024, 12, 31)); d = d.plusDays(1)) {
            out.add(item(d, 2));
        }
        return out;
    }

    private static GfsPolicy.Item item(LocalDate d, int hour) {
        Instant at = d.atTime(hour, 0).toInstant(ZoneOffset.UTC);
        return new GfsPolicy.Item(hour == 2 ? d.toString() : d + "T" + hour, at);
    }

    static Stream<Arguments> cases() {
        List<GfsPolicy.Item> twicePerDay = new ArrayList<>();
        List<GfsPolicy.Item> everyThirdDay = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            twicePerDay.add(item(LocalDate.of(2024, 3, 1).plusDays(i), 2));
            twicePerDay.add(item(LocalDate.of(2024, 3, 1).plusDays(i), 14));
        }
        for (int i = 0; i < 30; i += 3) {
            everyThirdDay.add(item(LocalDate.of(2024, 5, 1).plusDays(i), 2));
        }
        return Stream.of(
                Arguments.of("7 daily", year2024(), new GfsPolicy.Keep(7, 0, 0),
                        List.of("2024-12-31", "2024-12-30", "2024-12-29", "2024-12-28", "2024-12-27", "2024-12-26",
                                "2024-12-25")),
                Arguments.of("4 weekly: newest of ISO weeks 2025-W01, 2024-W52, W51, W50", year2024(),
                        new GfsPolicy.Keep(0, 4, 0), List.of("2024-12-31", "2024-12-29", "2024-12-22", "2024-12-15")),
                Arguments.of("3 monthly: last day of Dec, Nov, Oct", year2024(), new GfsPolicy.Keep(0, 0, 3),
                        List.of("2024-12-31", "2024-11-30", "2024-10-31")),
                Arguments.of("7/4/12 over a year", year2024(), new GfsPolicy.Keep(7, 4, 12),
                        List.of("2024-12-31", "2024-12-30", "2024-12-29", "2024-12-28", "2024-12-27", "2024-12-26",
                                "2024-12-25", "2024-12-22", "2024-12-15", "2024-11-30", "2024-10-31", "2024-09-30",
                                "2024-08-31", "2024-07-31", "2024-06-30", "2024-05-31", "2024-04-30", "2024-03-31",
                                "2024-02-29", "2024-01-31")),
                Arguments.of("two a day: the later one of each of the last 3 days", twicePerDay,
                        new GfsPolicy.Keep(3, 0, 0), List.of("2024-03-10T14", "2024-03-09T14", "2024-03-08T14")),
                Arguments.of("days without backups do not use up slots", everyThirdDay, new GfsPolicy.Keep(4, 0, 0),
                        List.of("2024-05-28", "2024-05-25", "2024-05-22", "2024-05-19")),
                Arguments.of("weekly over sparse backups", everyThirdDay, new GfsPolicy.Keep(0, 2, 0),
                        List.of("2024-05-28", "2024-05-25")),
                Arguments.of("nothing asked: the newest is still kept", everyThirdDay, new GfsPolicy.Keep(0, 0, 0),
                        List.of("2024-05-28")),
                Arguments.of("one backup", List.of(item(LocalDate.of(2024, 1, 1), 2)), new GfsPolicy.Keep(1, 1, 1),
                        List.of("2024-01-01")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void keepsExactlyWhatThePolicySays(String name, List<GfsPolicy.Item> items, GfsPolicy.Keep keep,
                                       List<String> expectedKept) {
        List<GfsPolicy.Decision> decisions = GfsPolicy.decide(items, keep);
        assertThat(decisions).hasSize(items.size());
        assertThat(decisions.stream().filter(GfsPolicy.Decision::keep).map(GfsPolicy.Decision::id).toList())
                .containsExactlyElementsOf(expectedKept);
        assertThat(decisions).filteredOn(GfsPolicy.Decision::keep).allSatisfy(d -> assertThat(d.reasons()).isNotEmpty());
        assertThat(decisions).filteredOn(d -> !d.keep()).allSatisfy(d -> assertThat(d.reasons()).isEmpty());
    }

    @org.junit.jupiter.api.Test
    void reasonsNameTheBucket() {
        List<GfsPolicy.Decision> d = GfsPolicy.decide(year2024(), new GfsPolicy.Keep(1, 1, 1));
        assertThat(d.get(0).reasons()).containsExactly("latest", "daily 2024-12-31", "weekly 2025-W01",
                "monthly 2024-12");
    }
}
