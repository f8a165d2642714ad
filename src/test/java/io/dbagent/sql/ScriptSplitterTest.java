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
}
