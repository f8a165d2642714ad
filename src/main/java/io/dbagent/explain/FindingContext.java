package io.dbagent.explain;

import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;
import io.dbagent.sql.SqlAnalysis;

import java.util.Optional;

/** Everything the finding rules look at for one explained statement. */
public record FindingContext(DialectKind dialect, boolean mariaDb, int majorVersion, Schema schema, SqlAnalysis analysis,
                      ExplainRunner.RawPlan raw, Timing timing, boolean analyzed, String sql) {

    public PlanNode plan() {
        return raw.plan();
    }

    /** What differs per engine in reading a plan. */
    PlanRules planRules() {
        return io.dbagent.dialect.Dialects.of(dialect).planRules();
    }

    /**
     * The base table behind a plan node: PG names the relation, MySQL and SQLite print the alias, which the
     * statement maps back to its table.
     */
    Optional<Table> table(PlanNode n) {
        if (n.relation() == null) {
            return Optional.empty();
        }
        String rel = n.relation();
        for (SqlAnalysis.TableRef ref : analysis.tables()) {
            if (ref.alias() != null && ref.alias().equalsIgnoreCase(rel)) {
                return schema.table(ref.name());
            }
        }
        return schema.table(rel);
    }

    Optional<Table> table(String name) {
        return name == null ? Optional.empty() : schema.table(name);
    }

    /** How the report names a table: as lint does ({@code db.table} on MySQL, bare name in the default schema). */
    String subject(Table t) {
        return t.qualifiedName();
    }
}
