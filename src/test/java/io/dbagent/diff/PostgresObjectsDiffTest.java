package io.dbagent.diff;

import io.dbagent.dialect.DdlWriter;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Check;
import io.dbagent.schema.Column;
import io.dbagent.schema.Domain;
import io.dbagent.schema.Exclusion;
import io.dbagent.schema.Extension;
import io.dbagent.schema.ForeignKey;
import io.dbagent.schema.Policy;
import io.dbagent.schema.Routine;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;
import io.dbagent.schema.Unique;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL's own object kinds in the diff and the DDL writer, on in-memory models: the order of extensions, domains,
 * routines, tables and policies; ALTER DOMAIN for changed checks; policies dropped and created again; inheritance
 * children declared without their parents' columns; destructive extension drops; the roles a script needs.
 */
class PostgresObjectsDiffTest {

    private static final Extension CITEXT = new Extension("citext", "public", "1.6");
    private static final Domain EMAIL = new Domain("public", "email", "citext", false, null, null,
            List.of(new Check("email_format", "VALUE ~ '@'::citext")));
    private static final Routine TENANT = new Routine("public", "current_tenant", Routine.FUNCTION, "", "", "bigint",
            "sql", "STABLE", false, "SELECT 1::bigint",
            "CREATE OR REPLACE FUNCTION public.current_tenant()\n RETURNS bigint\n LANGUAGE sql\n STABLE\n"
                    + "AS $function$SELECT 1::bigint$function$\n");
    private static final Policy OWN_ROWS = new Policy("own_rows", "ALL", true, List.of("public"),
            "tenant_id = current_tenant()", "tenant_id = current_tenant()");

    private static Table account(String rowSecurity, List<Policy> policies) {
        return new Table("public", "account", -1, -1,
                List.of(Column.of("id", "bigint", false, null), Column.of("tenant_id", "bigint", false, null),
                        Column.of("email", "email", false, null)),
                List.of("id"), "account_pkey", List.of(), List.of(new Unique("account_email_key",
                List.of("email"), "DEFERRABLE INITIALLY DEFERRED")), List.of(), List.of(), null)
                .withRowSecurity(rowSecurity, policies);
    }

    private static Schema pg(List<Table> tables, List<Domain> domains, List<Extension> extensions,
                             List<Routine> routines) {
        return new Schema("postgres", "PostgreSQL", "15", "db", List.of("public"), tables, List.of(), List.of(),
                List.of(), List.of(), routines, domains, extensions);
    }

    private static List<String> kinds(DiffPlan p) {
        return p.changes().stream().map(c -> c.kind() + " " + c.subject()).toList();
    }

    @Test
    void createsExtensionsThenDomainsThenRoutinesThenTablesAndPoliciesLast() {
        Schema to = pg(List.of(account("forced", List.of(OWN_ROWS))), List.of(EMAIL), List.of(CITEXT),
                List.of(TENANT));
        DiffPlan plan = SchemaDiff.diff(DiffModels.empty(DialectKind.POSTGRES), to);
        assertThat(kinds(plan)).containsExactly("create-extension citext", "create-domain email",
                "create-function current_tenant()", "create-table account", "create-policy account.own_rows");
        String script = DiffScript.up(plan, false, List.of());
        assertThat(script).contains("CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public;",
                "CREATE DOMAIN email AS citext\n    CONSTRAINT email_format CHECK (VALUE ~ '@'::citext);",
                "CONSTRAINT account_email_key UNIQUE (email) DEFERRABLE INITIALLY DEFERRED",
                "ALTER TABLE account ENABLE ROW LEVEL SECURITY;\nALTER TABLE account FORCE ROW LEVEL SECURITY;",
                "CREATE POLICY own_rows ON account USING (tenant_id = current_tenant()) WITH CHECK (tenant_id ="
                        + " current_tenant());")
                .doesNotContain("roles that must exist");

        // the DDL writer writes the same kinds in the same order
        List<String> ddl = DdlWriter.of(DialectKind.POSTGRES).createSchema(to);
        assertThat(ddl.get(0)).isEqualTo("CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public");
        assertThat(ddl.get(1)).startsWith("CREATE DOMAIN email AS citext");
        assertThat(ddl.get(2)).startsWith("CREATE TABLE account").contains("UNIQUE (email) DEFERRABLE INITIALLY DEFERRED");
        assertThat(ddl.subList(3, ddl.size())).containsExactly("ALTER TABLE account ENABLE ROW LEVEL SECURITY",
                "ALTER TABLE account FORCE ROW LEVEL SECURITY",
                "CREATE POLICY own_rows ON account USING (tenant_id = current_tenant()) WITH CHECK (tenant_id ="
                        + " current_tenant())");
    }

    @Test
    void aChangedPolicyIsDroppedAndCreatedAgainAndNamedRolesAreListed() {
        Policy restricted = new Policy("own_rows", "SELECT", false, List.of("auditor", "public"),
                "tenant_id = current_tenant()", null);
        Schema from = pg(List.of(account("enabled", List.of(OWN_ROWS))), List.of(EMAIL), List.of(CITEXT), List.of());
        Schema to = pg(List.of(account("enabled", List.of(restricted))), List.of(EMAIL), List.of(CITEXT), List.of());
        DiffPlan plan = SchemaDiff.diff(from, to);
        assertThat(kinds(plan)).containsExactly("drop-policy account.own_rows", "create-policy account.own_rows");
        String script = DiffScript.up(plan, false, List.of());
        assertThat(script).contains("-- the policies below name roles that must exist first: auditor\n",
                "DROP POLICY own_rows ON account;",
                "CREATE POLICY own_rows ON account AS RESTRICTIVE FOR SELECT TO auditor, PUBLIC USING (tenant_id ="
                        + " current_tenant());");
        // the down script puts the old policy back, and names no role
        assertThat(DiffScript.down(plan, false, List.of())).contains("CREATE POLICY own_rows ON account USING")
                .doesNotContain("roles that must exist");
    }

