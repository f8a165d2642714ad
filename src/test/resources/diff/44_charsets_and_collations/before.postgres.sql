CREATE TABLE members (
  id INTEGER PRIMARY KEY,
  login TEXT COLLATE "C" NOT NULL,
  bio TEXT DEFAULT 'none'
);
COMMENT ON COLUMN members.bio IS 'free text';
INSERT INTO members (id, login, bio) VALUES (1, 'ann', 'likes tea'), (2, 'bob', 'none');
