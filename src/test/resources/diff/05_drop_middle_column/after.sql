CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  email VARCHAR(120) NOT NULL,
  score INTEGER DEFAULT 0
);
INSERT INTO customers (id, email, score) VALUES (1, 'a@x.org', 3), (2, 'b@x.org', 5);
