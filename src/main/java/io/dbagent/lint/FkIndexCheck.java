package io.dbagent.lint;

import io.dbagent.dialect.DdlWriter;
import io.dbagent.dialect.Dialects;
import io.dbagent.explain.IndexFixCheck;
import io.dbagent.guard.GuardedSession;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Finding;
import io.dbagent.report.Severity;
import io.dbagent.schema.ForeignKey;
import io.dbagent.schema.Partition;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Checks the index a {@code fk-without-index} fix proposes with the engine's what-if method (the one explain uses,
 * {@link IndexFixCheck}) before lint or health shows it. The statement it is meant for is the lookup the key implies,
 * {@code SELECT * FROM child WHERE fk = value}: a join from the parent, and the referential check a delete or key
 * update of the parent row makes. The value is a real one (a child row's key, else a parent row's key), since a
 * value that matches nothing tells the planner little; a composite key uses all its columns. On a partitioned child
 * the statement reads the parent and the index is tried on its largest partition.
 * <p>
 * When the planner would not use the index (a child table of a few pages), the finding stays as INFO and proposes no
 * index: the fix says why, the withdrawn DDL is in {@code evidence.rejectedFix}. A fix that could not be checked is
 * kept and marked {@code -- not verified (why)}. At most {@link #MAX_CHECKS} fixes are checked per run (those of the
 * largest child tables), within
 * {@link #BUDGET} in all and {@link #PER_CHECK} each; a check that fails leaves the fix unverified, never fails lint.
 * The checks run on a read-only session of their own.
 */
public final class FkIndexCheck {

    static final int MAX_CHECKS = 20;
    static final Duration BUDGET = Duration.ofSeconds(15);
    static final Duration PER_CHECK = Duration.ofSeconds(5);
    static final String FINDING = "fk-without-index";

    private FkIndexCheck() {
    }

    /** The findings with each fk-without-index fix checked on the database behind {@code session}. */
    public static List<Finding> verify(List<Finding> findings, Schema schema, DbSession session, DbUrl devServer,
                                       List<String> notes) {
        if (session == null || findings.stream().noneMatch(f -> FINDING.equals(f.id()) && f.fix() != null)) {
            return findings;
        }
        DialectKind d = DialectKind.parse(schema.dialect());
        IndexFixCheck check = Dialects.of(d).indexFixCheck();
        List<Finding> out = new ArrayList<>();
        int withdrawn = 0;
        long deadline = System.nanoTime() + BUDGET.toNanos();
        List<Optional<Target>> targets = findings.stream().map(f -> FINDING.equals(f.id()) && f.fix() != null
                ? target(schema, f) : Optional.<Target>empty()).toList();
        // the checks go to the largest child tables first: where a missing index costs most
        java.util.Set<Integer> checked = new java.util.HashSet<>(java.util.stream.IntStream.range(0, findings.size())
                .filter(i -> targets.get(i).isPresent()).boxed()
                .sorted(Comparator.comparingLong((Integer i) -> -targets.get(i).get().table().rowEstimate()))
                .limit(MAX_CHECKS).toList());
        DbSession own = null;
        try {
            for (int i = 0; i < findings.size(); i++) {
                Finding f = findings.get(i);
                Optional<Target> target = targets.get(i);
                if (target.isEmpty()) {
                    out.add(f);
                    continue;
                }
                IndexFixCheck.Result r;
                String statement = null;
                if (!checked.contains(i)) {
                    r = IndexFixCheck.Result.unverified("only the " + MAX_CHECKS + " largest tables' index fixes of "
                            + "a run are checked: lint those tables on their own (--table) to check the rest");
                } else if (System.nanoTime() > deadline) {
                    r = IndexFixCheck.Result.unverified("the checks' time budget of " + BUDGET.toSeconds()
                            + " s is spent");
                } else {
                    try {
                        if (own == null) {
                            own = ConnectionFactory.open(session.url(), ConnectionFactory.Access.READ_ONLY);
                        }
                        GuardedSession g = GuardedSession.read(own, PER_CHECK);
                        Target t = target.get();
                        statement = statement(d, g, schema, t);
                        if (statement == null) {
                            r = IndexFixCheck.Result.unverified("no row of " + t.table.qualifiedName() + " or "
                                    + t.fk.refTable() + " to take a key value from: nothing to plan a lookup with");
                        } else {
                            IndexFixCheck.Proposal p = proposal(d, t, statement);
                            r = p == null ? IndexFixCheck.Result.unverified(t.table.qualifiedName()
                                    + " has no partition to try the index on")
                                    : check.check(IndexFixCheck.Context.of(g, schema, devServer), p);
                        }
                    } catch (SQLException | RuntimeException e) {
                        r = IndexFixCheck.Result.unverified("the what-if check failed (" + firstLine(e) + ")");
                    }
                }
                Finding a = annotate(f, target.get(), statement, r);
                if (r.checked() && !r.used()) {
                    withdrawn++;
                }
                out.add(a);
            }
        } finally {
            if (own != null) {
                own.close();
            }
        }
        if (withdrawn > 0) {
            notes.add(withdrawn + " fk-without-index fix(es) withdrawn: the planner would not use the index for the "
                    + "key lookup (the proposed DDL is in the finding's evidence.rejectedFix)");
        }
        return out;
    }

    /** The child table and the foreign key a finding is about. */
    record Target(Table table, ForeignKey fk) {

        Target withNoPartitions() {
            return new Target(table.withPartitioning(table.partitionKey(), table.partitionOf(), List.of()), fk);
        }
    }

    static Optional<Target> target(Schema schema, Finding f) {
        for (Table t : schema.tables()) {
            for (ForeignKey fk : t.foreignKeys()) {
                if (f.subject().equals(t.qualifiedName() + "(" + String.join(", ", fk.columns()) + ")")
                        && !t.isPartition()) {
                    return Optional.of(new Target(t, fk));
                }
            }
        }
        return Optional.empty();
    }

    /** {@code SELECT * FROM child WHERE c1 = v1 AND …} with a real key value, or null when neither table has a row. */
    static String statement(DialectKind d, GuardedSession g, Schema schema, Target t) throws SQLException {
        DdlWriter w = DdlWriter.of(d);
        List<String> cols = t.fk.columns();
        List<Object> values = sample(g, w.tableName(t.table.schema(), t.table.name()), cols, w);
        if (values == null && t.fk.refColumns().size() == cols.size()) {
            Optional<Table> parent = parent(schema, t);
            if (parent.isPresent()) {
                values = sample(g, w.tableName(parent.get().schema(), parent.get().name()), t.fk.refColumns(), w);
            }
        }
        if (values == null) {
            return null;
        }
        List<String> where = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) {
            String literal = literal(d, values.get(i));
            if (literal == null) {
                throw new SQLException("a key value of type " + values.get(i).getClass().getSimpleName()
                        + " cannot be written as a literal");
            }
            where.add(w.ident(cols.get(i)) + " = " + literal);
        }
        return "SELECT * FROM " + w.tableName(t.table.schema(), t.table.name()) + " WHERE " + String.join(" AND ", where);
    }

    private static Optional<Table> parent(Schema schema, Target t) {
        String refSchema = t.fk.refSchema() == null ? t.table.schema() : t.fk.refSchema();
        return schema.tables().stream().filter(x -> x.name().equals(t.fk.refTable())
                && (refSchema == null || x.schema() == null || refSchema.equals(x.schema()))).findFirst();
    }

    /** The first row's values of these columns where none is NULL, or null when there is no such row. */
    private static List<Object> sample(GuardedSession g, String table, List<String> cols, DdlWriter w)
            throws SQLException {
        List<String> q = cols.stream().map(w::ident).toList();
        String sql = "SELECT " + String.join(", ", q) + " FROM " + table + " WHERE "
                + String.join(" AND ", q.stream().map(c -> c + " IS NOT NULL").toList()) + " LIMIT 1";
        try (PreparedStatement ps = g.connection().prepareStatement(sql)) {
            ps.setQueryTimeout((int) Math.max(1, g.timeout().toSeconds()));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                List<Object> v = new ArrayList<>();
                for (int i = 1; i <= cols.size(); i++) {
                    v.add(rs.getObject(i));
                }
                return v;
            }
        }
    }

    /** A literal the engine compares with the column (the dialect's writer quotes it; null when it cannot). */
    static String literal(DialectKind d, Object v) {
        return DdlWriter.of(d).valueLiteral(v);
    }

    /**
     * The index to try: the fix's index on the child table; on a partitioned child the same index on its largest
     * partition (the planner plans each partition's scan with that partition's indexes), null when it has none.
     */
    static IndexFixCheck.Proposal proposal(DialectKind d, Target t, String statement) {
        DdlWriter w = DdlWriter.of(d);
        String name = DdlWriter.indexName(t.table.name(), t.fk.columns());
        if (!t.table.partitioned()) {
            return new IndexFixCheck.Proposal(List.of(w.createIndexFix(t.table.schema(), t.table.name(), name,
                    t.fk.columns())), List.of(name), statement);
        }
        Optional<Partition> leaf = leaves(t.table.partitions()).stream()
                .max(Comparator.comparingLong(Partition::rowEstimate));
        if (leaf.isEmpty()) {
            return null;
        }
        String leafName = DdlWriter.indexName(leaf.get().name(), t.fk.columns());
        return new IndexFixCheck.Proposal(List.of(w.createIndexFix(leaf.get().schema(), leaf.get().name(), leafName,
                t.fk.columns())), List.of(leafName), statement);
    }

    private static List<Partition> leaves(List<Partition> parts) {
        List<Partition> out = new ArrayList<>();
        for (Partition p : parts) {
            if (p.subpartitions().isEmpty()) {
                out.add(p);
            } else {
                out.addAll(leaves(p.subpartitions()));
            }
        }
        return out;
    }

    static Finding annotate(Finding f, Target t, String statement, IndexFixCheck.Result r) {
        Map<String, Object> ev = new LinkedHashMap<>(f.evidence());
        if (statement != null) {
            ev.put("checkedStatement", statement);
        }
        if (!r.checked()) {
            String reason = r.reason() == null ? "no what-if method" : r.reason()
                    .replace("pass --dev-db URL of a development server (or set DBAGENT_DEV_DB)",
                            "set DBAGENT_DEV_DB to a development server");
            ev.put("verified", "no: " + reason);
            return new Finding(f.id(), f.severity(), f.subject(), f.message(),
                    "-- not verified (" + reason + ")\n" + f.fix(), ev);
        }
        ev.put("verified", r.method());
        ev.put("indexUsed", r.used());
        String cols = "(" + String.join(", ", t.fk.columns()) + ")";
        if (r.used()) {
            return new Finding(f.id(), f.severity(), f.subject(), f.message(), "-- verified (" + r.method()
                    + "): the planner uses the index for " + statement + "\n" + f.fix(), ev);
        }
        ev.put("rejectedFix", f.fix());
        String why = "the planner would not use an index on " + t.table.qualifiedName() + cols + " for " + statement
                + (r.matchRows() == null ? "" : String.format(Locale.ROOT, " (~%,.0f rows match)", r.matchRows()))
                + ": it keeps the full scan, the cheaper plan for a table this small or a key this common (checked "
                + "with " + r.method() + ")";
        String fix = "-- no index proposed: " + why + "\n-- run lint again when " + t.table.qualifiedName()
                + " grows or its keys spread";
        return new Finding(f.id(), Severity.INFO, f.subject(), f.message() + "; " + why, fix, ev);
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return (nl > 0 ? m.substring(0, nl) : m).strip();
    }
}
