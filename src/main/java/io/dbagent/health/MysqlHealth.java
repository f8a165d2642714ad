package io.dbagent.health;

import java.sql.SQLException;

final class MysqlHealth {
    private MysqlHealth() {
    }

    static void run(HealthRun r) throws SQLException {
    }
}
