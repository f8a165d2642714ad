package io.dbagent.health;

import java.sql.SQLException;

final class SqliteHealth {
    private SqliteHealth() {
    }

    static void run(HealthRun r) throws SQLException {
    }
}
