CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  email VARCHAR(200) NOT NULL,
  score INTEGER DEFAULT 1 NOT NULL,
  tier VARCHAR(10) DEFAULT 'basic',
  CONSTRAINT ck_customers_tier CHECK (tier IN ('basic', 'gold'))
);
INSERT INTO customers (id, email, score) VALUES (1, 'a@x.org', 3), (2, 'b@x.org', 5);
CREATE INDEX idx_customers_email ON customers (email);
