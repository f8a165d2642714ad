package io.dbagent.dialect.postgres;

import io.dbagent.design.DerivedPlan;
import io.dbagent.design.DesignDialect;
import io.dbagent.design.DesignParts;
import io.dbagent.design.Names;
import io.dbagent.design.TableBuilder;
import io.dbagent.design.spec.DesignSpec.Attribute;
import io.dbagent.dialect.DdlWriter;
import io.dbagent.schema.Column;
import io.dbagent.schema.Index;
import io.dbagent.schema.Table;
import io.dbagent.schema.Trigger;

import java.util.List;
import java.util.stream.Collectors;

/**
 * PostgreSQL: identity keys, timestamptz, jsonb, a regex email check, one shared {@code set_updated_at()} trigger
 * function, PL/pgSQL functions for derived attributes, and a stored tsvector column with a GIN index for search.
 */
final class PostgresDesign extends DesignDialect {

    /**
     * UUIDv7 from a v4: overwrite the first 48 bits with the Unix time in milliseconds and turn the version nibble
     * 0100 into 0111 (bits 52 and 53 of the bytea, counted from the low bit of the first byte).
     */
    static final String UUID_V7 = """
            CREATE OR REPLACE FUNCTION uuid_generate_v7() RETURNS uuid LANGUAGE sql VOLATILE AS $$
              SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
                       PLACING substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
                       FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid
            $$""";

    private final String searchLanguage;
    private final boolean uuidV7;

    PostgresDesign(DdlWriter writer, String searchLanguage, boolean uuidV7) {
        super(writer, "public");
        this.searchLanguage = searchLanguage;
        this.uuidV7 = uuidV7;
    }

    @Override
    protected List<String> prelude(boolean usesUuidKeys) {
        return usesUuidKeys && uuidV7 ? List.of(UUID_V7) : List.of();
    }

    @Override
    protected Column keyColumn(String keyKind) {
        if (keyKind.equals("uuid")) {
            return new Column("id", "uuid", false, uuidV7 ? "uuid_generate_v7()" : "gen_random_uuid()", true, false,
                    null, null, null, null);
        }
        return new Column("id", referenceType(keyKind), false, null, true, true, "by default", null, null, null);
    }

    @Override
    protected String referenceType(String keyKind) {
        return switch (keyKind) {
            case "uuid" -> "uuid";
            case "bigint" -> "bigint";
            default -> "integer";
        };
    }

    @Override
    protected String type(Attribute a) {
        return switch (a.type()) {
            case "string" -> varchar(a.length() == null ? 255 : a.length());
            case "text" -> "text";
            case "int" -> "integer";
            case "bigint" -> "bigint";
            case "decimal" -> decimal(a);
            case "boolean" -> "boolean";
            case "date" -> "date";
            case "timestamp" -> "timestamptz";
            case "uuid" -> "uuid";
            case "json" -> "jsonb";
            case "enum" -> enumType(a);
            default -> throw new IllegalArgumentException(a.type());
        };
    }

    @Override
    protected String booleanLiteral(boolean value) {
        return value ? "true" : "false";
    }

    @Override
    protected String emailCheck(String column) {
        return column + " ~* '^[^@[:space:]]+@[^@[:space:]]+[.][^@[:space:]]+$'";
    }

    @Override
    protected Column timestampColumn(String name) {
        return Column.of(name, "timestamptz", false, "now()");
    }

    @Override
    protected void updatedAtTrigger(TableBuilder t, DesignParts parts) {
        parts.routine("""
                CREATE OR REPLACE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  NEW.updated_at := now();
                  RETURN NEW;
                END
                $$""");
        parts.trigger(new Trigger(schemaName, t.name(), Names.fit("trg_" + t.name() + "_updated_at"), "BEFORE",
                List.of("UPDATE"), "ROW", "EXECUTE FUNCTION set_updated_at()"));
    }

