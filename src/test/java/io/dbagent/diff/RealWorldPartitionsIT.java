package io.dbagent.diff;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.backup.BackupManifest;
import io.dbagent.cli.CliRunner;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Json;
import io.dbagent.testsupport.PrivateServer;
import io.dbagent.testsupport.RealWorldCorpus;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The partitioned schemas of the real-world corpus: a PostgreSQL ledger (range partitions by month with hash
 * sub-partitions, list partitions with a DEFAULT one, hash partitions, a foreign key to a partitioned table) and a
 * MariaDB sales database (RANGE with HASH sub-partitions, LIST with DEFAULT, KEY). Beyond the corpus round trip:
 * inspect shows the partitions under their parent, backup counts every row once, lint reports each parent once with
 * fixes that apply on a copy, and the diff adds and drops partitions and refuses to write SQL for a new key.
 */
class RealWorldPartitionsIT {

    private static final String PG_ROWS = """
            INSERT INTO accounts (code, name, kind) VALUES ('1000', 'Cash', 'asset'), ('4000', 'Sales', 'income');
            INSERT INTO journal_entries (entry_date, account_id, counter_account_id, amount, memo)
              SELECT date '2024-01-01' + (g % 150), 1 + g % 2, 2 - g % 2, g, 'entry ' || g
                FROM generate_series(1, 300) g;
            INSERT INTO entry_attachments (entry_id, entry_date, file_name)
              SELECT entry_id, entry_date, 'scan.pdf' FROM journal_entries WHERE entry_id % 10 = 0;
            INSERT INTO customers (customer_id, region, name)
              SELECT g, (ARRAY['EU', 'US', 'JP', 'BR', 'UK'])[1 + g % 5], 'customer ' || g FROM generate_series(1, 40) g;
            INSERT INTO audit_log (audit_id, actor, action) SELECT g, 'clerk', 'post' FROM generate_series(1, 25) g;
            ANALYZE;
            """;

    private static final String MARIADB_ROWS = """
            INSERT INTO region VALUES (1, 'North'), (4, 'South'), (9, 'Islands');
            INSERT INTO store (region_id, city) VALUES (1, 'Oslo'), (4, 'Seville'), (9, 'Palma');
            INSERT INTO product (sku, price) VALUES ('A-1', 10.00), ('B-2', 25.50);
            INSERT INTO sale (sold_on, store_id, product_id, quantity, amount)
              SELECT DATE_ADD('2021-06-01', INTERVAL seq * 7 DAY), 1 + seq % 3, 1 + seq % 2, 1, seq
                FROM seq_1_to_400;
            INSERT INTO shipment SELECT seq, 1 + seq % 9, NOW(), 'post' FROM seq_1_to_60;
            INSERT INTO click_log (clicked_at, url) SELECT NOW(), CONCAT('/p/', seq) FROM seq_1_to_90;
            INSERT INTO stock_snapshot SELECT 1 + seq % 3, 1 + seq % 2, DATE_ADD('2024-01-10', INTERVAL seq DAY), seq
              FROM seq_1_to_70;
            INSERT INTO sale_note (store_id, product_id, note) VALUES (1, 1, 'late delivery');
            """;

