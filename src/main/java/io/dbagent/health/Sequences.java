package io.dbagent.health;

import java.util.Locale;

/** The largest value each integer column type holds, for sequence and auto-increment exhaustion. */
public final class Sequences {

    private Sequences() {
    }

    /** PostgreSQL type names ({@code format_type} output); unknown or NULL types do not limit. */
    public static long typeMax(String type) {
        if (type == null) {
            return Long.MAX_VALUE;
        }
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "smallint", "int2" -> Short.MAX_VALUE;
            case "integer", "int", "int4" -> Integer.MAX_VALUE;
            default -> Long.MAX_VALUE;
        };
    }

    /** MySQL DATA_TYPE plus whether COLUMN_TYPE says unsigned. */
    public static long mysqlTypeMax(String dataType, boolean unsigned) {
        return switch (dataType.toLowerCase(Locale.ROOT)) {
            case "tinyint" -> unsigned ? 255 : 127;
            case "smallint" -> unsigned ? 65_535 : 32_767;
            case "mediumint" -> unsigned ? 16_777_215 : 8_388_607;
            case "int", "integer" -> unsigned ? 4_294_967_295L : Integer.MAX_VALUE;
            // unsigned bigint's 2^64-1 does not fit a long; Long.MAX_VALUE is far beyond any real counter anyway
            default -> Long.MAX_VALUE;
        };
    }
}
