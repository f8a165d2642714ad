package io.dbagent.integrity;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.cli.CliRunner;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Finding;
import io.dbagent.report.Json;
import io.dbagent.report.Report;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Constraint inference on all three engines: the proposals with their preflight counts and orphan keys, and that
 * the offered DDL, once the listed rows are fixed, adds the constraint so the proposal disappears.
 */
class ConstraintInferenceIT {

    private static String schema(DialectKind d) {
        String key = d == DialectKind.MYSQL ? "INT PRIMARY KEY" : "INTEGER PRIMARY KEY";
        String ref = d == DialectKind.MYSQL ? "INT" : "INTEGER";
        StringBuilder sb = new StringBuilder("""
                CREATE TABLE customers (id %1$s, email VARCHAR(100), code VARCHAR(20), status VARCHAR(10) NOT NULL,
                  age %2$s, note VARCHAR(50), balance %2$s);
                CREATE TABLE orders (id %1$s, customer_id %2$s, total DECIMAL(10,2) NOT NULL, channel VARCHAR(10) NOT NULL);
                """.formatted(key, ref));
        List<String> rows = new ArrayList<>();
        for (int i = 1; i <= 120; i++) {
            rows.add("(" + i + ", 'c" + i + "@x.io', " + (i == 7 ? "NULL" : "'C" + i + "'") + ", '"
                    + (i % 3 == 0 ? "blocked" : "active") + "', " + (i % 90 + 1) + ", " + (i % 2 == 0 ? "NULL" : "'n'")
                    + ", " + (i - 60) + ")");
        }
        sb.append("INSERT INTO customers VALUES ").append(String.join(", ", rows)).append(";\n");
        rows.clear();
        for (int i = 1; i <= 200; i++) {
            rows.add("(" + i + ", " + (i == 200 ? 999 : i % 120 + 1) + ", " + (i * 3 % 50) + ".25, '"
                    + (i % 2 == 0 ? "web" : "app") + "')");
        }
        sb.append("INSERT INTO orders VALUES ").append(String.join(", ", rows)).append(";\n");
        return sb.toString();
    }

    private static Report<Void> infer(DbUrl url) {
        try (DbSession s = ConnectionFactory.open(url)) {
            return ConstraintInference.infer(s, null);
        }
    }

    private static Set<String> ids(Report<Void> r) {
        return r.findings().stream().map(f -> f.id() + " " + f.subject() + " " + f.severity().id())
                .collect(Collectors.toSet());
    }

    private static Finding find(Report<Void> r, String id, String subject) {
        return r.findings().stream().filter(f -> f.id().equals(id) && f.subject().equals(subject)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + id + " " + subject + " in " + ids(r)));
    }

    @ParameterizedTest
    @EnumSource(DialectKind.class)
    void proposesWhatTheDataSatisfiesAndTheFixesWork(DialectKind d) throws Exception {
        DbUrl url = TestDatabases.create(d, "constraints");
        try {
            TestDatabases.exec(url, schema(d));
            Report<Void> r = infer(url);
            assertThat(ids(r)).contains(
                    "candidate-not-null customers.email info",
                    "candidate-unique customers.email info",
                    "candidate-not-null customers.code warn",
                    "candidate-unique customers.code info",
                    "candidate-check customers.status info",
                    "candidate-check customers.age info",
                    "candidate-foreign-key orders.customer_id warn",
                    "candidate-check orders.total info",
                    "candidate-check orders.channel info");
            assertThat(ids(r)).doesNotContain("candidate-not-null customers.note info", "candidate-check customers.balance info",
                    "candidate-unique customers.status info", "candidate-check customers.note info");
            Finding fk = find(r, "candidate-foreign-key", "orders.customer_id");
            assertThat(fk.evidence()).containsEntry("violatingRows", 1L).containsEntry("violatingKeys", List.of("200"))
                    .containsEntry("refTable", "customers");
            assertThat(fk.message()).contains("1 of its 200 rows point to no customers row (id 200)");
            Finding code = find(r, "candidate-not-null", "customers.code");
            assertThat(code.evidence()).containsEntry("violatingRows", 1L).containsEntry("violatingKeys", List.of("7"));
            assertThat(find(r, "candidate-check", "customers.status").fix()).contains("'active', 'blocked'");
            if (d == DialectKind.POSTGRES) {
                assertThat(fk.fix()).contains("NOT VALID", "VALIDATE CONSTRAINT");
                assertThat(find(r, "candidate-unique", "customers.email").fix()).startsWith("CREATE UNIQUE INDEX CONCURRENTLY");
            }

            // fix the listed rows, paste the fixes, look again
            TestDatabases.exec(url, "DELETE FROM orders WHERE id = 200; UPDATE customers SET code = 'C0' WHERE id = 7;");
            List<Finding> applied = new ArrayList<>();
            for (Finding f : r.findings()) {
                boolean executable = d != DialectKind.SQLITE || f.id().equals("candidate-unique");
                if (executable && Set.of("customers.email", "customers.code", "customers.status", "orders.customer_id",
                        "orders.total").contains(f.subject())) {
                    TestDatabases.exec(url, f.fix());
                    applied.add(f);
                }
            }
            Set<String> after = ids(infer(url)).stream().map(s -> s.substring(0, s.lastIndexOf(' ')))
                    .collect(Collectors.toSet());
            for (Finding f : applied) {
                assertThat(after).as("gone after its fix: " + f.id() + " " + f.subject())
                        .doesNotContain(f.id() + " " + f.subject());
            }
            assertThat(applied).hasSizeGreaterThanOrEqualTo(d == DialectKind.SQLITE ? 2 : 7);

            var cli = CliRunner.run("constraints", "--db", d == DialectKind.SQLITE ? url.database()
                    : url.jdbcUrl() + "?user=" + url.user(), "--table", "orders", "--format", "json", "--fail-on", "info");
            assertThat(cli.exit()).as(cli.err()).isEqualTo(1);
            JsonNode j = Json.MAPPER.readTree(cli.out());
            assertThat(j.get("command").asText()).isEqualTo("constraints");
            j.get("findings").forEach(f -> assertThat(f.get("subject").asText()).startsWith("orders."));
        } finally {
            TestDatabases.drop(url);
        }
    }
}
