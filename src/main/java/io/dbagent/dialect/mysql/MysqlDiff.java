package io.dbagent.dialect.mysql;

import io.dbagent.diff.DiffDialect;
import io.dbagent.guard.ScratchRunner;
import io.dbagent.jdbc.DbSession;
import io.dbagent.schema.Routine;
import io.dbagent.sql.ScriptSplitter;

import java.util.List;

/**
 * MySQL/MariaDB's facts for the schema diff: the schema is the database; dumps are read as the server reads them,
 * their events created disabled on the scratch copy, which takes the live database's default character set and
 * collation; routines compare without their DEFINER.
 */
final class MysqlDiff implements DiffDialect {

    @Override
    public boolean schemaIsDatabase() {
        return true;
    }

    @Override
    public String canonicalRoutine(Routine r) {
        return MysqlDumps.canonicalRoutine(r.kind(), r.definition());
    }

    /**
     * {@code ALTER DATABASE CHARACTER SET … COLLATE …} with the live database's defaults, and its session's default
     * storage engine.
     */
    @Override
    public List<String> scratchDefaults(DbSession live) {
        List<String> out = new java.util.ArrayList<>();
        for (String[] d : io.dbagent.dialect.Sql.query(live.connection(), MysqlCatalog.DATABASE_DEFAULTS,
                rs -> new String[] {rs.getString(1), rs.getString(2)})) {
            if (d[0] != null && d[1] != null && d[0].matches("\\w+") && d[1].matches("\\w+")) {
                out.add("ALTER DATABASE CHARACTER SET " + d[0] + " COLLATE " + d[1]);
            }
        }
        // the engine a CREATE TABLE without ENGINE= gets: the model states a table's engine only where it differs
        for (String engine : io.dbagent.dialect.Sql.query(live.connection(), MysqlCatalog.DEFAULT_ENGINE,
                rs -> rs.getString(1))) {
            if (engine != null && engine.matches("\\w+")) {
                out.add("SET SESSION default_storage_engine = " + engine);
            }
        }
        return out;
    }

    @Override
    public String readDump(String sql, int serverVersion, boolean mariadb) {
        return MysqlDumps.openExecutableComments(sql, serverVersion, mariadb);
    }

    @Override
    public void prepareDumpStatement(ScriptSplitter.Statement s, List<ScriptSplitter.Statement> out,
                                     List<ScratchRunner.Skipped> skipped) {
        out.add(new ScriptSplitter.Statement(MysqlDumps.disabledEvent(MysqlDumps.withoutDefiner(s.text())), s.line()));
    }
}
