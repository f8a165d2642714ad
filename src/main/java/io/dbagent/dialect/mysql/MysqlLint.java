package io.dbagent.dialect.mysql;

import io.dbagent.dialect.DdlWriter;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.lint.LintDialect;
import io.dbagent.schema.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** MySQL/MariaDB's part of the schema linter. */
final class MysqlLint implements LintDialect {

    private static final DialectKind D = DialectKind.MYSQL;

    /**
     * On a partitioned table every unique key, the primary key included, must hold every column of the partitioning
     * (and sub-partitioning) expressions, or the server refuses it.
     */
    @Override
    public String addPrimaryKey(Table t, List<String> candidateKey) {
        String tbl = DdlWriter.of(D).tableName(t.schema(), t.name());
        if (t.partitioned()) {
            List<String> key = new ArrayList<>(candidateKey == null ? List.of("id") : candidateKey);
            partitionColumns(t).stream().filter(c -> key.stream().noneMatch(c::equalsIgnoreCase)).forEach(key::add);
            return "ALTER TABLE " + tbl + (candidateKey == null ? " ADD COLUMN id BIGINT NOT NULL AUTO_INCREMENT FIRST," : "")
                    + " ADD PRIMARY KEY (" + DdlWriter.of(D).columnList(key) + ");";
        }
        return candidateKey != null ? "ALTER TABLE " + tbl + " ADD PRIMARY KEY (" + DdlWriter.of(D).columnList(candidateKey) + ");"
                : "ALTER TABLE " + tbl + " ADD COLUMN id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY FIRST;";
    }

    @Override
    public boolean foreignKeysOnPartitionedTables() {
        return false;
    }

    private static final Pattern QUOTED = Pattern.compile("`((?:[^`]|``)+)`");

    /** The columns named in the partitioning and sub-partitioning expressions, as information_schema quotes them. */
    static List<String> partitionColumns(Table t) {
        List<String> out = new ArrayList<>();
        List<String> keys = new ArrayList<>(List.of(t.partitionKey()));
        t.partitions().stream().map(io.dbagent.schema.Partition::subpartitionKey).filter(k -> k != null).findFirst()
                .ifPresent(keys::add);
        for (String k : keys) {
            Matcher m = QUOTED.matcher(k);
            while (m.find()) {
                String c = m.group(1).replace("``", "`");
                if (out.stream().noneMatch(c::equalsIgnoreCase)) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    @Override
    public boolean zonedTimestamps() {
        return false;
    }

    @Override
    public String moneyType() {
        return "decimal(12,2)";
    }
}
