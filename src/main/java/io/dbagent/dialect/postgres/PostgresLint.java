package io.dbagent.dialect.postgres;

import io.dbagent.dialect.DdlWriter;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.lint.LintDialect;
import io.dbagent.schema.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PostgreSQL's part of the schema linter. */
final class PostgresLint implements LintDialect {

    private static final DialectKind D = DialectKind.POSTGRES;

    /**
     * On a partitioned table the key must hold the partition key's columns (PostgreSQL refuses it otherwise), and an
     * identity column cannot be added to a table with partitions, so the surrogate is a bigserial.
     */
    @Override
    public String addPrimaryKey(Table t, List<String> candidateKey) {
        String tbl = DdlWriter.of(D).tableName(t.schema(), t.name());
        if (t.partitioned()) {
            List<String> keyColumns = partitionColumns(t.partitionKey());
            if (keyColumns == null) {
                return "-- " + t.qualifiedName() + " is partitioned by an expression (" + t.partitionKey()
                        + "), and a primary key of a partitioned table must hold the partition key's plain columns:"
                        + " no primary key is possible without partitioning it by columns";
            }
            List<String> key = new ArrayList<>(candidateKey == null ? List.of("id") : candidateKey);
            keyColumns.stream().filter(c -> key.stream().noneMatch(c::equals)).forEach(key::add);
            return "ALTER TABLE " + tbl + (candidateKey == null ? " ADD COLUMN id bigserial," : "")
                    + " ADD PRIMARY KEY (" + DdlWriter.of(D).columnList(key) + ");";
        }
        return candidateKey != null ? "ALTER TABLE " + tbl + " ADD PRIMARY KEY (" + DdlWriter.of(D).columnList(candidateKey) + ");"
                : "ALTER TABLE " + tbl + " ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;";
    }

    private static final Pattern KEY = Pattern.compile("^\\w+\\s*\\((.*)\\)$", Pattern.DOTALL);
    private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_$]*|\"(?:[^\"]|\"\")+\"");

    /** The columns of {@code RANGE (a, b)}; null when a part is an expression. */
    static List<String> partitionColumns(String partitionKey) {
        Matcher m = KEY.matcher(partitionKey.strip());
        if (!m.matches()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (String part : m.group(1).split(",")) {
            String p = part.strip();
            if (!PLAIN.matcher(p).matches()) {
                return null;
            }
            out.add(p.startsWith("\"") ? p.substring(1, p.length() - 1).replace("\"\"", "\"") : p);
        }
        return out;
    }

    @Override
    public boolean zonedTimestamps() {
        return true;
    }

    @Override
    public String moneyType() {
        return "numeric(12,2)";
    }
}
