package io.dbagent.advisor;

import io.dbagent.schema.Column;
import io.dbagent.schema.Index;
import io.dbagent.schema.Table;
import io.dbagent.schema.Unique;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A candidate equal to or a prefix of an existing index, unique constraint or primary key is redundant. */
class ExistingIndexFilterTest {

    private static Table table(List<String> pk, List<Unique> uniques, Index... indexes) {
        return new Table(null, "orders", 100_000, -1,
                List.of(Column.of("id", "bigint", false, null), Column.of("customer_id", "bigint", false, null),
                        Column.of("status", "text", false, null), Column.of("email", "text", false, null),
                        Column.of("created_at", "timestamp", false, null)),
                pk, null, List.of(), uniques, List.of(), List.of(indexes), null);
    }

    private static Index index(String name, List<String> cols, List<String> include, String where) {
        return new Index(name, cols, false, false, "btree", where, include, -1);
    }

    private static Candidate cand(List<String> cols, List<String> include, String where) {
        return new Candidate(null, "orders", cols, include, where);
    }

    @Test
    void primaryKeyAndItsPrefixesAreRedundantEvenWithInclude() {
        Table t = table(List.of("id"), List.of());
        assertThat(ExistingIndexFilter.redundant(t, cand(List.of("id"), null, null), false)).isTrue();
        assertThat(ExistingIndexFilter.redundant(t, cand(List.of("id"), List.of("status"), null), false)).isTrue();
        assertThat(ExistingIndexFilter.redundant(t, cand(List.of("id", "status"), null, null), false)).isFalse();
        Table composite = table(List.of("customer_id", "id"), List.of());
        assertThat(ExistingIndexFilter.redundant(composite, cand(List.of("customer_id"), null, null), true)).isTrue();
        assertThat(ExistingIndexFilter.redundant(composite, cand(List.of("id"), null, null), true)).isFalse();
    }

    @Test
    void equalAndPrefixOfAnExistingIndexAreRedundantLongerIsNot() {
        Table t = table(List.of("id"), List.of(), index("ix", List.of("customer_id", "status"), List.of(), null));
        assertThat(ExistingIndexFilter.redundant(t, cand(List.of("customer_id"), null, null), false)).isTrue();
        assertThat(ExistingIndexFilter.redundant(t, cand(List.of("customer_id", "status"), null, null), false)).isTrue();
        assertThat(ExistingIndexFilter.redundant(t, cand(List.of("status"), null, null), false)).isFalse();
        assertThat(ExistingIndexFilter.redundant(t, cand(List.of("customer_id", "status", "email"), null, null), false))
                .isFalse();
    }

    @Test
    void descendingAndQuotedKeyPartsCompareByName() {
        Table t = table(List.of("id"), List.of(), index("ix", List.of("\"created_at\" DESC"), List.of(), null));
        assertThat(ExistingIndexFilter.redundant(t, cand(List.of("created_at"), null, null), false)).isTrue();
    }

    @Test
    void includeColumnsMustBeStoredByTheExistingIndex() {
        Table t = table(List.of("id"), List.of(), index("ix", List.of("customer_id"), List.of("status"), null));
        assertThat(ExistingIndexFilter.redundant(t, cand(List.of("customer_id"), List.of("status"), null), false)).isTrue();
        assertThat(ExistingIndexFilter.redundant(t, cand(List.of("customer_id"), List.of("email"), null), false)).isFalse();
    }

    @Test
    void whereEveryIndexHoldsThePrimaryKeyAnIndexOnAIsOneOnAPk() {
        Table t = table(List.of("id"), List.of(), index("ix", List.of("customer_id"), List.of(), null));
        assertThat(ExistingIndexFilter.redundant(t, cand(List.of("customer_id", "id"), null, null), true)).isTrue();
        assertThat(ExistingIndexFilter.redundant(t, cand(List.of("customer_id", "id"), null, null), false)).isFalse();
        assertThat(ExistingIndexFilter.redundant(t, cand(List.of("customer_id"), List.of("id"), null), true)).isTrue();
    }

    @Test
    void uniqueConstraintsCount() {
        Table t = table(List.of("id"), List.of(new Unique("uq_email", List.of("email"))));
        assertThat(ExistingIndexFilter.redundant(t, cand(List.of("email"), null, null), false)).isTrue();
    }

    @Test
    void expressionIndexesMatchTheEnginesSpelling() {
        Table t = table(List.of("id"), List.of(), index("ix", List.of("lower((email)::text)"), List.of(), null));
        assertThat(ExistingIndexFilter.redundant(t, cand(List.of("lower(email)"), null, null), false)).isTrue();
        assertThat(ExistingIndexFilter.redundant(t, cand(List.of("email"), null, null), false)).isFalse();
        assertThat(ExistingIndexFilter.redundant(t, cand(List.of("upper(email)"), null, null), false)).isFalse();
    }

    @Test
    void partialIndexesOnlyCoverTheSamePredicate() {
        Table t = table(List.of("id"), List.of(), index("ix", List.of("customer_id"), List.of(), "(status = 'open'::text)"));
        assertThat(ExistingIndexFilter.redundant(t, cand(List.of("customer_id"), null, "status = 'open'"), false)).isTrue();
        assertThat(ExistingIndexFilter.redundant(t, cand(List.of("customer_id"), null, "status = 'paid'"), false)).isFalse();
        assertThat(ExistingIndexFilter.redundant(t, cand(List.of("customer_id"), null, null), false)).isFalse();
    }

    @Test
    void aPartialCandidateIsRedundantBesideAFullIndexOnItsKeyAndItsPredicateColumn() {
        Table t = table(List.of("id"), List.of(), index("ix", List.of("customer_id", "status"), List.of(), null));
        assertThat(ExistingIndexFilter.redundant(t, cand(List.of("customer_id"), null, "status = 'failed'"), false)).isTrue();
        Table flipped = table(List.of("id"), List.of(), index("ix", List.of("status", "customer_id", "email"), List.of(), null));
        assertThat(ExistingIndexFilter.redundant(flipped, cand(List.of("customer_id"), null, "status = 'failed'"), false)).isTrue();
        // the predicate column elsewhere in the key, a range predicate, or a covering column the index lacks: not covered
        Table apart = table(List.of("id"), List.of(), index("ix", List.of("customer_id", "email", "status"), List.of(), null));
        assertThat(ExistingIndexFilter.redundant(apart, cand(List.of("customer_id"), null, "status = 'failed'"), false)).isFalse();
        assertThat(ExistingIndexFilter.redundant(t, cand(List.of("customer_id"), null, "status > 'f'"), false)).isFalse();
        assertThat(ExistingIndexFilter.redundant(t, cand(List.of("customer_id"), List.of("email"), "status = 'failed'"), false))
                .isFalse();
        // a partial existing index does not cover a candidate with another predicate this way
        Table partial = table(List.of("id"), List.of(), index("ix", List.of("customer_id", "status"), List.of(), "email = 'x'"));
        assertThat(ExistingIndexFilter.redundant(partial, cand(List.of("customer_id"), null, "status = 'failed'"), false)).isFalse();
    }

    @Test
    void nonBtreeIndexesDoNotCount() {
        Table t = table(List.of("id"), List.of(), new Index("gin", List.of("email"), false, false, "gin", null, List.of(), -1));
        assertThat(ExistingIndexFilter.redundant(t, cand(List.of("email"), null, null), false)).isFalse();
    }
}
