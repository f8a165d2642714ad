package io.dbagent.health.bloat;

import io.dbagent.health.HealthCheck;
import io.dbagent.health.Thresholds;

import java.util.List;
import java.util.Locale;

/**
 * What to measure.
 *
 * @param tables        only these tables (name or schema.name) and their indexes; all when empty
 * @param schemas       PG: only these schemas; all user schemas when empty
 * @param thresholds    the table-bloat / index-bloat levels: entries above them get a fix
 * @param exact         PG: measure candidates with pgstattuple/pgstatindex when installed and permitted
 * @param exactMaxBytes PG: do not read relations larger than this with pgstattuple (it reads every page)
 */
public record BloatOptions(List<String> tables, List<String> schemas, Thresholds thresholds, boolean exact,
                           long exactMaxBytes) {

    public static final long DEFAULT_EXACT_MAX_BYTES = 1L << 30;

    public BloatOptions {
        tables = tables == null ? List.of() : List.copyOf(tables);
        schemas = schemas == null ? List.of() : List.copyOf(schemas);
        thresholds = thresholds == null ? Thresholds.defaults() : thresholds;
    }

    public static BloatOptions defaults() {
        return new BloatOptions(List.of(), List.of(), Thresholds.defaults(), true, DEFAULT_EXACT_MAX_BYTES);
    }

    /** The defaults, limited to these tables (all when null or empty). */
    public static BloatOptions forTables(List<String> tables) {
        return new BloatOptions(tables, List.of(), Thresholds.defaults(), true, DEFAULT_EXACT_MAX_BYTES);
    }

    /** True when the table is within the --table / schema selection. */
    public boolean selects(String schema, String table) {
        if (!schemas.isEmpty() && schemas.stream().noneMatch(s -> s.equalsIgnoreCase(schema))) {
            return false;
        }
        if (tables.isEmpty()) {
            return true;
        }
        return tables.stream().anyMatch(t -> selectsName(t, schema, table));
    }

    /** Whether a --table value names this table (bare or schema-qualified, any case). */
    public boolean selectsName(String wanted, String schema, String table) {
        if (table == null) {
            return false;
        }
        String w = wanted.toLowerCase(Locale.ROOT);
        return w.equals(table.toLowerCase(Locale.ROOT)) || w.equals((schema + "." + table).toLowerCase(Locale.ROOT));
    }

    /** Whether an entry is bad enough to carry a fix (and, in health, a finding). */
    public boolean worthFixing(BloatEntry e) {
        HealthCheck c = "index".equals(e.kind()) ? HealthCheck.INDEX_BLOAT : HealthCheck.TABLE_BLOAT;
        double minBytes = thresholds.get(c.id() + ".min-mb") * 1024 * 1024;
        return e.wastedBytes() >= minBytes && thresholds.judge(c, e.wastedPercent()).isPresent();
    }
}
