package io.dbagent.lint;

import io.dbagent.dialect.DdlWriter;
import io.dbagent.dialect.Dialects;
import io.dbagent.dialect.Sql;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Finding;
import io.dbagent.report.Report;
import io.dbagent.report.Severity;
import io.dbagent.schema.Column;
import io.dbagent.schema.ForeignKey;
import io.dbagent.schema.Index;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Schema review: structural problems that cost integrity or performance, each a {@link Finding} with a fix.
 * Works on the model alone; with a session it also looks at the data (nullable-fk).
 */
public final class SchemaLinter {

    /** A foreign key on a table this large without an index makes every parent delete scan it. */
    static final long LARGE_TABLE_ROWS = 10_000;
    /** Above this size we do not scan a table just to prove a column has no NULLs. */
    static final long NULL_SCAN_LIMIT_ROWS = 5_000_000;

    private static final Pattern MONEY_NAME = Pattern.compile(
            "(?i).*(price|amount|total|cost|fee|balance|salary|wage|money|tax|revenue|payment|discount|charge|invoice).*");
    private static final Set<String> FLOAT_TYPES = Set.of("real", "float", "double", "double precision", "float4",
            "float8");

    private SchemaLinter() {
    }

    public static Report<Void> lint(Schema schema, DbSession session, String target) {
        return lint(schema, session, target, null);
    }

    /**
     * Lint; with a session each fk-without-index fix is first checked with the engine's what-if method
     * ({@link FkIndexCheck}), {@code devServer} (may be null) serving MySQL/MariaDB's scratch copy.
     */
    public static Report<Void> lint(Schema schema, DbSession session, String target, io.dbagent.jdbc.DbUrl devServer) {
        DialectKind d = DialectKind.parse(schema.dialect());
        List<Finding> out = new ArrayList<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        // A partition carries what its parent declares: its findings are the parent's, reported once there.
        List<Table> tables = schema.tables().stream().filter(t -> !t.isPartition()).toList();
        for (Table t : tables) {
            missingPrimaryKey(d, t, out);
            fkWithoutIndex(d, t, out);
            duplicateIndexes(d, t, out);
            missingForeignKey(d, schema, t, out);
            columnTypes(d, t, out);
        }
        if (session != null) {
            for (Table t : tables) {
                nullableFk(d, session, t, out);
            }
        } else {
            skipped.put("nullable-fk", "needs a live database to look at the data");
        }
        List<String> notes = new ArrayList<>();
        out = FkIndexCheck.verify(out, schema, session, devServer, notes);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("tables", schema.tables().size());
        metrics.put("indexes", schema.tables().stream().mapToInt(t -> t.indexes().size()).sum());
        metrics.put("foreignKeys", schema.tables().stream().mapToInt(t -> t.foreignKeys().size()).sum());
        if (!notes.isEmpty()) {
            metrics.put("notes", notes);
        }
        return new Report<>("lint", target, schema.product() + " " + schema.serverVersion(), out, skipped, metrics);
    }

    /** Adds a {@code missing-primary-key} finding when {@code t} has no primary key (health reuses it). */
    public static void missingPrimaryKey(DialectKind d, Table t, List<Finding> out) {
        if (!t.primaryKey().isEmpty() || (t.comment() != null && t.comment().startsWith("virtual table"))) {
            return;
        }
        Optional<List<String>> candidate = t.uniques().stream().map(u -> u.columns())
                .filter(cols -> cols.stream().allMatch(c -> t.column(c).map(col -> !col.nullable()).orElse(false)))
                .findFirst();
        String fix = Dialects.of(d).lint().addPrimaryKey(t, candidate.orElse(null));
        out.add(Finding.builder("missing-primary-key", Severity.WARN)
                .subject(t.qualifiedName())
                .message("table " + t.qualifiedName() + " (~" + Math.max(t.rowEstimate(), 0)
                        + " rows) has no primary key: rows cannot be addressed reliably, replication and ORMs suffer")
                .fix(fix)
                .evidence("rowEstimate", t.rowEstimate())
                .evidence("candidateKey", candidate.orElse(null))
                .build());
    }

