package io.dbagent.migrate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

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
        MISSING_FILE,
        /** At or below the version of {@code migrate baseline}: counts as applied, never run by the runner. */
        BASELINED,
        /** A repeatable file that changed since it last ran: {@code migrate up} runs it again. */
        OUTDATED;

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
            return state == State.APPLIED || state == State.CHECKSUM_MISMATCH || state == State.MISSING_FILE
                    || state == State.BASELINED;
        }

        /** An {@code R__} file's line: it has no version. */
        @com.fasterxml.jackson.annotation.JsonIgnore
        public boolean isRepeatable() {
            return version == null;
        }

        /** The version, or the script of a repeatable file: how messages name the line. */
        @com.fasterxml.jackson.annotation.JsonIgnore
        public String label() {
            return version != null ? "version " + version : script;
        }

        @com.fasterxml.jackson.annotation.JsonIgnore
        public boolean isProblem() {
            return state == State.FAILED || state == State.DOWN_FAILED || state == State.CHECKSUM_MISMATCH
                    || state == State.MISSING_FILE;
        }
    }

    private MigrationStatus() {
    }

    /** One entry per version known to either side, in version order, against dbagent's own history. */
    public static List<Entry> compute(List<Migration> files, List<History.Row> rows) {
        return compute(files, List.of(), rows, MigrationFile::checksum);
    }

    /**
     * One entry per version known to either side, in version order, then one per repeatable file. {@code checksum}
     * gives a file's checksum as the history records it (dbagent's SHA-256 or Flyway's CRC32).
     */
    public static List<Entry> compute(List<Migration> files, List<MigrationFile> repeatables, List<History.Row> rows,
                                      Function<MigrationFile, String> checksum) {
        Map<String, History.Row> last = new LinkedHashMap<>();
        Map<String, History.Row> lastRepeatable = new LinkedHashMap<>();
        String baseline = null;
        History.Row baselineRow = null;
        for (History.Row r : rows) {
            if (r.isBaseline()) {
                if (r.success()) {
                    baseline = r.version();
                    baselineRow = r;
                }
            } else if (r.isRepeatable()) {
                lastRepeatable.put(r.script(), r);
            } else if ("deleted".equals(r.type())) {
                last.remove(r.version());
            } else if (r.version() != null) {
                last.put(r.version(), r);
            }
        }
        Map<String, Migration> byVersion = new LinkedHashMap<>();
        files.forEach(m -> byVersion.put(m.version(), m));
        List<String> versions = new ArrayList<>(byVersion.keySet());
        last.keySet().stream().filter(v -> !byVersion.containsKey(v)).forEach(versions::add);
        if (baseline != null && !byVersion.containsKey(baseline) && !last.containsKey(baseline)) {
            versions.add(baseline);
        }
        versions.sort(MigrationDirectory::compareVersions);
        List<Entry> out = new ArrayList<>();
        for (String v : versions) {
            Migration m = byVersion.get(v);
            History.Row r = last.get(v);
            if (r == null && baseline != null && MigrationDirectory.compareVersions(v, baseline) <= 0) {
                out.add(new Entry(v, m != null ? m.description() : baselineRow.description(), State.BASELINED,
                        m != null ? m.up().script() : baselineRow.script(), baselineRow.installedOn(), null,
                        "at or below the baseline " + baseline + ": counts as applied, not run by dbagent",
                        m != null && m.down() != null));
                continue;
            }
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
            } else if (r.checksum() != null && !r.checksum().equals(checksum.apply(m.up()))) {
                state = State.CHECKSUM_MISMATCH;
                detail = m.up().script() + " changed after it was applied (checksum " + shortSum(r.checksum())
                        + " recorded, " + shortSum(checksum.apply(m.up())) + " now)";
            } else {
                state = State.APPLIED;
            }
            String script = m != null ? m.up().script() : r.script();
            out.add(new Entry(v, description, state, script, r.installedOn(), r.executionMs(), detail, hasDown));
        }
        out.sort(Comparator.comparing(Entry::version, MigrationDirectory::compareVersions));
        for (MigrationFile f : repeatables) {
            History.Row r = lastRepeatable.get(f.script());
            if (r == null) {
                out.add(new Entry(null, f.description(), State.PENDING, f.script(), null, null,
                        "repeatable: runs after the versioned files", false));
            } else if (!r.success()) {
                out.add(new Entry(null, f.description(), State.FAILED, f.script(), r.installedOn(), r.executionMs(),
                        r.detail(), false));
            } else if (!checksum.apply(f).equals(r.checksum())) {
                out.add(new Entry(null, f.description(), State.OUTDATED, f.script(), r.installedOn(), r.executionMs(),
                        "repeatable: changed since it last ran (checksum " + shortSum(r.checksum()) + " recorded, "
                                + shortSum(checksum.apply(f)) + " now); migrate up runs it again", false));
            } else {
                out.add(new Entry(null, f.description(), State.APPLIED, f.script(), r.installedOn(), r.executionMs(),
                        "repeatable", false));
            }
        }
        return out;
    }

    static String shortSum(String sum) {
        return sum == null ? "none" : sum.substring(0, Math.min(12, sum.length()));
    }
}
