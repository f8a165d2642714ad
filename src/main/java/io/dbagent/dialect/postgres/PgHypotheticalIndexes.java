package io.dbagent.dialect.postgres;

import io.dbagent.DbAgentException;
import io.dbagent.explain.ExplainService;
import io.dbagent.explain.HypotheticalIndexes;
import io.dbagent.guard.IndexSpec;
import io.dbagent.jdbc.DbSession;
import io.dbagent.schema.Column;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * hypopg's hypothetical indexes for one explain: the DDL handed to {@code hypopg_create_index} is written here from
 * names found in the inspected schema, each identifier quoted; {@link Created#close()} calls {@code hypopg_reset()}
 * so that nothing outlives the explain even on a pooled connection. hypopg must be installed in the database (a
 * read-only session cannot create it).
 */
final class PgHypotheticalIndexes implements HypotheticalIndexes {

    @Override
    public Created create(DbSession session, Schema schema, List<IndexSpec> specs) {
        Connection c = session.connection();
        List<String> ddl = specs.stream().map(s -> ddl(schema, s)).toList();
        try {
            if (!HypoPgWhatIf.installed(c)) {
                throw DbAgentException.badInput(HypoPgWhatIf.available(c)
                        ? "hypothetical indexes need the hypopg extension in this database: run CREATE EXTENSION "
                        + "hypopg; (it is available on the server, and only keeps indexes in a session's memory)"
                        : "hypothetical indexes need the hypopg extension, which this server does not have: install "
                        + "the hypopg package for PostgreSQL " + session.majorVersion() + ", then CREATE EXTENSION hypopg;");
            }
            Created created = new Reset(c, ddl);
            try {
                for (String d : ddl) {
                    try (PreparedStatement ps = c.prepareStatement(PostgresOptimizerSql.HYPOPG_CREATE_INDEX)) {
                        ps.setString(1, d);
                        ps.executeQuery().close();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                created.close();
                throw e;
            }
            return created;
        } catch (SQLException e) {
            throw ExplainService.rejected(e);
        }
    }

    /** {@code CREATE [UNIQUE] INDEX ON "schema"."table" USING m ("a" DESC, …) INCLUDE (…)} from resolved names. */
    static String ddl(Schema schema, IndexSpec spec) {
        Table t = table(schema, spec);
        StringBuilder sb = new StringBuilder("CREATE ");
        if (spec.unique()) {
            sb.append("UNIQUE ");
        }
        sb.append("INDEX ON ").append(quote(t.schema())).append('.').append(quote(t.name()));
        if (spec.method() != null) {
            sb.append(" USING ").append(spec.method());
        }
        sb.append(" (").append(spec.keys().stream().map(k -> quote(column(t, k.column()))
                + (k.descending() ? " DESC" : "") + (k.nulls() == null ? "" : " NULLS " + k.nulls().toUpperCase()))
                .collect(Collectors.joining(", "))).append(')');
        if (!spec.include().isEmpty()) {
            sb.append(" INCLUDE (").append(spec.include().stream().map(n -> quote(column(t, n)))
                    .collect(Collectors.joining(", "))).append(')');
        }
        return sb.toString();
    }

    private static Table table(Schema schema, IndexSpec spec) {
        String name = spec.table().folded();
        List<Table> matches = schema.tables().stream().filter(t -> t.name().equals(name)
                && (spec.schema() == null || t.schema().equals(spec.schema().folded()))).toList();
        if (matches.isEmpty()) {
            throw DbAgentException.badInput("hypothetical index on " + (spec.schema() == null ? "" : spec.schema() + ".")
                    + spec.table() + ": no such table");
        }
        if (matches.size() > 1) {
            Optional<Table> inPublic = matches.stream().filter(t -> t.schema().equals("public")).findFirst();
            return inPublic.orElseThrow(() -> DbAgentException.badInput("hypothetical index on " + spec.table()
                    + ": several schemas have this table, qualify it (schema.table)"));
        }
        return matches.get(0);
    }

    private static String column(Table t, IndexSpec.Name n) {
        return t.columns().stream().map(Column::name).filter(c -> c.equals(n.folded())).findFirst()
                .orElseThrow(() -> DbAgentException.badInput("hypothetical index on " + t.schema() + "." + t.name()
                        + ": no column " + n));
    }

    private static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private record Reset(Connection c, List<String> ddl) implements Created {

        @Override
        public void close() {
            try (Statement st = c.createStatement()) {
                st.executeQuery(PostgresOptimizerSql.HYPOPG_RESET).close();
            } catch (SQLException ignored) {
                // the session closes next; hypothetical indexes die with it
            }
        }
    }
}
