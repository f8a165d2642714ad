package io.dbagent.dialect.mysql;

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

/**
 * MySQL/MariaDB plans: every table access is a loop over the rows before it; spills show only in the session's
 * status counters; statistics refresh through histograms (MySQL) or engine-independent statistics (MariaDB).
 */
final class MysqlPlanRules extends PlanRules {

    private static final DialectKind D = DialectKind.MYSQL;

    @Override
    protected PlanNode loopInner(PlanNode n) {
        return n.relation() != null ? n : null;
    }

    @Override
    protected void spills(FindingContext ctx, List<Finding> out, Map<String, String> skipped) {
        Map<String, Object> c = ctx.raw().counters();
        long passes = c.get("Sort_merge_passes") instanceof Number n ? n.longValue() : 0;
        long disk = c.get("Created_tmp_disk_tables") instanceof Number n ? n.longValue() : 0;
        if (passes > 0) {
            out.add(Finding.builder("sort-spill", Severity.WARN).subject("sort")
                    .message("the sort needed " + passes + " merge passes through temporary files: "
                            + "sort_buffer_size is too small for it")
                    .fix("SET SESSION sort_buffer_size = 8 * 1024 * 1024;")
                    .evidence("sortMergePasses", passes).build());
        }
        if (disk > 0) {
            out.add(Finding.builder("sort-spill", Severity.WARN).subject("temporary table")
                    .message(disk + " internal temporary table(s) went to disk: tmp_table_size / "
                            + "max_heap_table_size are too small for this GROUP BY / DISTINCT / UNION")
                    .fix("SET SESSION tmp_table_size = 64 * 1024 * 1024;\n"
                            + "SET SESSION max_heap_table_size = 64 * 1024 * 1024;")
                    .evidence("createdTmpDiskTables", disk).build());
        }
    }

    @Override
    protected String refreshStats(boolean mariaDb, Table t, List<String> cols) {
        String tbl = DdlWriter.of(D).tableName(t.schema(), t.name());
        return mariaDb
                ? "ANALYZE TABLE " + tbl + " PERSISTENT FOR COLUMNS (" + DdlWriter.of(D).columnList(cols) + ") INDEXES ALL;"
                : "ANALYZE TABLE " + tbl + ";\nANALYZE TABLE " + tbl + " UPDATE HISTOGRAM ON "
                + DdlWriter.of(D).columnList(cols) + ";";
    }

    @Override
    protected String refreshAllStats() {
        return "ANALYZE TABLE <table>;";
    }

    @Override
    protected String leadingWildcardFix(Table t, String column, String quoted, String pattern) {
        return "ALTER TABLE " + DdlWriter.of(D).tableName(t.schema(), t.name()) + " ADD FULLTEXT INDEX "
                + DdlWriter.of(D).ident(DdlWriter.indexName(t.name(), List.of(column, "ft"))) + " (" + quoted + ");\n"
                + "-- then search words with: WHERE MATCH(" + quoted + ") AGAINST ('"
                + pattern.replace("%", "").replace("'", "''") + "*' IN BOOLEAN MODE)";
    }

    @Override
    protected boolean numberLiteralCastsTextColumn() {
        return true;
    }
}
