package io.dbagent.explain;

import io.dbagent.DbAgentException;
import io.dbagent.dialect.DdlWriter;
import io.dbagent.guard.GuardedSession;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;
import io.dbagent.sql.Placeholders;
import io.dbagent.sql.SqlAnalysis;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How bind parameters get values for explain: PostgreSQL plans without values (generic plan) when nothing runs;
 * otherwise each parameter takes a real value from the column it is compared with ({@code sample-values}), or the
 * user's {@code --param} values ({@code given}).
 */
record ParameterValues(String mode, List<String> names, Map<String, String> values, Map<String, String> sources,
                       String substituted) {

    private static final Pattern NUMERIC = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
    private static final String SAMPLE_VALUE = "SELECT %1$s FROM %2$s WHERE %1$s IS NOT NULL LIMIT 1";

    int count() {
        return names.size();
    }

    ExplainPayload.Parameters asRecord() {
        return new ExplainPayload.Parameters(mode, values.isEmpty() ? null : values, sources.isEmpty() ? null : sources);
    }

    String note() {
        return switch (mode) {
            case "generic-plan" -> "parameters " + String.join(", ", names) + " were planned without values "
                    + "(generic plan); pass --analyze or --param to plan with real values";
            case "given" -> "parameters took the --param values " + values;
            default -> "parameters took sample values from the columns they are compared with: " + describe();
        };
    }

    private String describe() {
        List<String> parts = new ArrayList<>();
        values.forEach((k, v) -> parts.add(k + " = " + v + (sources.containsKey(k) ? " (" + sources.get(k) + ")" : "")));
        return String.join(", ", parts);
    }

    static ParameterValues resolve(GuardedSession g, String sql, SqlAnalysis a, ExplainOptions o, Schema schema)
            throws SQLException {
        List<String> names = Placeholders.find(sql);
        if (names.isEmpty()) {
            if (!o.params().isEmpty()) {
                throw DbAgentException.badInput("--param given but the statement has no $n or ? parameters");
            }
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        if (!o.params().isEmpty()) {
            if (o.params().size() != names.size()) {
                throw DbAgentException.badInput("the statement has " + names.size() + " parameters ("
                        + String.join(", ", names) + ") but " + o.params().size() + " --param values were given");
            }
            List<String> literals = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                String v = o.params().get(i);
                String lit = NUMERIC.matcher(v).matches() || v.equalsIgnoreCase("null") ? v : Placeholders.literal(v);
                literals.add(lit);
                values.put(names.get(i), lit);
            }
            return new ParameterValues("given", names, values, sources, Placeholders.substitute(sql, literals));
        }
        if (ExplainRunner.of(g.session()).genericPlans() && !o.analyze() && o.runs() == 0
                && names.stream().allMatch(n -> n.startsWith("$"))) {
            return new ParameterValues("generic-plan", names, values, sources, null);
        }
        List<String> literals = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String key = name.startsWith("?") ? "?" + (i + 1) : name;
            SqlAnalysis.Predicate p = a.predicates().stream()
                    .filter(x -> x.valueKind() == SqlAnalysis.ValueKind.PARAM && x.table() != null
                            && (key.equals(x.value()) || name.equals(x.value())))
                    .findFirst().orElse(null);
            String lit;
            if (p == null) {
                if (inLimitOrOffset(sql, name)) {
                    lit = "10";
                    sources.put(name, "LIMIT/OFFSET default");
                } else {
                    throw DbAgentException.badInput("cannot find a sample value for parameter " + name
                            + ": it is not compared with a table column; pass --param VALUE for each parameter");
                }
            } else {
                Table t = schema.table(p.table()).orElse(null);
                lit = t == null ? null : sample(g, t, p.column());
                if (lit == null) {
                    throw DbAgentException.badInput("cannot find a sample value for parameter " + name + ": "
                            + p.table() + "." + p.column() + " has no non-NULL value; pass --param VALUE");
                }
                sources.put(name, p.table() + "." + p.column());
            }
            literals.add(lit);
            values.put(name, lit);
        }
        return new ParameterValues("sample-values", names, values, sources, Placeholders.substitute(sql, literals));
    }

    /** A real value of the column: dbagent's own query, but on a table of any size, so under the limit too. */
    private static String sample(GuardedSession g, Table t, String column) throws SQLException {
        DialectKind d = g.session().dialect();
        String q = SAMPLE_VALUE.formatted(DdlWriter.of(d).ident(t.column(column).map(c -> c.name()).orElse(column)),
                DdlWriter.of(d).tableName(t.schema(), t.name()));
        return g.query(q, rs -> {
            if (!rs.next()) {
                return null;
            }
            Object v = rs.getObject(1);
            if (v instanceof java.sql.Timestamp || v instanceof java.sql.Date || v instanceof java.time.temporal.Temporal) {
                return Placeholders.literal(rs.getString(1));
            }
            return Placeholders.literal(v);
        });
    }

    private static boolean inLimitOrOffset(String sql, String name) {
        String quoted = Pattern.quote(name.startsWith("?") ? "?" : name);
        return Pattern.compile("(?i)\\b(limit|offset)\\s+" + quoted).matcher(sql).find();
    }
}
