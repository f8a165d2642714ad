package io.dbagent.migrate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Where each version stands: the files on disk against the history table. */
public final class MigrationStatus {

    /** The state of one version. */
    public enum State {
        /** Applied and its file unchanged. */
        APPLIED,
        /** Not applied (never, or reverted by a down). */
        PENDING,
        /** The up stopped half-way; the statements before the failure stay applied. */
        FAILED,
        /** The down stopped half-way. */
        DOWN_FAILED,
        /** Applied, but the file changed since. */
        CHECKSUM_MISMATCH,
        /** Applied, but its file is gone. */
        MISSING_FILE;

        @com.fasterxml.jackson.annotation.JsonValue
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** One version's line in the status. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"version", "description", "state", "script", "installedOn", "executionMs", "detail", "hasDown"})
    public record Entry(String version, String description, State state, String script, String installedOn,
                        Long executionMs, String detail, boolean hasDown) {

        @com.fasterxml.jackson.annotation.JsonIgnore
        public boolean isApplied() {
            return state == State.APPLIED || state == State.CHECKSUM_MISMATCH || state == State.MISSING_FILE;
        }

        @com.fasterxml.jackson.annotation.JsonIgnore
        public boolean isProblem() {
            return state == State.FAILED || state == State.DOWN_FAILED || state == State.CHECKSUM_MISMATCH
                    || state == State.MISSING_FILE;
        }
    }

    private MigrationStatus() {
    }

    /** One entry per version known to either side, in version order. */
    public static List<Entry> compute(List<Migration> files, List<History.Row> rows) {
        Map<String, History.Row> last = new LinkedHashMap<>();
        for (History.Row r : rows) {
            last.put(r.version(), r);
        }
        Map<String, Migration> byVersion = new LinkedHashMap<>();
        files.forEach(m -> byVersion.put(m.version(), m));
        List<String> versions = new ArrayList<>(byVersion.keySet());
        last.keySet().stream().filter(v -> !byVersion.containsKey(v)).forEach(versions::add);
        versions.sort(MigrationDirectory::compareVersions);
        List<Entry> out = new ArrayList<>();
        for (String v : versions) {
            Migration m = byVersion.get(v);
            History.Row r = last.get(v);
            String description = m != null ? m.description() : r.description();
            boolean hasDown = m != null && m.down() != null;
            if (r == null) {
                out.add(new Entry(v, description, State.PENDING, m.up().script(), null, null, null, hasDown));
                continue;
            }
            State state;
            String detail = r.detail();
            if (!r.success()) {
                state = r.isUp() ? State.FAILED : State.DOWN_FAILED;
            } else if (!r.isUp()) {
                state = State.PENDING;
                detail = "reverted by " + r.script();
            } else if (m == null) {
                state = State.MISSING_FILE;
                detail = "applied from " + r.script() + ", which is no longer in the directory";
            } else if (r.checksum() != null && !r.checksum().equals(m.up().checksum())) {
                state = State.CHECKSUM_MISMATCH;
                detail = m.up().script() + " changed after it was applied (checksum " + shortSum(r.checksum())
                        + " recorded, " + shortSum(m.up().checksum()) + " now)";
            } else {
                state = State.APPLIED;
            }
            String script = m != null ? m.up().script() : r.script();
            out.add(new Entry(v, description, state, script, r.installedOn(), r.executionMs(), detail, hasDown));
        }
        out.sort(Comparator.comparing(Entry::version, MigrationDirectory::compareVersions));
        return out;
    }

    static String shortSum(String sum) {
        return sum == null ? "none" : sum.substring(0, Math.min(12, sum.length()));
    }
}