    /** True when some index (not partial, usable for equality) starts with exactly these columns, in any order. */
    static boolean hasSupportingIndex(Table t, List<String> cols) {
        for (Index i : t.indexes()) {
            if (i.where() != null || i.columns().size() < cols.size()
                    || !isOrderedMethod(i.method()) && !exclusionWithEquality(t, i, cols)) {
                continue;
            }
            List<String> prefix = i.columns().subList(0, cols.size());
            if (lower(prefix).stream().sorted().toList().equals(lower(cols).stream().sorted().toList())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The index of a PostgreSQL exclusion constraint that compares these columns with {@code =} (a GiST index over
     * btree_gist's operator classes) answers the equality lookups a foreign key check makes.
     */
    private static boolean exclusionWithEquality(Table t, Index i, List<String> cols) {
        return t.exclusions().stream().anyMatch(x -> x.name().equals(i.name()) && cols.stream()
                .allMatch(c -> x.definition().matches("(?s).*[(,]\\s*\"?" + Pattern.quote(c) + "\"?\\s+WITH\\s+=\\s*[,)].*")));
    }

    private static boolean isOrderedMethod(String method) {
        return method == null || method.equalsIgnoreCase("btree");
    }

    /** Adds a {@code fk-without-index} finding per foreign key of {@code t} that no index supports (health reuses it). */
    public static void fkWithoutIndex(DialectKind d, Table t, List<Finding> out) {
        for (ForeignKey fk : t.foreignKeys()) {
            if (hasSupportingIndex(t, fk.columns())) {
                continue;
            }
            boolean large = t.rowEstimate() > LARGE_TABLE_ROWS;
            String name = DdlWriter.indexName(t.name(), fk.columns());
            out.add(Finding.builder("fk-without-index", large ? Severity.CRITICAL : Severity.WARN)
                    .subject(t.qualifiedName() + "(" + String.join(", ", fk.columns()) + ")")
                    .message("foreign key " + (fk.name() == null ? "" : fk.name() + " ") + "on " + t.qualifiedName()
                            + "(" + String.join(", ", fk.columns()) + ") -> " + fk.refTable()
                            + " has no index: joins scan and every delete/update of a " + fk.refTable()
                            + " row scans ~" + Math.max(t.rowEstimate(), 0) + " rows")
                    .fix(onlineIndexFix(d, t, DdlWriter.of(d).createIndexFix(t.schema(), t.name(), name, fk.columns())))
                    .evidence("rowEstimate", t.rowEstimate())
                    .evidence("columns", fk.columns())
                    .evidence("refTable", fk.refTable())
                    .build());
        }
    }

    /** Adds a {@code duplicate-index} finding per redundant index of {@code t} (health reuses it). */
    public static void duplicateIndexes(DialectKind d, Table t, List<Finding> out) {
        List<Index> idx = t.indexes();
        Set<String> reported = new java.util.HashSet<>();
        for (Index a : idx) {
            for (Index b : idx) {
                if (a == b || reported.contains(a.name()) || !sameKind(a, b)) {
                    continue;
                }
                boolean identical = lower(a.columns()).equals(lower(b.columns())) && a.include().equals(b.include());
                boolean prefix = a.columns().size() < b.columns().size()
                        && lower(b.columns().subList(0, a.columns().size())).equals(lower(a.columns()))
                        && isOrderedMethod(a.method());
                if (identical) {
                    // Keep the one that enforces something; among equals keep the alphabetically first.
                    if (keepRank(a) > keepRank(b) || keepRank(a) == keepRank(b) && a.name().compareTo(b.name()) < 0) {
                        continue;
                    }
                } else if (!prefix || a.unique() || a.primary()) {
                    continue;
                }
                if (a.primary() || (a.unique() && isConstraint(t, a))) {
                    continue;
                }
                reported.add(a.name());
                out.add(Finding.builder("duplicate-index", Severity.WARN)
                        .subject(t.qualifiedName() + "." + a.name())
                        .message("index " + a.name() + " on " + t.qualifiedName() + "(" + String.join(", ", a.columns())
                                + ") is " + (identical ? "a duplicate of " : "a left prefix of ") + b.name() + "("
                                + String.join(", ", b.columns()) + "): it costs "
                                + (a.sizeBytes() >= 0 ? io.dbagent.report.SchemaRenderer.bytes(a.sizeBytes()) + " and " : "")
                                + "write time for no read benefit")
                        .fix(indexFix(d, t, DdlWriter.of(d).dropIndexFix(t.schema(), t.name(), a.name())))
                        .evidence("redundantIndex", a.name())
                        .evidence("coveredBy", b.name())
                        .evidence("sizeBytes", a.sizeBytes() >= 0 ? a.sizeBytes() : null)
                        .build());
            }
        }
    }

    private static String indexFix(DialectKind d, Table t, String fix) {
        return DdlWriter.of(d).indexFixFor(t, fix);
    }

    /** A CREATE INDEX fix that, on a partitioned parent, still builds without blocking writes where the engine can. */
    private static String onlineIndexFix(DialectKind d, Table t, String fix) {
        return DdlWriter.of(d).onlineIndexFixFor(t, fix);
    }

    private static boolean sameKind(Index a, Index b) {
        return java.util.Objects.equals(a.where(), b.where())
                && String.valueOf(a.method()).equalsIgnoreCase(String.valueOf(b.method()));
    }

    private static int keepRank(Index i) {
        return i.primary() ? 3 : i.unique() ? 2 : 1;
    }

    private static boolean isConstraint(Table t, Index i) {
        return t.uniques().stream().anyMatch(u -> u.name() != null && u.name().equalsIgnoreCase(i.name()));
    }

    /** Lower-cased key parts; direction does not matter for equality lookups, so " DESC" is dropped. */
    private static List<String> lower(List<String> cols) {
        return cols.stream().map(c -> c.toLowerCase(Locale.ROOT).replaceFirst(" (desc|asc)$", "")).toList();
    }

    static void missingForeignKey(DialectKind d, Schema schema, Table t, List<Finding> out) {
        for (Column c : t.columns()) {
            String n = c.name().toLowerCase(Locale.ROOT);
            if (!n.endsWith("_id") || n.length() <= 3) {
                continue;
            }
            if (t.foreignKeys().stream().anyMatch(fk -> fk.columns().stream().anyMatch(x -> x.equalsIgnoreCase(c.name())))) {
                continue;
            }
            if (t.primaryKey().size() == 1 && t.primaryKey().get(0).equalsIgnoreCase(c.name())) {
                continue;
            }
            String stem = n.substring(0, n.length() - 3);
            // a partitioned table's own id sits in a composite key next to the partition column
            if (t.partitioned() && (t.primaryKey().stream().anyMatch(k -> k.equalsIgnoreCase(c.name()))
                    || t.name().toLowerCase(Locale.ROOT).startsWith(stem + "_"))) {
                continue;
            }
            // payment.payment_id in a composite key (a partitioned table's key must hold the partition column)
            if (t.primaryKey().stream().anyMatch(k -> k.equalsIgnoreCase(c.name()))
                    && findTable(schema, stem).filter(x -> x.name().equalsIgnoreCase(t.name())).isPresent()) {
                continue;
            }
            Optional<Table> target = findTable(schema, stem);
            if (target.isPresent() && !Dialects.of(d).lint().foreignKeysOnPartitionedTables()
                    && (t.partitioned() || target.get().partitioned())) {
                continue; // the engine allows no foreign key from or to a partitioned table: nothing to fix
            }
            if (target.isPresent() && target.get().primaryKey().size() == 1) {
                Table ref = target.get();
                String fkName = ("fk_" + t.name() + "_" + c.name()).toLowerCase(Locale.ROOT);
                out.add(Finding.builder("missing-foreign-key", Severity.WARN)
                        .subject(t.qualifiedName() + "." + c.name())
                        .message("column " + t.qualifiedName() + "." + c.name() + " looks like a reference to "
                                + ref.qualifiedName() + "(" + ref.primaryKey().get(0)
                                + ") but has no foreign key: orphan rows can appear")
                        .fix(DdlWriter.of(d).addForeignKeyFix(t.schema(), t.name(), fkName, List.of(c.name()), ref.name(),
                                ref.primaryKey()))
                        .evidence("refTable", ref.qualifiedName())
                        .build());
            } else {
                // no fix: a guessed table name would be SQL that fails; the user knows what the column points at
                out.add(Finding.builder("missing-foreign-key", Severity.INFO)
                        .subject(t.qualifiedName() + "." + c.name())
                        .message("column " + t.qualifiedName() + "." + c.name()
                                + " is named like a reference but has no foreign key, and no table '" + stem
                                + "' (or its plural) with a single-column primary key exists to point at: add the "
                                + "foreign key by hand if it references another table")
                        .build());
            }
        }
    }

    /** {@code customer} matches customers, customer, customeres; {@code category} matches categories. */
    private static Optional<Table> findTable(Schema schema, String stem) {
        List<String> names = new ArrayList<>(List.of(stem, stem + "s", stem + "es"));
        if (stem.endsWith("y")) {
            names.add(stem.substring(0, stem.length() - 1) + "ies");
        }
        for (String n : names) {
            Optional<Table> t = schema.tables().stream().filter(x -> !x.isPartition() && x.name().equalsIgnoreCase(n))
                    .findFirst();
            if (t.isPresent()) {
                return t;
            }
        }
        return Optional.empty();
    }

    static void columnTypes(DialectKind d, Table t, List<Finding> out) {
        LintDialect engine = Dialects.of(d).lint();
        for (Column c : t.columns()) {
            String type = c.type() == null ? "" : c.type().toLowerCase(Locale.ROOT);
            String base = type.replaceAll("\\(.*", "").trim();
            if (engine.zonedTimestamps() && type.startsWith("timestamp") && type.contains("without time zone")) {
                out.add(Finding.builder("timestamp-without-tz", Severity.INFO)
                        .subject(t.qualifiedName() + "." + c.name())
                        .message("column " + t.qualifiedName() + "." + c.name()
                                + " is timestamp without time zone: values change meaning when the server or client time zone differs")
                        .fix(DdlWriter.of(d).changeTypeFix(t, c, "timestamptz",
                                DdlWriter.of(d).ident(c.name()) + " AT TIME ZONE 'UTC'"))
                        .evidence("type", c.type())
                        .build());
            }
            if (FLOAT_TYPES.contains(base) && MONEY_NAME.matcher(c.name()).matches()) {
                String target = engine.moneyType();
                out.add(Finding.builder("float-for-money", Severity.WARN)
                        .subject(t.qualifiedName() + "." + c.name())
                        .message("column " + t.qualifiedName() + "." + c.name() + " holds money in " + c.type()
                                + ": binary floating point cannot represent 0.10 exactly and sums drift")
                        .fix(DdlWriter.of(d).changeTypeFix(t, c, target, null))
                        .evidence("type", c.type())
                        .build());
            }
        }
    }

    static void nullableFk(DialectKind d, DbSession session, Table t, List<Finding> out) {
        for (ForeignKey fk : t.foreignKeys()) {
            for (String col : fk.columns()) {
                Optional<Column> c = t.column(col);
                if (c.isEmpty() || !c.get().nullable() || t.rowEstimate() == 0 || t.rowEstimate() > NULL_SCAN_LIMIT_ROWS) {
                    continue;
                }
                String tbl = DdlWriter.of(d).tableName(t.schema(), t.name());
                String q = DdlWriter.of(d).ident(col);
                long rows;
                long nulls;
                try (PreparedStatement ps = session.connection().prepareStatement(
                        "SELECT count(*), count(*) - count(" + q + ") FROM " + tbl);
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    rows = rs.getLong(1);
                    nulls = rs.getLong(2);
                } catch (SQLException e) {
                    throw Sql.failure("cannot count NULLs in " + t.qualifiedName() + "." + col, e);
                }
                if (rows > 0 && nulls == 0) {
                    out.add(Finding.builder("nullable-fk", Severity.INFO)
                            .subject(t.qualifiedName() + "." + col)
                            .message("foreign key column " + t.qualifiedName() + "." + col + " allows NULL but all "
                                    + rows + " rows have a value: declare NOT NULL so the optionality is explicit")
                            .fix(DdlWriter.of(d).setNotNullFix(t, c.get()))
                            .evidence("rows", rows)
                            .evidence("nulls", 0)
                            .build());
                }
            }
        }
    }
}
