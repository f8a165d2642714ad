package io.dbagent.explain;

import io.dbagent.report.Finding;
import io.dbagent.report.Severity;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How explain reads the index a fix proposes and what it shows for each outcome of the what-if check. */
class FixVerificationTest {

    private static final String SQL = "SELECT id FROM ev WHERE date(created_at) = '2011-03-01'";

    private static Finding finding(String id, String fix, String shape) {
        return Finding.builder(id, Severity.WARN).subject("ev").message("Seq Scan on ev (60,000 rows)").fix(fix)
                .evidence("rows", 60_000L).evidence("filterColumns", List.of("created_at")).evidence("shape", shape)
                .build();
    }

    @Test
    void aRangeRewriteIsPlannedAsRewritten() {
        Finding f = finding("seq-scan-large-table", "-- compare the bare column with the day's range, so an index on it "
                + "serves the filter:\n-- SELECT id FROM ev WHERE created_at >= '2011-03-01' AND created_at < "
                + "'2011-03-02'\nCREATE INDEX CONCURRENTLY idx_ev_created_at ON ev (created_at);", "date-function");
        IndexFixCheck.Proposal p = FixVerification.proposal(f, SQL);
        assertThat(p.indexNames()).containsExactly("idx_ev_created_at");
        assertThat(p.ddl()).containsExactly("CREATE INDEX CONCURRENTLY idx_ev_created_at ON ev (created_at);");
        assertThat(p.statement()).isEqualTo("SELECT id FROM ev WHERE created_at >= '2011-03-01' AND created_at < "
                + "'2011-03-02'");
    }

    @Test
    void mariaDbsVirtualColumnFixAndOrFixesAreRead() {
        Finding lower = finding("seq-scan-large-table", "ALTER TABLE `ev` ADD COLUMN `email_lower` varchar(100) AS "
                + "(lower(email)) VIRTUAL, ADD INDEX `idx_ev_lower_email` (`email_lower`);\n-- MariaDB uses it when "
                + "the query compares email_lower instead of lower(email)\n-- the statement, naming the column:\n"
                + "-- SELECT id FROM ev WHERE `email_lower` = 'a'", "expression");
        IndexFixCheck.Proposal p = FixVerification.proposal(lower, "SELECT id FROM ev WHERE lower(email) = 'a'");
        assertThat(p.indexNames()).containsExactly("idx_ev_lower_email");
        assertThat(p.statement()).isEqualTo("SELECT id FROM ev WHERE `email_lower` = 'a'");

        Finding or = finding("seq-scan-large-table", "-- one index per OR branch; the planner combines them\n"
                + "CREATE INDEX idx_ev_team ON ev (team);\nCREATE INDEX idx_ev_status ON ev (status);", "or");
        IndexFixCheck.Proposal q = FixVerification.proposal(or, "SELECT id FROM ev WHERE team = 1 OR status = 'x'");
        assertThat(q.indexNames()).containsExactly("idx_ev_team", "idx_ev_status");
        assertThat(q.statement()).isEqualTo("SELECT id FROM ev WHERE team = 1 OR status = 'x'");
    }

    @Test
    void fixesThatBuildNoIndexAreNotChecked() {
        assertThat(FixVerification.proposal(finding("seq-scan-large-table", "ANALYZE ev;", null), SQL)).isNull();
        assertThat(FixVerification.proposal(finding("select-star", "CREATE INDEX x ON ev (a);", null), SQL)).isNull();
    }

    @Test
    void eachOutcomeIsShown() {
        Finding f = finding("seq-scan-large-table", "CREATE INDEX idx_ev_status ON ev (status);", null);
        IndexFixCheck.Context ctx = new IndexFixCheck.Context(null, null, null, null);

        Finding used = FixVerification.apply(List.of(f), SQL, (c, p) -> new IndexFixCheck.Result("hypopg", true,
                null, null, null), ctx, new ArrayList<>()).get(0);
        assertThat(used.fix()).startsWith("-- verified (hypopg): the planner uses idx_ev_status for the statement\n")
                .endsWith("CREATE INDEX idx_ev_status ON ev (status);");
        assertThat(used.evidence()).containsEntry("verified", "hypopg").containsEntry("indexUsed", true);

        List<String> notes = new ArrayList<>();
        Finding unused = FixVerification.apply(List.of(f), SQL, (c, p) -> new IndexFixCheck.Result("hypopg", false,
                54_000.0, null, null), ctx, notes).get(0);
        assertThat(notes).containsExactly("1 index fix(es) withdrawn: the planner would not use the index (the "
                + "proposed DDL is in the finding's evidence.rejectedFix)");
        assertThat(unused.fix()).startsWith("-- no index proposed").doesNotContain("CREATE INDEX");
        assertThat(unused.message()).contains("an index on (created_at) would not be used")
                .contains("54,000 rows match of 60,000");
        assertThat(unused.evidence()).containsEntry("indexUsed", false)
                .containsEntry("rejectedFix", "CREATE INDEX idx_ev_status ON ev (status);");

        // a failing check keeps the fix, marked unverified with the error
        Finding failed = FixVerification.apply(List.of(f), SQL, (c, p) -> {
            throw new SQLException("canceling statement due to statement timeout\nmore");
        }, ctx, new ArrayList<>()).get(0);
        assertThat(failed.fix()).startsWith("-- not verified (the what-if check failed (canceling statement due to "
                + "statement timeout))").endsWith("CREATE INDEX idx_ev_status ON ev (status);");
        assertThat(failed.evidence().get("verified").toString()).startsWith("no: the what-if check failed");
    }

    @Test
    void atMostAHandfulAreChecked() {
        List<Finding> many = new ArrayList<>();
        for (int i = 0; i < FixVerification.MAX_CHECKS + 2; i++) {
            many.add(finding("nested-loop-many", "CREATE INDEX idx_t" + i + " ON t" + i + " (a);", null));
        }
        int[] calls = {0};
        List<Finding> out = FixVerification.apply(many, SQL, (c, p) -> {
            calls[0]++;
            return new IndexFixCheck.Result("copy", true, null, null, null);
        }, new IndexFixCheck.Context(null, null, null, null), new ArrayList<>());
        assertThat(calls[0]).isEqualTo(FixVerification.MAX_CHECKS);
        assertThat(out.get(out.size() - 1).evidence().get("verified").toString()).startsWith("no: only the first");
    }
}
