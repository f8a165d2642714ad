package io.dbagent.backup;

import io.dbagent.schema.Check;
import io.dbagent.schema.Column;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaComparerTest {

    private static Schema schema(String db, String type, String check, long rows) {
        Table t = new Table("public", "orders", rows, rows * 100, List.of(Column.of("status", type, false, null)),
                List.of(), null, List.of(), List.of(), List.of(new Check("orders_status_check", check)), List.of(),
                null);
        return new Schema("postgres", "PostgreSQL", "15.20", db, List.of("public"), List.of(t), List.of(), List.of(),
                List.of(), List.of());
    }

    @Test
    void postgresDeparseDriftAndStatisticsAreNotDifferences() {
        String before = "((status)::text = ANY ((ARRAY['new'::character varying, 'paid'::character varying])::text[]))";
        String after = "((status)::text = ANY (ARRAY[('new'::character varying)::text, ('paid'::character varying)::text]))";
        assertThat(SchemaComparer.compare(schema("shop", "character varying(10)", before, 5000),
                schema("dbagent_scratch_1", "character varying(10)", after, -1))).isEmpty();
    }

    @Test
    void realDifferencesNameTheObjectAndField() {
        String check = "status IN ('new')";
        assertThat(SchemaComparer.compare(schema("shop", "character varying(10)", check, 1),
                schema("shop", "character varying(20)", check, 1)))
                .containsExactly("table orders / column status / type: 'character varying(10)' in "
                        + "the backup, 'character varying(20)' restored");
        assertThat(SchemaComparer.compare(schema("shop", "text", "status IN ('new')", 1),
                schema("shop", "text", "status IN ('new', 'old')", 1))).hasSize(1);
    }
}
