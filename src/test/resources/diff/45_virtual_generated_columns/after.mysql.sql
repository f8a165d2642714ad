CREATE TABLE order_lines (id INTEGER PRIMARY KEY, qty INTEGER NOT NULL, price INTEGER NOT NULL,
  total INTEGER AS (qty * price + 1) VIRTUAL COMMENT 'computed',
  doubled INTEGER AS (qty * 2) PERSISTENT);
INSERT INTO order_lines (id, qty, price) VALUES (1, 2, 5);
