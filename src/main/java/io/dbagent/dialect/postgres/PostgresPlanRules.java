package io.dbagent.dialect.postgres;

import io.dbagent.dialect.DdlWriter;
import io.dbagent.explain.FindingContext;
import io.dbagent.explain.PlanNode;
import io.dbagent.explain.PlanRules;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Finding;
import io.dbagent.report.Severity;
import io.dbagent.schema.Table;

import java.util.List;
import java.util.Map;

/** PostgreSQL plans: spills and hash batches per node, Nested Loop and SubPlan loops, extended statistics. */
final class PostgresPlanRules extends PlanRules {

    private static final DialectKind D = DialectKind.POSTGRES;

    @Override
    protected PlanNode loopInner(PlanNode n) {
        if ("Nested Loop".equals(n.node()) && n.children().size() == 2) {
            return n.children().get(1);
        }
        if ("SubPlan".equals(n.extra("parentRelationship"))) {
            return n; // a correlated subquery is the inner side of a loop over the outer rows
        }
        return null;
    }

    @Override
    protected void spills(FindingContext ctx, List<Finding> out, Map<String, String> skipped) {
        ctx.plan().walk().forEach(n -> {
            Object spaceType = n.extra("sortSpaceType");
            Object method = n.extra("sortMethod");
            Object batches = n.extra("hashBatches");
            Object disk = n.extra("diskUsage");
            long kb = 0;
            String what = null;
            if ("Disk".equals(spaceType) || method != null && method.toString().contains("external")) {
                kb = n.extra("sortSpaceUsed") instanceof Number num ? num.longValue() : 0;
                what = "sort (" + method + ")";
            } else if (batches instanceof Number b && b.intValue() > 1) {
                kb = n.extra("peakMemoryUsage") instanceof Number num ? num.longValue() * b.intValue() : 0;
                what = "hash in " + b + " batches";
            } else if (disk instanceof Number du && du.longValue() > 0) {
                kb = du.longValue();
                what = "hash aggregate";
            }
            if (what != null) {
                long mb = Math.max(8, (long) Math.ceil(kb * 2 / 1024.0));
                out.add(Finding.builder("sort-spill", Severity.WARN)
                        .subject(n.relation() == null ? n.node() : n.relation())
                        .message(n.node() + " spilled to disk: " + what + ", " + kb + " kB written to temp files; "
                                + "work_mem is too small for it")
                        .fix("SET work_mem = '" + mb + "MB';  -- this session; for one role: ALTER ROLE <role> SET "
                                + "work_mem = '" + mb + "MB';")
                        .evidence("node", n.node()).evidence("spillKb", kb).evidence("suggestedWorkMemMb", mb)
                        .build());
            }
        });
    }

    @Override
    protected String refreshStats(boolean mariaDb, Table t, List<String> cols) {
        String tbl = DdlWriter.of(D).tableName(t.schema(), t.name());
        return "ANALYZE " + tbl + ";" + (cols.size() >= 2 ? "\nCREATE STATISTICS "
                + DdlWriter.of(D).ident("st_" + t.name() + "_" + String.join("_", cols)) + " (dependencies, ndistinct) ON "
                + DdlWriter.of(D).columnList(cols) + " FROM " + tbl + ";\nANALYZE " + tbl + ";" : "");
    }

    @Override
    protected String leadingWildcardFix(Table t, String column, String quoted, String pattern) {
        return "CREATE EXTENSION IF NOT EXISTS pg_trgm;\nCREATE INDEX CONCURRENTLY "
                + DdlWriter.of(D).ident(DdlWriter.indexName(t.name(), List.of(column, "trgm"))) + " ON "
                + DdlWriter.of(D).tableName(t.schema(), t.name()) + " USING gin (" + quoted + " gin_trgm_ops);";
    }

    @Override
    protected boolean decimalLiteralCastsColumn() {
        return true; // PG compares an integer column with 42.0 as numeric
    }
}
