package io.dbagent.app;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.dbagent.DbAgentException;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Write proposals waiting for a human. A tool that would change the database records a {@link Plan} here and
 * returns its id and exact SQL; only an approval (REPL prompt, or MCP with {@code --allow-writes} and
 * {@code apply_plan}) lets it run. Plans live only as long as the process.
 *
 * <p>A plan is single-use. {@link #claim} moves it from {@code proposed} to {@code applying} under the store's lock,
 * so of any number of simultaneous applications exactly one gets the plan; the others are refused before they touch
 * the database. {@link #finish} then records {@code applied} or {@code failed}. A failed plan does not go back to
 * {@code proposed}: where the engine has no transactional DDL (MySQL/MariaDB) part of it may have run, and running
 * it again blindly could apply that part twice; the model proposes a new plan, which the user reviews afresh.
 * A plan's statements are an immutable copy taken when it was proposed: what runs is what was shown.
 */
public final class PlanStore {

    /** The states of a plan. */
    public static final String PROPOSED = "proposed";
    public static final String APPLYING = "applying";
    public static final String APPLIED = "applied";
    public static final String FAILED = "failed";
    public static final String REJECTED = "rejected";

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
    private final Clock clock;

    /** A store that stamps plans with the system clock. */
    public PlanStore() {
        this(Clock.systemUTC());
    }

    /** A store that stamps plans with {@code clock}. */
    public PlanStore(Clock clock) {
        this.clock = clock;
    }

    public synchronized Plan propose(String title, String target, List<String> statements, String reason) {
        if (statements == null || statements.isEmpty()) {
            throw DbAgentException.badInput("a plan needs at least one statement");
        }
        String id = "plan-" + counter.incrementAndGet();
        Plan p = new Plan(id, title, target, statements, reason, PROPOSED, clock.instant());
        plans.put(id, p);
        return p;
    }

    public synchronized Optional<Plan> get(String id) {
        return Optional.ofNullable(plans.get(id));
    }

    public synchronized List<Plan> pending() {
        return new ArrayList<>(plans.values().stream().filter(p -> p.status().equals(PROPOSED)).toList());
    }

    /**
     * Takes a proposed plan for application: atomically {@code proposed} → {@code applying}. Any other state is
     * refused with one line ("plan plan-3 is already applied", "… is being applied"), so a plan runs at most once.
     */
    public synchronized Plan claim(String id) {
        Plan p = plans.get(id);
        if (p == null) {
            throw DbAgentException.badInput("no plan '" + id + "' in this session");
        }
        switch (p.status()) {
            case PROPOSED -> {
                Plan claimed = p.withStatus(APPLYING);
                plans.put(id, claimed);
                return claimed;
            }
            case APPLYING -> throw DbAgentException.badInput("plan " + id + " is being applied");
            case APPLIED -> throw DbAgentException.badInput("plan " + id + " is already applied");
            case FAILED -> throw DbAgentException.badInput("plan " + id + " already failed; propose the change again");
            default -> throw DbAgentException.badInput("plan " + id + " was " + p.status() + "; propose it again");
        }
    }

    /** Ends an application begun with {@link #claim}: {@code applied} when it succeeded, else {@code failed}. */
    public synchronized void finish(String id, boolean succeeded) {
        plans.computeIfPresent(id, (k, p) -> p.status().equals(APPLYING) ? p.withStatus(succeeded ? APPLIED : FAILED) : p);
    }

    /** A human said no; only a plan still proposed can be rejected. */
    public synchronized void markRejected(String id) {
        plans.computeIfPresent(id, (k, p) -> p.status().equals(PROPOSED) ? p.withStatus(REJECTED) : p);
    }
}
