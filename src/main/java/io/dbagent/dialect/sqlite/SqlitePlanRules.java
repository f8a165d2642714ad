package io.dbagent.dialect.sqlite;

import io.dbagent.dialect.DdlWriter;
import io.dbagent.explain.FindingContext;
import io.dbagent.explain.PlanNode;
import io.dbagent.explain.PlanRules;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Finding;
import io.dbagent.schema.Table;

import java.util.List;
import java.util.Map;

/** SQLite's query plan has no row counts, loop counts or spill reports: only the scans can be judged. */
final class SqlitePlanRules extends PlanRules {

    @Override
    protected String noEstimates() {
        return "SQLite prints no row estimates";
    }

    @Override
    protected String noLoops() {
        return "SQLite reports no loop counts";
    }

    @Override
    protected PlanNode loopInner(PlanNode n) {
        return null;
    }

    @Override
    protected void spills(FindingContext ctx, List<Finding> out, Map<String, String> skipped) {
        skipped.put("sort-spill", "SQLite does not report whether a sort went to temp storage");
    }

    @Override
    protected String refreshStats(boolean mariaDb, Table t, List<String> cols) {
        return "ANALYZE " + DdlWriter.of(DialectKind.SQLITE).tableName(t.schema(), t.name()) + ";";
    }

    @Override
    protected String leadingWildcardFix(Table t, String column, String quoted, String pattern) {
        return "CREATE VIRTUAL TABLE " + t.name() + "_fts USING fts5(" + quoted + ", content='" + t.name()
                + "', tokenize='trigram');\nINSERT INTO " + t.name() + "_fts(" + t.name() + "_fts) VALUES ('rebuild');\n"
                + "-- then: WHERE rowid IN (SELECT rowid FROM " + t.name() + "_fts WHERE " + quoted + " LIKE '"
                + pattern.replace("'", "''") + "')  (keep it in sync with triggers)";
    }
}
