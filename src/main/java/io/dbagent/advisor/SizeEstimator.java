package io.dbagent.advisor;

import io.dbagent.dialect.DdlWriter;
import io.dbagent.dialect.Dialects;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Estimates an index's size where the engine cannot tell before it exists: rows × (average stored width of the key
 * and INCLUDE columns + per-entry overhead, which carries the row pointer or primary key) / page fill factor. Average
 * widths come from a 10,000-row sample.
 */
public final class SizeEstimator {

    private final DialectKind dialect;
    private final Schema schema;
    private final Connection c;
    private final Map<String, Double> widths = new HashMap<>();

    public SizeEstimator(DialectKind dialect, Schema schema, Connection c) {
        this.dialect = dialect;
        this.schema = schema;
        this.c = c;
    }

    public long estimate(Candidate cand) throws SQLException {
        Table t = schema.table(cand.table()).orElseThrow();
        long rows = Math.max(t.rowEstimate(), 0);
        double width = 0;
        for (String col : concat(cand.columns(), cand.include())) {
            width += width(t, col) + 1;
        }
        AdvisorDialect engine = Dialects.of(dialect).advisor();
        double overhead = engine.indexEntryOverhead();
        double fill = engine.indexFillFactor();
        double fraction = cand.where() == null ? 1.0 : 0.1; // a partial index holds the rows its predicate selects
        return Math.max(8192, (long) (rows * fraction * (width + overhead) / fill));
    }

    private double width(Table t, String keyPart) throws SQLException {
        // an expression key part (lower(email), (data->>'k')) is about as wide as the column it reads
        String col = keyPart;
        if (!t.column(keyPart).isPresent()) {
            col = t.columns().stream().map(io.dbagent.schema.Column::name)
                    .filter(n -> java.util.regex.Pattern.compile("(?i)(?<![A-Za-z0-9_])" + java.util.regex.Pattern.quote(n)
                            + "(?![A-Za-z0-9_])").matcher(keyPart).find())
                    .findFirst().orElse(null);
            if (col == null) {
                return 8;
            }
        }
        String key = (t.name() + "." + col).toLowerCase(Locale.ROOT);
        Double w = widths.get(key);
        if (w != null) {
            return w;
        }
        String ident = DdlWriter.of(dialect).ident(col);
        double v = 8;
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(Dialects.of(dialect).advisor()
                     .averageWidthSql(ident, DdlWriter.of(dialect).tableName(t.schema(), t.name())))) {
            if (rs.next() && rs.getObject(1) != null) {
                v = rs.getDouble(1);
            }
        }
        widths.put(key, v);
        return v;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
