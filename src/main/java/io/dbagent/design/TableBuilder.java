package io.dbagent.design;

import io.dbagent.schema.Check;
import io.dbagent.schema.Column;
import io.dbagent.schema.ForeignKey;
import io.dbagent.schema.Index;
import io.dbagent.schema.Table;
import io.dbagent.schema.Unique;

import java.util.ArrayList;
import java.util.List;

/** A table under construction by the designer; an engine's {@link DesignDialect} adds its columns and indexes. */
public final class TableBuilder {

    final String entity;
    final String name;
    final boolean joinTable;
    final long volume;
    final List<Column> columns = new ArrayList<>();
    final List<String> primaryKey = new ArrayList<>();
    final List<ForeignKey> foreignKeys = new ArrayList<>();
    final List<Unique> uniques = new ArrayList<>();
    final List<Check> checks = new ArrayList<>();
    final List<Index> indexes = new ArrayList<>();
    String keyKind;
    String comment;

    TableBuilder(String entity, String name, boolean joinTable, long volume) {
        this.entity = entity;
        this.name = name;
        this.joinTable = joinTable;
        this.volume = volume;
    }

    public String name() {
        return name;
    }

    /** {@code int}, {@code bigint} or {@code uuid}: the kind of the table's surrogate key. */
    public String keyKind() {
        return keyKind;
    }

    public void addColumn(Column column) {
        columns.add(column);
    }

    public void addIndex(Index index) {
        indexes.add(index);
    }

    boolean hasColumn(String column) {
        return columns.stream().anyMatch(c -> c.name().equals(column));
    }

    /** Whether an index, the primary key or a unique constraint already starts with these columns. */
    boolean leadingIndexed(List<String> cols) {
        return startsWith(primaryKey, cols)
                || uniques.stream().anyMatch(u -> startsWith(u.columns(), cols))
                || indexes.stream().anyMatch(i -> startsWith(i.columns(), cols));
    }

    private static boolean startsWith(List<String> have, List<String> want) {
        return have.size() >= want.size() && have.subList(0, want.size()).equals(want);
    }

    void index(List<String> cols, boolean unique) {
        indexes.add(new Index(Names.fit("idx_" + name + "_" + String.join("_", cols)), cols, unique, false, "btree",
                null, List.of(), -1));
    }

    Table build(String schema) {
        return new Table(schema, name, volume > 0 ? volume : -1, -1, columns, primaryKey,
                primaryKey.isEmpty() ? null : Names.fit(name + "_pkey"), foreignKeys, uniques, checks, indexes, comment);
    }
}