    @Test
    void postgresLedger(@TempDir Path tmp) throws Exception {
        RealWorldCorpus.Loaded l = RealWorldCorpus.roundTrip(DialectKind.POSTGRES, "pg_ledger.sql", tmp);
        DbUrl copy = null;
        try {
            TestDatabases.exec(l.db(), PG_ROWS);
            JsonNode tables = inspect(l.url());
            JsonNode entries = table(tables, "journal_entries");
            assertThat(entries.get("partitionKey").asText()).isEqualTo("RANGE (entry_date)");
            assertThat(names(entries.get("partitions"))).containsExactly("journal_entries_2024_01",
                    "journal_entries_2024_02", "journal_entries_2024_03", "journal_entries_default");
            JsonNode january = entries.get("partitions").get(0);
            assertThat(january.get("bound").asText()).isEqualTo("FOR VALUES FROM ('2024-01-01') TO ('2024-02-01')");
            assertThat(january.get("subpartitionKey").asText()).isEqualTo("HASH (entry_id)");
            assertThat(names(january.get("subpartitions")))
                    .containsExactly("journal_entries_2024_01_h0", "journal_entries_2024_01_h1");
            assertThat(january.get("subpartitions").get(1).get("bound").asText())
                    .isEqualTo("FOR VALUES WITH (modulus 2, remainder 1)");
            assertThat(entries.get("partitions").get(2).has("subpartitions")).isFalse();
            assertThat(entries.get("partitions").get(3).get("bound").asText()).isEqualTo("DEFAULT");
            assertThat(entries.get("rowEstimate").asLong()).isEqualTo(300);
            assertThat(table(tables, "journal_entries_2024_01_h1").get("partitionOf").asText())
                    .isEqualTo("journal_entries_2024_01");
            JsonNode customers = table(tables, "customers");
            assertThat(customers.get("partitionKey").asText()).isEqualTo("LIST (region)");
            assertThat(customers.get("partitions").get(2).get("bound").asText()).isEqualTo("DEFAULT");
            assertThat(table(tables, "audit_log").get("partitions")).hasSize(4);
            var text = CliRunner.run("inspect", "--db", l.url());
            assertThat(text.out()).contains("5 tables and 15 partitions")
                    .contains("    journal_entries_2024_02_h0  FOR VALUES WITH (modulus 2, remainder 0)")
                    .doesNotContain("TABLE journal_entries_2024");
            var mermaid = CliRunner.run("inspect", "--db", l.url(), "--format", "mermaid");
            assertThat(mermaid.exit()).isZero();
            assertThat(mermaid.out()).contains("journal_entries {").doesNotContain("journal_entries_2024");

            assertBackupCounts(l, tmp, List.of("accounts", "journal_entries", "entry_attachments", "customers",
                    "audit_log"), List.of("journal_entries_2024_01", "journal_entries_2024_01_h0", "customers_other"));

            JsonNode findings = lint(l.url());
            assertThat(subjects(findings)).containsExactlyInAnyOrder(
                    "fk-without-index journal_entries(counter_account_id)", "missing-primary-key audit_log",
                    "nullable-fk journal_entries.counter_account_id");

            // health: the parent once; no partition's attached index offered for a DROP it cannot take, and a
            // partitioned index no partition has scanned is reported once, on the parent (an FK's index is not)
            var health = CliRunner.run("health", "--db", l.url(), "--format", "json");
            List<String> healthFindings = subjects(Json.MAPPER.readTree(health.out()).get("findings"));
            assertThat(healthFindings).as(health.out()).contains("missing-primary-key audit_log",
                    "fk-without-index journal_entries(counter_account_id)", "unused-index customers_name_idx",
                    "unused-index audit_log_logged_at_idx");
            assertThat(healthFindings).doesNotContain("unused-index journal_entries_account_idx");
            assertThat(healthFindings).noneMatch(f -> f.matches(".*(_2024_0|_p[0-3]|customers_(emea|amer|other)).*"));

            // the fixes, run statement by statement on a copy with the same rows
            copy = TestDatabases.create(DialectKind.POSTGRES, "rwfix");
            TestDatabases.exec(copy, l.sql());
            TestDatabases.exec(copy, PG_ROWS);
            // counter_account_id has two values, each in half the rows: the planner would not use the index, so
            // lint proposes none (the finding drops to INFO); the withdrawn DDL, the partitioned form, still runs
            JsonNode fk = null;
            for (JsonNode f : findings) {
                if (f.get("id").asText().equals("fk-without-index")) {
                    fk = f;
                }
            }
            assertThat(fk).isNotNull();
            assertThat(fk.get("severity").asText()).isEqualTo("info");
            assertThat(fk.get("evidence").get("indexUsed").asBoolean()).isFalse();
            assertThat(fk.get("evidence").get("checkedStatement").asText())
                    .matches("SELECT \\* FROM journal_entries WHERE counter_account_id = [12]");
            assertThat(fk.get("fix").asText()).startsWith("-- no index proposed").doesNotContain("CREATE INDEX");
            for (JsonNode f : findings) {
                TestDatabases.exec(copy, f.get("evidence").has("rejectedFix")
                        ? f.get("evidence").get("rejectedFix").asText() : f.get("fix").asText());
            }
            // the parent's index is valid only once every leaf partition's index is attached
            assertThat(RealWorldCorpus.count(copy, "SELECT count(*) FROM pg_index i JOIN pg_class c"
                    + " ON c.oid = i.indexrelid WHERE c.relname = 'idx_journal_entries_counter_account_id'"
                    + " AND i.indisvalid")).isEqualTo(1);
            assertThat(RealWorldCorpus.count(copy, "SELECT count(*) FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid"
                    + " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0]"
                    + " WHERE t.relname LIKE 'journal_entries%' AND a.attname = 'counter_account_id'"
                    + " AND i.indnatts = 1")).isEqualTo(9); // parent, 2 sub-partitioned months, 6 leaves
            assertThat(RealWorldCorpus.count(copy, "SELECT count(DISTINCT id) FROM audit_log")).isEqualTo(25);
            assertThat(RealWorldCorpus.count(copy, "SELECT count(*) FROM pg_constraint WHERE contype = 'p'"
                    + " AND conrelid = 'audit_log'::regclass AND array_length(conkey, 1) = 2")).isEqualTo(1);
            assertThat(subjects(lint(RealWorldCorpus.cliUrl(copy)))).isEmpty();
        } finally {
            TestDatabases.drop(l.db());
            if (copy != null) {
                TestDatabases.drop(copy);
            }
        }
    }

