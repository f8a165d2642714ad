-- Benchmark database for the index advisor: 100K customers, 20K products, 1M orders, 1.5M order items,
-- primary keys only. Values are deterministic functions of the row number.
CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL, country char(2) NOT NULL, segment text NOT NULL,
  created_at timestamptz NOT NULL);
CREATE TABLE products (id bigint PRIMARY KEY, category_id int NOT NULL, price numeric(10,2) NOT NULL,
  name text NOT NULL, active boolean NOT NULL);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, status text NOT NULL,
  total numeric(12,2) NOT NULL, created_at timestamptz NOT NULL, channel text NOT NULL, region int NOT NULL);
CREATE TABLE order_items (id bigint PRIMARY KEY, order_id bigint NOT NULL, product_id bigint NOT NULL,
  quantity int NOT NULL, unit_price numeric(10,2) NOT NULL);
INSERT INTO customers
  SELECT i, 'c' || i || '@x.com', (ARRAY['US','DE','FR','GB','JP','BR','IN','CA','IT','ES'])[1 + i % 10],
         (ARRAY['consumer','smb','mid','enterprise','public'])[1 + i % 5],
         timestamptz '2022-01-01' + (i % 1000) * interval '1 day'
  FROM generate_series(1, 100000) i;
INSERT INTO products
  SELECT i, i % 200, (i * 37) % 1000 + 0.99, 'product ' || i, i % 10 <> 0
  FROM generate_series(1, 20000) i;
INSERT INTO orders
  SELECT i, 1 + (i * 7919) % 100000,
         CASE WHEN i % 50 = 0 THEN 'pending' WHEN i % 50 < 3 THEN 'cancelled' WHEN i % 2 = 0 THEN 'shipped' ELSE 'paid' END,
         (i * 13) % 2000 + 0.5,
         timestamptz '2023-01-01' + (i % 730) * interval '1 day' + (i % 86400) * interval '1 second',
         (ARRAY['web','mobile','store','phone'])[1 + i % 4], i % 50
  FROM generate_series(1::bigint, 1000000) i;
INSERT INTO order_items
  SELECT i, 1 + (i * 104729) % 1000000, 1 + (i * 31) % 20000, 1 + i % 5, (i % 500) + 0.25
  FROM generate_series(1::bigint, 1500000) i;
VACUUM ANALYZE;
