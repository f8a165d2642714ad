CREATE TYPE mood AS ENUM ('bad', 'ok', 'good', 'great');
CREATE TABLE diary (id INTEGER PRIMARY KEY, feeling mood NOT NULL DEFAULT 'ok');
INSERT INTO diary VALUES (1, 'ok'), (2, 'good');
