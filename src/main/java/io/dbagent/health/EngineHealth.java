package io.dbagent.health;

import java.sql.SQLException;

/**
 * The engine's own health checks (the ones every engine shares are in {@link CommonChecks}). The dialect hands out
 * the instance ({@code Dialect.health()}); each engine's checks live under {@code dialect/<engine>/} and report
 * through {@link HealthRun}.
 */
@FunctionalInterface
public interface EngineHealth {

    /** Runs the engine's checks that {@code r}'s options select, adding their findings to {@code r}. */
    void run(HealthRun r) throws SQLException;
}
