CREATE TABLE events (kind VARCHAR(20) NOT NULL, seq INTEGER NOT NULL, note VARCHAR(50), PRIMARY KEY (kind, seq));
INSERT INTO events VALUES ('a', 1, 'x'), ('a', 2, NULL);
