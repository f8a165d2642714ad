package io.dbagent.advisor;

import io.dbagent.dialect.DdlWriter;
import io.dbagent.dialect.mysql.MysqlOptimizerSql;
import io.dbagent.dialect.postgres.PostgresOptimizerSql;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DialectKind;
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
            if (t.rowEstimate() < minRows) {
                continue;
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
            if (s.dialect() == DialectKind.SQLITE) {
                out.add(build("partition-not-applicable", Severity.INFO, t, ev,
                        t.name() + " has " + String.format(Locale.ROOT, "%,d", t.rowEstimate()) + " rows and " + pct
                                + " of the workload on it reads " + how + ", but SQLite has no table partitioning",
                        "-- index the column the workload narrows by instead:\nCREATE INDEX "
                                + DdlWriter.indexName(t.name(), List.of(col)) + " ON " + t.name() + " (" + col + ");\n"
                                + "-- or keep old periods in separate database files (ATTACH) and read them with UNION ALL"));
                continue;
            }
            String ddl = byTime ? rangeDdl(s, t, col) : hashDdl(s.dialect(), t, col);
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

    static String rangeDdl(DbSession s, Table t, String col) {
        DialectKind d = s.dialect();
        LocalDate[] bounds = bounds(s, t, col);
        LocalDate from = bounds[0].withDayOfMonth(1);
        LocalDate to = bounds[1].withDayOfMonth(1).plusMonths(1);
        boolean monthly = from.plusMonths(MAX_MONTHLY).isAfter(to) || from.plusMonths(MAX_MONTHLY).equals(to);
        List<LocalDate> cuts = new ArrayList<>();
        for (LocalDate x = monthly ? from : from.withDayOfYear(1); !x.isAfter(to); x = monthly ? x.plusMonths(1) : x.plusYears(1)) {
            cuts.add(x);
        }
        String tbl = DdlWriter.of(d).tableName(t.schema(), t.name());
        String c = DdlWriter.of(d).ident(col);
        StringBuilder sb = new StringBuilder();
        List<String> key = new ArrayList<>(t.primaryKey());
        if (!key.contains(col)) {
            key.add(col);
        }
        if (d == DialectKind.POSTGRES) {
            String p = t.name() + "_part";
            sb.append("-- PostgreSQL partitions a new table: create it, copy the rows, swap the names\n");
            sb.append("CREATE TABLE ").append(p).append(" (LIKE ").append(tbl)
                    .append(" INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE (").append(c).append(");\n");
            if (!t.primaryKey().isEmpty()) {
                sb.append("ALTER TABLE ").append(p).append(" ADD PRIMARY KEY (").append(DdlWriter.of(d).columnList(key))
                        .append(");  -- the key must contain the partition column\n");
            }
            for (int i = 0; i + 1 < cuts.size(); i++) {
                sb.append("CREATE TABLE ").append(p).append('_').append(suffix(cuts.get(i), monthly))
                        .append(" PARTITION OF ").append(p).append(" FOR VALUES FROM ('").append(cuts.get(i))
                        .append("') TO ('").append(cuts.get(i + 1)).append("');\n");
            }
            sb.append("CREATE TABLE ").append(p).append("_default PARTITION OF ").append(p).append(" DEFAULT;\n");
            sb.append("INSERT INTO ").append(p).append(" SELECT * FROM ").append(tbl).append(";\n");
            sb.append("BEGIN;\nALTER TABLE ").append(tbl).append(" RENAME TO ").append(t.name()).append("_old;\n")
                    .append("ALTER TABLE ").append(p).append(" RENAME TO ").append(t.name()).append(";\nCOMMIT;\n")
                    .append("-- recreate secondary indexes and foreign keys on the new table, then drop ")
                    .append(t.name()).append("_old");
        } else {
            boolean timestamp = t.column(col).map(x -> x.type().toLowerCase(Locale.ROOT).startsWith("timestamp")).orElse(false);
            sb.append("-- InnoDB: every unique key must contain ").append(col)
                    .append(", and partitioned tables cannot have foreign keys\n");
            if (!t.primaryKey().isEmpty()) {
                sb.append("ALTER TABLE ").append(tbl).append(" DROP PRIMARY KEY, ADD PRIMARY KEY (")
                        .append(DdlWriter.of(d).columnList(key)).append(");\n");
            }
            sb.append("ALTER TABLE ").append(tbl).append(timestamp ? " PARTITION BY RANGE (UNIX_TIMESTAMP(" + c + ")) (\n"
                    : " PARTITION BY RANGE COLUMNS (" + c + ") (\n");
            for (int i = 1; i < cuts.size(); i++) {
                String bound = timestamp ? "UNIX_TIMESTAMP('" + cuts.get(i) + " 00:00:00')" : "'" + cuts.get(i) + "'";
                sb.append("  PARTITION p").append(suffix(cuts.get(i - 1), monthly)).append(" VALUES LESS THAN (")
                        .append(bound).append("),\n");
            }
            sb.append("  PARTITION pmax VALUES LESS THAN (MAXVALUE)\n);");
        }
        return sb.toString();
    }

    static String hashDdl(DialectKind d, Table t, String col) {
        String tbl = DdlWriter.of(d).tableName(t.schema(), t.name());
        String c = DdlWriter.of(d).ident(col);
        List<String> key = new ArrayList<>(t.primaryKey());
        if (!key.contains(col)) {
            key.add(col);
        }
        if (d == DialectKind.MYSQL) {
            return "-- InnoDB: every unique key must contain " + col + ", and partitioned tables cannot have foreign keys\n"
                    + (t.primaryKey().isEmpty() ? "" : "ALTER TABLE " + tbl + " DROP PRIMARY KEY, ADD PRIMARY KEY ("
                    + DdlWriter.of(d).columnList(key) + ");\n")
                    + "ALTER TABLE " + tbl + " PARTITION BY HASH (" + c + ") PARTITIONS " + HASH_PARTITIONS + ";";
        }
        String p = t.name() + "_part";
        StringBuilder sb = new StringBuilder("CREATE TABLE " + p + " (LIKE " + tbl
                + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY HASH (" + c + ");\n");
        for (int i = 0; i < HASH_PARTITIONS; i++) {
            sb.append("CREATE TABLE ").append(p).append('_').append(i).append(" PARTITION OF ").append(p)
                    .append(" FOR VALUES WITH (MODULUS ").append(HASH_PARTITIONS).append(", REMAINDER ").append(i)
                    .append(");\n");
        }
        sb.append("INSERT INTO ").append(p).append(" SELECT * FROM ").append(tbl).append(";\n")
                .append("-- then swap the names in one transaction and recreate indexes and foreign keys");
        return sb.toString();
    }

    private static String suffix(LocalDate d, boolean monthly) {
        return monthly ? String.format(Locale.ROOT, "%d_%02d", d.getYear(), d.getMonthValue()) : String.valueOf(d.getYear());
    }

    private static LocalDate[] bounds(DbSession s, Table t, String col) {
        String template = s.dialect() == DialectKind.POSTGRES ? PostgresOptimizerSql.COLUMN_RANGE_TEMPLATE
                : MysqlOptimizerSql.COLUMN_RANGE_TEMPLATE;
        String q = template.formatted(DdlWriter.of(s.dialect()).ident(col), DdlWriter.of(s.dialect()).tableName(t.schema(), t.name()));
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