    @Test
    void postgresPartitionChanges(@TempDir Path tmp) throws Exception {
        String sql = RealWorldCorpus.resource("pg_ledger.sql");
        DbUrl db = TestDatabases.create(DialectKind.POSTGRES, "rwchg");
        try {
            TestDatabases.exec(db, sql);
            TestDatabases.exec(db, PG_ROWS);
            String dev = RealWorldCorpus.devServer(DialectKind.POSTGRES);
            // March dropped, June added (after the rows the DEFAULT partition holds, which go up to May)
            Path changed = Files.writeString(tmp.resolve("ledger2.sql"), sql
                    .replace("CREATE TABLE journal_entries_2024_03 PARTITION OF journal_entries\n"
                            + "    FOR VALUES FROM ('2024-03-01') TO ('2024-04-01');\n", "")
                    + "\nCREATE TABLE journal_entries_2024_06 PARTITION OF journal_entries"
                    + " FOR VALUES FROM ('2024-06-01') TO ('2024-07-01');\n");
            var safe = CliRunner.run("diff", "--from", RealWorldCorpus.cliUrl(db), "--to", changed.toString(),
                    "--dev-db", dev);
            assertThat(safe.exit()).as(safe.err()).isEqualTo(1);
            assertThat(safe.out()).contains("-- DESTRUCTIVE drop-partition journal_entries partition"
                            + " journal_entries_2024_03: loses all rows of partition journal_entries_2024_03 of"
                            + " journal_entries")
                    .contains("-- ALTER TABLE journal_entries DETACH PARTITION journal_entries_2024_03;\n"
                            + "-- DROP TABLE journal_entries_2024_03;")
                    .contains("\nCREATE TABLE journal_entries_2024_06 PARTITION OF journal_entries FOR VALUES FROM"
                            + " ('2024-06-01') TO ('2024-07-01');");
            var all = CliRunner.run("diff", "--from", RealWorldCorpus.cliUrl(db), "--to", changed.toString(),
                    "--dev-db", dev, "--allow-destructive");
            long march = RealWorldCorpus.count(db, "SELECT count(*) FROM journal_entries_2024_03");
            long before = RealWorldCorpus.count(db, "SELECT count(*) FROM journal_entries");
            assertThat(march).isPositive();
            // the month is archived first: DETACH refuses while attachments still reference its entries
            TestDatabases.exec(db, "DELETE FROM entry_attachments WHERE entry_date >= '2024-03-01'"
                    + " AND entry_date < '2024-04-01'");
            TestDatabases.exec(db, all.out());
            assertThat(RealWorldCorpus.count(db, "SELECT count(*) FROM journal_entries")).isEqualTo(before - march);
            RealWorldCorpus.assertNoDifferences(RealWorldCorpus.cliUrl(db), changed, dev);

            // another partition key: a note, and no statement touches the table
            Path rekeyed = Files.writeString(tmp.resolve("ledger3.sql"), Files.readString(changed)
                    .replace("PARTITION BY HASH (audit_id)", "PARTITION BY HASH (actor)"));
            var note = CliRunner.run("diff", "--from", RealWorldCorpus.cliUrl(db), "--to", rekeyed.toString(),
                    "--dev-db", dev, "--allow-destructive");
            assertThat(note.exit()).as(note.err()).isEqualTo(1);
            assertThat(note.out()).contains("-- repartition-table audit_log (DESTRUCTIVE: loses nothing, no SQL is"
                    + " written: the partitioning of audit_log changes from HASH (audit_id) to HASH (actor), which"
                    + " needs a rebuild");
            assertThat(note.out().lines().filter(x -> !x.startsWith("--") && x.contains("audit_log"))).isEmpty();
        } finally {
            TestDatabases.drop(db);
        }
    }

