package io.dbagent.migrate;

import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Finding;
import io.dbagent.report.Report;
import io.dbagent.sql.ScriptSplitter;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code migrate lint}: judges each statement of each migration for what it does to a live database (locks held
 * while a table is scanned or rewritten, statements that fail on a table with rows) and for what breaks running
 * applications. With a database, blocking findings scale with the table's row count; tables the migration (or an
 * earlier one in the run) creates are new and empty, so blocking rules skip them.
 */
public final class MigrationLinter {

    /** One file to lint: its name, its text, and whether it has a down file (null: not asked). */
    public record Input(String script, String sql, Boolean hasDown) {
    }

    private MigrationLinter() {
    }

    public static List<Input> inputs(List<Migration> migrations) {
        return migrations.stream().map(m -> new Input(m.up().script(), m.up().sql(), m.down() != null)).toList();
    }

    public static Report<Void> lint(List<Input> files, DialectKind d, TableSizes sizes, String target, String product,
                              Map<String, String> skipped) {
        List<Finding> findings = new ArrayList<>();
        Set<String> created = new HashSet<>();
        int statements = 0;
        for (Input f : files) {
            if (Boolean.FALSE.equals(f.hasDown())) {
                findings.add(Finding.builder("missing-down-migration", io.dbagent.report.Severity.WARN)
                        .subject(f.script())
                        .message(f.script() + " has no down migration: 'migrate down' cannot revert it and "
                                + "'migrate test' cannot check the round trip")
                        .fix("write " + f.script().replaceFirst("^V", "U") + " undoing it statement by statement "
                                + "in reverse order, or generate both with: dbagent migrate generate NAME --db URL --to SCHEMA")
                        .evidence("file", f.script()).build());
            }
            List<ScriptSplitter.Statement> stmts = ScriptSplitter.splitWithLines(f.sql());
            statements += stmts.size();
            mixedTransactional(d, f, stmts).ifPresent(findings::add);
            LintRules rules = new LintRules(io.dbagent.dialect.Dialects.of(d).migrationLintRules(), sizes, f.script(),
                    created, Transactions.fileIsTransactional(d, f.sql(), stmts));
            for (Operation op : SqlOperations.read(f.sql())) {
                findings.addAll(rules.check(op));
                if (op.kind() == Operation.Kind.CREATE_TABLE && op.table() != null) {
                    created.add(op.table().toLowerCase(Locale.ROOT));
                }
            }
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("files", files.size());
        metrics.put("statements", statements);
        return new Report<>("migrate lint", target, product, findings, skipped, metrics);
    }

    /**
     * A statement that cannot run in a transaction makes the runner run the whole file outside one: the other
     * statements lose their all-or-nothing, and an explicit BEGIN around it fails outright.
     */
    private static java.util.Optional<Finding> mixedTransactional(DialectKind d, Input f,
                                                                   List<ScriptSplitter.Statement> stmts) {
        List<ScriptSplitter.Statement> refusing = stmts.stream()
                .filter(s -> Transactions.refusesTransaction(d, s.text())).toList();
        if (refusing.isEmpty() || stmts.size() == refusing.size()) {
            return java.util.Optional.empty();
        }
        boolean explicitTx = stmts.stream().anyMatch(s -> Transactions.stripLeadingComments(s.text())
                .toUpperCase(Locale.ROOT).matches("^(BEGIN|START\\s+TRANSACTION)\\b.*"));
        ScriptSplitter.Statement first = refusing.get(0);
        String what = Transactions.stripLeadingComments(first.text()).split("\\s+", 4).length > 2
                ? String.join(" ", java.util.Arrays.copyOf(Transactions.stripLeadingComments(first.text()).split("\\s+"), 3))
                : first.text();
        return java.util.Optional.of(Finding.builder("mixed-transactional",
                        explicitTx ? io.dbagent.report.Severity.CRITICAL : io.dbagent.report.Severity.WARN)
                .subject(f.script() + ":" + first.line())
                .message(f.script() + " line " + first.line() + ": " + what + " cannot run inside a transaction, and "
                        + "the file has " + (stmts.size() - refusing.size()) + " other statement(s)"
                        + (explicitTx ? " inside an explicit transaction block: the file fails"
                        : ": the runner runs the whole file outside a transaction, so a failure leaves it half-applied"))
                .fix("move the " + refusing.size() + " statement(s) that cannot run in a transaction into a migration "
                        + "file of their own: dbagent migrate new " + f.script().replaceFirst("^V[^_]*__", "")
                        .replaceFirst("\\.sql$", "") + "_concurrently")
                .evidence("file", f.script()).evidence("line", first.line())
                .evidence("nonTransactional", refusing.size()).build());
    }
}