    @Test
    void aChangedDomainCheckIsReplacedWithAlterDomainAndRowSecurityIsSwitched() {
        Domain stricter = new Domain("public", "email", "citext", true, "'x@y'::citext", null,
                List.of(new Check("email_format", "VALUE ~ '^[^@]+@[^@]+$'::citext")));
        Schema from = pg(List.of(account("forced", List.of())), List.of(EMAIL), List.of(CITEXT), List.of());
        Schema to = pg(List.of(account(null, List.of())), List.of(stricter), List.of(CITEXT), List.of());
        DiffPlan plan = SchemaDiff.diff(from, to);
        assertThat(kinds(plan)).containsExactly("alter-domain email", "set-row-security account");
        assertThat(plan.statements().get(0)).endsWith("SET lock_timeout = '5s'");
        assertThat(plan.statements().subList(1, plan.statements().size()))
                .containsExactly("ALTER DOMAIN email DROP CONSTRAINT email_format",
                "ALTER DOMAIN email SET DEFAULT 'x@y'::citext", "ALTER DOMAIN email SET NOT NULL",
                "ALTER DOMAIN email ADD CONSTRAINT email_format CHECK (VALUE ~ '^[^@]+@[^@]+$'::citext)",
                "ALTER TABLE account NO FORCE ROW LEVEL SECURITY", "ALTER TABLE account DISABLE ROW LEVEL SECURITY");
    }

    @Test
    void droppingAnExtensionIsDestructiveAndGoesAfterTheDomainsOverIt() {
        Schema from = pg(List.of(), List.of(EMAIL), List.of(CITEXT), List.of());
        DiffPlan plan = SchemaDiff.diff(from, pg(List.of(), List.of(), List.of(), List.of()));
        assertThat(kinds(plan)).containsExactly("drop-domain email", "drop-extension citext");
        String script = DiffScript.up(plan, false, List.of());
        assertThat(script).contains("DROP DOMAIN email;", "-- DESTRUCTIVE drop-extension citext: loses the types,"
                + " functions and operators of extension citext; not emitted without --allow-destructive:\n"
                + "-- DROP EXTENSION citext;");
        assertThat(DiffScript.up(plan, true, List.of())).contains("\nDROP EXTENSION citext;");
    }

    @Test
    void anInheritanceChildIsCreatedAfterItsParentWithOnlyItsOwnColumns() {
        Table parent = new Table("public", "audit_event", -1, -1,
                List.of(Column.of("event_id", "bigint", false, null), Column.of("action", "text", false, null)),
                List.of("event_id"), "audit_event_pkey", List.of(), List.of(),
                List.of(new Check("audit_event_action_check", "action <> ''::text")), List.of(), null);
        Table child = new Table("public", "audit_user_event", -1, -1,
                List.of(Column.of("event_id", "bigint", false, null), Column.of("action", "text", false, null),
                        Column.of("user_id", "bigint", false, null)),
                List.of("event_id"), "audit_user_event_pkey", List.of(), List.of(),
                List.of(new Check("audit_event_action_check", "action <> ''::text")), List.of(), null)
                .withInherits(List.of("audit_event"))
                .withExclusions(List.of(new Exclusion("one_per_user", "EXCLUDE USING gist (user_id WITH =)",
                        "DEFERRABLE INITIALLY IMMEDIATE")));
        // the child comes first in name order; it is still created second
        DiffPlan plan = SchemaDiff.diff(DiffModels.empty(DialectKind.POSTGRES),
                pg(List.of(child, parent), List.of(), List.of(), List.of()));
        assertThat(kinds(plan)).containsExactly("create-table audit_event", "create-table audit_user_event");
        assertThat(plan.statements().get(1)).isEqualTo("CREATE TABLE audit_user_event (\n"
                + "    user_id bigint NOT NULL,\n"
                + "    CONSTRAINT audit_user_event_pkey PRIMARY KEY (event_id),\n"
                + "    CONSTRAINT one_per_user EXCLUDE USING gist (user_id WITH =) DEFERRABLE INITIALLY IMMEDIATE\n"
                + ") INHERITS (audit_event)");
        List<String> ddl = DdlWriter.of(DialectKind.POSTGRES).createSchema(pg(List.of(child, parent), List.of(),
                List.of(), List.of()));
        assertThat(ddl.get(0)).startsWith("CREATE TABLE audit_event (");
        assertThat(ddl.get(1)).startsWith("CREATE TABLE audit_user_event (\n  user_id bigint NOT NULL,")
                .endsWith(") INHERITS (audit_event)").doesNotContain("action");

        // leaving the parent is ALTER TABLE … NO INHERIT; a deferrable foreign key is written as such
        ForeignKey fk = new ForeignKey("fk_user", List.of("user_id"), "public", "audit_event", List.of("event_id"),
                "NO ACTION", "NO ACTION", "DEFERRABLE INITIALLY DEFERRED");
        DiffPlan leave = SchemaDiff.diff(pg(List.of(child, parent), List.of(), List.of(), List.of()),
                pg(List.of(child.withInherits(List.of()).withForeignKeys(List.of(fk)), parent), List.of(), List.of(),
                        List.of()));
        assertThat(leave.statements().subList(1, leave.statements().size()))
                .containsExactly("ALTER TABLE audit_user_event NO INHERIT audit_event",
                "ALTER TABLE audit_user_event ADD CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES audit_event"
                        + " (event_id) DEFERRABLE INITIALLY DEFERRED");
    }
}
