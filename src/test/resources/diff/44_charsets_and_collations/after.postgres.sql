CREATE TABLE members (
  id INTEGER PRIMARY KEY,
  login TEXT NOT NULL,
  bio TEXT COLLATE "POSIX" DEFAULT 'none'
);
COMMENT ON COLUMN members.bio IS 'free text, shown on the profile';
INSERT INTO members (id, login, bio) VALUES (1, 'ann', 'likes tea'), (2, 'bob', 'none');
