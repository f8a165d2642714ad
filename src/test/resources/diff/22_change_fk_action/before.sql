CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  email VARCHAR(120) NOT NULL,
  name VARCHAR(100),
  score INTEGER DEFAULT 0
);
INSERT INTO customers (id, email, name, score) VALUES (1, 'a@x.org', 'Ann', 3), (2, 'b@x.org', 'Bob', 5);

CREATE TABLE purchases (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER,
  amount DECIMAL(10,2) NOT NULL DEFAULT 0,
  CONSTRAINT fk_purchases_customer FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE
);
INSERT INTO purchases (id, customer_id, amount) VALUES (10, 1, 9.50), (11, 2, 3.25), (12, NULL, 1.00);
