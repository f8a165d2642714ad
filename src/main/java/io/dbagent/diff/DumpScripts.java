package io.dbagent.diff;

import io.dbagent.dialect.Dialects;
import io.dbagent.guard.ScratchRunner;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.sql.ScriptSplitter;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a schema script the way the dump tools' own clients would, so that {@code pg_dump -s}, {@code mariadb-dump} /
 * {@code mysqldump} and {@code sqlite3 .dump}/{@code .schema} output loads on a scratch database. Only what a client
 * does before the server sees a statement is done here; every resulting statement still goes through the
 * {@link ScratchRunner}'s guard, which decides what runs, what is skipped and what is refused:
 * <ul>
 *   <li>PostgreSQL: a psql meta-command line (<code>&#92;restrict key</code>) becomes a statement of its own, as psql reads
 *       it, instead of being glued to the SQL after it (the guard skips <code>&#92;restrict</code>/<code>&#92;unrestrict</code> and
 *       refuses every other meta-command).</li>
 *   <li>MySQL/MariaDB: executable comments ({@code /*!50001 CREATE VIEW …*&#47;}, {@code /*M!100100 …*&#47;}) are
 *       opened when the scratch server's version would run them, as the server does; a {@code DEFINER=user@host}
 *       clause is left out, so the object belongs to the scratch identity (which may not act as another user); a
 *       {@code CREATE EVENT} is made {@code DISABLE}, so the event exists on the scratch copy but never runs there.</li>
 *   <li>SQLite: {@code .schema} prints {@code CREATE TABLE sqlite_sequence(name,seq)}, an internal table SQLite makes
 *       by itself for AUTOINCREMENT; it is skipped with a note.</li>
 * </ul>
 * The engine halves are the dialects' diff parts ({@link DiffDialect#readDump},
 * {@link DiffDialect#prepareDumpStatement}).
 */
final class DumpScripts {

    /** The statements to give the scratch runner, and those left out here with the reason. */
    record Prepared(List<ScriptSplitter.Statement> statements, List<ScratchRunner.Skipped> skipped) {
    }

    private DumpScripts() {
    }

    /**
     * Splits {@code sql} into statements for a scratch database of {@code dialect}.
     *
     * @param serverVersion the scratch server's version as MySQL numbers it in executable comments (10.11.5 is
     *                      101105); only read for MySQL/MariaDB
     * @param mariadb       whether the scratch server is MariaDB ({@code /*M!…} comments run only there)
     */
    static Prepared prepare(DialectKind dialect, String sql, int serverVersion, boolean mariadb) {
        DiffDialect engine = Dialects.of(dialect).diff();
        List<ScratchRunner.Skipped> skipped = new ArrayList<>();
        List<ScriptSplitter.Statement> out = new ArrayList<>();
        for (ScriptSplitter.Statement s : ScriptSplitter.splitWithLines(engine.readDump(sql, serverVersion, mariadb))) {
            engine.prepareDumpStatement(s, out, skipped);
        }
        return new Prepared(out, skipped);
    }

    /** {@code 10.11.19} → 101119, {@code 8.0.36} → 80036: the numbering of executable comments. */
    static int versionNumber(int major, int minor, String version) {
        int patch = 0;
        Matcher m = Pattern.compile("^\\d+\\.\\d+\\.(\\d+)").matcher(version == null ? "" : version.strip());
        if (m.find()) {
            patch = Math.min(99, Integer.parseInt(m.group(1)));
        }
        return major * 10000 + minor * 100 + patch;
    }
}
