package io.dbagent.migrate;

import io.dbagent.jdbc.DialectKind;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Which type changes an engine makes without rewriting the table. */
final class MigrationTypes {

    private static final Pattern VARCHAR = Pattern.compile("^(?:character varying|varchar)\\s*\\((\\d+)\\)$");
    private static final Pattern NUMERIC = Pattern.compile("^(?:numeric|decimal)\\s*\\((\\d+)(?:,\\s*(\\d+))?\\)$");

    private MigrationTypes() {
    }

    /**
     * PostgreSQL: a wider varchar, varchar to text, and numeric(p,s) to a wider precision at the same scale or to
     * unconstrained numeric keep the table as it is. MySQL/MariaDB: a wider varchar within the same length-byte
     * class (both under 256 bytes, or both above) is INPLACE without a rebuild.
     */
    static boolean changesInPlace(DialectKind d, String fromType, String toType) {
        String from = norm(fromType);
        String to = norm(toType);
        if (from.equals(to)) {
            return true;
        }
        Matcher fv = VARCHAR.matcher(from);
        Matcher tv = VARCHAR.matcher(to);
        if (d == DialectKind.POSTGRES) {
            if (fv.matches() && (to.equals("text") || to.equals("varchar") || to.equals("character varying"))) {
                return true;
            }
            if (fv.matches() && tv.matches()) {
                return Integer.parseInt(tv.group(1)) >= Integer.parseInt(fv.group(1));
            }
            Matcher fn = NUMERIC.matcher(from);
            Matcher tn = NUMERIC.matcher(to);
            if (fn.matches() && (to.equals("numeric") || to.equals("decimal"))) {
                return true;
            }
            if (fn.matches() && tn.matches()) {
                String fs = fn.group(2) == null ? "0" : fn.group(2);
                String ts = tn.group(2) == null ? "0" : tn.group(2);
                return fs.equals(ts) && Integer.parseInt(tn.group(1)) >= Integer.parseInt(fn.group(1));
            }
            return false;
        }
        if (d == DialectKind.MYSQL && fv.matches() && tv.matches()) {
            // utf8mb4: 4 bytes a character; the length prefix grows from 1 to 2 bytes at 256 bytes
            int a = Integer.parseInt(fv.group(1)) * 4;
            int b = Integer.parseInt(tv.group(1)) * 4;
            return b >= a && (a >= 256 || b < 256);
        }
        return false;
    }

    private static String norm(String t) {
        return t == null ? "" : t.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").replaceAll("\\s*\\(\\s*", "(")
                .replaceAll("\\s*\\)", ")").replaceAll("\\s*,\\s*", ",");
    }
}
