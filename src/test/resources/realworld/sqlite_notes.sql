-- A note-taking and bookmarks app as it ships on SQLite: STRICT and WITHOUT ROWID tables, an FTS5 index kept in
-- step by triggers, generated columns, partial and expression indexes, views, cascading foreign keys and columns
-- compared without case (COLLATE NOCASE) or trailing spaces (COLLATE RTRIM).

CREATE TABLE notebooks (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL COLLATE NOCASE,
    color TEXT NOT NULL DEFAULT 'gray' CHECK (color IN ('gray', 'red', 'green', 'blue')),
    archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE (name)
) STRICT;

CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    notebook_id INTEGER NOT NULL REFERENCES notebooks (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    pinned INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT,
    deleted_at TEXT,
    title_lower TEXT GENERATED ALWAYS AS (lower(title)) VIRTUAL,
    word_count INTEGER GENERATED ALWAYS AS (length(body) - length(replace(body, ' ', '')) + 1) STORED
) STRICT;

CREATE INDEX notes_notebook_idx ON notes (notebook_id, updated_at DESC);
CREATE INDEX notes_live_idx ON notes (notebook_id) WHERE deleted_at IS NULL;
CREATE INDEX notes_pinned_idx ON notes (pinned) WHERE pinned = 1 AND deleted_at IS NULL;
CREATE INDEX notes_title_lower_idx ON notes (lower(title));

CREATE TABLE tags (
    name TEXT PRIMARY KEY COLLATE nocase,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
) WITHOUT ROWID;

CREATE TABLE note_tags (
    note_id INTEGER NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
    tag TEXT NOT NULL REFERENCES tags (name) ON DELETE CASCADE ON UPDATE CASCADE,
    PRIMARY KEY (note_id, tag)
) WITHOUT ROWID;

CREATE INDEX note_tags_tag_idx ON note_tags (tag);

CREATE TABLE bookmarks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    url TEXT NOT NULL,
    title TEXT COLLATE RTRIM,
    note_id INTEGER REFERENCES notes (id) ON DELETE SET NULL,
    visits INTEGER NOT NULL DEFAULT 0 CHECK (visits >= 0),
    added_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    host TEXT GENERATED ALWAYS AS (substr(url, instr(url, '//') + 2)) VIRTUAL
);

CREATE UNIQUE INDEX bookmarks_url_idx ON bookmarks (lower(url));

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value ANY
) STRICT, WITHOUT ROWID;

CREATE VIRTUAL TABLE notes_fts USING fts5(title, body, content='notes', content_rowid='id');

CREATE TRIGGER notes_fts_insert AFTER INSERT ON notes BEGIN
    INSERT INTO notes_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
END;

CREATE TRIGGER notes_fts_delete AFTER DELETE ON notes BEGIN
    INSERT INTO notes_fts (notes_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
END;

CREATE TRIGGER notes_fts_update AFTER UPDATE OF title, body ON notes BEGIN
    INSERT INTO notes_fts (notes_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    INSERT INTO notes_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
END;

CREATE TRIGGER notes_touch AFTER UPDATE OF title, body ON notes
WHEN new.updated_at IS old.updated_at
BEGIN
    UPDATE notes SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = new.id;
END;

CREATE VIEW live_notes AS
SELECT n.id, n.title, n.body, b.name AS notebook, n.updated_at
FROM notes n JOIN notebooks b ON b.id = n.notebook_id
WHERE n.deleted_at IS NULL AND b.archived = 0;

CREATE VIEW tag_counts AS
SELECT t.name, count(nt.note_id) AS notes
FROM tags t LEFT JOIN note_tags nt ON nt.tag = t.name
GROUP BY t.name;

INSERT INTO notebooks (id, name, color) VALUES (1, 'Inbox', 'gray'), (2, 'Work', 'blue');
INSERT INTO notes (id, notebook_id, title, body, pinned) VALUES
    (1, 1, 'Groceries', 'milk eggs bread', 0),
    (2, 2, 'Standup', 'status of the release', 1),
    (3, 2, 'Ideas', 'rename detection in the diff', 0);
INSERT INTO tags (name) VALUES ('home'), ('work');
INSERT INTO note_tags (note_id, tag) VALUES (1, 'home'), (2, 'work'), (3, 'work');
INSERT INTO bookmarks (url, title, note_id) VALUES ('https://sqlite.org/fts5.html', 'FTS5', 3);
INSERT INTO settings (key, value) VALUES ('theme', 'dark'), ('font_size', 14);
