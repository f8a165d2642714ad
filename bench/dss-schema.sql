-- Decision-support benchmark database for the index advisor: one fact table (f_sales) and seven dimension tables,
-- primary keys only, every value a deterministic function of the row number (generate_series).
--
-- Scale: psql variable `scale` (default 1): f_sales has 6,000,000 × scale rows, d_customer 200,000 × scale,
-- d_product 50,000 × scale, d_employee 10,000 × scale; d_date (4 years), d_store (500), d_promotion (1,000) and
-- d_supplier (2,000) are fixed. `psql -v scale=0.1 -f bench/dss-schema.sql` gives a quick run (600K fact rows).
\if :{?scale}
\else
\set scale 1
\endif
SELECT (6000000 * :scale)::bigint AS n_sales, (200000 * :scale)::int AS n_customer,
       (50000 * :scale)::int AS n_product, (10000 * :scale)::int AS n_employee \gset

CREATE TABLE d_date (id int PRIMARY KEY, d date NOT NULL, year int NOT NULL, quarter int NOT NULL,
  month int NOT NULL, dow int NOT NULL, is_holiday boolean NOT NULL);
CREATE TABLE d_store (id int PRIMARY KEY, name text NOT NULL, region text NOT NULL, city text NOT NULL,
  size_sqm int NOT NULL, opened date NOT NULL);
CREATE TABLE d_supplier (id int PRIMARY KEY, name text NOT NULL, country char(2) NOT NULL, rating int NOT NULL);
CREATE TABLE d_product (id int PRIMARY KEY, name text NOT NULL, category text NOT NULL, brand text NOT NULL,
  supplier_id int NOT NULL, list_price numeric(10,2) NOT NULL, active boolean NOT NULL);
CREATE TABLE d_customer (id int PRIMARY KEY, name text NOT NULL, email text NOT NULL, country char(2) NOT NULL,
  segment text NOT NULL, birth_year int NOT NULL, created date NOT NULL);
CREATE TABLE d_promotion (id int PRIMARY KEY, name text NOT NULL, kind text NOT NULL, discount_pct int NOT NULL,
  start_date_id int NOT NULL, end_date_id int NOT NULL);
CREATE TABLE d_employee (id int PRIMARY KEY, store_id int NOT NULL, name text NOT NULL, role text NOT NULL,
  hired date NOT NULL);
CREATE TABLE f_sales (id bigint PRIMARY KEY, date_id int NOT NULL, customer_id int NOT NULL, product_id int NOT NULL,
  store_id int NOT NULL, employee_id int NOT NULL, promotion_id int, quantity int NOT NULL,
  amount numeric(12,2) NOT NULL, discount numeric(10,2) NOT NULL, channel text NOT NULL, returned boolean NOT NULL);

-- 1,461 days from 2021-01-01 to 2024-12-31
INSERT INTO d_date
  SELECT i, date '2021-01-01' + (i - 1), extract(year FROM date '2021-01-01' + (i - 1))::int,
         extract(quarter FROM date '2021-01-01' + (i - 1))::int, extract(month FROM date '2021-01-01' + (i - 1))::int,
         extract(isodow FROM date '2021-01-01' + (i - 1))::int, i % 29 = 0
  FROM generate_series(1, 1461) i;
INSERT INTO d_store
  SELECT i, 'store ' || i, (ARRAY['north','south','east','west','central'])[1 + i % 5], 'city ' || (i % 120),
         200 + (i * 37) % 4800, date '2005-01-01' + (i * 11) % 6000
  FROM generate_series(1, 500) i;
INSERT INTO d_supplier
  SELECT i, 'supplier ' || i, (ARRAY['US','DE','CN','JP','IN','BR','FR','GB','IT','MX'])[1 + i % 10], 1 + i % 5
  FROM generate_series(1, 2000) i;
INSERT INTO d_product
  SELECT i, 'product ' || i, 'cat' || (i % 60), 'brand' || ((i * 7) % 400), 1 + (i * 13) % 2000,
         ((i * 37) % 2000) + 0.99, i % 13 <> 0
  FROM generate_series(1, :n_product) i;
INSERT INTO d_customer
  SELECT i, 'customer ' || i, 'C' || i || '@Example.com',
         (ARRAY['US','DE','FR','GB','JP','BR','IN','CA','IT','ES'])[1 + i % 10],
         (ARRAY['consumer','consumer','consumer','smb','smb','mid','enterprise','vip'])[1 + (i * 3) % 8],
         1940 + (i * 7) % 65, date '2015-01-01' + (i * 17) % 3650
  FROM generate_series(1, :n_customer) i;
INSERT INTO d_promotion
  SELECT i, 'promo ' || i, (ARRAY['coupon','bundle','clearance','loyalty','seasonal'])[1 + i % 5], 5 + (i * 7) % 46,
         1 + (i * 97) % 1400, 1 + (i * 97) % 1400 + 7 + i % 50
  FROM generate_series(1, 1000) i;
INSERT INTO d_employee
  SELECT i, 1 + i % 500, 'employee ' || i, (ARRAY['cashier','cashier','cashier','clerk','manager'])[1 + i % 5],
         date '2010-01-01' + (i * 13) % 5000
  FROM generate_series(1, :n_employee) i;
-- sales: spread over the whole period, customers, products and stores by multiplicative hashing; one sale in five
-- has a promotion, one in forty is returned
INSERT INTO f_sales
  SELECT i, 1 + (i * 7) % 1461, 1 + ((i * 104729) % :n_customer)::int, 1 + ((i * 7919) % :n_product)::int,
         1 + (i * 31) % 500, 1 + ((i * 613) % :n_employee)::int,
         CASE WHEN i % 5 = 0 THEN 1 + (i * 17) % 1000 END, 1 + i % 10,
         ((i * 13) % 50000) / 100.0 + 1, ((i * 3) % 500) / 100.0,
         (ARRAY['store','store','store','web','mobile','phone'])[1 + i % 6], i % 40 = 0
  FROM generate_series(1::bigint, :n_sales) i;
VACUUM ANALYZE;
