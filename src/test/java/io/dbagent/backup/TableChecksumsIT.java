package io.dbagent.backup;

import io.dbagent.dialect.Dialects;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Schema;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The checksum ignores row order and sees every value change, duplicate and NULL, on every engine. */
class TableChecksumsIT {

    @ParameterizedTest
    @EnumSource(DialectKind.class)
    void orderIndependentButContentSensitive(DialectKind kind) {
        DbUrl url = TestDatabases.create(kind, "bk_sum");
        try {
            String t = kind == DialectKind.MYSQL ? "VARCHAR(20)" : "TEXT";
            TestDatabases.exec(url, """
                    CREATE TABLE a (k INT, v %1$s);
                    CREATE TABLE b (k INT, v %1$s);
                    CREATE TABLE c (k INT, v %1$s);
                    CREATE TABLE d (k INT, v %1$s);
                    CREATE TABLE e (k INT, v %1$s);
                    INSERT INTO a VALUES (1, 'x'), (2, 'y'), (3, NULL);
                    INSERT INTO b VALUES (3, NULL), (1, 'x'), (2, 'y');
                    INSERT INTO c VALUES (1, 'x'), (2, 'y'), (3, '');
                    INSERT INTO d VALUES (1, 'x'), (2, 'y'), (3, NULL), (3, NULL);
                    INSERT INTO e VALUES (1, 'x'), (2, 'z'), (3, NULL);
                    """.formatted(t));
            Map<String, TableChecksums.TableSum> sums;
            try (DbSession s = TestDatabases.writable(url)) {
                Schema schema = Dialects.inspect(s);
                List<TableChecksums.TableSum> all = TableChecksums.compute(s.connection(), kind, schema.tables(),
                        () -> false);
                sums = all.stream().collect(Collectors.toMap(TableChecksums.TableSum::table, x -> x));
            }
            assertThat(sums.get("a").checksum()).as("same rows, other order").isEqualTo(sums.get("b").checksum());
            assertThat(sums.get("c").checksum()).as("'' is not NULL").isNotEqualTo(sums.get("a").checksum());
            assertThat(sums.get("d").checksum()).as("a duplicate row counts").isNotEqualTo(sums.get("a").checksum());
            assertThat(sums.get("e").checksum()).as("one value changed").isNotEqualTo(sums.get("a").checksum());
            assertThat(sums.get("d").rows()).isEqualTo(4);
        } finally {
            TestDatabases.drop(url);
        }
    }
}
