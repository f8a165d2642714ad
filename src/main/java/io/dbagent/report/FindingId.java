package io.dbagent.report;

import java.util.Objects;

/**
 * One registered finding id: what it means and what dbagent offers as the fix. The registry ({@link FindingIds}) is
 * the single list every command's findings are documented from; {@code docs/findings.md} is generated from it.
 *
 * @param id           stable kebab-case id, as in {@link Finding#id()}
 * @param capability   the capability (and so the commands) that report it
 * @param severity     the default severity: the one a finding gets before sizes or thresholds raise or lower it
 * @param severityRule how the severity is chosen, in words (e.g. "warn; critical above 10,000 rows")
 * @param summary      one line: the problem it names
 * @param fix          the fix offered, as a template or description (Markdown)
 */
public record FindingId(String id, Capability capability, Severity severity, String severityRule, String summary,
                        String fix) {

    public FindingId {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(capability, "capability");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(fix, "fix");
        if (!id.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("finding id is not kebab-case: " + id);
        }
        severityRule = severityRule == null || severityRule.isBlank() ? severity.id() : severityRule;
    }

    /** The capabilities that report findings, in the order the documentation lists them. */
    public enum Capability {
        SCHEMA_REVIEW("Schema review", "`lint`, also reported by `health`"),
        HEALTH("Health monitoring", "`health`, `bloat`, `watch`"),
        DESIGN("Schema design and constraints", "`design`, `constraints`"),
        MIGRATIONS("Migrations", "`migrate lint`, `migrate validate`, `migrate test`, `migrate generate`"),
        QUERY("Query optimisation", "`explain`, `advise`"),
        BACKUPS("Backups", "`backup verify`, `backup create --verify`");

        private final String title;
        private final String commands;

        Capability(String title, String commands) {
            this.title = title;
            this.commands = commands;
        }

        public String title() {
            return title;
        }

        /** The commands that report this capability's ids, as Markdown code spans. */
        public String commands() {
            return commands;
        }
    }
}