    @Test
    void mariadbSales(@TempDir Path tmp) throws Exception {
        RealWorldCorpus.Loaded l = RealWorldCorpus.roundTrip(DialectKind.MYSQL, "mariadb_sales.sql", tmp);
        DbUrl copy = null;
        try {
            TestDatabases.exec(l.db(), MARIADB_ROWS);
            JsonNode tables = inspect(l.url());
            JsonNode sale = table(tables, "sale");
            assertThat(sale.get("partitionKey").asText()).isEqualTo("RANGE (year(`sold_on`))");
            assertThat(names(sale.get("partitions"))).containsExactly("p2022", "p2023", "p2024", "pmax");
            assertThat(sale.get("partitions").get(0).get("bound").asText()).isEqualTo("VALUES LESS THAN (2023)");
            assertThat(sale.get("partitions").get(3).get("bound").asText()).isEqualTo("VALUES LESS THAN MAXVALUE");
            assertThat(sale.get("partitions").get(1).get("subpartitionKey").asText()).isEqualTo("HASH (`sale_id`)");
            assertThat(names(sale.get("partitions").get(1).get("subpartitions")))
                    .containsExactly("p2023sp0", "p2023sp1");
            JsonNode shipment = table(tables, "shipment");
            assertThat(shipment.get("partitionKey").asText()).isEqualTo("LIST (`region_id`)");
            List<String> bounds = new ArrayList<>();
            shipment.get("partitions").forEach(p -> bounds.add(p.get("name").asText() + " " + p.get("bound").asText()));
            assertThat(bounds).containsExactly("p_north VALUES IN (1,2,3)", "p_south VALUES IN (4,5)", "p_rest DEFAULT");
            JsonNode clicks = table(tables, "click_log");
            assertThat(clicks.get("partitionKey").asText()).isEqualTo("KEY (`click_id`)");
            assertThat(names(clicks.get("partitions"))).containsExactly("p0", "p1", "p2", "p3");
            assertThat(clicks.get("partitions").get(0).has("bound")).isFalse();
            var text = CliRunner.run("inspect", "--db", l.url());
            assertThat(text.out()).contains("partitioned by RANGE (year(`sold_on`)), 4 partitions")
                    .contains("  p2022       VALUES LESS THAN (2023), sub-partitioned by HASH (`sale_id`)")
                    .contains("    p2022sp0 ");

            assertBackupCounts(l, tmp, List.of("region", "store", "product", "sale", "shipment", "click_log",
                    "stock_snapshot", "sale_note"), List.of("p2022", "sale#P#p2022"));

            JsonNode findings = lint(l.url());
            assertThat(subjects(findings)).containsExactly("missing-primary-key " + l.db().database()
                    + ".stock_snapshot");
            copy = TestDatabases.create(DialectKind.MYSQL, "rwfix");
            TestDatabases.exec(copy, l.sql());
            TestDatabases.exec(copy, MARIADB_ROWS);
            TestDatabases.exec(copy, findings.get(0).get("fix").asText());
            assertThat(RealWorldCorpus.count(copy, "SELECT GROUP_CONCAT(COLUMN_NAME ORDER BY ORDINAL_POSITION"
                    + " SEPARATOR '') = 'idtaken_on' FROM information_schema.KEY_COLUMN_USAGE"
                    + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'stock_snapshot'"
                    + " AND CONSTRAINT_NAME = 'PRIMARY'")).isEqualTo(1);
            assertThat(RealWorldCorpus.count(copy, "SELECT count(DISTINCT id) FROM stock_snapshot")).isEqualTo(70);
            assertThat(subjects(lint(RealWorldCorpus.cliUrl(copy)))).isEmpty();
        } finally {
            TestDatabases.drop(l.db());
            if (copy != null) {
                TestDatabases.drop(copy);
            }
        }
    }

