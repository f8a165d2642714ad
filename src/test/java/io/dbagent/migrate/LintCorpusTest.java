package io.dbagent.migrate;

import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Finding;
import io.dbagent.schema.Column;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lint acceptance on a corpus of 30 realistic PostgreSQL migrations ({@code src/test/resources/lint-corpus/postgres}):
 * 22 hazards, each file naming the rule that must catch it on its first line ({@code -- expect: rule-id}), and 8 safe
 * migrations ({@code -- expect: none}) that must draw no finding at all. Each file is linted on its own against live
 * facts for big tables (millions of rows), as {@code migrate lint --db} sees them.
 */
class LintCorpusTest {

    private static final Pattern EXPECT = Pattern.compile("^-- expect: (\\S+)");

    @Test
    void catchesEveryHazardWithoutFalsePositives() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(corpus())) {
            files = s.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
        }
        List<String> problems = new ArrayList<>();
        int hazards = 0;
        int safe = 0;
        for (Path f : files) {
            String sql = Files.readString(f);
            Matcher m = EXPECT.matcher(sql);
            assertThat(m.find()).as(f + " names its expected rule on the first line").isTrue();
            String expected = m.group(1);
            List<Finding> findings = MigrationLinter.lint(List.of(new MigrationLinter.Input(f.getFileName().toString(),
                    sql, true)), DialectKind.POSTGRES, facts(), "corpus", "PostgreSQL 15", Map.of()).findings();
            List<String> ids = findings.stream().map(Finding::id).toList();
            if (expected.equals("none")) {
                safe++;
                if (!findings.isEmpty()) {
                    problems.add(f.getFileName() + ": false positive " + findings.stream()
                            .map(x -> x.id() + " (" + x.message() + ")").toList());
                }
            } else {
                hazards++;
                if (!ids.contains(expected)) {
                    problems.add(f.getFileName() + ": missed " + expected + ", found " + ids);
                } else {
                    Finding hit = findings.get(ids.indexOf(expected));
                    if (hit.fix() == null || hit.fix().isBlank() || !hit.message().contains(f.getFileName().toString())) {
                        problems.add(f.getFileName() + ": " + expected + " lacks a fix or does not name the file");
                    }
                }
            }
        }
        assertThat(hazards).as("hazard files").isEqualTo(22);
        assertThat(safe).as("safe files").isEqualTo(8);
        assertThat(problems).as("corpus results").isEmpty();
    }

    /** The live tables the corpus migrations touch, sized like a busy shop. */
    static TableSizes facts() {
        Table customers = table("customers", 5_000_000, Column.of("id", "bigint", false, null),
                Column.of("email", "character varying(100)", false, null), Column.of("legacy_code", "text", true, null),
                Column.of("name", "text", true, null));
        Table orders = table("orders", 20_000_000, Column.of("id", "bigint", false, null),
                Column.of("customer_id", "bigint", true, null), Column.of("status", "text", true, null),
                Column.of("total", "numeric(10,2)", true, null), Column.of("quantity", "integer", true, null),
                Column.of("created_at", "timestamp with time zone", false, null));
        Table notes = table("customer_notes", 2_000_000, Column.of("id", "bigint", false, null));
        Table audit = table("order_audit", 3_000_000, Column.of("id", "bigint", false, null));
        return TableSizes.of(new Schema("postgres", "PostgreSQL", "15", "shop", List.of("public"),
                List.of(customers, orders, notes, audit), List.of(), List.of(), List.of(), List.of()));
    }

    private static Table table(String name, long rows, Column... columns) {
        return new Table("public", name, rows, -1, List.of(columns), List.of("id"), name + "_pkey", List.of(),
                List.of(), List.of(), List.of(), null);
    }

    private static Path corpus() throws URISyntaxException {
        return Path.of(LintCorpusTest.class.getResource("/lint-corpus/postgres").toURI());
    }
}
