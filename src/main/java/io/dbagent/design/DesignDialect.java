package io.dbagent.design;

import io.dbagent.design.spec.DesignSpec.Attribute;
import io.dbagent.dialect.DdlWriter;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Column;
import io.dbagent.schema.Table;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The per-dialect half of the designer: column types, literals, the email check, timestamps, and the triggers that
 * maintain {@code updated_at}, derived attributes and full-text indexes. Everything else is dialect-neutral. The
 * dialect hands out the instance ({@code Dialect.designDialect}); the implementations live under dialect/&lt;engine&gt;/.
 */
public abstract class DesignDialect {

    protected final DdlWriter writer;
    protected final String schemaName;

    protected DesignDialect(DdlWriter writer, String schemaName) {
        this.writer = writer;
        this.schemaName = schemaName;
    }

    static DesignDialect of(DialectKind kind, io.dbagent.design.spec.DesignSpec.Options options) {
        return io.dbagent.dialect.Dialects.of(kind).designDialect(options);
    }

    protected DialectKind kind() {
        return writer.dialect();
    }

    protected String q(String ident) {
        return writer.ident(ident);
    }

    /** Statements that must run before the tables (functions a column default calls). */
    protected List<String> prelude(boolean usesUuidKeys) {
        return List.of();
    }

    /** The surrogate key column for {@code int}, {@code bigint} or {@code uuid}. */
    protected abstract Column keyColumn(String keyKind);

    /** The type of a column that references a key of that kind. */
    protected abstract String referenceType(String keyKind);

    protected abstract String type(Attribute a);

    protected abstract String booleanLiteral(boolean value);

    protected abstract String emailCheck(String column);

    /** A check that the column holds JSON, where the type does not check it itself; null if it does. */
    protected String jsonCheck(String column) {
        return null;
    }

    protected abstract Column timestampColumn(String name);

    /** Adds what keeps {@code updated_at} current on every update of the table. */
    protected abstract void updatedAtTrigger(TableBuilder table, DesignParts parts);

    /** Makes {@code columns} of the table searchable by words. */
    protected abstract void fullText(TableBuilder table, List<String> columns, DesignParts parts);

    /** Adds the triggers that keep a derived aggregate right. */
    protected abstract void derivedTriggers(DerivedPlan plan, DesignParts parts);

    protected String literal(Object value, String type) {
        if (value instanceof Boolean b) {
            return booleanLiteral(b);
        }
        if (value instanceof BigDecimal || value instanceof Number) {
            return value.toString();
        }
        return "'" + value.toString().replace("'", "''") + "'";
    }

    protected String varchar(int n) {
        return "varchar(" + n + ")";
    }

    protected String enumType(Attribute a) {
        int longest = a.enumValues().stream().mapToInt(String::length).max().orElse(1);
        return varchar(Math.max(20, longest));
    }

    protected String decimal(Attribute a) {
        int p = a.precision() == null ? 12 : a.precision();
        int s = a.scale() == null ? (a.precision() == null ? 2 : 0) : a.scale();
        return "decimal".equals(decimalName()) ? "decimal(" + p + "," + s + ")" : "numeric(" + p + "," + s + ")";
    }

    protected String decimalName() {
        return "numeric";
    }

    /** {@code col IN ('a', 'b')}. */
    protected String inList(String column, List<String> values) {
        return column + " IN (" + values.stream().map(v -> "'" + v.replace("'", "''") + "'")
                .collect(Collectors.joining(", ")) + ")";
    }

    /** Whether a cascading foreign-key action fires the child table's triggers (not on MySQL/MariaDB). */
    protected boolean cascadesFireTriggers() {
        return true;
    }

    /** The engine's name in fix texts. */
    protected abstract String productName();

    /** The fix of the bigint-key finding: keep the designed 64-bit key. */
    protected String bigintKeyFix(String table) {
        return "keep bigint for " + table + ".id and every column referencing it (as designed)";
    }

    /** How the table's UUID key gets its default, as the uuid-key finding says it. */
    protected abstract String uuidDefault(boolean v7);

    /** DDL that partitions {@code t} by month of {@code created_at}, or what to do instead. */
    protected abstract String partitionFix(Table t);

    /**
     * Serves a hot join query from a precomputed copy {@code mv} of {@code select}, unique on {@code key}: a summary
     * table refreshed on a schedule where the engine has no materialized views.
     */
    protected String matviewFix(String mv, String select, String key) {
        return "CREATE TABLE " + q(mv) + " AS\n" + select + ";\nCREATE UNIQUE INDEX "
                + q(Names.fit("idx_" + mv + "_key")) + " ON " + q(mv) + " (" + key + ");\n"
                + "-- " + productName() + " has no materialized views: refresh "
                + "this summary table on a schedule in one transaction (DELETE FROM " + mv + "; INSERT INTO " + mv
                + " SELECT …)";
    }

    /** Columns the row's owner table is named by in a trigger body: {@code NEW.id}. */
    protected String rowId(TableBuilder t, String row) {
        return row + ".id";
    }
}
