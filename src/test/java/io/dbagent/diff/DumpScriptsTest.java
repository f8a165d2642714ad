package io.dbagent.diff;

import io.dbagent.DbAgentException;
import io.dbagent.dialect.Dialects;
import io.dbagent.guard.ScratchRunner;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.sql.ScriptSplitter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How dump-tool output is read before the scratch runner's guard sees it. */
class DumpScriptsTest {

    private static final int MARIADB_10_11 = 101119;

    private static List<String> texts(DumpScripts.Prepared p) {
        return p.statements().stream().map(s -> s.text().strip()).toList();
    }

    @Test
    void psqlMetaCommandLinesBecomeStatementsOfTheirOwn() {
        String dump = "--\n\\restrict abc123\n\nSET client_encoding = 'UTF8';\nCREATE TABLE t (id int);\n"
                + "\\unrestrict abc123\n";
        DumpScripts.Prepared p = DumpScripts.prepare(DialectKind.POSTGRES, dump, 150000, false);
        assertThat(texts(p)).containsExactly("\\restrict abc123", "SET client_encoding = 'UTF8'",
                "CREATE TABLE t (id int)", "\\unrestrict abc123");
        assertThat(p.statements().get(0).line()).isEqualTo(2);
        assertThat(p.statements().get(1).line()).isEqualTo(4);
    }

    @Test
    void aBackslashInsideAFunctionBodyIsNotAMetaCommand() {
        String sql = "CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$\n\\x\n$$;";
        DumpScripts.Prepared p = DumpScripts.prepare(DialectKind.POSTGRES, sql, 150000, false);
        assertThat(texts(p)).containsExactly("CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$\n\\x\n$$");
    }

    @Test
    void executableCommentsOpenWhenTheServerWouldRunThem() {
        String sql = """
                /*M!999999\\- enable the sandbox mode */
                /*!40101 SET NAMES utf8mb4 */;
                /*!50001 CREATE VIEW `v` AS SELECT
                 1 AS `a` */;
                /*!80016 SET x = 1 */;
                /*M!100100 SET y = 2 */;
                /* plain */ SELECT '/*!50001 not code */', `a*/b`;
                """;
        String opened = Dialects.of(DialectKind.MYSQL).diff().readDump(sql, MARIADB_10_11, true);
        assertThat(opened).contains("/*M!999999\\- enable the sandbox mode */")
                .contains(" SET NAMES utf8mb4 ;").contains(" CREATE VIEW `v` AS SELECT\n 1 AS `a` ;")
                .contains(" SET x = 1 ;").contains(" SET y = 2 ;")
                .contains("/* plain */ SELECT '/*!50001 not code */', `a*/b`;");
        assertThat(opened.lines().count()).isEqualTo(sql.lines().count());
        assertThat(Dialects.of(DialectKind.MYSQL).diff().readDump("/*!90000 SET z = 3 */;", 80036, false))
                .isEqualTo("/*!90000 SET z = 3 */;");
        assertThat(Dialects.of(DialectKind.MYSQL).diff().readDump("/*M!100100 SET y = 2 */;", 80036, false))
                .isEqualTo("/*M!100100 SET y = 2 */;");
    }

    @Test
    void aDumpedTriggerLosesItsDefinerAndKeepsItsBody() {
        String dump = """
                DELIMITER ;;
                /*!50003 CREATE*/ /*!50017 DEFINER=`root`@`127.0.0.1`*/ /*!50003 TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 'DEFINER=x'; END */;;
                DELIMITER ;
                CREATE DEFINER=`root`@`%` PROCEDURE `p`() BEGIN SELECT 1; END;
                /*!50001 CREATE ALGORITHM=UNDEFINED */
                /*!50013 DEFINER=`root`@`localhost` SQL SECURITY DEFINER */
                /*!50001 VIEW `v` AS select 1 AS `a` */;
                """;
        List<ScriptSplitter.Statement> s = DumpScripts.prepare(DialectKind.MYSQL, dump, MARIADB_10_11, true)
                .statements();
        assertThat(s).hasSize(3);
        assertThat(s.get(0).text().replaceAll("\\s+", " ").strip())
                .isEqualTo("CREATE TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 'DEFINER=x'; END");
        assertThat(s.get(0).line()).isEqualTo(2);
        assertThat(s.get(1).text().replaceAll("\\s+", " ").strip())
                .isEqualTo("CREATE PROCEDURE `p`() BEGIN SELECT 1; END");
        assertThat(s.get(2).text().replaceAll("\\s+", " ").strip())
                .isEqualTo("CREATE ALGORITHM=UNDEFINED SQL SECURITY DEFINER VIEW `v` AS select 1 AS `a`");
    }

