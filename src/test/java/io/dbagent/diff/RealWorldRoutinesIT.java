package io.dbagent.diff;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.cli.CliRunner;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Json;
import io.dbagent.schema.Routine;
import io.dbagent.schema.Schema;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.dbagent.testsupport.RealWorldCorpus.assertNoDifferences;
import static io.dbagent.testsupport.RealWorldCorpus.cliUrl;
import static io.dbagent.testsupport.RealWorldCorpus.count;
import static io.dbagent.testsupport.RealWorldCorpus.inspect;
import static io.dbagent.testsupport.RealWorldCorpus.resource;
import static io.dbagent.testsupport.RealWorldCorpus.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Schemas with stored routines, as found in the wild (src/test/resources/realworld): the model reads their functions,
 * procedures and events; a database equals the file it was loaded from and its own dump tool's output; a diff from an
 * empty database creates everything in an order the engine accepts (through our splitter and through the engine's own
 * command-line client); {@code migrate generate} changes a database whose triggers call functions.
 */
class RealWorldRoutinesIT {

    @TempDir
    Path tmp;

    @Test
    void postgresRentalSchemaWithTriggerFunctionsAndAProcedure() throws Exception {
        String sql = resource("pg_rental.sql");
        Path file = Files.writeString(tmp.resolve("pg_rental.sql"), sql);
        String dev = TestDatabases.pgServer().redacted();
        DbUrl db = TestDatabases.create(DialectKind.POSTGRES, "rwpg");
        DbUrl empty = TestDatabases.create(DialectKind.POSTGRES, "rwpge");
        try {
            TestDatabases.exec(db, sql);

            Schema model = inspect(db);
            Map<String, Routine> byName = model.routines().stream()
                    .collect(Collectors.toMap(Routine::signature, Function.identity()));
            assertThat(byName.keySet()).containsExactlyInAnyOrder("active_customer_count()",
                    "close_overdue_rentals(IN p_days integer)", "customer_balance(p_customer_id integer)",
                    "film_count(p_rating mpaa_rating)", "format_amount(amount numeric)",
                    "format_amount(amount numeric, currency text)", "inventory_in_stock(p_inventory_id integer)",
                    "is_valid_email(addr text)", "last_updated()", "log_return()",
                    "rental_due(rented timestamp with time zone, days integer)");
            Routine proc = byName.get("close_overdue_rentals(IN p_days integer)");
            assertThat(proc.kind()).isEqualTo(Routine.PROCEDURE);
            assertThat(proc.arguments()).isEqualTo("IN p_days integer DEFAULT 14");
            assertThat(proc.returns()).isNull();
            assertThat(proc.definition()).startsWith("CREATE OR REPLACE PROCEDURE public.close_overdue_rentals(");
            Routine trigger = byName.get("last_updated()");
            assertThat(trigger.returns()).isEqualTo("trigger");
            assertThat(trigger.language()).isEqualTo("plpgsql");
            assertThat(trigger.volatility()).isEqualTo("VOLATILE");
            assertThat(trigger.body()).contains("NEW.last_update := CURRENT_TIMESTAMP;");
            assertThat(byName.get("is_valid_email(addr text)").volatility()).isEqualTo("IMMUTABLE");
            assertThat(byName.get("active_customer_count()").securityDefiner()).isTrue();
            assertThat(byName.get("film_count(p_rating mpaa_rating)").body()).as("SQL-standard body").isNull();
            assertThat(byName.get("film_count(p_rating mpaa_rating)").definition()).contains("BEGIN ATOMIC");

            var text = CliRunner.run("inspect", "--db", db.redacted());
            assertThat(text.exit()).as(text.err()).isZero();
            assertThat(text.out()).contains("11 routines", "close_overdue_rentals(IN p_days integer DEFAULT 14)",
                    "procedure", "security definer");
            var json = CliRunner.run("inspect", "--db", db.redacted(), "--format", "json");
            assertThat(Json.MAPPER.readTree(json.out()).get("routines").size()).isEqualTo(11);

            assertNoDifferences(db.redacted(), file, dev);

            Path dump = run(tmp.resolve("pg_dump.sql"), null, "/usr/bin/pg_dump", "-h", db.host(), "-p",
                    String.valueOf(db.port()), "-U", db.user(), "-s", db.database());
            assertThat(Files.readString(dump)).contains("CREATE PROCEDURE public.close_overdue_rentals");
            assertNoDifferences(db.redacted(), dump, dev);

            // from nothing: functions before the tables whose CHECK and DEFAULT call them, the SQL-standard body
            // after the table it reads, triggers last
            var create = CliRunner.run("diff", "--from", empty.redacted(), "--to", file.toString(), "--dev-db", dev);
            assertThat(create.exit()).as(create.err()).isEqualTo(1);
            String script = create.out();
            assertThat(script).contains("SET check_function_bodies = false;", "-- create-procedure close_overdue_rentals(IN p_days integer)");
            assertThat(script.indexOf("FUNCTION public.is_valid_email")).isLessThan(script.indexOf("CREATE TABLE customer"));
            assertThat(script.indexOf("CREATE TABLE film")).isLessThan(script.indexOf("FUNCTION public.film_count"));
            assertThat(script.indexOf("FUNCTION public.log_return")).isLessThan(script.indexOf("CREATE TRIGGER rental_returned"));
            TestDatabases.exec(empty, script);
            assertNoDifferences(empty.redacted(), file, dev);
            assertThat(count(empty, "SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                    + "WHERE n.nspname = 'public' AND p.prokind IN ('f', 'p')")).isEqualTo(11);
            // the created trigger functions work
            TestDatabases.exec(empty, """
                    INSERT INTO customer (first_name, last_name, email) VALUES ('Ann', 'Lee', 'ann@example.org');
                    INSERT INTO film (title) VALUES ('Alien');
                    INSERT INTO inventory (film_id) VALUES (1);
                    INSERT INTO rental (inventory_id, customer_id) VALUES (1, 1);
                    UPDATE rental SET return_date = now();
                    """);
            assertThat(count(empty, "SELECT count(*) FROM rental_audit")).isEqualTo(1);
        } finally {
            TestDatabases.drop(db);
            TestDatabases.drop(empty);
        }
    }

    @Test
    void postgresMigrateGenerateOnADatabaseWhoseTriggersCallFunctions() throws Exception {
        String sql = resource("pg_rental.sql");
        String dev = TestDatabases.pgServer().redacted();
        DbUrl db = TestDatabases.create(DialectKind.POSTGRES, "rwgen");
        try {
            TestDatabases.exec(db, sql);
            // the target: a new column, a new body for a trigger function, a return type changed under a view,
            // and a new trigger with its new function
            String target = sql.replace("NEW.last_update := CURRENT_TIMESTAMP;", "NEW.last_update := clock_timestamp();")
                    .replace("CREATE FUNCTION customer_balance(p_customer_id integer) RETURNS numeric",
                            "CREATE FUNCTION customer_balance(p_customer_id integer) RETURNS double precision")
                    .replace("SELECT coalesce(sum(p.amount), 0) FROM payment p",
                            "SELECT coalesce(sum(p.amount), 0)::double precision FROM payment p")
                    + """

                    ALTER TABLE film ADD COLUMN length smallint;
                    CREATE FUNCTION film_stock_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        UPDATE film SET last_update = now() WHERE film_id = NEW.film_id;
                        RETURN NEW;
                    END
                    $$;
                    CREATE TRIGGER film_stock_changed AFTER INSERT ON inventory
                        FOR EACH ROW EXECUTE FUNCTION film_stock_changed();
                    """;
            Path to = Files.writeString(tmp.resolve("target.sql"), target);
            Path dir = tmp.resolve("migrations");
            var gen = CliRunner.run("migrate", "generate", "film length", "--db", db.redacted(), "--to", to.toString(),
                    "--dir", dir.toString(), "--dev-db", dev);
            assertThat(gen.exit()).as(gen.out() + gen.err()).isZero();
            String up;
            try (Stream<Path> s = Files.list(dir)) {
                up = Files.readString(s.filter(p -> p.getFileName().toString().startsWith("V")).findFirst().orElseThrow());
            }
            assertThat(up).contains("-- replace-function last_updated()", "-- create-function film_stock_changed()",
                    "-- drop-function customer_balance(p_customer_id integer)", "-- drop-view customer_list",
                    "-- create-view customer_list");
            assertThat(up).as("a new body keeps the triggers that call the function")
                    .doesNotContain("DROP TRIGGER last_updated");
            assertThat(up.indexOf("CREATE OR REPLACE FUNCTION public.film_stock_changed"))
                    .isLessThan(up.indexOf("CREATE TRIGGER film_stock_changed"));
            assertThat(up.indexOf("DROP VIEW")).isLessThan(up.indexOf("DROP FUNCTION customer_balance(p_customer_id integer)"));

            var apply = CliRunner.run("migrate", "up", "--db", db.redacted(), "--dir", dir.toString());
            assertThat(apply.exit()).as(apply.out() + apply.err()).isZero();
            assertNoDifferences(db.redacted(), to, dev);
            TestDatabases.exec(db, "INSERT INTO film (title) VALUES ('Heat'); INSERT INTO inventory (film_id) VALUES (1);");
            assertThat(count(db, "SELECT count(*) FROM film WHERE last_update IS NOT NULL")).isEqualTo(1);

            var down = CliRunner.run("migrate", "down", "--db", db.redacted(), "--dir", dir.toString());
            assertThat(down.exit()).as(down.out() + down.err()).isZero();
            Path original = Files.writeString(tmp.resolve("original.sql"), sql);
            assertNoDifferences(db.redacted(), original, dev);
        } finally {
            TestDatabases.drop(db);
        }
    }

    @Test
    void mariadbMusicSchemaWithProceduresFunctionsTriggersAndEvents() throws Exception {
        String sql = resource("mariadb_music.sql");
        Path file = Files.writeString(tmp.resolve("mariadb_music.sql"), sql);
        String dev = TestDatabases.mysqlServer().redacted();
        DbUrl db = TestDatabases.create(DialectKind.MYSQL, "rwmaria");
        DbUrl viaSplitter = TestDatabases.create(DialectKind.MYSQL, "rwmarias");
        DbUrl viaClient = TestDatabases.create(DialectKind.MYSQL, "rwmariac");
        try {
            TestDatabases.exec(db, sql);
            String live = cliUrl(db);

            Schema model = inspect(db);
            Map<String, Routine> byName = model.routines().stream()
                    .collect(Collectors.toMap(Routine::name, Function.identity()));
            assertThat(byName.keySet()).containsExactlyInAnyOrder("track_minutes", "invoice_count",
                    "recalc_invoice_total", "album_stats", "purge_play_log", "refresh_totals");
            assertThat(byName.get("track_minutes").kind()).isEqualTo(Routine.FUNCTION);
            assertThat(byName.get("track_minutes").volatility()).isEqualTo("DETERMINISTIC");
            assertThat(byName.get("track_minutes").returns()).startsWith("decimal(10,2)");
            assertThat(byName.get("invoice_count").securityDefiner()).isFalse();
            assertThat(byName.get("album_stats").kind()).isEqualTo(Routine.PROCEDURE);
            assertThat(byName.get("album_stats").arguments())
                    .isEqualTo("IN `p_album` int(11), OUT `p_tracks` int(11), OUT `p_minutes` decimal(10,2)");
            assertThat(byName.get("recalc_invoice_total").definition()).startsWith("CREATE DEFINER=")
                    .contains("PROCEDURE `recalc_invoice_total`(IN p_invoice INT)");
            assertThat(byName.get("purge_play_log").kind()).isEqualTo(Routine.EVENT);
            assertThat(byName.get("purge_play_log").definition()).contains("EVERY 1 DAY", "STARTS '2030-01-01 03:00:00'");

            assertNoDifferences(live, file, dev);

            Path dump = run(tmp.resolve("maria.sql"), null, "/usr/bin/mariadb-dump", "-h", db.host(), "-P",
                    String.valueOf(db.port()), "-u", db.user(), "--no-data", "--routines", "--triggers", "--events",
                    db.database());
            assertThat(Files.readString(dump)).contains("DELIMITER ;;", "CREATE DEFINER=", "EVENT `purge_play_log`",
                    "PROCEDURE `album_stats`");
            assertNoDifferences(live, dump, dev);

            var create = CliRunner.run("diff", "--from", cliUrl(viaSplitter), "--to", file.toString(), "--dev-db", dev);
            assertThat(create.exit()).as(create.err()).isEqualTo(1);
            String script = create.out();
            assertThat(script).contains("DELIMITER ;;\nCREATE PROCEDURE `recalc_invoice_total`", "END;;\nDELIMITER ;",
                    "-- create-event purge_play_log");
            assertThat(script).doesNotContain("DEFINER=");
            TestDatabases.exec(viaSplitter, script);
            assertNoDifferences(cliUrl(viaSplitter), file, dev);

            run(tmp.resolve("client.out"), script, "/usr/bin/mariadb", "-h", viaClient.host(), "-P",
                    String.valueOf(viaClient.port()), "-u", viaClient.user(), viaClient.database());
            assertNoDifferences(cliUrl(viaClient), file, dev);

            // the created routines and triggers work: a line recalculates its invoice through the procedure
            TestDatabases.exec(viaClient, """
                    INSERT INTO artist (name) VALUES ('Miles');
                    INSERT INTO album (title, artist_id) VALUES ('Kind of Blue', 1);
                    INSERT INTO track (name, album_id, milliseconds, unit_price) VALUES ('So What', 1, 545000, 1.29);
                    INSERT INTO invoice (customer) VALUES ('ann');
                    INSERT INTO invoice_line (invoice_id, track_id, unit_price, quantity) VALUES (1, 1, 1.29, 2);
                    """);
            assertThat(count(viaClient, "SELECT CAST(total * 100 AS SIGNED) FROM invoice WHERE invoice_id = 1"))
                    .isEqualTo(258);
            assertThat(count(viaClient, "SELECT CAST(track_minutes(545000) * 100 AS SIGNED)")).isEqualTo(908);

            // a changed body is a drop and a create of that routine only
            String changed = sql.replace("RETURN ROUND(ms / 60000, 2);;", "RETURN ROUND(ms / 60000, 1);;");
            Path after = Files.writeString(tmp.resolve("after.sql"), changed);
            var json = CliRunner.run("diff", "--from", live, "--to", after.toString(), "--dev-db", dev, "--format",
                    "json");
            JsonNode changes = Json.MAPPER.readTree(json.out()).get("changes");
            List<String> kinds = new ArrayList<>();
            changes.forEach(c -> kinds.add(c.get("kind").asText() + " " + c.get("subject").asText()));
            assertThat(kinds).containsExactly("drop-function track_minutes(`ms` int(11))",
                    "create-function track_minutes(`ms` int(11))");
        } finally {
            TestDatabases.drop(db);
            TestDatabases.drop(viaSplitter);
            TestDatabases.drop(viaClient);
        }
    }

    @Test
    void mariadbMigrateGenerateWritesRoutinesTheRunnerAndTheClientRead() throws Exception {
        String sql = resource("mariadb_music.sql");
        String dev = TestDatabases.mysqlServer().redacted();
        DbUrl db = TestDatabases.create(DialectKind.MYSQL, "rwmgen");
        try {
            TestDatabases.exec(db, sql);
            String target = sql.replace("RETURN ROUND(ms / 60000, 2);;", "RETURN ROUND(ms / 60000, 1);;")
                    .replace("DELIMITER ;\n", """
                            CREATE PROCEDURE reset_play_counts()
                                MODIFIES SQL DATA
                            BEGIN
                                UPDATE track SET play_count = 0;
                                DELETE FROM play_log;
                            END;;

                            DELIMITER ;
                            """);
            Path to = Files.writeString(tmp.resolve("music-target.sql"), target);
            Path dir = tmp.resolve("music-migrations");
            var gen = CliRunner.run("migrate", "generate", "reset counts", "--db", cliUrl(db), "--to", to.toString(),
                    "--dir", dir.toString(), "--dev-db", dev);
            assertThat(gen.exit()).as(gen.out() + gen.err()).isZero();
            String up;
            try (Stream<Path> s = Files.list(dir)) {
                up = Files.readString(s.filter(p -> p.getFileName().toString().startsWith("V")).findFirst().orElseThrow());
            }
            assertThat(up).contains("-- drop-function track_minutes", "-- create-function track_minutes",
                    "-- create-procedure reset_play_counts()", "DELIMITER ;;\nCREATE PROCEDURE `reset_play_counts`()");

            var apply = CliRunner.run("migrate", "up", "--db", cliUrl(db), "--dir", dir.toString());
            assertThat(apply.exit()).as(apply.out() + apply.err()).isZero();
            assertNoDifferences(cliUrl(db), to, dev);
            assertThat(count(db, "SELECT CAST(track_minutes(545000) * 10 AS SIGNED)")).isEqualTo(91);

            var down = CliRunner.run("migrate", "down", "--db", cliUrl(db), "--dir", dir.toString());
            assertThat(down.exit()).as(down.out() + down.err()).isZero();
            assertNoDifferences(cliUrl(db), Files.writeString(tmp.resolve("music-original.sql"), sql), dev);
        } finally {
            TestDatabases.drop(db);
        }
    }
}
