package io.dbagent.sql;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScriptSplitterTest {

    @Test
    void splitsOnSemicolonsOutsideQuotesAndComments() {
        var parts = ScriptSplitter.split("""
                -- header; with semicolon
                CREATE TABLE a (x text DEFAULT 'a;b');
                /* block ; comment */ INSERT INTO a VALUES ('it''s; fine');
                SELECT "weird;name" FROM a
                """);
        assertThat(parts).hasSize(3);
        assertThat(parts.get(0)).endsWith("DEFAULT 'a;b')");
        assertThat(parts.get(1)).contains("'it''s; fine'");
        assertThat(parts.get(2)).isEqualTo("SELECT \"weird;name\" FROM a");
    }

    @Test
    void keepsDollarQuotedBodiesWhole() {
        var parts = ScriptSplitter.split("""
                CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN NEW.x := 1; RETURN NEW; END $$;
                CREATE FUNCTION g() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;
                SELECT $1::int;
                """);
        assertThat(parts).hasSize(3);
        assertThat(parts.get(0)).contains("RETURN NEW; END $$");
        assertThat(parts.get(1)).contains("SELECT 1; $body$ LANGUAGE sql");
    }

    @Test
    void keepsTriggerBodiesWholeIncludingEndIf() {
        var parts = ScriptSplitter.split("""
                CREATE TRIGGER t AFTER UPDATE ON o FOR EACH ROW
                BEGIN
                  IF NEW.s <> OLD.s THEN
                    INSERT INTO log VALUES (CASE WHEN NEW.s = 'a' THEN 1 ELSE 2 END);
                  END IF;
                END;
                CREATE TRIGGER t2 AFTER INSERT ON o BEGIN INSERT INTO log VALUES (1); END;
                SELECT 1;
                """);
        assertThat(parts).hasSize(3);
        assertThat(parts.get(0)).contains("END IF;").endsWith("END");
        assertThat(parts.get(1)).startsWith("CREATE TRIGGER t2").endsWith("END");
    }

    @Test
    void honoursDelimiterDirective() {
        var parts = ScriptSplitter.split("""
                DELIMITER //
                CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END //
                DELIMITER ;
                SELECT 3;
                """);
        assertThat(parts).containsExactly("CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END", "SELECT 3");
    }

    @Test
    void aDelimiterDirectiveAfterCommentsIsStillADirective() {
        var parts = ScriptSplitter.split("""
                -- create-procedure p
                /* made by the diff */
                DELIMITER ;;
                CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END;;
                DELIMITER ;
                -- a note
                SELECT 3;
                """);
        assertThat(parts).containsExactly("CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END", "-- a note\nSELECT 3");
    }

    @Test
    void dollarDelimiterIsNotADollarQuote() {
        var parts = ScriptSplitter.split("""
                CREATE TABLE t (id INT);
                DELIMITER $$
                CREATE TRIGGER trg AFTER INSERT ON t FOR EACH ROW
                BEGIN
                  UPDATE t SET id = id + 1 WHERE id = NEW.id;
                END$$
                DELIMITER ;
                SELECT 3;
                """);
        assertThat(parts).hasSize(3);
        assertThat(parts.get(1)).startsWith("CREATE TRIGGER trg").endsWith("END");
        assertThat(parts.get(2)).isEqualTo("SELECT 3");
    }

    @Test
    void reportsStartLines() {
        var parts = ScriptSplitter.splitWithLines("SELECT 1;\n\n-- c\nSELECT\n 2;");
        assertThat(parts).extracting(ScriptSplitter.Statement::line).containsExactly(1, 4);
    }

    @Test
    void keepsMysqlExecutableCommentStatementsOfADump() {
        // the shape mariadb-dump writes views and triggers in: statements made only of /*!NNNNN … */ comments
        var parts = ScriptSplitter.split("""
                /*M!999999\\- enable the sandbox mode */
                -- MariaDB dump 10.19  Distrib 10.11.6-MariaDB
                /*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
                CREATE TABLE `t1` (`a` int(11) DEFAULT NULL);
                /*!40101 SET character_set_client = utf8 */;
                /*!50001 DROP VIEW IF EXISTS `v1`*/;
                /*!50001 CREATE ALGORITHM=UNDEFINED */
                /*!50013 DEFINER=`root`@`localhost` SQL SECURITY DEFINER */
                /*!50001 VIEW `v1` AS select `t1`.`a` AS `a` from `t1` */;
                /*!50003 SET @saved_sql_mode = @@sql_mode */ ;
                DELIMITER ;;
                /*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER `t1_bi` BEFORE INSERT ON `t1`
                FOR EACH ROW BEGIN
                  SET NEW.a = 1;
                END */;;
                DELIMITER ;
                /* a plain comment; alone */;
                """);
        assertThat(parts).containsExactly(
                "/*M!999999\\- enable the sandbox mode */\n-- MariaDB dump 10.19  Distrib 10.11.6-MariaDB\n"
                        + "/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */",
                "CREATE TABLE `t1` (`a` int(11) DEFAULT NULL)",
                "/*!40101 SET character_set_client = utf8 */",
                "/*!50001 DROP VIEW IF EXISTS `v1`*/",
                "/*!50001 CREATE ALGORITHM=UNDEFINED */\n/*!50013 DEFINER=`root`@`localhost` SQL SECURITY DEFINER */\n"
                        + "/*!50001 VIEW `v1` AS select `t1`.`a` AS `a` from `t1` */",
                "/*!50003 SET @saved_sql_mode = @@sql_mode */",
                "/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER `t1_bi` BEFORE INSERT ON `t1`\n"
                        + "FOR EACH ROW BEGIN\n  SET NEW.a = 1;\nEND */");
    }

    @Test
    void dropsAStatementOfCommentsThatNeverRun() {
        // /*M!999999 … */ runs on no server version: it is a comment, like -- and /* */
        assertThat(ScriptSplitter.split("/*M!999999\\- enable the sandbox mode */;\n-- c\n/* d */;\nSELECT 1;"))
                .containsExactly("SELECT 1");
    }

    @Test
    void commentsBeforeALeadingSemicolonIntroduceTheNextStatement() {
        var parts = ScriptSplitter.splitWithLines("""
                BEGIN

                -- rebuild-table t
                ; CREATE TABLE n (a int) -- the new table
                ; CREATE TRIGGER trg AFTER INSERT ON n BEGIN
                  SELECT 1;
                END
                /* last */
                ; COMMIT;
                """);
        assertThat(parts).extracting(ScriptSplitter.Statement::text).containsExactly("BEGIN",
                "CREATE TABLE n (a int)", "CREATE TRIGGER trg AFTER INSERT ON n BEGIN\n  SELECT 1;\nEND", "COMMIT");
        assertThat(parts).extracting(ScriptSplitter.Statement::line).containsExactly(1, 4, 5, 9);
    }
}
