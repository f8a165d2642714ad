CREATE TABLE order_lines (id INTEGER PRIMARY KEY, qty INTEGER NOT NULL, price INTEGER NOT NULL,
  total INTEGER GENERATED ALWAYS AS (qty * price) VIRTUAL);
INSERT INTO order_lines (id, qty, price) VALUES (1, 2, 5);
