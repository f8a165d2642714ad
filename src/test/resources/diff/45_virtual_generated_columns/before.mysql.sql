CREATE TABLE order_lines (id INTEGER PRIMARY KEY, qty INTEGER NOT NULL, price INTEGER NOT NULL,
  total INTEGER AS (qty * price) VIRTUAL COMMENT 'computed');
INSERT INTO order_lines (id, qty, price) VALUES (1, 2, 5);
