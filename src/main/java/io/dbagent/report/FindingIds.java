package io.dbagent.report;

import io.dbagent.report.FindingId.Capability;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every finding id dbagent reports, with its meaning and fix: the one list {@code docs/findings.md} is generated from
 * ({@code FindingIdsTest} fails when the page or the code disagree with it). An id may appear under several
 * capabilities ({@code fk-without-index} from {@code lint} and {@code health}); it then means the same problem,
 * judged by that capability's own numbers, so each pair (capability, id) has its own entry.
 */
public final class FindingIds {

    private static final List<FindingId> ALL = build();

    private FindingIds() {
    }

    /** All entries, grouped by capability in documentation order. */
    public static List<FindingId> all() {
        return ALL;
    }

    /** The distinct ids. */
    public static Set<String> ids() {
        Set<String> out = new LinkedHashSet<>();
        ALL.forEach(f -> out.add(f.id()));
        return Collections.unmodifiableSet(out);
    }

    /** The entries for one id (one per capability that reports it). */
    public static List<FindingId> find(String id) {
        return ALL.stream().filter(f -> f.id().equals(id)).toList();
    }

    public static Optional<FindingId> find(Capability capability, String id) {
        return ALL.stream().filter(f -> f.capability() == capability && f.id().equals(id)).findFirst();
    }

    public static boolean isRegistered(String id) {
        return ALL.stream().anyMatch(f -> f.id().equals(id));
    }

    private static List<FindingId> build() {
        List<FindingId> l = new ArrayList<>();
        FindingIdsSchemaHealth.add(l);
        FindingIdsChanges.add(l);
        List<FindingId> sorted = new ArrayList<>();
        for (Capability c : Capability.values()) {
            l.stream().filter(f -> f.capability() == c).forEach(sorted::add);
        }
        return List.copyOf(sorted);
    }
}
