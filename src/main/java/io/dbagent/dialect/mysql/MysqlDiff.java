package io.dbagent.dialect.mysql;

import io.dbagent.diff.DiffDialect;
import io.dbagent.guard.ScratchRunner;
import io.dbagent.schema.Routine;
import io.dbagent.sql.ScriptSplitter;

import java.util.List;

/**
 * MySQL/MariaDB's facts for the schema diff: the schema is the database; dumps are read as the server reads them,
 * their events created disabled on the scratch copy; routines compare without their DEFINER.
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