    @Override
    protected void fullText(TableBuilder t, List<String> columns, DesignParts parts) {
        String doc = columns.stream().map(c -> "coalesce(" + q(c) + ", '')").collect(Collectors.joining(" || ' ' || "));
        String expr = "to_tsvector('" + searchLanguage.replace("'", "''") + "', " + doc + ")";
        t.addColumn(new Column("search_vector", "tsvector", true, null, false, false, null, expr, "stored", null));
        t.addIndex(new Index(Names.fit("idx_" + t.name() + "_search_vector"), List.of("search_vector"), false, false,
                "gin", null, List.of(), -1));
    }

    @Override
    protected void derivedTriggers(DerivedPlan p, DesignParts parts) {
        String fn = Names.fit("derive_" + p.ownerTable() + "_" + p.column() + "_from_" + p.sourceTable());
        parts.routine("CREATE OR REPLACE FUNCTION " + q(fn) + "() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                + "BEGIN\n"
                + "  IF TG_OP IN ('UPDATE', 'DELETE') THEN\n"
                + "    " + p.update(p.ownerIdIs(p.fk("OLD")), null) + ";\n"
                + "  END IF;\n"
                + "  IF TG_OP IN ('INSERT', 'UPDATE') THEN\n"
                + "    " + p.update(p.ownerIdIs(p.fk("NEW")), null) + ";\n"
                + "  END IF;\n"
                + "  RETURN NULL;\n"
                + "END\n$$");
        parts.trigger(new Trigger(schemaName, p.sourceTable(), p.triggerName(p.sourceTable(), null), "AFTER",
                List.of("INSERT", "UPDATE", "DELETE"), "ROW", "EXECUTE FUNCTION " + q(fn) + "()"));
        for (DerivedPlan.Parent parent : p.parents()) {
            if (parent.columns().isEmpty()) {
                continue; // deletes cascade to the source rows, whose own trigger recomputes
            }
            String pfn = Names.fit("derive_" + p.ownerTable() + "_" + p.column() + "_from_" + parent.table());
            String changed = parent.columns().stream().map(c -> "NEW." + q(c) + " IS DISTINCT FROM OLD." + q(c))
                    .collect(Collectors.joining(" OR "));
            parts.routine("CREATE OR REPLACE FUNCTION " + q(pfn) + "() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                    + "BEGIN\n"
                    + "  IF " + changed + " THEN\n"
                    + "    " + p.update(p.ownersOf(parent, "NEW.id"), null) + ";\n"
                    + "  END IF;\n"
                    + "  RETURN NULL;\n"
                    + "END\n$$");
            parts.trigger(new Trigger(schemaName, parent.table(), p.triggerName(parent.table(), null), "AFTER",
                    List.of("UPDATE"), "ROW", "EXECUTE FUNCTION " + q(pfn) + "()"));
        }
    }

    @Override
    protected String productName() {
        return "PostgreSQL";
    }

    @Override
    protected String uuidDefault(boolean v7) {
        return v7 ? "the key defaults to uuid_generate_v7() (defined with the schema)"
                : "the key defaults to gen_random_uuid()";
    }

    @Override
    protected String partitionFix(Table t) {
        return "CREATE TABLE " + t.name() + " (…) PARTITION BY RANGE (created_at);\nCREATE TABLE "
                + t.name() + "_2025_01 PARTITION OF " + t.name()
                + " FOR VALUES FROM ('2025-01-01') TO ('2025-02-01');\n-- the primary key must include created_at: "
                + "PRIMARY KEY (" + String.join(", ", t.primaryKey()) + ", created_at)";
    }

    @Override
    protected String matviewFix(String mv, String select, String key) {
        return "CREATE MATERIALIZED VIEW " + q(mv) + " AS\n" + select + ";\n"
                + "CREATE UNIQUE INDEX " + q(Names.fit("idx_" + mv + "_key")) + " ON " + q(mv)
                + " (" + key + ");\n-- refresh on a schedule without blocking readers:\nREFRESH MATERIALIZED VIEW "
                + "CONCURRENTLY " + q(mv) + ";";
    }
}
