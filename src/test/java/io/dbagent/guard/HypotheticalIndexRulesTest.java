package io.dbagent.guard;

import io.dbagent.DbAgentException;
import io.dbagent.jdbc.DialectKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the guard reads from a hypothetical index, and what it refuses. */
class HypotheticalIndexRulesTest {

    private static IndexSpec read(String text) {
        return StatementGuard.readHypotheticalIndex(DialectKind.POSTGRES, text);
    }

    private static void refused(String text, String why) {
        assertThatThrownBy(() -> read(text)).as(text).isInstanceOf(DbAgentException.class)
                .hasMessageStartingWith("refused hypothetical index").hasMessageContaining(why)
                .satisfies(e -> assertThat(((DbAgentException) e).code()).isEqualTo(DbAgentException.Code.BAD_INPUT));
    }

    @Test
    void readsTheCreateIndexFormAndTheShortForm() {
        IndexSpec full = read("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ix ON ONLY sales.\"Orders\" USING btree "
                + "(customer_id DESC NULLS LAST, \"Created\") INCLUDE (total);");
        assertThat(full.schema()).isEqualTo(new IndexSpec.Name("sales", false));
        assertThat(full.table()).isEqualTo(new IndexSpec.Name("Orders", true));
        assertThat(full.unique()).isTrue();
        assertThat(full.method()).isEqualTo("btree");
        assertThat(full.keys()).containsExactly(
                new IndexSpec.Key(new IndexSpec.Name("customer_id", false), true, "last"),
                new IndexSpec.Key(new IndexSpec.Name("Created", true), false, null));
        assertThat(full.include()).containsExactly(new IndexSpec.Name("total", false));

        IndexSpec shortForm = read("orders(customer_id, created_at)");
        assertThat(shortForm.schema()).isNull();
        assertThat(shortForm.table().folded()).isEqualTo("orders");
        assertThat(shortForm.keys().stream().map(k -> k.column().folded()).toList())
                .isEqualTo(List.of("customer_id", "created_at"));
        assertThat(read("CREATE INDEX ON \"Orders\" (\"Id\")").table().folded()).isEqualTo("Orders");
    }

    @Test
    void refusesASecondStatementExpressionsAndClausesItCannotRead() {
        refused("CREATE INDEX ON t (a); DROP TABLE t", "holds 2 statements");
        refused("CREATE INDEX ON t (a);; DROP TABLE t", "holds 2 statements");
        refused("CREATE INDEX ON t (a) /* x */ ; SELECT pg_sleep(10)", "holds 2 statements");
        refused("CREATE INDEX ON t ((pg_sleep(10)))", "expected a name at '('");
        refused("CREATE INDEX ON t (lower(a))", "no expressions");
        refused("CREATE INDEX ON t (a) WHERE pg_terminate_backend(1)", "unexpected 'WHERE'");
        refused("CREATE INDEX ON t (a) WITH (fillfactor = 10)", "unexpected 'WITH'");
        refused("DROP TABLE t", "expected '(' at 'TABLE'");
        refused("CREATE TABLE x (a int)", "expected INDEX");
        refused("CREATE INDEX ON t USING evil (a)", "unknown index method evil");
        refused("CREATE INDEX ON U&\"t\" (a)", "U&");
        refused("CREATE INDEX ON t ('a')", "expected a name");
        refused("t(a", "expected ')'");
        assertThatThrownBy(() -> read(" ")).hasMessageStartingWith("empty hypothetical index");
        // a string that hides a semicolon under one of PostgreSQL's string settings
        refused("CREATE INDEX ON t (a) 'x\\'; DROP TABLE t; --'", "");
    }

    @Test
    void mysqlQuotesAreReadAsMysqlReadsThem() {
        IndexSpec s = StatementGuard.readHypotheticalIndex(DialectKind.MYSQL, "CREATE INDEX ix ON `orders` (`customer_id`)");
        assertThat(s.table()).isEqualTo(new IndexSpec.Name("orders", true));
    }
}
