CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  email VARCHAR(120) NOT NULL,
  name VARCHAR(100),
  score INTEGER DEFAULT 0
);
INSERT INTO customers (id, email, name, score) VALUES (1, 'a@x.org', 'Ann', 3), (2, 'b@x.org', 'Bob', 5);