    @Test
    void mariadbPartitionChanges(@TempDir Path tmp) throws Exception {
        String sql = RealWorldCorpus.resource("mariadb_sales.sql");
        DbUrl db = TestDatabases.create(DialectKind.MYSQL, "rwchg");
        try {
            TestDatabases.exec(db, sql);
            TestDatabases.exec(db, MARIADB_ROWS);
            String dev = RealWorldCorpus.devServer(DialectKind.MYSQL);
            Path changed = Files.writeString(tmp.resolve("sales2.sql"), sql
                    .replace("    PARTITION p2022 VALUES LESS THAN (2023),\n", "")
                    .replace("    PARTITION p_south VALUES IN (4, 5),\n",
                            "    PARTITION p_south VALUES IN (4, 5),\n    PARTITION p_east VALUES IN (6),\n")
                    .replace("PARTITIONS 4;", "PARTITIONS 5;"));
            var all = CliRunner.run("diff", "--from", RealWorldCorpus.cliUrl(db), "--to", changed.toString(),
                    "--dev-db", dev, "--allow-destructive");
            assertThat(all.exit()).as(all.err()).isEqualTo(1);
            assertThat(all.out()).contains("-- drop-partition sale partition p2022 (DESTRUCTIVE: loses all rows of"
                            + " partition p2022 of sale)\nALTER TABLE sale DROP PARTITION p2022;")
                    .contains("ALTER TABLE shipment ADD PARTITION (PARTITION p_east VALUES IN (6));")
                    .contains("ALTER TABLE click_log ADD PARTITION (PARTITION p4);");
            long old = RealWorldCorpus.count(db, "SELECT count(*) FROM sale WHERE YEAR(sold_on) < 2023");
            long before = RealWorldCorpus.count(db, "SELECT count(*) FROM sale");
            long clicks = RealWorldCorpus.count(db, "SELECT count(*) FROM click_log");
            assertThat(old).isPositive();
            TestDatabases.exec(db, all.out());
            assertThat(RealWorldCorpus.count(db, "SELECT count(*) FROM sale")).isEqualTo(before - old);
            assertThat(RealWorldCorpus.count(db, "SELECT count(*) FROM click_log")).isEqualTo(clicks);
            RealWorldCorpus.assertNoDifferences(RealWorldCorpus.cliUrl(db), changed, dev);

            Path rekeyed = Files.writeString(tmp.resolve("sales3.sql"), Files.readString(changed)
                    .replace("PARTITION BY KEY (click_id) PARTITIONS 5", "PARTITION BY HASH (click_id) PARTITIONS 5"));
            var note = CliRunner.run("diff", "--from", RealWorldCorpus.cliUrl(db), "--to", rekeyed.toString(),
                    "--dev-db", dev, "--allow-destructive");
            assertThat(note.exit()).as(note.err()).isEqualTo(1);
            assertThat(note.out()).contains("the partitioning of click_log changes from KEY (`click_id`) to"
                    + " HASH (`click_id`), which needs a rebuild");
            assertThat(note.out().lines().filter(x -> !x.startsWith("--") && x.contains("click_log"))).isEmpty();
        } finally {
            TestDatabases.drop(db);
        }
    }

