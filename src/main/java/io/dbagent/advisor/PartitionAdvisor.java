package io.dbagent.advisor;

import io.dbagent.dialect.DdlWriter;
import io.dbagent.dialect.Dialects;
import io.dbagent.jdbc.DbSession;
import io.dbagent.report.Finding;
import io.dbagent.report.Severity;
import io.dbagent.schema.Column;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;
import io.dbagent.sql.SqlAnalysis;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code partition-candidate}: a large table that most of the workload reads by a range of a time column or by one
 * tenant, so partitions would let the engine skip the rest. PostgreSQL gets declarative partitioning DDL, MySQL
 * {@code PARTITION BY RANGE}/{@code HASH}; SQLite has no partitioning and gets {@code partition-not-applicable}.
 */
public final class PartitionAdvisor {

    public static final long DEFAULT_MIN_ROWS = 1_000_000;
    static final double MIN_SHARE = 0.5;
    static final int MAX_MONTHLY = 36;
    static final int HASH_PARTITIONS = 8;
    private static final Set<String> TENANT = Set.of("tenant_id", "account_id", "org_id", "organization_id",
            "company_id", "workspace_id", "shop_id", "store_id");
    private static final Set<String> TIME_TYPES = Set.of("timestamp", "timestamptz", "date", "datetime",
            "timestamp with time zone", "timestamp without time zone");

    private PartitionAdvisor() {
    }

    public static List<Finding> of(DbSession s, Schema schema, List<WhatIf.Stmt> stmts, long minRows) {
        List<Finding> out = new ArrayList<>();
        for (Table t : schema.tables()) {
            if (t.rowEstimate() < minRows || t.partitioned() || t.isPartition()) {
                continue; // an already partitioned table is not proposed for partitioning again
            }
            double total = 0;
            Map<String, Double> timeRange = new LinkedHashMap<>();
            Map<String, Double> tenant = new LinkedHashMap<>();
            for (WhatIf.Stmt st : stmts) {
                if (!st.analysis().tableNames().contains(t.name().toLowerCase(Locale.ROOT))) {
                    continue;
                }
                total += st.weight();
                for (SqlAnalysis.Predicate p : st.analysis().predicatesOn(t.name())) {
                    Column c = t.column(p.column()).orElse(null);
                    if (c == null || !p.sargable()) {
                        continue;
                    }
                    if (p.op() == SqlAnalysis.Op.RANGE && isTime(c)) {
                        timeRange.merge(c.name(), st.weight(), Double::sum);
                    } else if (p.isEquality() && TENANT.contains(c.name().toLowerCase(Locale.ROOT))) {
                        tenant.merge(c.name(), st.weight(), Double::sum);
                    }
                }
            }
            if (total == 0) {
                continue;
            }
            String col = null;
            boolean byTime = false;
            double share = 0;
            for (var e : timeRange.entrySet()) {
                if (e.getValue() / total > share) {
                    col = e.getKey();
                    share = e.getValue() / total;
                    byTime = true;
                }
            }
            for (var e : tenant.entrySet()) {
                if (e.getValue() / total > share) {
                    col = e.getKey();
                    share = e.getValue() / total;
                    byTime = false;
                }
            }
            if (col == null || share < MIN_SHARE) {
                continue;
            }
            String how = byTime ? "a range of " + col : "one " + col;
            String pct = String.format(Locale.ROOT, "%.0f%%", 100 * share);
            Map<String, Object> ev = new LinkedHashMap<>();
            ev.put("rows", t.rowEstimate());
            ev.put("column", col);
            ev.put("strategy", byTime ? "range" : "hash");
            ev.put("workloadShare", Math.round(share * 1000) / 1000.0);
            Optional<PartitionDdl> engine = Dialects.of(s).partitionDdl();
            if (engine.isEmpty()) {
                out.add(build("partition-not-applicable", Severity.INFO, t, ev,
                        t.name() + " has " + String.format(Locale.ROOT, "%,d", t.rowEstimate()) + " rows and " + pct
                                + " of the workload on it reads " + how + ", but SQLite has no table partitioning",
                        "-- index the column the workload narrows by instead:\nCREATE INDEX "
                                + DdlWriter.indexName(t.name(), List.of(col)) + " ON " + t.name() + " (" + col + ");\n"
                                + "-- or keep old periods in separate database files (ATTACH) and read them with UNION ALL"));
                continue;
            }
            String ddl = byTime ? rangeDdl(s, engine.get(), t, col) : engine.get().hash(t, col, HASH_PARTITIONS);
            out.add(build("partition-candidate", Severity.INFO, t, ev,
                    t.name() + " has " + String.format(Locale.ROOT, "%,d", t.rowEstimate()) + " rows and " + pct
                            + " of the workload on it reads " + how + ": " + (byTime ? "range" : "hash")
                            + " partitions on " + col + " let the engine skip the others, and old ones can be dropped "
                            + "instead of deleted", ddl));
        }
        return out;
    }

    private static Finding build(String id, Severity sev, Table t, Map<String, Object> ev, String msg, String fix) {
        Finding.Builder b = Finding.builder(id, sev).subject(t.qualifiedName()).message(msg).fix(fix);
        ev.forEach(b::evidence);
        return b.build();
    }

    static boolean isTime(Column c) {
        String type = c.type().toLowerCase(Locale.ROOT).replaceAll("\\(.*?\\)", "").trim();
        return TIME_TYPES.contains(type) || type.startsWith("timestamp");
    }

    static String rangeDdl(DbSession s, PartitionDdl engine, Table t, String col) {
        LocalDate[] bounds = bounds(s, engine, t, col);
        LocalDate from = bounds[0].withDayOfMonth(1);
        LocalDate to = bounds[1].withDayOfMonth(1).plusMonths(1);
        boolean monthly = from.plusMonths(MAX_MONTHLY).isAfter(to) || from.plusMonths(MAX_MONTHLY).equals(to);
        List<LocalDate> cuts = new ArrayList<>();
        for (LocalDate x = monthly ? from : from.withDayOfYear(1); !x.isAfter(to); x = monthly ? x.plusMonths(1) : x.plusYears(1)) {
            cuts.add(x);
        }
        return engine.range(t, col, cuts, monthly);
    }

    private static LocalDate[] bounds(DbSession s, PartitionDdl engine, Table t, String col) {
        String q = engine.columnRangeSql(DdlWriter.of(s.dialect()).ident(col), DdlWriter.of(s.dialect()).tableName(t.schema(), t.name()));
        try (Statement st = s.connection().createStatement(); ResultSet rs = st.executeQuery(q)) {
            if (rs.next() && rs.getDate(1) != null && rs.getDate(2) != null) {
                return new LocalDate[] {rs.getDate(1).toLocalDate(), rs.getDate(2).toLocalDate()};
            }
        } catch (SQLException e) {
            // an empty or unreadable column: lay out the current year
        }
        LocalDate now = LocalDate.now();
        return new LocalDate[] {now.withDayOfYear(1), now.withDayOfYear(1).plusYears(1).minusDays(1)};
    }
}
