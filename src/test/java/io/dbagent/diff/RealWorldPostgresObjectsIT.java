package io.dbagent.diff;

import io.dbagent.cli.CliRunner;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Domain;
import io.dbagent.schema.Policy;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;
import io.dbagent.testsupport.RealWorldCorpus;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A multi-tenant SaaS schema (src/test/resources/realworld/pg_saas.sql) with PostgreSQL's own object kinds:
 * extensions, domains, row-level security and policies, an exclusion constraint, deferrable keys, inheritance, views
 * on views and a materialized view. It survives the corpus round trip, the model reads every kind, and single changes
 * to them diff, apply and leave nothing to diff.
 */
class RealWorldPostgresObjectsIT {

    @TempDir
    Path tmp;

    @Test
    void saasSchemaRoundTripsAndTheModelReadsEveryObjectKind() throws Exception {
        RealWorldCorpus.Loaded loaded = RealWorldCorpus.roundTrip(DialectKind.POSTGRES, "pg_saas.sql", tmp);
        try {
            Schema model = RealWorldCorpus.inspect(loaded.db());
            assertThat(model.extensions()).extracting(e -> e.name())
                    .containsExactly("btree_gist", "citext", "pg_trgm");
            Domain email = model.domains().stream().filter(d -> d.name().equals("email")).findFirst().orElseThrow();
            assertThat(email.baseType()).isEqualTo("citext");
            assertThat(email.checks()).singleElement().satisfies(c -> {
                assertThat(c.name()).isEqualTo("email_format");
                assertThat(c.expression()).contains("VALUE ~");
            });
            Domain money = model.domains().stream().filter(d -> d.name().equals("positive_money")).findFirst()
                    .orElseThrow();
            assertThat(money.baseType()).isEqualTo("numeric(12,2)");
            assertThat(money.notNull()).isTrue();
            assertThat(money.defaultValue()).isEqualTo("0");
            Domain label = model.domains().stream().filter(d -> d.name().equals("short_label")).findFirst()
                    .orElseThrow();
            assertThat(label.collation()).isEqualTo("\"C\"");

            Table appUser = model.table("app_user").orElseThrow();
            assertThat(appUser.rowSecurity()).isEqualTo("forced");
            assertThat(appUser.policies()).singleElement().satisfies(p -> {
                assertThat(p.command()).isEqualTo("ALL");
                assertThat(p.permissive()).isTrue();
                assertThat(p.roles()).containsExactly("public");
                assertThat(p.using()).isEqualTo("tenant_id = current_tenant()");
                assertThat(p.withCheck()).isEqualTo("tenant_id = current_tenant()");
            });
            Table team = model.table("team").orElseThrow();
            assertThat(team.rowSecurity()).isEqualTo("enabled");
            assertThat(team.policies()).extracting(Policy::name, Policy::command, Policy::permissive)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("team_no_free_tier", "UPDATE", false),
                            org.assertj.core.groups.Tuple.tuple("team_tenant_read", "SELECT", true),
                            org.assertj.core.groups.Tuple.tuple("team_tenant_write", "INSERT", true));
            assertThat(team.foreignKeys()).filteredOn(fk -> fk.name().equals("team_owner_fk")).singleElement()
                    .satisfies(fk -> assertThat(fk.deferrable()).isEqualTo("DEFERRABLE INITIALLY DEFERRED"));
            assertThat(model.table("tenant").orElseThrow().uniques()).singleElement()
                    .satisfies(u -> assertThat(u.deferrable()).isEqualTo("DEFERRABLE INITIALLY IMMEDIATE"));
            assertThat(model.table("booking").orElseThrow().exclusions()).singleElement().satisfies(x -> {
                assertThat(x.name()).isEqualTo("booking_no_overlap");
                assertThat(x.definition()).isEqualTo("EXCLUDE USING gist (room_id WITH =, during WITH &&)");
                assertThat(x.deferrable()).isNull();
            });
            Table child = model.table("audit_user_event").orElseThrow();
            assertThat(child.inherits()).containsExactly("audit_event");
            assertThat(child.columns()).extracting(c -> c.name())
                    .containsExactly("event_id", "tenant_id", "happened_at", "action", "user_id");
            assertThat(model.views()).filteredOn(v -> v.name().equals("room_usage")).singleElement()
                    .satisfies(v -> assertThat(v.materialized()).isTrue());

            // the two keys of the cycle are checked at commit: a team and its owner go in in one transaction
            TestDatabases.exec(loaded.db(), """
                    BEGIN;
                    INSERT INTO tenant (name, billing_email) VALUES ('acme', 'Billing@Acme.example');
                    SELECT set_config('app.tenant_id', (SELECT tenant_id::text FROM tenant), false);
                    INSERT INTO app_user (tenant_id, email, display_name)
                        VALUES ((SELECT tenant_id FROM tenant), 'ann@acme.example', 'Ann');
                    INSERT INTO team (team_id, tenant_id, name, owner_id) OVERRIDING SYSTEM VALUE
                        VALUES (10, (SELECT tenant_id FROM tenant), 'core', 20);
                    INSERT INTO team_member (member_id, team_id, user_id) OVERRIDING SYSTEM VALUE
                        VALUES (20, 10, (SELECT user_id FROM app_user));
                    COMMIT;
                    """);
            assertThat(RealWorldCorpus.count(loaded.db(), "SELECT count(*) FROM team_member")).isEqualTo(1);
        } finally {
            TestDatabases.drop(loaded.db());
        }
    }
}
