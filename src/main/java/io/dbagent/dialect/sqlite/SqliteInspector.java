package io.dbagent.dialect.sqlite;

import io.dbagent.DbAgentException;
import io.dbagent.dialect.SchemaInspector;
import io.dbagent.dialect.Sql;
import io.dbagent.dialect.sqlite.SqliteRows.ColumnRow;
import io.dbagent.dialect.sqlite.SqliteRows.ForeignKeyRow;
import io.dbagent.dialect.sqlite.SqliteRows.IndexColumnRow;
import io.dbagent.dialect.sqlite.SqliteRows.SchemaObject;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;
import io.dbagent.schema.Trigger;
import io.dbagent.schema.View;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Inspects the {@code main} database of a SQLite session with a fixed handful of queries (objects, table kinds,
 * columns, foreign keys, index columns, plus ANALYZE statistics, dbstat sizes and one row count query when those
 * apply), whatever the number of tables. Names, CHECK expressions and generation expressions that no pragma reports
 * come from the stored CREATE statements ({@link CreateTableParser}, {@link SqliteDdlText}).
 *
 * <p>Decisions:
 * <ul>
 *   <li>Virtual tables (FTS5, R-tree, …) are listed as tables whose {@code comment} is
 *       {@code virtual table using <module>}, with their visible columns, no keys, no indexes, row estimate -1 and
 *       the size of their shadow tables. The shadow tables themselves ({@code <vtab>_data}, {@code _idx},
 *       {@code _content}, {@code _docsize}, {@code _config}, …) and {@code sqlite_*} tables are left out.</li>
 *   <li>Indexes include the autoindexes behind PRIMARY KEY and UNIQUE constraints; an INTEGER PRIMARY KEY is the
 *       rowid and has no index.</li>
 *   <li>Unnamed constraints: a UNIQUE constraint takes the name of its autoindex, an unnamed foreign key or CHECK
 *       has a null name.</li>
 *   <li>Row estimates come from {@code sqlite_stat1}; without one, tables are counted exactly when there are at most
 *       {@value #MAX_TABLES_TO_COUNT} of them, else the estimate is -1.</li>
 * </ul>
 */
public final class SqliteInspector implements SchemaInspector {

    /** Above this many tables an exact count(*) of each would make inspection slow on large files. */
    static final int MAX_TABLES_TO_COUNT = 200;

    /** Shadow-table suffixes of the virtual table modules SQLite ships, used where pragma_table_list is silent. */
    private static final Map<String, Set<String>> SHADOW_SUFFIXES = Map.of(
            "fts5", Set.of("data", "idx", "content", "docsize", "config"),
            "fts4", Set.of("content", "segments", "segdir", "docsize", "stat"),
            "fts3", Set.of("content", "segments", "segdir", "docsize", "stat"),
            "rtree", Set.of("node", "rowid", "parent"),
            "rtree_i32", Set.of("node", "rowid", "parent"),
            "geopoly", Set.of("node", "rowid", "parent"));

    @Override
    public io.dbagent.schema.ObjectListing listObjects(DbSession session) {
        return SqliteObjects.list(session);
    }

    @Override
    public Schema inspect(DbSession session) {
        Connection c = session.connection();
        List<SchemaObject> objects = Sql.query(c, SqliteCatalog.OBJECTS, SchemaObject::map);
        List<SchemaObject> allTables = objects.stream()
                .filter(o -> o.isTable() && !o.name().toLowerCase(Locale.ROOT).startsWith("sqlite_")).toList();
        Map<String, List<String>> shadowsOf = shadowTables(c, allTables);
        Set<String> shadows = new HashSet<>();
        shadowsOf.values().forEach(shadows::addAll);
        List<SchemaObject> tables = allTables.stream().filter(o -> !shadows.contains(o.name())).toList();
        List<SchemaObject> views = objects.stream().filter(o -> "view".equals(o.type())).toList();
        Map<String, SchemaObject> indexes = new HashMap<>();
        objects.stream().filter(o -> "index".equals(o.type())).forEach(o -> indexes.put(o.name(), o));

        Map<String, List<ColumnRow>> columns = new HashMap<>(
                group(Sql.query(c, SqliteCatalog.TABLE_COLUMNS, ColumnRow::map), ColumnRow::object));
        List<String> virtualNames = tables.stream().filter(SchemaObject::isVirtualTable).map(SchemaObject::name)
                .toList();
        columns.putAll(columnsTolerant(c, SqliteCatalog.VIRTUAL_TABLE_COLUMNS, virtualNames));
        Map<String, List<ColumnRow>> viewColumns = columnsTolerant(c, SqliteCatalog.VIEW_COLUMNS,
                views.stream().map(SchemaObject::name).toList());

        List<SchemaObject> ordinary = tables.stream().filter(o -> !o.isVirtualTable()).toList();
        boolean hasStat1 = objects.stream().anyMatch(o -> o.isTable() && "sqlite_stat1".equalsIgnoreCase(o.name()));
        Map<String, Long> rowEstimates = new HashMap<>(hasStat1 ? rowEstimatesFromStat1(c) : Map.of());
        List<SchemaObject> uncounted = ordinary.stream().filter(t -> !rowEstimates.containsKey(t.name())).toList();
        if (ordinary.size() <= MAX_TABLES_TO_COUNT && !uncounted.isEmpty()) {
            rowEstimates.putAll(exactCounts(c, uncounted));
        }

        SqliteTables builder = new SqliteTables(new SqliteTables.Catalog(columns,
                group(Sql.query(c, SqliteCatalog.FOREIGN_KEYS, ForeignKeyRow::map), ForeignKeyRow::table),
                group(Sql.query(c, SqliteCatalog.INDEX_COLUMNS, IndexColumnRow::map), IndexColumnRow::table),
                indexes, rowEstimates, btreeSizes(c), shadowsOf));
        List<Table> outTables = new ArrayList<>();
        for (SchemaObject t : tables) {
            outTables.add(t.isVirtualTable() ? builder.virtual(t) : builder.ordinary(t));
        }
        outTables.sort(Comparator.comparing(Table::name));

        List<View> outViews = new ArrayList<>();
        for (SchemaObject v : views) {
            List<String> names = viewColumns.getOrDefault(v.name(), List.of()).stream().map(ColumnRow::name).toList();
            outViews.add(new View(SqliteTables.SCHEMA, v.name(), false, names, SqliteDdlText.viewSelect(v.sql())));
        }
        outViews.sort(Comparator.comparing(View::name));

        List<Trigger> outTriggers = new ArrayList<>();
        for (SchemaObject tr : objects) {
            if ("trigger".equals(tr.type())) {
                SqliteDdlText.TriggerText text = SqliteDdlText.trigger(tr.sql());
                List<String> events = text.event() == null ? List.of() : List.of(text.event());
                // SQLite has only FOR EACH ROW triggers, whether or not the clause is written.
                outTriggers.add(new Trigger(SqliteTables.SCHEMA, tr.tableName(), tr.name(), text.timing(), events,
                        "ROW", tr.sql()));
            }
        }
        outTriggers.sort(Comparator.comparing(Trigger::table).thenComparing(Trigger::name));

        String database = session.url() == null || session.url().inMemory() ? ":memory:" : session.url().database();
        return new Schema("sqlite", session.product(), session.version(), database, List.of(SqliteTables.SCHEMA),
                outTables, outViews, outTriggers, List.of(), List.of());
    }

    /**
     * Virtual table name to its shadow tables. SQLite's pragma_table_list marks shadow tables of the modules it has
     * loaded; the name rule covers the built-in modules should that pragma be missing.
     */
    private static Map<String, List<String>> shadowTables(Connection c, List<SchemaObject> tables) {
        Set<String> marked = new HashSet<>();
        try {
            Sql.query(c, SqliteCatalog.TABLE_KINDS, rs -> "shadow".equals(rs.getString("type"))
                    ? marked.add(rs.getString("name")) : Boolean.FALSE);
        } catch (DbAgentException e) {
            // SQLite before 3.37: rely on the name rule alone.
        }
        List<SchemaObject> virtuals = tables.stream().filter(SchemaObject::isVirtualTable)
                .sorted(Comparator.comparing((SchemaObject v) -> v.name().length()).reversed()).toList();
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (SchemaObject t : tables) {
            if (t.isVirtualTable()) {
                continue;
            }
            String lower = t.name().toLowerCase(Locale.ROOT);
            for (SchemaObject v : virtuals) {
                String prefix = v.name().toLowerCase(Locale.ROOT) + "_";
                if (!lower.startsWith(prefix)) {
                    continue;
                }
                Set<String> suffixes = SHADOW_SUFFIXES.getOrDefault(SqliteDdlText.virtualModule(v.sql()), Set.of());
                if (marked.contains(t.name()) || suffixes.contains(lower.substring(prefix.length()))) {
                    out.computeIfAbsent(v.name(), k -> new ArrayList<>()).add(t.name());
                    break;
                }
            }
        }
        return out;
    }

    /** The bulk column query, or object by object when one broken view or missing module fails the bulk one. */
    private static Map<String, List<ColumnRow>> columnsTolerant(Connection c, String bulkSql, List<String> names) {
        if (names.isEmpty()) {
            return Map.of();
        }
        try {
            return group(Sql.query(c, bulkSql, ColumnRow::map), ColumnRow::object);
        } catch (DbAgentException bulkFailed) {
            Map<String, List<ColumnRow>> out = new HashMap<>();
            for (String name : names) {
                try {
                    out.put(name, Sql.query(c, SqliteCatalog.OBJECT_COLUMNS, ColumnRow::map, name, name));
                } catch (DbAgentException e) {
                    // This object's columns are unknowable here (e.g. a view over a dropped table); leave them out.
                }
            }
            return out;
        }
    }

    /** Per table, the largest first number of its stat rows: full indexes count every row, partial ones fewer. */
    private static Map<String, Long> rowEstimatesFromStat1(Connection c) {
        Map<String, Long> out = new HashMap<>();
        try {
            Sql.query(c, SqliteCatalog.STAT1, rs -> {
                String stat = rs.getString("stat");
                String first = stat == null ? "" : stat.trim().split("\\s+", 2)[0];
                if (first.matches("\\d+")) {
                    out.merge(rs.getString("tbl"), Long.parseLong(first), Math::max);
                }
                return null;
            });
        } catch (DbAgentException e) {
            // An unreadable sqlite_stat1 only costs the estimates.
        }
        return out;
    }

    /** Exact row counts of the given tables in a single UNION ALL statement. */
    private static Map<String, Long> exactCounts(Connection c, List<SchemaObject> tables) {
        List<String> arms = new ArrayList<>();
        for (int i = 0; i < tables.size(); i++) {
            arms.add(String.format(Locale.ROOT, SqliteCatalog.ROW_COUNT_ARM, i, DialectKind.SQLITE.quote(tables.get(i).name())));
        }
        Map<String, Long> out = new HashMap<>();
        try {
            Sql.query(c, String.join("\nUNION ALL\n", arms), rs -> out.put(
                    tables.get(rs.getInt("ordinal")).name(), rs.getLong("row_count")));
        } catch (DbAgentException e) {
            // A table we cannot read (corrupt page, locked) leaves every estimate unknown rather than failing.
        }
        return out;
    }

    /** Bytes per b-tree from dbstat, or null when this SQLite build lacks the dbstat table. */
    private static Map<String, Long> btreeSizes(Connection c) {
        try {
            Map<String, Long> out = new HashMap<>();
            Sql.query(c, SqliteCatalog.BTREE_SIZES, rs -> out.merge(rs.getString("name"), rs.getLong("pgsize"),
                    Long::sum));
            return out;
        } catch (DbAgentException e) {
            return null;
        }
    }

    private static <T> Map<String, List<T>> group(List<T> rows, Function<T, String> key) {
        Map<String, List<T>> out = new LinkedHashMap<>();
        for (T row : rows) {
            out.computeIfAbsent(key.apply(row), k -> new ArrayList<>()).add(row);
        }
        return out;
    }
}
