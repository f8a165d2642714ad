package io.dbagent.advisor;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Workloads of 10,000 statements: a query log and a workload file with the same statements are grouped by shape
 * (literals and IN-lists normalised) before costing, each shape weighted by how often it ran.
 */
class WorkloadGroupingTest {

    /** 10,000 statements of 7 shapes, literals and IN-list lengths varying; how many of each shape is known. */
    private static String generated(int[] counts) {
        Random r = new Random(42);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            int shape = r.nextInt(7);
            counts[shape]++;
            int v = r.nextInt(1_000_000);
            String sql = switch (shape) {
                case 0 -> "SELECT id, total FROM orders WHERE customer_id = " + v;
                case 1 -> "select id,total from orders where customer_id=" + v + " and status = 'st" + (v % 5) + "'";
                case 2 -> "SELECT * FROM users WHERE email = 'u" + v + "@example.org'";
                case 3 -> "SELECT id FROM orders WHERE id IN (" + inList(r) + ")";
                case 4 -> "UPDATE orders SET status = 'paid', total = " + (v / 100.0) + " WHERE id = " + v;
                case 5 -> "SELECT count(*) FROM orders WHERE created_at >= '2024-0" + (1 + v % 9) + "-01' AND total > -" + v;
                default -> "INSERT INTO events (kind, payload) VALUES ('k" + v + "', 'p'), ('k', 'q" + v + "')"
                        + (v % 2 == 0 ? ", ('x', 'y')" : "");
            };
            sb.append(sql).append('\n');
        }
        return sb.toString();
    }

    private static String inList(Random r) {
        int n = 1 + r.nextInt(40);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ", ").append(r.nextInt(100_000));
        }
        return sb.toString();
    }

    private static double weightOf(Workload w, String prefix) {
        return w.statements().stream().filter(s -> s.sql().startsWith(prefix)).findFirst().orElseThrow().weight();
    }

    @Test
    void tenThousandLoggedStatementsBecomeSevenWeightedShapes() {
        int[] counts = new int[7];
        String text = generated(counts);
        long t0 = System.nanoTime();
        QueryLog log = QueryLog.parse("app.log", text);
        Workload w = log.asWorkload().grouped();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(log.entries()).hasSize(10_000);
        assertThat(w.statements()).hasSize(7);
        assertThat(w.totalWeight()).isEqualTo(10_000.0);
        // the shapes in order of first appearance, each with its count as weight
        assertThat(weightOf(w, "SELECT id, total")).isEqualTo(counts[0]);
        assertThat(weightOf(w, "select id,total")).isEqualTo(counts[1]);
        assertThat(weightOf(w, "SELECT * FROM users")).isEqualTo(counts[2]);
        assertThat(weightOf(w, "SELECT id FROM orders WHERE id IN")).isEqualTo(counts[3]);
        assertThat(weightOf(w, "UPDATE orders")).isEqualTo(counts[4]);
        assertThat(weightOf(w, "SELECT count(*)")).isEqualTo(counts[5]);
        assertThat(weightOf(w, "INSERT INTO events")).isEqualTo(counts[6]);
        // grouping must not be what makes a large log slow (generous: the shared build machine is slow)
        assertThat(ms).as("parse and group 10,000 statements").isLessThan(20_000);
    }

    @Test
    void aWorkloadFileIsGroupedTheSameWayKeepingTheFirstIdAndLineAndSummingWeights() {
        int[] counts = new int[7];
        String[] lines = generated(counts).split("\n");
        StringBuilder file = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            file.append(i == 3 ? "-- weight: 2.5\n" : "").append(lines[i]).append(";\n");
        }
        Workload parsed = Workload.parse("w.sql", file.toString());
        assertThat(parsed.statements()).hasSize(10_000);
        Workload g = parsed.grouped();
        assertThat(g.statements()).hasSize(7);
        assertThat(g.totalWeight()).isEqualTo(10_000 + 1.5);
        Map<String, Workload.Statement> byId = g.statements().stream()
                .collect(Collectors.toMap(Workload.Statement::id, Function.identity()));
        assertThat(byId).containsKey("q1");
        assertThat(byId.get("q1").line()).isEqualTo(1);
        assertThat(byId.get("q1").sql()).isEqualTo(parsed.statements().get(0).sql());
        // a workload without repeated shapes is returned as it is
        Workload distinct = Workload.parse("d.sql", "SELECT 1 FROM a WHERE x = 1;\nSELECT 1 FROM b WHERE x = 1;");
        assertThat(distinct.grouped()).isSameAs(distinct);
    }
}
