package io.dbagent.diff;

import io.dbagent.dialect.Dialects;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Column;
import io.dbagent.schema.Routine;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;
import io.dbagent.schema.Trigger;
import io.dbagent.schema.View;
import io.dbagent.sql.ScriptSplitter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Functions, procedures and events in the diff: order against tables, views and triggers; replace or recreate. */
class RoutineDiffTest {

    private static final Table RENTAL = new Table("public", "rental", -1, -1,
            List.of(Column.of("id", "integer", false, null), Column.of("last_update", "timestamp", true, null)),
            List.of("id"), "rental_pkey", List.of(), List.of(), List.of(), List.of(), null);
    private static final Trigger TOUCH = new Trigger("public", "rental", "touch", "BEFORE", List.of("UPDATE"), "ROW",
            "CREATE TRIGGER touch BEFORE UPDATE ON public.rental FOR EACH ROW EXECUTE FUNCTION touched()");
    private static final View BALANCE = new View("public", "balances", false, List.of("b"),
            "SELECT balance(1) AS b");

    private static Routine pgFunction(String name, String args, String returns, String language, String body) {
        String def = "CREATE OR REPLACE FUNCTION public." + name + "(" + args + ")\n RETURNS " + returns
                + "\n LANGUAGE " + language + "\n" + (body == null ? "BEGIN ATOMIC\n SELECT count(*) FROM rental;\nEND"
                : "AS $function$" + body + "$function$");
        return new Routine("public", name, Routine.FUNCTION, args, args, returns, language, "VOLATILE", false, body,
                def);
    }

    private static final Routine TOUCHED = pgFunction("touched", "", "trigger", "plpgsql",
            "BEGIN NEW.last_update := now(); RETURN NEW; END");

    private static Schema pg(List<Table> tables, List<View> views, List<Trigger> triggers, List<Routine> routines) {
        return new Schema("postgres", "PostgreSQL", "15", "db", List.of("public"), tables, views, triggers, List.of(),
                List.of(), routines);
    }

    private static List<String> kinds(DiffPlan p) {
        return p.changes().stream().map(c -> c.kind() + " " + c.subject()).toList();
    }

    @Test
    void aTriggerFunctionIsCreatedBeforeItsTriggerAndDroppedAfterIt() {
        Schema empty = pg(List.of(), List.of(), List.of(), List.of());
        Schema full = pg(List.of(RENTAL), List.of(), List.of(TOUCH), List.of(TOUCHED));
        DiffPlan up = SchemaDiff.diff(empty, full);
        assertThat(kinds(up)).containsExactly("create-function touched()", "create-table rental",
                "create-trigger rental.touch");
        assertThat(up.statements().get(0)).isEqualTo("SET check_function_bodies = false");
        assertThat(up.statements().get(1)).startsWith("CREATE OR REPLACE FUNCTION public.touched()");
        DiffPlan down = SchemaDiff.diff(full, empty);
        assertThat(kinds(down)).containsExactly("drop-trigger rental.touch", "drop-table rental",
                "drop-function touched()");
        assertThat(down.statements()).contains("DROP FUNCTION touched()");
        assertThat(down.changes()).filteredOn(c -> c instanceof Change.DropRoutine).noneMatch(Change::destructive);
    }

    @Test
    void aNewBodyReplacesTheFunctionInPlaceAndKeepsItsTrigger() {
        Routine changed = pgFunction("touched", "", "trigger", "plpgsql",
                "BEGIN NEW.last_update := clock_timestamp(); RETURN NEW; END");
        DiffPlan p = SchemaDiff.diff(pg(List.of(RENTAL), List.of(), List.of(TOUCH), List.of(TOUCHED)),
                pg(List.of(RENTAL), List.of(), List.of(TOUCH), List.of(changed)));
        assertThat(kinds(p)).containsExactly("replace-function touched()");
        assertThat(p.reverse().changes().get(0)).isEqualTo(new Change.ReplaceRoutine(changed, TOUCHED));
        assertThat(p.statements()).containsExactly("SET check_function_bodies = false", changed.definition());
    }

