CREATE TABLE members (
  id INTEGER PRIMARY KEY,
  login VARCHAR(40) NOT NULL COMMENT 'case-insensitive',
  token CHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  bio VARCHAR(200) COLLATE latin1_general_ci DEFAULT 'none' COMMENT 'free text',
  nick VARCHAR(30) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin
) DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci COMMENT='site members';
INSERT INTO members (id, login, token, bio, nick) VALUES (1, 'ann', 'abc', 'likes tea', 'Ann'), (2, 'bob', 'def', 'none', 'Bob');
