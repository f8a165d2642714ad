CREATE TABLE members (
  id INTEGER PRIMARY KEY,
  login VARCHAR(60) NOT NULL COMMENT 'case-insensitive',
  token CHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  bio VARCHAR(200) COLLATE latin1_general_ci DEFAULT 'none' COMMENT 'free text, shown on the profile',
  nick VARCHAR(30) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='site members';
INSERT INTO members (id, login, token, bio, nick) VALUES (1, 'ann', 'abc', 'likes tea', 'Ann'), (2, 'bob', 'def', 'none', 'Bob');