    @Test
    void anotherReturnTypeDropsAndCreatesTheFunctionAroundTheViewThatCallsIt() {
        Routine before = pgFunction("balance", "c integer", "numeric", "sql", " SELECT 1::numeric ");
        Routine after = pgFunction("balance", "c integer", "double precision", "sql", " SELECT 1::float8 ");
        DiffPlan p = SchemaDiff.diff(pg(List.of(RENTAL), List.of(BALANCE), List.of(), List.of(before)),
                pg(List.of(RENTAL), List.of(BALANCE), List.of(), List.of(after)));
        assertThat(kinds(p)).containsExactly("drop-view balances", "drop-function balance(c integer)",
                "create-function balance(c integer)", "create-view balances");
    }

    @Test
    void overloadsAreSeparateRoutines() {
        Routine one = pgFunction("fmt", "a numeric", "text", "sql", " SELECT a::text ");
        Routine two = pgFunction("fmt", "a numeric, c text", "text", "sql", " SELECT a || c ");
        DiffPlan p = SchemaDiff.diff(pg(List.of(), List.of(), List.of(), List.of(one)),
                pg(List.of(), List.of(), List.of(), List.of(one, two)));
        assertThat(kinds(p)).containsExactly("create-function fmt(a numeric, c text)");
    }

    @Test
    void anSqlStandardBodyComesAfterTheTablesItReadsAndGoesBeforeThem() {
        Routine count = pgFunction("rental_count", "", "bigint", "sql", null);
        Schema empty = pg(List.of(), List.of(), List.of(), List.of());
        Schema full = pg(List.of(RENTAL), List.of(), List.of(), List.of(count));
        assertThat(kinds(SchemaDiff.diff(empty, full))).containsExactly("create-table rental",
                "create-function rental_count()");
        assertThat(kinds(SchemaDiff.diff(full, empty))).containsExactly("drop-function rental_count()",
                "drop-table rental");
    }

    private static Schema mysql(List<Routine> routines) {
        return new Schema("mysql", "MariaDB", "10.11", "shop", List.of("shop"), List.of(), List.of(), List.of(),
                List.of(), List.of(), routines);
    }

    private static Routine mysqlProcedure(String body) {
        return new Routine("shop", "recalc", Routine.PROCEDURE, "IN `p` int(11)", "IN `p` int(11)", null, "SQL",
                "NOT DETERMINISTIC", true, body, "CREATE DEFINER=`root`@`localhost` PROCEDURE `recalc`(IN p INT)\n"
                + body);
    }

    @Test
    void mysqlRecreatesAChangedProcedureWithoutItsDefinerBetweenDelimiterLines() {
        Routine before = mysqlProcedure("BEGIN UPDATE t SET a = 1; UPDATE t SET b = 2; END");
        Routine after = mysqlProcedure("BEGIN UPDATE t SET a = 2; UPDATE t SET b = 2; END");
        DiffPlan p = SchemaDiff.diff(mysql(List.of(before)), mysql(List.of(after)));
        assertThat(kinds(p)).containsExactly("drop-procedure recalc(IN `p` int(11))",
                "create-procedure recalc(IN `p` int(11))");
        assertThat(p.statements()).containsExactly("DROP PROCEDURE recalc",
                "CREATE PROCEDURE `recalc`(IN p INT)\nBEGIN UPDATE t SET a = 2; UPDATE t SET b = 2; END");

        String script = DiffScript.up(p, false, List.of("header"));
        assertThat(script).contains("DROP PROCEDURE recalc;\n",
                "DELIMITER ;;\nCREATE PROCEDURE `recalc`(IN p INT)\nBEGIN UPDATE t SET a = 2; UPDATE t SET b = 2; END;;\n"
                        + "DELIMITER ;\n");
        // our splitter reads the script back as the two statements it was written from
        assertThat(ScriptSplitter.split(script).stream().map(s -> s.replaceAll("(?m)^--.*\\n", "").strip()).toList())
                .containsExactlyElementsOf(p.statements());
    }

