package io.dbagent.dialect.sqlite;

import io.dbagent.dialect.sqlite.CreateTableParser.KeyConstraint;
import io.dbagent.dialect.sqlite.CreateTableParser.ParsedColumn;
import io.dbagent.dialect.sqlite.CreateTableParser.ParsedForeignKey;
import io.dbagent.dialect.sqlite.CreateTableParser.ParsedTable;
import io.dbagent.dialect.sqlite.SqliteRows.ColumnRow;
import io.dbagent.dialect.sqlite.SqliteRows.ForeignKeyRow;
import io.dbagent.dialect.sqlite.SqliteRows.IndexColumnRow;
import io.dbagent.dialect.sqlite.SqliteRows.SchemaObject;
import io.dbagent.schema.Check;
import io.dbagent.schema.Column;
import io.dbagent.schema.ForeignKey;
import io.dbagent.schema.Index;
import io.dbagent.schema.Table;
import io.dbagent.schema.Unique;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Builds model tables from the rows the catalog queries returned (one lookup per table, no further SQL). */
final class SqliteTables {

    static final String SCHEMA = "main";

    /** Everything read from the catalog, keyed by the object names as {@code sqlite_schema} stores them. */
    record Catalog(Map<String, List<ColumnRow>> columns, Map<String, List<ForeignKeyRow>> foreignKeys,
                   Map<String, List<IndexColumnRow>> indexColumns, Map<String, SchemaObject> indexes,
                   Map<String, Long> rowEstimates, Map<String, Long> btreeSizes, Map<String, List<String>> shadowsOf) {
    }

    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern SPACE_AROUND_PUNCT = Pattern.compile("\\s*([(),])\\s*");
    private static final Pattern WORD_AFTER_PAREN = Pattern.compile("\\)(?=\\w)");
    private static final Comparator<String> NULLS_LAST = Comparator.nullsLast(Comparator.naturalOrder());

    private final Catalog catalog;
    private final Map<String, List<String>> primaryKeys = new LinkedHashMap<>();
    private final Map<String, List<String>> indexesOf = new LinkedHashMap<>();

    SqliteTables(Catalog catalog) {
        this.catalog = catalog;
        catalog.indexes().values().forEach(
                i -> indexesOf.computeIfAbsent(i.tableName(), k -> new ArrayList<>()).add(i.name()));
        catalog.columns().forEach((table, rows) -> primaryKeys.put(table.toLowerCase(Locale.ROOT), rows.stream()
                .filter(r -> r.pk() > 0).sorted(Comparator.comparingInt(ColumnRow::pk)).map(ColumnRow::name).toList()));
    }

    Table ordinary(SchemaObject object) {
        String name = object.name();
        ParsedTable parsed = CreateTableParser.parse(object.sql());
        Map<String, List<IndexColumnRow>> byIndex = group(catalog.indexColumns().getOrDefault(name, List.of()),
                IndexColumnRow::index);
        boolean hasPkIndex = byIndex.values().stream().anyMatch(rows -> "pk".equals(rows.get(0).origin()));
        List<String> primaryKey = primaryKeys.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        // A single-column PRIMARY KEY without a backing index is the rowid itself (INTEGER PRIMARY KEY).
        boolean rowidAlias = primaryKey.size() == 1 && !hasPkIndex && !parsed.withoutRowid();

        List<Column> columns = new ArrayList<>();
        for (ColumnRow row : catalog.columns().getOrDefault(name, List.of())) {
            if (row.hidden() == 1) {
                continue;
            }
            boolean alias = rowidAlias && row.pk() > 0;
            String kind = row.hidden() == 2 ? "virtual" : row.hidden() == 3 ? "stored" : null;
            ParsedColumn pc = parsed.column(row.name());
            // pragma reports notnull=0 for a rowid alias, yet it can never hold NULL.
            columns.add(new Column(row.name(), normalizeType(row.type()), !row.notNull() && !alias, row.defaultValue(),
                    row.pk() > 0, alias, null, pc == null || kind == null ? null : pc.generated(), kind, null, null,
                    pc == null ? null : pc.collation()));
        }

        List<Index> indexes = new ArrayList<>();
        List<Unique> uniques = new ArrayList<>();
        for (List<IndexColumnRow> rows : byIndex.values()) {
            Index index = index(name, rows, parsed.withoutRowid());
            indexes.add(index);
            if ("u".equals(rows.get(0).origin())) {
                String constraint = parsed.uniques().stream().filter(u -> sameNames(u.columns(), index.columns()))
                        .map(KeyConstraint::name).filter(Objects::nonNull).findFirst().orElse(index.name());
                uniques.add(new Unique(constraint, index.columns()));
            }
        }
        indexes.sort(Comparator.comparing(Index::name));
        uniques.sort(Comparator.comparing(Unique::name));
        List<Check> checks = new ArrayList<>(parsed.checks());
        checks.sort(Comparator.comparing(Check::name, NULLS_LAST));

        String pkName = parsed.primaryKey() == null ? null : parsed.primaryKey().name();
        return new Table(SCHEMA, name, catalog.rowEstimates().getOrDefault(name, -1L), tableSize(name), columns,
                primaryKey, pkName, foreignKeys(name, parsed), uniques, checks, indexes, null)
                .withOptions(parsed.options());
    }

