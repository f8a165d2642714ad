package io.dbagent.advisor;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * The statements the server spent the most time on, from its own statistics (pg_stat_statements, performance_schema
 * statement digests): what to look at first when "the database is slow".
 *
 * @param source  {@code pg_stat_statements} or {@code performance_schema}
 * @param queries most total time first
 */
@JsonPropertyOrder({"source", "queries"})
public record TopQueries(String source, List<Query> queries) {

    /**
     * One normalised statement.
     *
     * @param sql          the statement with its literals replaced by parameters, as the server groups them
     * @param calls        times it ran
     * @param totalMs      time spent in it, all calls
     * @param meanMs       {@code totalMs / calls}
     * @param rows         rows it returned or changed, all calls
     * @param sharePercent its part of the time of all the statements listed
     */
    @JsonPropertyOrder({"sql", "calls", "totalMs", "meanMs", "rows", "sharePercent"})
    public record Query(String sql, long calls, double totalMs, double meanMs, long rows, double sharePercent) {
    }

    public TopQueries {
        queries = List.copyOf(queries);
    }

    /** From what the statistics hold, heaviest first. */
    public static TopQueries of(String source, List<WorkloadSources.SeenStatement> seen) {
        double total = seen.stream().mapToDouble(WorkloadSources.SeenStatement::totalMs).sum();
        List<Query> qs = seen.stream().map(s -> new Query(s.sql(), s.calls(), round(s.totalMs()),
                round(s.calls() == 0 ? 0 : s.totalMs() / s.calls()), s.rows(),
                total <= 0 ? 0 : Math.round(1000 * s.totalMs() / total) / 10.0)).toList();
        return new TopQueries(source, qs);
    }

    private static double round(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }
}
