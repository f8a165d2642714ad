package io.dbagent.backup;

import io.dbagent.schema.Check;
import io.dbagent.schema.Column;
import io.dbagent.schema.Routine;
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

    private static Schema mysql(String db, String definer, String body) {
        Routine p = new Routine(db, "recalc", Routine.PROCEDURE, "", "", null, "SQL", "NOT DETERMINISTIC", true, body,
                "CREATE DEFINER=" + definer + " PROCEDURE `recalc`()\n" + body);
        return new Schema("mysql", "MariaDB", "10.11", db, List.of(db), List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(p));
    }

    @Test
    void aRoutineRestoredUnderAnotherDefinerIsTheSameButAnotherBodyDiffers() {
        assertThat(SchemaComparer.compare(mysql("shop", "`root`@`localhost`", "UPDATE t SET a = 1"),
                mysql("dbagent_verify_1", "`dbagent_verify_1`@`%`", "UPDATE t SET a = 1"))).isEmpty();
        assertThat(SchemaComparer.compare(mysql("shop", "`root`@`localhost`", "UPDATE t SET a = 1"),
                mysql("shop", "`root`@`localhost`", "UPDATE t SET a = 2")))
                .containsExactly("routine recalc / body: 'UPDATE t SET a = 1' in the backup, 'UPDATE t SET a = 2' restored",
                        "routine recalc / definition: 'CREATE PROCEDURE `recalc`()\nUPDATE t SET a = 1' in the backup, "
                                + "'CREATE PROCEDURE `recalc`()\nUPDATE t SET a = 2' restored");
        Schema oldManifest = mysql("shop", "`root`@`localhost`", "x").withRoutines(List.of());
        assertThat(SchemaComparer.compare(oldManifest, mysql("shop", "`root`@`localhost`", "x")))
                .as("a manifest from before routines were in the model").isEmpty();
    }
}