    /**
     * A virtual table is listed as a table so that full-text and R-tree tables stay visible: its comment names the
     * module, it has no keys or indexes, and its size is that of the shadow tables that hold its data.
     */
    Table virtual(SchemaObject object) {
        String module = SqliteDdlText.virtualModule(object.sql());
        List<ColumnRow> rows = catalog.columns().get(object.name());
        List<Column> columns = rows == null ? List.of() : rows.stream().filter(r -> r.hidden() == 0)
                .map(r -> Column.of(r.name(), normalizeType(r.type()), !r.notNull(), r.defaultValue())).toList();
        long size = -1;
        List<String> shadows = catalog.shadowsOf().getOrDefault(object.name(), List.of());
        if (catalog.btreeSizes() != null && !shadows.isEmpty()) {
            size = shadows.stream().mapToLong(this::tableSize).sum();
        }
        String comment = "virtual table using " + (module == null ? "an unknown module" : module)
                + (rows == null ? " (module not available to this SQLite build: columns unknown)" : "");
        return new Table(SCHEMA, object.name(), -1, size, columns, List.of(), null, List.of(), List.of(), List.of(),
                List.of(), comment);
    }

    private Index index(String table, List<IndexColumnRow> rows, boolean withoutRowid) {
        IndexColumnRow first = rows.get(0);
        SchemaObject indexObject = catalog.indexes().get(first.index());
        String sql = indexObject == null ? null : indexObject.sql();
        boolean needsText = first.partial() || rows.stream().anyMatch(r -> r.cid() == -2);
        SqliteDdlText.IndexText text = needsText ? SqliteDdlText.index(sql) : SqliteDdlText.IndexText.EMPTY;
        List<String> columns = new ArrayList<>();
        for (IndexColumnRow r : rows) {
            if (r.cid() == -2) {
                columns.add(r.seqno() < text.parts().size() ? text.parts().get(r.seqno()) : "<expression>");
            } else {
                columns.add(r.column() == null ? "rowid" : r.column());
            }
        }
        boolean primary = "pk".equals(first.origin());
        long size = -1;
        if (catalog.btreeSizes() != null) {
            // A WITHOUT ROWID table is stored in its primary key b-tree, which dbstat reports under the table's name.
            Long bytes = catalog.btreeSizes().get(primary && withoutRowid ? table : first.index());
            size = bytes == null ? -1 : bytes;
        }
        return new Index(first.index(), columns, first.unique(), primary, "btree",
                first.partial() ? text.where() : null, List.of(), size);
    }

    private List<ForeignKey> foreignKeys(String table, ParsedTable parsed) {
        List<ParsedForeignKey> unclaimed = new ArrayList<>(parsed.foreignKeys());
        List<ForeignKey> out = new ArrayList<>();
        for (List<ForeignKeyRow> rows : group(catalog.foreignKeys().getOrDefault(table, List.of()),
                r -> String.valueOf(r.id())).values()) {
            ForeignKeyRow first = rows.get(0);
            List<String> columns = rows.stream().map(ForeignKeyRow::fromColumn).toList();
            List<String> refColumns = rows.stream().map(ForeignKeyRow::toColumn).toList();
            if (refColumns.stream().anyMatch(Objects::isNull)) {
                // REFERENCES parent without columns means the parent's primary key.
                refColumns = primaryKeys.getOrDefault(first.refTable().toLowerCase(Locale.ROOT), List.of());
            }
            ParsedForeignKey match = unclaimed.stream()
                    .filter(p -> p.refTable().equalsIgnoreCase(first.refTable()) && sameNames(p.columns(), columns))
                    .findFirst().orElse(null);
            unclaimed.remove(match);
            out.add(new ForeignKey(match == null ? null : match.name(), columns, SCHEMA, first.refTable(), refColumns,
                    first.onDelete(), first.onUpdate()));
        }
        out.sort(Comparator.comparing(ForeignKey::name, NULLS_LAST)
                .thenComparing(fk -> String.join(",", fk.columns())));
        return out;
    }

    /** The table's b-tree plus those of its indexes; -1 without dbstat. */
    private long tableSize(String table) {
        Map<String, Long> sizes = catalog.btreeSizes();
        if (sizes == null) {
            return -1;
        }
        long total = sizes.getOrDefault(table, 0L);
        for (String index : indexesOf.getOrDefault(table, List.of())) {
            total += sizes.getOrDefault(index, 0L);
        }
        return total;
    }

    /** Declared type in lower case with DDL spacing: {@code NUMERIC( 10 , 2 )} becomes {@code numeric(10,2)}. */
    static String normalizeType(String declared) {
        if (declared == null) {
            return "";
        }
        String lower = SPACES.matcher(declared.trim().toLowerCase(Locale.ROOT)).replaceAll(" ");
        return WORD_AFTER_PAREN.matcher(SPACE_AROUND_PUNCT.matcher(lower).replaceAll("$1")).replaceAll(") ");
    }

    private static boolean sameNames(List<String> a, List<String> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).equalsIgnoreCase(b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static <T> Map<String, List<T>> group(List<T> rows, Function<T, String> key) {
        Map<String, List<T>> out = new LinkedHashMap<>();
        for (T row : rows) {
            out.computeIfAbsent(key.apply(row), k -> new ArrayList<>()).add(row);
        }
        return out;
    }
}
