package io.dbagent.agent;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.dbagent.DbAgentException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Write proposals waiting for a human. A tool that would change the database records a {@link Plan} here and
 * returns its id and exact SQL; only {@link #markApplied} after an approval (REPL prompt, or MCP with
 * {@code --allow-writes} and {@code apply_plan}) lets it run. Plans live only as long as the process.
 */
public final class PlanStore {

    /** A proposed change. */
    @JsonPropertyOrder({"id", "title", "target", "statements", "reason", "status", "createdAt"})
    public record Plan(String id, String title, String target, List<String> statements, String reason, String status,
                       Instant createdAt) {

        public Plan {
            statements = List.copyOf(statements);
        }

        Plan withStatus(String s) {
            return new Plan(id, title, target, statements, reason, s, createdAt);
        }
    }

    private final Map<String, Plan> plans = new LinkedHashMap<>();
    private final AtomicInteger counter = new AtomicInteger();

    public synchronized Plan propose(String title, String target, List<String> statements, String reason) {
        if (statements == null || statements.isEmpty()) {
            throw DbAgentException.badInput("a plan needs at least one statement");
        }
        String id = "plan-" + counter.incrementAndGet();
        Plan p = new Plan(id, title, target, statements, reason, "proposed", Instant.now());
        plans.put(id, p);
        return p;
    }

    public synchronized Optional<Plan> get(String id) {
        return Optional.ofNullable(plans.get(id));
    }

    public synchronized List<Plan> pending() {
        return new ArrayList<>(plans.values().stream().filter(p -> p.status().equals("proposed")).toList());
    }

    public synchronized void markApplied(String id) {
        plans.computeIfPresent(id, (k, p) -> p.withStatus("applied"));
    }

    public synchronized void markRejected(String id) {
        plans.computeIfPresent(id, (k, p) -> p.withStatus("rejected"));
    }
}