    @Test
    void sqliteSchemaOutputLeavesOutTheInternalSequenceTable() {
        String schema = "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT);\n"
                + "CREATE TABLE sqlite_sequence(name,seq);\nCREATE TABLE u (id INTEGER);\n";
        DumpScripts.Prepared p = DumpScripts.prepare(DialectKind.SQLITE, schema, 0, false);
        assertThat(texts(p)).containsExactly("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT)",
                "CREATE TABLE u (id INTEGER)");
        assertThat(p.skipped()).singleElement().satisfies(k -> assertThat(k.line()).isEqualTo(2));
        assertThat(DumpScripts.prepare(DialectKind.SQLITE, "CREATE TABLE sqlite_sequence(name, seq, evil)", 0,
                false).statements()).as("anything else named so still goes to the guard").hasSize(1);
    }

    @Test
    void whatTheReadingUncoversIsStillCheckedByTheGuard() {
        List<ScratchRunner.Skipped> skipped = new ArrayList<>();
        List<ScriptSplitter.Statement> pg = DumpScripts.prepare(DialectKind.POSTGRES,
                "\\restrict k\nCOPY t FROM PROGRAM 'id';", 150000, false).statements();
        assertThatThrownBy(() -> ScratchRunner.check(DialectKind.POSTGRES, pg, skipped))
                .isInstanceOf(DbAgentException.class).hasMessageContaining("line 2");
        List<ScriptSplitter.Statement> shell = DumpScripts.prepare(DialectKind.POSTGRES,
                "\\restrict k\n\\! rm -rf /tmp/x\nSELECT 1;", 150000, false).statements();
        assertThatThrownBy(() -> ScratchRunner.check(DialectKind.POSTGRES, shell, skipped))
                .isInstanceOf(DbAgentException.class).hasMessageContaining("meta-command \\!");
        List<ScriptSplitter.Statement> my = DumpScripts.prepare(DialectKind.MYSQL,
                "/*!50001 SELECT 1 INTO OUTFILE '/tmp/x' */;", MARIADB_10_11, true).statements();
        assertThatThrownBy(() -> ScratchRunner.check(DialectKind.MYSQL, my, skipped))
                .isInstanceOf(DbAgentException.class).hasMessageContaining("OUTFILE");
        List<ScriptSplitter.Statement> ok = DumpScripts.prepare(DialectKind.POSTGRES,
                "--\n\\restrict k\n\nSET client_encoding = 'UTF8';\n\\unrestrict k\n", 150000, false).statements();
        assertThat(ScratchRunner.check(DialectKind.POSTGRES, ok, skipped)).extracting(ScriptSplitter.Statement::text)
                .containsExactly("SET client_encoding = 'UTF8'");
        assertThat(skipped).extracting(ScratchRunner.Skipped::reason).containsOnly("a psql meta-command, not SQL");
    }

    @Test
    void versionNumbersAsExecutableCommentsCountThem() {
        assertThat(DumpScripts.versionNumber(10, 11, "10.11.19-MariaDB-0+deb12u1")).isEqualTo(101119);
        assertThat(DumpScripts.versionNumber(8, 0, "8.0.36")).isEqualTo(80036);
    }
}
