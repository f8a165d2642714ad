package io.dbagent.diff;

import io.dbagent.cli.CliRunner;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.testsupport.RealWorldCorpus;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A renamed table and a renamed column on each engine: without hints the diff names the possible renames (and keeps
 * the drops as comments); with {@code --rename} the script renames, keeps every row (counted on a separate
 * connection) and applies the other changes, after which nothing is left to diff.
 */
class RenameDiffIT {

    @TempDir
    Path tmp;

    private static String schema(DialectKind kind, String customers, String note, boolean qty) {
        String id = switch (kind) {
            case POSTGRES -> "id serial PRIMARY KEY";
            case MYSQL -> "id int AUTO_INCREMENT PRIMARY KEY";
            default -> "id INTEGER PRIMARY KEY";
        };
        String money = kind == DialectKind.SQLITE ? "NUMERIC" : "decimal(10,2)";
        return "CREATE TABLE " + customers + " (" + id + ", name varchar(100) NOT NULL);\n"
                + "CREATE TABLE orders (" + id + ", customer_id int NOT NULL REFERENCES " + customers + " (id), "
                + note + " varchar(200), total " + money + " NOT NULL" + (qty ? ", qty int" : "") + ");\n"
                + "CREATE INDEX orders_" + note + "_idx ON orders (" + note + ");\n"
                + "CREATE VIEW big_orders AS SELECT id, " + note + " FROM orders WHERE total > 10;\n";
    }

    private static List<String> diff(DbUrl db, Path file, DialectKind kind, String... extra) {
        List<String> a = new ArrayList<>(List.of("diff", "--from", RealWorldCorpus.cliUrl(db), "--to",
                file.toString()));
        String dev = RealWorldCorpus.devServer(kind);
        if (dev != null) {
            a.addAll(List.of("--dev-db", dev));
        }
        a.addAll(List.of(extra));
        return a;
    }

    @org.junit.jupiter.api.Test
    void migrateGenerateRenamesWithTheHintAndNamesThePossibleRenameWithout() throws Exception {
        DbUrl db = TestDatabases.create(DialectKind.SQLITE, "reng");
        try {
            TestDatabases.exec(db, schema(DialectKind.SQLITE, "customers", "note", false)
                    + "INSERT INTO customers (name) VALUES ('ann');\n"
                    + "INSERT INTO orders (customer_id, note, total) VALUES (1, 'a', 5);\n");
            Path target = Files.writeString(tmp.resolve("target.sql"), schema(DialectKind.SQLITE, "customers",
                    "remark", false));
            var plain = CliRunner.run("migrate", "generate", "plain", "--db", RealWorldCorpus.cliUrl(db), "--to",
                    target.toString(), "--dir", tmp.resolve("m1").toString());
            assertThat(plain.out()).as(plain.out() + plain.err())
                    .contains("possible rename: column orders.note -> orders.remark; if so, rerun with "
                            + "--rename orders.note=remark");
            var hinted = CliRunner.run("migrate", "generate", "renamed", "--db", RealWorldCorpus.cliUrl(db), "--to",
                    target.toString(), "--dir", tmp.resolve("m2").toString(), "--rename", "orders.note=remark");
            assertThat(hinted.exit()).as(hinted.out() + hinted.err()).isZero();
            try (var files = Files.list(tmp.resolve("m2"))) {
                String up = Files.readString(files.filter(f -> f.getFileName().toString().startsWith("V"))
                        .findFirst().orElseThrow());
                assertThat(up).contains("ALTER TABLE orders RENAME COLUMN note TO remark")
                        .doesNotContain("DESTRUCTIVE");
            }
        } finally {
            TestDatabases.drop(db);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DialectKind.class, names = {"POSTGRES", "MYSQL", "SQLITE"})
    void aHintedRenameKeepsEveryRowAndTheRediffIsEmpty(DialectKind kind) throws Exception {
        DbUrl db = TestDatabases.create(kind, "ren");
        try {
            TestDatabases.exec(db, schema(kind, "customers", "note", false)
                    + "INSERT INTO customers (name) VALUES ('ann'), ('bob'), ('cy');\n"
                    + "INSERT INTO orders (customer_id, note, total) VALUES (1, 'a', 5), (1, 'b', 50), (2, 'c', 12),"
                    + " (3, 'd', 7), (3, 'e', 99);\n");
            Path target = Files.writeString(tmp.resolve("target.sql"), schema(kind, "clients", "remark", true));

            var plain = CliRunner.run(diff(db, target, kind).toArray(String[]::new));
            assertThat(plain.exit()).as(plain.out() + plain.err()).isEqualTo(1);
            assertThat(plain.out()).contains("POSSIBLE RENAME: column orders.note -> orders.remark",
                    "--rename orders.note=remark", "POSSIBLE RENAME: table customers -> clients",
                    "--rename customers=clients", "-- DESTRUCTIVE drop-table customers",
                    kind == DialectKind.SQLITE ? "-- DESTRUCTIVE rebuild-table orders: loses the values of column(s) note"
                            : "-- DESTRUCTIVE drop-column orders.note");
            var json = CliRunner.run(diff(db, target, kind, "--format", "json").toArray(String[]::new));
            assertThat(json.out().replace(" ", "")).contains("\"possibleRenames\":[",
                    "\"flag\":\"--renameorders.note=remark\"");

            var bad = CliRunner.run(diff(db, target, kind, "--rename", "orders.nope=remark").toArray(String[]::new));
            assertThat(bad.exit()).isEqualTo(2);
            assertThat(bad.err().strip()).doesNotContain("\n").contains("has no column nope");
            var badNew = CliRunner.run(diff(db, target, kind, "--rename", "customers=buyers").toArray(String[]::new));
            assertThat(badNew.exit()).isEqualTo(2);
            assertThat(badNew.err()).contains("the to-side has no table buyers");

            var hinted = CliRunner.run(diff(db, target, kind, "--rename", "customers=clients", "--rename",
                    "orders.note=remark").toArray(String[]::new));
            assertThat(hinted.exit()).as(hinted.out() + hinted.err()).isEqualTo(1);
            assertThat(hinted.out()).contains("-- rename-table customers -> clients",
                    "-- rename-column orders.note -> remark", "-- add-column orders.qty")
                    .doesNotContain("DESTRUCTIVE", "POSSIBLE RENAME");
            TestDatabases.exec(db, hinted.out());

            assertThat(RealWorldCorpus.count(db, "SELECT count(*) FROM clients")).isEqualTo(3);
            assertThat(RealWorldCorpus.count(db, "SELECT count(*) FROM orders")).isEqualTo(5);
            assertThat(RealWorldCorpus.count(db, "SELECT count(*) FROM orders WHERE remark IS NOT NULL")).isEqualTo(5);
            assertThat(RealWorldCorpus.count(db, "SELECT count(*) FROM big_orders")).isEqualTo(3);
            assertThat(RealWorldCorpus.count(db, "SELECT count(*) FROM orders o JOIN clients c ON c.id = o.customer_id"))
                    .isEqualTo(5);
            RealWorldCorpus.assertNoDifferences(RealWorldCorpus.cliUrl(db), target, RealWorldCorpus.devServer(kind));
        } finally {
            TestDatabases.drop(db);
        }
    }
}
