package io.dbagent.advisor;

import io.dbagent.schema.Table;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How the engine partitions an existing table, for the partition advisor. The dialect hands out the instance
 * ({@code Dialect.partitionDdl()}), empty where the engine has no table partitioning (SQLite).
 */
public interface PartitionDdl {

    /** A query for the earliest and latest date of {@code column} (quoted) in {@code table} (quoted). */
    String columnRangeSql(String column, String table);

    /**
     * Range partitions of {@code t} on {@code column}, one per interval between consecutive {@code cuts} (monthly
     * or yearly).
     */
    String range(Table t, String column, List<LocalDate> cuts, boolean monthly);

    /** {@code partitions} hash partitions of {@code t} on {@code column}. */
    String hash(Table t, String column, int partitions);

    /** The primary key with the partition column added: engines require the key to contain it. */
    static List<String> keyWith(Table t, String column) {
        List<String> key = new ArrayList<>(t.primaryKey());
        if (!key.contains(column)) {
            key.add(column);
        }
        return key;
    }

    /** The name suffix of the partition starting at {@code d}: {@code 2025_01} or {@code 2025}. */
    static String suffix(LocalDate d, boolean monthly) {
        return monthly ? String.format(Locale.ROOT, "%d_%02d", d.getYear(), d.getMonthValue())
                : String.valueOf(d.getYear());
    }
}