    @Test
    void mysqlEventsCompareWithoutTheirStartTimeAndState() {
        DiffDialect mysql = Dialects.of(DialectKind.MYSQL).diff();
        Routine live = new Routine("shop", "purge", Routine.EVENT, "", "", null, "SQL", null, true, "DELETE FROM t",
                "CREATE DEFINER=`root`@`%` EVENT `purge` ON SCHEDULE EVERY 1 DAY STARTS '2026-12-06 08:00:00' "
                        + "ON COMPLETION NOT PRESERVE ENABLE DO DELETE FROM t");
        Routine scratch = new Routine("scratch", "purge", Routine.EVENT, "", "", null, "SQL", null, true,
                "DELETE FROM t", "CREATE DEFINER=`dbagent_scratch`@`localhost` EVENT `purge` ON SCHEDULE EVERY 1 DAY "
                + "STARTS '2026-12-06 08:03:11' ON COMPLETION NOT PRESERVE DISABLE DO DELETE FROM t");
        assertThat(mysql.canonicalRoutine(live))
                .isEqualTo("CREATE EVENT `purge` ON SCHEDULE EVERY 1 DAY ON COMPLETION NOT PRESERVE DO DELETE FROM t")
                .isEqualTo(mysql.canonicalRoutine(scratch));
        assertThat(SchemaDiff.diff(mysql(List.of(live)), mysql(List.of(scratch))).isEmpty()).isTrue();
        Routine other = new Routine("shop", "purge", Routine.EVENT, "", "", null, "SQL", null, true,
                "DELETE FROM u", live.definition().replace("DELETE FROM t", "DELETE FROM u"));
        assertThat(kinds(SchemaDiff.diff(mysql(List.of(live)), mysql(List.of(other)))))
                .containsExactly("drop-event purge", "create-event purge");
    }

    @Test
    void aDumpsEventIsCreatedDisabledOnTheScratchCopy() {
        String dump = "DELIMITER ;;\n/*!50106 CREATE*/ /*!50117 DEFINER=`root`@`localhost`*/ /*!50106 EVENT `purge` "
                + "ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 03:00:00' ON COMPLETION NOT PRESERVE ENABLE DO BEGIN\n"
                + "  DELETE FROM t;\nEND */ ;;\nDELIMITER ;\n";
        DumpScripts.Prepared p = DumpScripts.prepare(DialectKind.MYSQL, dump, 101119, true);
        assertThat(p.statements()).hasSize(1);
        assertThat(p.statements().get(0).text().replaceAll("\\s+", " ").strip())
                .isEqualTo("CREATE EVENT `purge` ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 03:00:00' ON COMPLETION "
                        + "NOT PRESERVE DISABLE DO BEGIN DELETE FROM t; END");
    }

    @Test
    void onlySchemaKeepsThatSchemasRoutinesAndOnlyTablesKeepsThemAll() {
        Routine other = new Routine("audit", "log", Routine.FUNCTION, "", "", "trigger", "plpgsql", "VOLATILE", false,
                "BEGIN RETURN NULL; END", "CREATE OR REPLACE FUNCTION audit.log() …");
        Schema s = new Schema("postgres", "PostgreSQL", "15", "db", List.of("audit", "public"), List.of(RENTAL),
                List.of(), List.of(TOUCH), List.of(), List.of(), List.of(TOUCHED, other));
        assertThat(s.onlySchema("audit").routines()).containsExactly(other);
        assertThat(s.onlyTables(List.of("rental")).routines()).containsExactly(TOUCHED, other);
        Schema old = new Schema("postgres", "PostgreSQL", "15", "db", List.of("public"), List.of(), List.of(),
                List.of(), List.of(), List.of());
        assertThat(old.routines()).isEmpty();
    }
}
