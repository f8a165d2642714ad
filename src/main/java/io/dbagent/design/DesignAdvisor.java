package io.dbagent.design;

import io.dbagent.design.Design.QueryAnalysis;
import io.dbagent.dialect.DdlWriter;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Finding;
import io.dbagent.report.Severity;
import io.dbagent.schema.Column;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Denormalisation and scale advice from the spec's query patterns and volumes, as findings:
 * {@code matview-candidate} / {@code denormalize-candidate} for hot join-heavy queries (each with the trade-off and a
 * decision), {@code partition-candidate} for very large tables, {@code bigint-key} where the volume calls for
 * 64-bit keys, {@code uuid-key} on the UUID version when UUID keys are asked for.
 */
final class DesignAdvisor {

    /** A query pattern this frequent is worth optimising for. */
    static final double HOT_PER_SECOND = 100;
    /** From here a join path reads enough rows that precomputing it pays off. */
    static final long LARGE_ROWS = 1_000_000;
    /** From here partitioning (retention, vacuum, index size) starts paying for its constraints. */
    static final long PARTITION_ROWS = 50_000_000;

    private static final Set<String> BOOKKEEPING = Set.of("created_at", "updated_at", "search_vector");

    private DesignAdvisor() {
    }

    static List<Finding> advise(SpecModel model, Schema schema, List<QueryAnalysis> ignored, DesignDialect engine) {
        DialectKind d = engine.kind();
        List<Finding> out = new ArrayList<>();
        for (QueryPaths.Path p : QueryPaths.paths(model, schema)) {
            QueryAnalysis q = p.analysis();
            if (q.perSecond() >= HOT_PER_SECOND && q.joins() >= 2) {
                long largest = q.tables().stream().mapToLong(t -> schema.table(t).map(Table::rowEstimate).orElse(-1L))
                        .max().orElse(-1);
                out.add(largest >= LARGE_ROWS ? matview(p, largest, schema, engine) : denormalize(p, schema, d));
            }
        }
        for (Table t : schema.tables()) {
            String entity = model.tableOf.entrySet().stream().filter(e -> e.getValue().equals(t.name()))
                    .map(java.util.Map.Entry::getKey).findFirst().orElse(t.name());
            long rows = model.volume.getOrDefault(entity, 0L);
            if (rows >= PARTITION_ROWS && t.column("created_at").isPresent()) {
                out.add(partition(t, rows, engine));
            }
            String key = model.keyKind.get(entity);
            boolean explicit = !model.spec.options().keys().equals("auto")
                    || model.spec.entity(entity).map(e -> e.key() != null).orElse(false);
            if ("bigint".equals(key) && !explicit && !model.isJoin(entity)) {
                out.add(Finding.builder("bigint-key", Severity.INFO).subject(t.name() + ".id")
                        .message(t.name() + " gets a 64-bit key: about " + String.format(Locale.ROOT, "%,d", rows)
                                + " rows are expected, within two orders of magnitude of the 2,147,483,647 an int "
                                + "holds; widening later rewrites the table and every foreign key that references it")
                        .fix(engine.bigintKeyFix(t.name()))
                        .evidence("rows", rows).evidence("threshold", SpecModel.BIGINT_FROM_ROWS).build());
            }
            if ("uuid".equals(key) && !model.isJoin(entity)) {
                out.add(uuid(t, model.spec.options().uuidVersion(), engine));
            }
        }
        return out;
    }

    private static Finding matview(QueryPaths.Path p, long largest, Schema schema, DesignDialect engine) {
        QueryAnalysis q = p.analysis();
        String mv = q.name() + "_mv";
        String select = select(p, schema, engine.kind());
        String key = String.join(", ", keyAliases(p, schema, engine.kind()));
        String fix = engine.matviewFix(mv, select, key);
        return Finding.builder("matview-candidate", Severity.INFO).subject(q.name())
                .message("query " + q.name() + " joins " + q.tables().size() + " tables (" + q.joins() + " joins) at "
                        + rate(q) + "/s over up to " + String.format(Locale.ROOT, "%,d", largest) + " rows. Decision: "
                        + "keep the 3NF tables and serve the query from a materialized view " + mv + ". Trade-off: "
                        + "reads become one indexed lookup, but results are stale until the next refresh, each refresh "
                        + "re-reads the joined tables (write cost), and the view stores a copy of every joined row "
                        + "(storage). Denormalising into " + q.tables().get(0) + " instead would cost a write to every "
                        + "copy on each change of the copied columns")
                .fix(fix).evidence("joins", q.joins()).evidence("perSecond", q.perSecond())
                .evidence("tables", q.tables()).evidence("largestTableRows", largest).build();
    }

