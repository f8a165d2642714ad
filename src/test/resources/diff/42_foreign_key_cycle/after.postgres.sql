CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  email VARCHAR(120) NOT NULL,
  name VARCHAR(100),
  score INTEGER DEFAULT 0
);
INSERT INTO customers (id, email, name, score) VALUES (1, 'a@x.org', 'Ann', 3), (2, 'b@x.org', 'Bob', 5);
CREATE TABLE teams (id INTEGER PRIMARY KEY, captain_id INTEGER);
CREATE TABLE players (id INTEGER PRIMARY KEY, team_id INTEGER REFERENCES teams (id));
ALTER TABLE teams ADD CONSTRAINT fk_teams_captain FOREIGN KEY (captain_id) REFERENCES players (id);
