package io.dbagent.lint;

import io.dbagent.explain.IndexFixCheck;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Finding;
import io.dbagent.report.Severity;
import io.dbagent.schema.Column;
import io.dbagent.schema.ForeignKey;
import io.dbagent.schema.Partition;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How a fk-without-index finding is turned into a what-if check, and how its result is shown. */
class FkIndexCheckTest {

    private static final ForeignKey FK = new ForeignKey("fk_pets_owner", List.of("owner_id", "kind"), "public",
            "owners", List.of("id", "kind"), "NO ACTION", "NO ACTION");

    private static Table pets(long rows) {
        return new Table("public", "pets", rows, 8192, List.of(Column.of("owner_id", "int", false, null),
                Column.of("kind", "text", false, null)), List.of(), null, List.of(FK), List.of(), List.of(), List.of(),
                null);
    }

    private static Finding finding() {
        return Finding.builder("fk-without-index", Severity.WARN).subject("pets(owner_id, kind)")
                .message("foreign key on pets(owner_id, kind) has no index")
                .fix("CREATE INDEX CONCURRENTLY idx_pets_owner_id_kind ON pets (owner_id, kind);").build();
    }

    private static Schema schema(Table... t) {
        return new Schema("postgres", "X", "15", "db", List.of("public"), List.of(t), null, null, null, null);
    }

    @Test
    void literalsAreNumbersOrQuotedStrings() {
        assertThat(FkIndexCheck.literal(DialectKind.POSTGRES, 42L)).isEqualTo("42");
        assertThat(FkIndexCheck.literal(DialectKind.POSTGRES, "O'Brien")).isEqualTo("'O''Brien'");
        assertThat(FkIndexCheck.literal(DialectKind.MYSQL, "a\\b'c")).isEqualTo("'a\\\\b''c'");
        assertThat(FkIndexCheck.literal(DialectKind.SQLITE, true)).isEqualTo("TRUE");
        assertThat(FkIndexCheck.literal(DialectKind.POSTGRES, new byte[] {1})).isNull();
    }

    @Test
    void theFindingIsMatchedToItsForeignKeyAndACompositeKeyUsesAllColumns() {
        Schema s = schema(pets(50_000));
        FkIndexCheck.Target t = FkIndexCheck.target(s, finding()).orElseThrow();
        assertThat(t.fk().name()).isEqualTo("fk_pets_owner");
        IndexFixCheck.Proposal p = FkIndexCheck.proposal(DialectKind.POSTGRES, t, "SELECT 1");
        assertThat(p.ddl()).containsExactly("CREATE INDEX CONCURRENTLY idx_pets_owner_id_kind ON pets (owner_id, kind);");
        assertThat(p.indexNames()).containsExactly("idx_pets_owner_id_kind");
    }

    @Test
    void aPartitionedChildIsTriedOnItsLargestLeafPartition() {
        Partition small = new Partition("public", "pets_2023", "FOR VALUES IN (2023)", 10, 8192);
        Partition sub = new Partition("public", "pets_2024", "FOR VALUES IN (2024)", 900, 8192, "HASH (id)",
                List.of(new Partition("public", "pets_2024_h0", "h0", 400, 8192),
                        new Partition("public", "pets_2024_h1", "h1", 500, 8192)));
        Table parent = pets(910).withPartitioning("LIST (year)", null, List.of(small, sub));
        FkIndexCheck.Target t = FkIndexCheck.target(schema(parent), finding()).orElseThrow();
        IndexFixCheck.Proposal p = FkIndexCheck.proposal(DialectKind.POSTGRES, t, "SELECT * FROM pets WHERE x = 1");
        assertThat(p.ddl()).singleElement().asString().contains("ON pets_2024_h1 (owner_id, kind)");
        assertThat(p.statement()).isEqualTo("SELECT * FROM pets WHERE x = 1");
        assertThat(FkIndexCheck.proposal(DialectKind.POSTGRES, t.withNoPartitions(), "SELECT 1")).isNull();
    }

    @Test
    void aUsedIndexIsMarkedVerifiedAnUnusedOneIsWithdrawnAndAnUncheckedOneSaysWhy() {
        FkIndexCheck.Target t = FkIndexCheck.target(schema(pets(50_000)), finding()).orElseThrow();
        String stmt = "SELECT * FROM pets WHERE owner_id = 7 AND kind = 'cat'";

        Finding used = FkIndexCheck.annotate(finding(), t, stmt, new IndexFixCheck.Result("hypopg", true, 3.0, null,
                null));
        assertThat(used.severity()).isEqualTo(Severity.WARN);
        assertThat(used.fix()).isEqualTo("-- verified (hypopg): the planner uses the index for " + stmt
                + "\nCREATE INDEX CONCURRENTLY idx_pets_owner_id_kind ON pets (owner_id, kind);");
        assertThat(used.evidence()).containsEntry("verified", "hypopg").containsEntry("indexUsed", true)
                .containsEntry("checkedStatement", stmt);

        Finding unused = FkIndexCheck.annotate(finding(), t, stmt, new IndexFixCheck.Result("copy", false, null, null,
                null));
        assertThat(unused.severity()).isEqualTo(Severity.INFO);
        assertThat(unused.fix()).startsWith("-- no index proposed: the planner would not use an index on "
                + "pets(owner_id, kind) for " + stmt).doesNotContain("CREATE INDEX");
        assertThat(unused.message()).contains("would not use an index");
        assertThat(unused.evidence()).containsEntry("indexUsed", false)
                .containsEntry("rejectedFix", finding().fix());

        Finding unchecked = FkIndexCheck.annotate(finding(), t, null, IndexFixCheck.Result.unverified(
                "MySQL/MariaDB cannot plan with a hypothetical index: pass --dev-db URL of a development server (or "
                        + "set DBAGENT_DEV_DB) to check it"));
        assertThat(unchecked.severity()).isEqualTo(Severity.WARN);
        assertThat(unchecked.fix()).startsWith("-- not verified (MySQL/MariaDB cannot plan with a hypothetical "
                + "index: set DBAGENT_DEV_DB to a development server to check it)\nCREATE INDEX");
        assertThat(unchecked.evidence()).doesNotContainKey("indexUsed").doesNotContainKey("checkedStatement");
    }

    @Test
    void withoutASessionNothingIsChecked() {
        List<Finding> in = List.of(finding());
        assertThat(FkIndexCheck.verify(in, schema(pets(10)), null, null, new java.util.ArrayList<>())).isSameAs(in);
    }
}
