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

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.report.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

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
            // the materialized view's indexes are part of the model (and so of the round trip above)
            assertThat(model.views().stream().filter(v -> v.name().equals("room_usage")).findFirst().orElseThrow()
                    .indexes()).extracting(i -> i.name() + " " + i.unique() + " " + i.columns() + " " + i.where())
                    .containsExactly("room_usage_busy_idx false [tenant_id, bookings] bookings > 0",
                            "room_usage_room_idx true [room_id] null");

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

            var text = CliRunner.run("inspect", "--db", loaded.url());
            assertThat(text.exit()).as(text.err()).isZero();
            assertThat(text.out()).contains("3 domains, 3 extensions", "row-level security forced",
                    "POLICY team_no_free_tier RESTRICTIVE FOR UPDATE TO public USING (",
                    "booking_no_overlap EXCLUDE USING gist (room_id WITH =, during WITH &&)",
                    "inherits audit_event", "DEFERRABLE INITIALLY DEFERRED",
                    "DOMAIN public.positive_money numeric(12,2) NOT NULL DEFAULT 0 CHECK (VALUE >= 0::numeric)",
                    "EXTENSIONS btree_gist ");
            var mermaid = CliRunner.run("inspect", "--db", loaded.url(), "--format", "mermaid");
            assertThat(mermaid.exit()).as(mermaid.err()).isZero();
            assertThat(mermaid.out()).startsWith("erDiagram\n").contains("    %% audit_user_event inherits audit_event\n",
                    "    %% not drawn: 5 policies, 3 domain(s), 3 extension(s)");
            var json = Json.MAPPER.readTree(CliRunner.run("inspect", "--db", loaded.url(), "--format", "json").out());
            assertThat(json.get("extensions")).hasSize(3);
            assertThat(json.get("domains")).hasSize(3);

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

    /**
     * Single changes of each kind, made to a loaded copy: the diff back to the file writes the statement for the
     * kind, the script applies, and nothing is left to diff. The effect is checked in the catalog on its own connection.
     */
    @Test
    void singleChangesDiffApplyAndLeaveNothing() throws Exception {
        String sql = RealWorldCorpus.resource("pg_saas.sql");
        Path file = Files.writeString(tmp.resolve("pg_saas.sql"), sql);
        String dev = RealWorldCorpus.devServer(DialectKind.POSTGRES);
        DbUrl db = TestDatabases.create(DialectKind.POSTGRES, "rwobj");
        String role = "dbagent_rls_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try {
            TestDatabases.exec(db, sql);
            String url = RealWorldCorpus.cliUrl(db);

            // a policy missing on the live side is created
            TestDatabases.exec(db, "DROP POLICY team_tenant_write ON team");
            String script = applyDiff(db, file, dev, "CREATE POLICY team_tenant_write ON team FOR INSERT WITH CHECK ("
                    + "tenant_id = current_tenant());");
            assertThat(RealWorldCorpus.count(db, "SELECT count(*) FROM pg_policy WHERE polname = 'team_tenant_write'"))
                    .isEqualTo(1);
            assertThat(script).doesNotContain("roles that must exist");

            // a changed domain check is dropped and added again with ALTER DOMAIN
            TestDatabases.exec(db, "ALTER DOMAIN email DROP CONSTRAINT email_format;\n"
                    + "ALTER DOMAIN email ADD CONSTRAINT email_format CHECK (VALUE ~ '@');");
            script = applyDiff(db, file, dev, "ALTER DOMAIN email DROP CONSTRAINT email_format;");
            assertThat(script).contains("ALTER DOMAIN email ADD CONSTRAINT email_format CHECK (VALUE ~ ");
            assertThat(RealWorldCorpus.count(db, "SELECT count(*) FROM pg_constraint WHERE conname = 'email_format'"
                    + " AND pg_get_constraintdef(oid) LIKE '%[:space:]%'")).isEqualTo(1);

            // a column of the inheritance parent comes back on the parent alone; the children get it from there
            TestDatabases.exec(db, "ALTER TABLE audit_event DROP COLUMN action");
            script = applyDiff(db, file, dev, "ALTER TABLE audit_event\n    ADD COLUMN action text NOT NULL,\n"
                    + "    ADD CONSTRAINT audit_event_action_check CHECK (");
            assertThat(script).doesNotContain("ALTER TABLE audit_user_event", "ALTER TABLE audit_booking_event");
            assertThat(RealWorldCorpus.count(db, "SELECT count(*) FROM pg_attribute WHERE attname = 'action'"
                    + " AND attrelid IN ('audit_user_event'::regclass, 'audit_booking_event'::regclass)"
                    + " AND NOT attislocal AND attinhcount = 1")).isEqualTo(2);

            // a missing extension comes before the index that needs its operator class; dropping one is destructive
            TestDatabases.exec(db, "DROP INDEX app_user_name_trgm;\nDROP EXTENSION pg_trgm;");
            var reverse = CliRunner.run("diff", "--from", file.toString(), "--to", url, "--dev-db", dev);
            assertThat(reverse.exit()).as(reverse.out() + reverse.err()).isEqualTo(1);
            assertThat(reverse.out()).contains("-- DESTRUCTIVE drop-extension pg_trgm: loses the types, functions and"
                    + " operators of extension pg_trgm; not emitted without --allow-destructive:\n-- DROP EXTENSION pg_trgm;");
            script = applyDiff(db, file, dev, "CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;");
            assertThat(script.indexOf("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
                    .isLessThan(script.indexOf("CREATE INDEX app_user_name_trgm ON app_user USING gin (display_name"
                            + " gin_trgm_ops);"));
            assertThat(RealWorldCorpus.count(db, "SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'"))
                    .isEqualTo(1);

            // migrate generate: row-level security, an exclusion constraint and a deferrable key come back
            TestDatabases.exec(db, """
                    ALTER TABLE team DISABLE ROW LEVEL SECURITY;
                    ALTER TABLE app_user NO FORCE ROW LEVEL SECURITY;
                    ALTER TABLE booking DROP CONSTRAINT booking_no_overlap;
                    ALTER TABLE team_member DROP CONSTRAINT team_member_team_fk;
                    ALTER TABLE team_member ADD CONSTRAINT team_member_team_fk FOREIGN KEY (team_id)
                        REFERENCES team (team_id);
                    """);
            Path dir = tmp.resolve("migrations");
            var gen = CliRunner.run("migrate", "generate", "tenant isolation", "--db", url, "--to", file.toString(),
                    "--dir", dir.toString(), "--dev-db", dev);
            assertThat(gen.exit()).as(gen.out() + gen.err()).isZero();
            List<Path> files;
            try (Stream<Path> st = Files.list(dir)) {
                files = st.sorted().toList();
            }
            assertThat(files).hasSize(2);
            String up = Files.readString(files.get(1));
            String down = Files.readString(files.get(0));
            assertThat(up).contains("ALTER TABLE team ENABLE ROW LEVEL SECURITY;",
                    "ALTER TABLE app_user FORCE ROW LEVEL SECURITY;",
                    "CONSTRAINT booking_no_overlap EXCLUDE USING gist (room_id WITH =, during WITH &&)",
                    "REFERENCES team (team_id) DEFERRABLE INITIALLY DEFERRED");
            assertThat(down).contains("ALTER TABLE team DISABLE ROW LEVEL SECURITY;",
                    "ALTER TABLE app_user NO FORCE ROW LEVEL SECURITY;", "DROP CONSTRAINT booking_no_overlap");
            var apply = CliRunner.run("migrate", "up", "--db", url, "--dir", dir.toString());
            assertThat(apply.exit()).as(apply.out() + apply.err()).isZero();
            RealWorldCorpus.assertNoDifferences(url, file, dev);
            assertThat(RealWorldCorpus.count(db, "SELECT count(*) FROM pg_class WHERE relname IN ('team', 'app_user')"
                    + " AND relrowsecurity AND (relname = 'team' OR relforcerowsecurity)")).isEqualTo(2);
            assertThat(RealWorldCorpus.count(db, "SELECT count(*) FROM pg_constraint WHERE conname ="
                    + " 'team_member_team_fk' AND condeferrable AND condeferred")).isEqualTo(1);

            // a policy for a named role: the script says the role must exist
            TestDatabases.exec(db, "CREATE ROLE " + role + " NOLOGIN");
            Path withRole = Files.writeString(tmp.resolve("pg_saas_role.sql"), sql
                    + "\nCREATE POLICY tenant_admin ON tenant AS RESTRICTIVE FOR DELETE TO " + role
                    + " USING (tier = 'free');\n");
            script = applyDiff(db, withRole, dev, "CREATE POLICY tenant_admin ON tenant AS RESTRICTIVE FOR DELETE TO "
                    + role + " USING (tier = 'free'::plan_tier);");
            assertThat(script).contains("-- the policies below name roles that must exist first: " + role + "\n");
            assertThat(RealWorldCorpus.count(db, "SELECT count(*) FROM pg_policy p JOIN pg_roles r"
                    + " ON r.oid = ANY (p.polroles) WHERE p.polname = 'tenant_admin' AND r.rolname = '" + role + "'"))
                    .isEqualTo(1);
        } finally {
            TestDatabases.drop(db);
            TestDatabases.exec(TestDatabases.pgServer(), "DROP ROLE IF EXISTS " + role);
        }
    }

    /** Diffs the live database to the file, checks the script holds {@code expected}, applies it and re-diffs. */
    private static String applyDiff(DbUrl db, Path file, String dev, String expected) {
        String url = RealWorldCorpus.cliUrl(db);
        var r = CliRunner.run("diff", "--from", url, "--to", file.toString(), "--dev-db", dev);
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains(expected);
        TestDatabases.exec(db, r.out());
        RealWorldCorpus.assertNoDifferences(url, file, dev);
        return r.out();
    }

    /**
     * Lint finds nothing false on this schema (the exclusion constraint's GiST index serves its foreign key), and
     * every fix it gives applies on a copy and makes its finding go away.
     */
    @Test
    void lintFixesApplyOnACopy() throws Exception {
        String sql = RealWorldCorpus.resource("pg_saas.sql");
        DbUrl db = TestDatabases.create(DialectKind.POSTGRES, "rwlint");
        try {
            TestDatabases.exec(db, sql);
            String url = RealWorldCorpus.cliUrl(db);
            JsonNode report = Json.MAPPER.readTree(CliRunner.run("lint", "--db", url, "--format", "json").out());
            List<String> subjects = new ArrayList<>();
            List<String> fixes = new ArrayList<>();
            report.get("findings").forEach(f -> {
                subjects.add(f.get("id").asText() + " " + f.get("subject").asText());
                if (f.hasNonNull("fix")) {
                    fixes.add(f.get("fix").asText());
                }
            });
            assertThat(subjects).doesNotContain("fk-without-index booking(room_id)")
                    .contains("duplicate-index team_member.team_member_team_idx",
                            "missing-foreign-key audit_event.tenant_id");
            assertThat(fixes).isNotEmpty();
            for (String fix : fixes) {
                TestDatabases.exec(db, fix);
            }
            JsonNode after = Json.MAPPER.readTree(CliRunner.run("lint", "--db", url, "--format", "json").out());
            List<String> left = new ArrayList<>();
            after.get("findings").forEach(f -> left.add(f.get("id").asText() + " " + f.get("subject").asText()));
            // the fixed findings are gone (the new foreign keys bring findings of their own: indexes for them)
            assertThat(left).doesNotContainAnyElementsOf(subjects.stream()
                    .filter(x -> !x.equals("missing-foreign-key audit_user_event.user_id")).toList())
                    .contains("fk-without-index audit_event(tenant_id)");
            assertThat(RealWorldCorpus.count(db, "SELECT count(*) FROM pg_constraint WHERE conrelid ="
                    + " 'audit_event'::regclass AND contype = 'f'")).isEqualTo(1);
        } finally {
            TestDatabases.drop(db);
        }
    }
}