    /**
     * {@code advise --from-stats} on the ledger: statement texts with {@code $n} parameters from pg_stat_statements,
     * one reading a partition directly and one with a subquery in FROM; the index for the partitioned parent is
     * created without CONCURRENTLY (refused there) and {@code --apply} builds it on every partition.
     */
    @Test
    void postgresAdviceFromStats() throws Exception {
        try (PrivateServer pg = PrivateServer.postgres("shared_preload_libraries=pg_stat_statements")) {
            TestDatabases.exec(pg.server(), "CREATE DATABASE ledger");
            DbUrl db = pg.server().withDatabase("ledger");
            TestDatabases.exec(db, "CREATE EXTENSION pg_stat_statements");
            TestDatabases.exec(db, RealWorldCorpus.resource("pg_ledger.sql"));
            TestDatabases.exec(db, PG_ROWS.replace("generate_series(1, 300)", "generate_series(1, 20000)"));
            TestDatabases.exec(db, "SELECT pg_stat_statements_reset()");
            try (var s = TestDatabases.writable(db)) {
                for (int i = 1; i <= 20; i++) {
                    try (var ps = s.connection().prepareStatement(
                            "SELECT entry_id, amount FROM journal_entries WHERE memo = ? AND entry_date >= ?")) {
                        ps.setString(1, "entry " + i);
                        ps.setObject(2, java.time.LocalDate.of(2024, 1, 1));
                        ps.executeQuery().close();
                    }
                    try (var ps = s.connection().prepareStatement("SELECT a.code, t.total FROM accounts a JOIN"
                            + " (SELECT account_id, sum(amount) AS total FROM journal_entries WHERE memo = ?"
                            + " GROUP BY account_id) t ON t.account_id = a.account_id")) {
                        ps.setString(1, "entry " + i);
                        ps.executeQuery().close();
                    }
                    try (var ps = s.connection().prepareStatement(
                            "SELECT count(*) FROM journal_entries_2024_03 WHERE memo = ?")) {
                        ps.setString(1, "entry " + i);
                        ps.executeQuery().close();
                    }
                }
            }
            String url = RealWorldCorpus.cliUrl(db);
            var r = CliRunner.run("advise", "--db", url, "--from-stats", "--format", "json");
            assertThat(r.exit()).as(r.err()).isZero();
            JsonNode advice = Json.MAPPER.readTree(r.out());
            List<String> ddl = new ArrayList<>();
            advice.get("recommendations").forEach(x -> ddl.add(x.get("table").asText() + ": " + x.get("ddl").asText()));
            assertThat(ddl).as(r.out()).anyMatch(x -> x.startsWith("journal_entries: CREATE INDEX ")
                    && x.contains(" ON journal_entries (memo") && !x.contains("CONCURRENTLY"));
            var applied = CliRunner.run("advise", "--db", url, "--from-stats", "--apply", "--yes");
            assertThat(applied.exit()).as(applied.err() + applied.out()).isZero();
            // the parent's index and one on each of the 6 leaf partitions and the 2 sub-partitioned months
            assertThat(RealWorldCorpus.count(db, "SELECT count(*) FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid"
                    + " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0]"
                    + " WHERE t.relname LIKE 'journal_entries%' AND a.attname = 'memo' AND i.indisvalid"))
                    .isGreaterThanOrEqualTo(9);
            assertThat(RealWorldCorpus.count(db, "SELECT count(*) FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid"
                    + " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0]"
                    + " WHERE t.relname = 'journal_entries' AND a.attname = 'memo' AND i.indisvalid")).isEqualTo(1);
        }
    }

    /** {@code backup create}: each table's row count is its {@code count(*)}, and partitions have no entry. */
    private static void assertBackupCounts(RealWorldCorpus.Loaded l, Path tmp, List<String> tables,
                                           List<String> partitions) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("backups"));
        var r = CliRunner.run("backup", "create", "--db", l.url(), "--dir", dir.toString(), "--format", "json");
        assertThat(r.exit()).as(r.err() + r.out()).isZero();
        BackupManifest m = BackupManifest.read(Path.of(Json.MAPPER.readTree(r.out()).get("folder").asText()));
        long total = 0;
        for (String t : tables) {
            long n = RealWorldCorpus.count(l.db(), "SELECT count(*) FROM " + t);
            total += n;
            assertThat(m.table(t)).as(t).get().satisfies(e -> assertThat(e.rows()).as(t).isEqualTo(n));
        }
        assertThat(m.totalRows()).isEqualTo(total);
        partitions.forEach(p -> assertThat(m.table(p)).as(p).isEmpty());
    }

    private static JsonNode inspect(String url) throws Exception {
        var r = CliRunner.run("inspect", "--db", url, "--format", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        return Json.MAPPER.readTree(r.out()).get("tables");
    }

    private static JsonNode lint(String url) throws Exception {
        var r = CliRunner.run("lint", "--db", url, "--format", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        return Json.MAPPER.readTree(r.out()).get("findings");
    }

    private static List<String> subjects(JsonNode findings) {
        List<String> out = new ArrayList<>();
        findings.forEach(f -> out.add(f.get("id").asText() + " " + f.get("subject").asText()));
        return out;
    }

    private static JsonNode table(JsonNode tables, String name) {
        for (JsonNode t : tables) {
            if (t.get("name").asText().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("no table " + name);
    }

    private static List<String> names(JsonNode partitions) {
        List<String> out = new ArrayList<>();
        partitions.forEach(p -> out.add(p.get("name").asText()));
        return out;
    }
}
