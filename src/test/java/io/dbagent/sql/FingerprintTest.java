package io.dbagent.sql;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FingerprintTest {

    @Test
    void literalsBecomePlaceholdersAndListsCollapse() {
        assertThat(Fingerprint.normalize("SELECT * FROM users WHERE id = 7"))
                .isEqualTo("select * from users where id = ?");
        assertThat(Fingerprint.id("select *  from users\n where id=8;")).isEqualTo(Fingerprint.id("SELECT * FROM users WHERE id = 7"));
        assertThat(Fingerprint.normalize("SELECT name FROM t WHERE id IN (1, 2, 3) AND s = 'it''s' -- c"))
                .isEqualTo("select name from t where id in (?+) and s = ?");
        assertThat(Fingerprint.id("SELECT a FROM t WHERE id IN (1)")).isNotEqualTo(Fingerprint.id("SELECT b FROM t WHERE id IN (1)"));
        assertThat(Fingerprint.normalize("INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y')"))
                .isEqualTo("insert into t(a, b) values (?+)");
        assertThat(Fingerprint.id("insert into t (a,b) values (3,4)")).isEqualTo(Fingerprint.id("INSERT INTO t(a, b) VALUES (1, 2)"));
        assertThat(Fingerprint.normalize("SELECT * FROM t WHERE a = -5 AND b = $1 AND c = ?"))
                .isEqualTo("select * from t where a = ? and b = ? and c = ?");
    }

    @Test
    void placeholdersAreFoundAndSubstitutedOutsideStrings() {
        String sql = "SELECT '?', \"$1\" FROM t WHERE a = $2 AND b = $1 -- $3\n";
        assertThat(Placeholders.find(sql)).containsExactly("$2", "$1");
        assertThat(Placeholders.substitute(sql, List.of("'x'", "42")))
                .isEqualTo("SELECT '?', \"$1\" FROM t WHERE a = 42 AND b = 'x' -- $3\n");
        assertThat(Placeholders.find("SELECT * FROM t WHERE a = ? AND b = ?")).containsExactly("?1", "?2");
        assertThat(Placeholders.literal("O'Brien")).isEqualTo("'O''Brien'");
        assertThat(Placeholders.literal(12)).isEqualTo("12");
    }

    @Test
    void rewrites() {
        assertThat(Rewrites.expandStar("SELECT * FROM t WHERE a = 1", List.of("a", "b")))
                .contains("SELECT a, b FROM t WHERE a = 1");
        assertThat(Rewrites.keyset("SELECT id FROM t ORDER BY created_at, id LIMIT 20 OFFSET 40").orElseThrow())
                .startsWith("SELECT id FROM t WHERE (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT 20");
        assertThat(Rewrites.keyset("SELECT id FROM t ORDER BY a ASC, b DESC LIMIT 5 OFFSET 5")).isEmpty();
        assertThat(Rewrites.notInToNotExists("SELECT id FROM u WHERE id NOT IN (SELECT user_id FROM o)").orElseThrow())
                .isEqualTo("SELECT id FROM u WHERE NOT EXISTS (SELECT 1 FROM o WHERE o.user_id = u.id)");
        assertThat(Rewrites.decorrelate("SELECT u.id, (SELECT sum(o.total) FROM orders o WHERE o.user_id = u.id) AS s "
                + "FROM users u WHERE u.id < 10").orElseThrow())
                .isEqualTo("SELECT u.id, agg1.v AS s FROM users u LEFT JOIN (SELECT o.user_id AS k, sum(o.total) AS v "
                        + "FROM orders o GROUP BY o.user_id) agg1 ON agg1.k = u.id WHERE u.id < 10");
    }
}