    private static Finding denormalize(QueryPaths.Path p, Schema schema, DialectKind d) {
        QueryAnalysis q = p.analysis();
        QueryPaths.Edge far = p.edges().get(p.edges().size() - 1);
        Table parent = schema.table(far.parent()).orElseThrow();
        Column example = parent.columns().stream()
                .filter(c -> !c.primaryKey() && !BOOKKEEPING.contains(c.name()) && !c.name().endsWith("_id"))
                .findFirst().orElse(parent.columns().get(0));
        String copy = Names.fit(far.parent() + "_" + example.name());
        return Finding.builder("denormalize-candidate", Severity.INFO).subject(q.name())
                .message("query " + q.name() + " joins " + q.tables().size() + " tables (" + q.joins() + " joins) at "
                        + rate(q) + "/s. Decision: keep it normalised for now; the joins follow indexed foreign keys "
                        + "over small tables. If its p95 goes above 100 ms, copy the columns it reads from "
                        + far.parent() + " into " + far.child() + " (saves one join per copied table). Trade-off: the "
                        + "copy goes stale unless a trigger updates every copy when " + far.parent() + " changes "
                        + "(write cost), and each " + far.child() + " row grows (storage)")
                .fix(DdlWriter.of(d).addColumnFix(far.child(), copy, example.type()))
                .evidence("joins", q.joins()).evidence("perSecond", q.perSecond()).evidence("tables", q.tables())
                .build();
    }

    private static Finding partition(Table t, long rows, DesignDialect engine) {
        String fix = engine.partitionFix(t);
        return Finding.builder("partition-candidate", Severity.INFO).subject(t.name())
                .message(t.name() + " is expected to hold about " + String.format(Locale.ROOT, "%,d", rows)
                        + " rows: partition it by range of created_at (monthly) so old data is dropped a partition at "
                        + "a time, vacuum and index maintenance work per partition, and time-bounded queries prune "
                        + "partitions. Trade-off: the partition key joins the primary key and unique constraints, "
                        + "and queries without a created_at bound visit every partition")
                .fix(fix).evidence("rows", rows).evidence("threshold", PARTITION_ROWS).build();
    }

    private static Finding uuid(Table t, String version, DesignDialect engine) {
        boolean v7 = version.equals("v7");
        String how = engine.uuidDefault(v7);
        return Finding.builder("uuid-key", Severity.INFO).subject(t.name() + ".id")
                .message(t.name() + " uses a " + (v7 ? "UUIDv7" : "random UUID (v4)") + " key. UUIDv7 starts with a "
                        + "millisecond timestamp, so new keys land at the right edge of the primary key index like a "
                        + "sequence (few page splits, hot pages stay cached); random UUIDs scatter inserts over the "
                        + "whole index (page splits, cache misses, more WAL/redo) but reveal no creation time. Both "
                        + "take 16 bytes per key and per referencing row versus 8 for bigint. " + how)
                .fix(v7 ? "keep UUIDv7 keys" : "prefer UUIDv7 (options: {keys: uuid, uuid: v7}) unless creation time "
                        + "must not be guessable from the key")
                .evidence("version", version).build();
    }

    private static String select(QueryPaths.Path p, Schema schema, DialectKind d) {
        List<String> cols = new ArrayList<>();
        for (String tn : p.analysis().tables()) {
            Table t = schema.table(tn).orElseThrow();
            for (Column c : t.columns()) {
                if (!BOOKKEEPING.contains(c.name())) {
                    cols.add(DdlWriter.of(d).ident(tn) + "." + DdlWriter.of(d).ident(c.name()) + " AS " + DdlWriter.of(d).ident(tn + "_" + c.name()));
                }
            }
        }
        StringBuilder sb = new StringBuilder("SELECT ").append(String.join(",\n       ", cols))
                .append("\nFROM ").append(DdlWriter.of(d).ident(p.analysis().tables().get(0)));
        List<String> joined = new ArrayList<>(List.of(p.analysis().tables().get(0)));
        for (QueryPaths.Edge e : p.edges()) {
            String add = joined.contains(e.child()) ? e.parent() : e.child();
            joined.add(add);
            sb.append("\nJOIN ").append(DdlWriter.of(d).ident(add)).append(" ON ").append(DdlWriter.of(d).ident(e.child())).append('.')
                    .append(DdlWriter.of(d).ident(e.column())).append(" = ").append(DdlWriter.of(d).ident(e.parent())).append(".id");
        }
        return sb.toString();
    }

    private static List<String> keyAliases(QueryPaths.Path p, Schema schema, DialectKind d) {
        List<String> out = new ArrayList<>();
        for (String tn : p.analysis().tables()) {
            schema.table(tn).orElseThrow().primaryKey().forEach(k -> out.add(DdlWriter.of(d).ident(tn + "_" + k)));
        }
        return out;
    }

    private static String rate(QueryAnalysis q) {
        return q.perSecond() == Math.floor(q.perSecond()) ? String.valueOf((long) q.perSecond())
                : String.valueOf(q.perSecond());
    }
}
