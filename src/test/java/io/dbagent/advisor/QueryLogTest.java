package io.dbagent.advisor;

import io.dbagent.DbAgentException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryLogTest {

    @Test
    void postgresStatementLogWithDurationsAndContinuationLines() {
        QueryLog log = QueryLog.parse("pg.log", """
                2026-11-26 07:00:00.001 UTC [4242] LOG:  duration: 0.412 ms  statement: SELECT id FROM users WHERE id = 5
                2026-11-26 07:00:00.002 UTC [4242] LOG:  statement: SELECT o.id
                	FROM orders o
                	WHERE o.user_id = 5;
                2026-11-26 07:00:00.003 UTC [4243] LOG:  statement: BEGIN
                2026-11-26 07:00:00.004 UTC [4243] LOG:  execute <unnamed>: UPDATE orders SET status = $1 WHERE id = $2
                2026-11-26 07:00:00.004 UTC [4243] DETAIL:  parameters: $1 = 'paid', $2 = '7'
                2026-11-26 07:00:00.005 UTC [4243] LOG:  duration: 1.5 ms
                2026-11-26 07:00:00.006 UTC [4243] ERROR:  relation "nope" does not exist at character 15
                """);
        assertThat(log.format()).isEqualTo("postgres");
        assertThat(log.entries()).hasSize(3);
        assertThat(log.entries().get(0).durationMs()).isEqualTo(0.412);
        assertThat(log.entries().get(0).session()).isEqualTo("4242");
        assertThat(log.entries().get(1).sql()).isEqualTo("SELECT o.id\n\tFROM orders o\n\tWHERE o.user_id = 5");
        assertThat(log.entries().get(2).sql()).isEqualTo("UPDATE orders SET status = $1 WHERE id = $2");
        assertThat(log.entries().get(2).session()).isEqualTo("4243");
    }

    @Test
    void mysqlGeneralLog() {
        QueryLog log = QueryLog.parse("general.log", """
                /usr/sbin/mariadbd, Version: 10.11.19-MariaDB-0+deb12u1-log (Debian 12). started with:
                Tcp port: 3306  Unix socket: /run/mysqld/mysqld.sock
                Time		    Id Command	Argument
                261126  7:00:00	   12 Connect	app@localhost on shop using Socket
                		   12 Query	SELECT id FROM users
                WHERE country = 'JP'
                		   12 Query	SELECT * FROM orders WHERE user_id = 3
                2026-11-26T07:00:01.123456Z	   13 Query	SET autocommit=0
                2026-11-26T07:00:01.223456Z	   13 Query	DELETE FROM carts WHERE id = 9
                		   12 Quit
                """);
        assertThat(log.format()).isEqualTo("mysql");
        assertThat(log.entries()).extracting(QueryLog.Entry::sql).containsExactly(
                "SELECT id FROM users\nWHERE country = 'JP'", "SELECT * FROM orders WHERE user_id = 3",
                "DELETE FROM carts WHERE id = 9");
        assertThat(log.entries().get(2).session()).isEqualTo("13");
    }

    @Test
    void plainLogsBecomeWeightedWorkloads() {
        QueryLog log = QueryLog.parse("plain.log", """
                SELECT * FROM t WHERE id = 1;
                -- a comment
                SELECT * FROM t WHERE id = 2
                SELECT count(*) FROM t
                """);
        assertThat(log.format()).isEqualTo("plain");
        Workload w = log.asWorkload();
        assertThat(w.statements()).hasSize(2);
        assertThat(w.statements().get(0).weight()).isEqualTo(2);
        assertThatThrownBy(() -> QueryLog.parse("e.log", "BEGIN\nCOMMIT\n"))
                .isInstanceOf(DbAgentException.class).hasMessageContaining("has no statements");
    }
}
