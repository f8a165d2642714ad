package io.dbagent.diff;

import io.dbagent.cli.CliRunner;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;
import io.dbagent.testsupport.RealWorldCorpus;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SQLite corpus schema (a notes and bookmarks app): STRICT and WITHOUT ROWID tables, an FTS5 index with its
 * content table and sync triggers, VIRTUAL and STORED generated columns, partial and expression indexes, views and
 * cascading foreign keys go through the corpus round trip, and a change of table options is a rebuild that keeps
 * the rows.
 */
class RealWorldSqliteIT {

    @TempDir
    Path tmp;

    @Test
    void notesAppRoundTripsAndKeepsItsTableOptions() throws Exception {
        RealWorldCorpus.Loaded loaded = RealWorldCorpus.roundTrip(DialectKind.SQLITE, "sqlite_notes.sql", tmp);
        try {
            Schema s = RealWorldCorpus.inspect(loaded.db());
            assertThat(s.tables()).extracting(Table::name).contains("notes_fts", "notes", "tags", "settings")
                    .noneMatch(n -> n.startsWith("notes_fts_"));
            assertThat(table(s, "notes_fts").comment()).isEqualTo("virtual table using fts5");
            assertThat(table(s, "notebooks").options()).isEqualTo("STRICT");
            assertThat(table(s, "tags").options()).isEqualTo("WITHOUT ROWID");
            assertThat(table(s, "settings").options()).isEqualTo("STRICT, WITHOUT ROWID");
            assertThat(table(s, "bookmarks").options()).isNull();
            assertThat(table(s, "notebooks").column("name").orElseThrow().collation()).isEqualTo("NOCASE");
            assertThat(table(s, "tags").column("name").orElseThrow().collation()).isEqualTo("NOCASE");
            assertThat(table(s, "bookmarks").column("title").orElseThrow().collation()).isEqualTo("RTRIM");
            assertThat(table(s, "bookmarks").column("url").orElseThrow().collation()).isNull();
            assertThat(table(s, "notes").column("title_lower").orElseThrow().generatedKind()).isEqualToIgnoringCase("virtual");
            assertThat(table(s, "notes").column("word_count").orElseThrow().generatedKind()).isEqualToIgnoringCase("stored");
            assertThat(table(s, "notes").index("notes_live_idx").orElseThrow().where()).contains("deleted_at IS NULL");
            assertThat(s.triggers()).extracting(t -> t.name())
                    .contains("notes_fts_insert", "notes_fts_delete", "notes_fts_update", "notes_touch");

            // the same schema with tags as a rowid table: the diff rebuilds it and keeps its rows
            Path changed = Files.writeString(tmp.resolve("changed.sql"), loaded.sql()
                    .replace("    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP\n) WITHOUT ROWID;",
                            "    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP\n);"));
            var diff = CliRunner.run("diff", "--from", loaded.url(), "--to", changed.toString());
            assertThat(diff.exit()).as(diff.out() + diff.err()).isEqualTo(1);
            assertThat(diff.out()).contains("-- rebuild-table tags").doesNotContain("DESTRUCTIVE");
            long tagsBefore = RealWorldCorpus.count(loaded.db(), "SELECT count(*) FROM tags");
            long noteTagsBefore = RealWorldCorpus.count(loaded.db(), "SELECT count(*) FROM note_tags");
            TestDatabases.exec(loaded.db(), diff.out());
            assertThat(RealWorldCorpus.count(loaded.db(), "SELECT count(*) FROM tags")).isEqualTo(tagsBefore).isEqualTo(2);
            assertThat(RealWorldCorpus.count(loaded.db(), "SELECT count(*) FROM note_tags")).isEqualTo(noteTagsBefore)
                    .isEqualTo(3);
            assertThat(RealWorldCorpus.count(loaded.db(),
                    "SELECT count(*) FROM sqlite_schema WHERE name = 'tags' AND sql LIKE '%WITHOUT ROWID%'")).isZero();
            RealWorldCorpus.assertNoDifferences(loaded.url(), changed, null);
            // the FTS index still answers through the content table
            assertThat(RealWorldCorpus.count(loaded.db(),
                    "SELECT count(*) FROM notes_fts WHERE notes_fts MATCH 'release'")).isEqualTo(1);
        } finally {
            TestDatabases.drop(loaded.db());
        }
    }

    private static Table table(Schema s, String name) {
        return s.tables().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }
}
