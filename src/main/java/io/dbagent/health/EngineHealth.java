package io.dbagent.health;

import java.sql.SQLException;

/**
 * The engine's own health checks (the ones every engine shares are in {@link CommonChecks}). The dialect hands out
 * the instance ({@code Dialect.health()}); the checks live in this package because they report through
 * {@link HealthRun}.
 */
public abstract class EngineHealth {

    EngineHealth() {
    }

    public static EngineHealth postgres() {
        return new EngineHealth() {
            @Override
            void run(HealthRun r) throws SQLException {
                PostgresHealth.run(r);
            }
        };
    }

    public static EngineHealth mysql() {
        return new EngineHealth() {
            @Override
            void run(HealthRun r) throws SQLException {
                MysqlHealth.run(r);
            }
        };
    }

    public static EngineHealth sqlite() {
        return new EngineHealth() {
            @Override
            void run(HealthRun r) throws SQLException {
                SqliteHealth.run(r);
            }
        };
    }

    /** Runs the engine's checks that {@code r}'s options select, adding their findings to {@code r}. */
    abstract void run(HealthRun r) throws SQLException;
}
