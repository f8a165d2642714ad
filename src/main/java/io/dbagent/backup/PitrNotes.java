package io.dbagent.backup;

import io.dbagent.jdbc.DialectKind;

/** What point-in-time recovery means on the engines where dbagent does not drive it itself. */
final class PitrNotes {

    private PitrNotes() {
    }

    static String notPostgres(DialectKind d) {
        return switch (d) {
            case MYSQL -> "backup pitr setup/restore drive PostgreSQL WAL archiving; on MySQL/MariaDB point-in-time "
                    + "recovery replays the binary log on top of a full backup: enable log_bin (binlog_format=ROW) "
                    + "in the server config, then use 'dbagent backup pitr binlog-script' after a restore "
                    + "(see docs/backups.md)";
            case SQLITE -> "SQLite has no server-side log to replay: point-in-time recovery needs continuous WAL "
                    + "shipping (e.g. Litestream); dbagent offers frequent verified online backups instead "
                    + "(backup create --verify on a schedule), so the recovery point is the last backup";
            case POSTGRES -> "";
        };
    }
}
