package io.dbagent.dialect.postgres;

import io.dbagent.dialect.DdlWriter;
import io.dbagent.dialect.postgres.PostgresHealthSql;
import io.dbagent.health.Fmt;
import io.dbagent.health.HealthRun;
import io.dbagent.health.Sequences;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.jdbc.Rows;
import io.dbagent.report.Finding;
import io.dbagent.report.Severity;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import static io.dbagent.health.HealthCheck.SEQUENCE_EXHAUSTION;

/**
 * sequence-exhaustion on PostgreSQL: the sequence's value against the smaller of its own maximum and the maximum of
 * the column it feeds (a bigint sequence behind an integer column fails at 2^31-1).
 */
final class PostgresSequences {

    private static final DialectKind PG = DialectKind.POSTGRES;

    private PostgresSequences() {
    }

    static void run(HealthRun r) throws SQLException {
        record Seq(String schema, String name, String type, Long last, long max, long increment, boolean cycle,
                   boolean readable, String tSchema, String table, String column, String columnType) {
        }
        List<Seq> list = Rows.list(r.session.connection(), PostgresHealthSql.SEQUENCES, rs -> new Seq(
                rs.getString("schema_name"), rs.getString("sequence_name"), rs.getString("data_type"),
                rs.getObject("last_value") == null ? null : rs.getLong("last_value"), rs.getLong("max_value"),
                rs.getLong("increment_by"), rs.getBoolean("cycle"), rs.getBoolean("readable"), rs.getString("table_schema"),
                rs.getString("table_name"), rs.getString("column_name"), rs.getString("column_type")));
        double worst = 0;
        for (Seq s : list) {
            if (s.last() == null || s.cycle() || s.increment() <= 0 || !PostgresHealth.inScope(r, s.schema())) {
                continue;
            }
            long max = Math.min(s.max(), Sequences.typeMax(s.columnType()));
            double pct = 100.0 * s.last() / max;
            worst = Math.max(worst, pct);
            Optional<Severity> sev = r.judge(SEQUENCE_EXHAUSTION, pct);
            if (sev.isEmpty()) {
                continue;
            }
            String qs = Fmt.qualified(s.schema(), s.name());
            String col = s.table() == null ? null : Fmt.qualified(s.tSchema(), s.table()) + "." + s.column();
            StringBuilder fix = new StringBuilder();
            if (s.columnType() != null && Sequences.typeMax(s.columnType()) < Long.MAX_VALUE) {
                fix.append("ALTER TABLE ").append(DdlWriter.of(PG).tableName(s.tSchema(), s.table())).append(" ALTER COLUMN ")
                        .append(DdlWriter.of(PG).ident(s.column())).append(" TYPE bigint;  -- rewrites the table under an "
                                + "exclusive lock; widen the foreign keys that reference it too\n");
            }
            if (!"bigint".equals(s.type())) {
                fix.append("ALTER SEQUENCE ").append(DdlWriter.of(PG).tableName(s.schema(), s.name())).append(" AS bigint;");
            }
            r.add(Finding.builder(SEQUENCE_EXHAUSTION.id(), sev.get())
                    .subject(col == null ? qs : col)
                    .message("sequence " + qs + (col == null ? "" : " feeding " + col + " (" + s.columnType() + ")")
                            + " is at " + Fmt.count(s.last()) + " of " + Fmt.count(max) + " (" + Fmt.pct(pct)
                            + "): inserts fail when it runs out")
                    .fix(fix.toString().strip())
                    .evidence("schema", s.schema())
                    .evidence("sequence", qs)
                    .evidence("lastValue", s.last())
                    .evidence("maxValue", max)
                    .evidence("percent", Fmt.round2(pct))
                    .build());
        }
        r.group("sequences").put("count", list.size());
        // a role without USAGE/SELECT on a sequence sees no value: say how many the check could not judge
        r.group("sequences").put("unreadable", list.stream().filter(s -> !s.readable()).count());
        r.group("sequences").put("maxUsedPercent", Fmt.round2(worst));
    }
}
