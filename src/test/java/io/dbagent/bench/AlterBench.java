package io.dbagent.bench;

import io.dbagent.diff.Change;
import io.dbagent.diff.ChangeWriter;
import io.dbagent.diff.DiffPlan;
import io.dbagent.diff.TableRef;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Column;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Two column changes that each rewrite a PostgreSQL table ({@code integer → bigint} on two columns, plus a new
 * {@code NOT NULL} on one of them) applied to a table of ROWS rows (default 2,000,000): once as the diff writes them
 * now, one combined {@code ALTER TABLE} (one rewrite), and once as one {@code ALTER TABLE} per statement (a rewrite
 * per type change). Both come from the real change writer. Each run builds two identical tables, then times the two
 * forms, alternating which goes first. Prints one Markdown row per run and the median ratio.
 *
 *   run by bench/alter.sh; args: JDBC_URL [ROWS] [RUNS]
 */
public class AlterBench {

    public static void main(String[] args) throws SQLException {
        String url = args[0];
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 2_000_000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<Double> ratios = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            for (int run = 1; run <= runs; run++) {
                for (String t : List.of("bench_alter_split", "bench_alter_combined")) {
                    st.execute("DROP TABLE IF EXISTS " + t);
                    st.execute("CREATE TABLE " + t + " (id integer PRIMARY KEY, qty integer, n integer, note text)");
                    st.execute("INSERT INTO " + t + " SELECT i, i % 1000, i % 7, 'row ' || i FROM generate_series(1, "
                            + rows + ") AS i");
                    st.execute("VACUUM ANALYZE " + t);
                }
                List<String> split = statements("bench_alter_split", false);
                List<String> combined = statements("bench_alter_combined", true);
                if (combined.size() != 1) {
                    throw new IllegalStateException("expected one combined statement, got " + combined);
                }
                long splitMs;
                long combinedMs;
                if (run % 2 == 1) {
                    splitMs = time(st, split);
                    combinedMs = time(st, combined);
                } else {
                    combinedMs = time(st, combined);
                    splitMs = time(st, split);
                }
                double ratio = (double) splitMs / combinedMs;
                ratios.add(ratio);
                System.out.printf("| %d | %,d | %d | %d | %d | %.2f |%n", run, rows, split.size(), splitMs, combinedMs,
                        ratio);
            }
            st.execute("DROP TABLE IF EXISTS bench_alter_split");
            st.execute("DROP TABLE IF EXISTS bench_alter_combined");
        }
        ratios.sort(Double::compare);
        System.out.printf("%nmedian ratio (per-statement / combined): %.2f%n", ratios.get(ratios.size() / 2));
    }

    /** The statements of the change: the plan's (combined) or each change's own, one ALTER per action. */
    private static List<String> statements(String table, boolean combined) {
        TableRef ref = new TableRef("public", table);
        List<Change> changes = List.of(
                new Change.AlterColumn(ref, Column.of("qty", "integer", true, null), Column.of("qty", "bigint", false, null)),
                new Change.AlterColumn(ref, Column.of("n", "integer", true, null), Column.of("n", "bigint", true, null)));
        if (combined) {
            // the plan's statements without its lock_timeout prologue, which the other form does not run either
            return new DiffPlan(DialectKind.POSTGRES, changes).statements().stream()
                    .filter(s -> s.startsWith("ALTER TABLE")).toList();
        }
        ChangeWriter w = ChangeWriter.of(DialectKind.POSTGRES);
        List<String> out = new ArrayList<>();
        changes.forEach(ch -> out.addAll(w.write(ch)));
        return out;
    }

    private static long time(Statement st, List<String> statements) throws SQLException {
        long t0 = System.nanoTime();
        for (String s : statements) {
            st.execute(s);
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
