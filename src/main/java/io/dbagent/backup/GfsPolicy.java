package io.dbagent.backup;

import io.dbagent.DbAgentException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Grandfather-father-son retention. For the {@code daily} most recent days that have a backup, the newest backup of
 * each day is kept; likewise for ISO weeks and calendar months; the newest backup overall is always kept. Days, weeks
 * and months are counted in UTC and only where backups exist, so a week without backups does not use up a slot.
 */
public final class GfsPolicy {

    /** How many days, weeks and months to keep one backup of. */
    public record Keep(int daily, int weekly, int monthly) {
        public Keep {
            if (daily < 0 || weekly < 0 || monthly < 0) {
                throw DbAgentException.badInput("--keep-daily/--keep-weekly/--keep-monthly must not be negative");
            }
        }
    }

    /** A backup to decide about. */
    public record Item(String id, Instant at) {
    }

    /** Keep (with the reasons) or delete. */
    public record Decision(String id, Instant at, boolean keep, List<String> reasons) {
    }

    private GfsPolicy() {
    }

    /** Decisions newest first. */
    public static List<Decision> decide(List<Item> items, Keep keep) {
        List<Item> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparing(Item::at).thenComparing(Item::id).reversed());
        Map<String, List<String>> reasons = new LinkedHashMap<>();
        sorted.forEach(i -> reasons.put(i.id(), new ArrayList<>()));
        if (!sorted.isEmpty()) {
            reasons.get(sorted.get(0).id()).add("latest");
        }
        rule(sorted, keep.daily(), "daily", i -> LocalDate.ofInstant(i.at(), ZoneOffset.UTC).toString(), reasons);
        rule(sorted, keep.weekly(), "weekly", i -> {
            LocalDate d = LocalDate.ofInstant(i.at(), ZoneOffset.UTC);
            return String.format("%d-W%02d", d.get(IsoFields.WEEK_BASED_YEAR), d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        }, reasons);
        rule(sorted, keep.monthly(), "monthly", i -> YearMonth.from(LocalDate.ofInstant(i.at(), ZoneOffset.UTC)).toString(),
                reasons);
        List<Decision> out = new ArrayList<>();
        for (Item i : sorted) {
            List<String> r = reasons.get(i.id());
            out.add(new Decision(i.id(), i.at(), !r.isEmpty(), List.copyOf(r)));
        }
        return out;
    }

    private static void rule(List<Item> newestFirst, int slots, String name, Function<Item, String> bucket,
                             Map<String, List<String>> reasons) {
        Set<String> seen = new HashSet<>();
        for (Item i : newestFirst) {
            String key = bucket.apply(i);
            if (seen.contains(key)) {
                continue;
            }
            if (seen.size() == slots) {
                return;
            }
            seen.add(key);
            reasons.get(i.id()).add(name + " " + key);
        }
    }
}
