-- 22 statements for the decision-support advisor benchmark (bench/dss-schema.sql): lookups, star joins up to five
-- tables, correlated subqueries under IN, NOT EXISTS over a derived table, CTEs, reports and writes. Statement 1 is
-- the store dashboard that runs all day: its cost dominates the workload.
-- weight: 200
SELECT d.d, sum(s.amount) AS revenue, count(*) AS sales
FROM f_sales s JOIN d_date d ON d.id = s.date_id
WHERE s.store_id = 42 AND s.date_id BETWEEN 1300 AND 1461
GROUP BY d.d ORDER BY d.d;
-- weight: 20
SELECT id, name, segment FROM d_customer WHERE lower(email) = 'c4242@example.com';
-- weight: 20
SELECT s.id, d.d, s.amount FROM f_sales s JOIN d_date d ON d.id = s.date_id
WHERE s.customer_id = 1234 ORDER BY d.d DESC LIMIT 20;
-- weight: 5
SELECT st.region, p.category, sum(s.amount) AS revenue
FROM f_sales s
JOIN d_date d ON d.id = s.date_id
JOIN d_product p ON p.id = s.product_id
JOIN d_store st ON st.id = s.store_id
JOIN d_customer c ON c.id = s.customer_id
WHERE d.d BETWEEN date '2024-03-01' AND date '2024-03-07' AND c.segment = 'vip' AND st.region = 'north'
GROUP BY st.region, p.category ORDER BY revenue DESC;
-- weight: 5
WITH picked AS MATERIALIZED (SELECT id, name FROM d_product WHERE brand = 'brand17' AND category = 'cat31')
SELECT p.id, p.name FROM picked p
WHERE p.id IN (SELECT s.product_id FROM f_sales s WHERE s.product_id = p.id AND s.quantity = 8);
-- weight: 3
SELECT c.id, c.name FROM d_customer c
WHERE c.segment = 'vip' AND c.country = 'JP' AND c.created > date '2024-06-01'
  AND NOT EXISTS (SELECT 1 FROM (SELECT s.customer_id, sum(s.amount) AS total FROM f_sales s
                                 WHERE s.date_id > 1430 GROUP BY s.customer_id) t
                  WHERE t.customer_id = c.id AND t.total > 100);
-- weight: 4
WITH monthly AS (
  SELECT d.year, d.month, sum(s.amount) AS revenue, sum(s.quantity) AS units
  FROM f_sales s JOIN d_date d ON d.id = s.date_id
  WHERE s.product_id = 777
  GROUP BY d.year, d.month)
SELECT year, month, revenue, units, revenue - lag(revenue) OVER (ORDER BY year, month) AS change
FROM monthly ORDER BY year, month;
-- weight: 10
SELECT id, name, list_price FROM d_product WHERE category = 'cat7' AND active ORDER BY list_price DESC LIMIT 10;
-- weight: 8
SELECT e.name, count(*) AS sales, sum(s.amount) AS revenue
FROM f_sales s JOIN d_employee e ON e.id = s.employee_id
WHERE s.employee_id = 4711 GROUP BY e.name;
-- weight: 6
SELECT pr.kind, sum(s.discount) AS given
FROM f_sales s JOIN d_promotion pr ON pr.id = s.promotion_id
WHERE s.promotion_id = 336 GROUP BY pr.kind;
-- weight: 3
WITH top_customers AS (
  SELECT s.customer_id, sum(s.amount) AS total FROM f_sales s
  WHERE s.date_id BETWEEN 1400 AND 1406 GROUP BY s.customer_id ORDER BY total DESC LIMIT 100)
SELECT c.country, count(*) AS customers, sum(t.total) AS revenue
FROM top_customers t JOIN d_customer c ON c.id = t.customer_id GROUP BY c.country ORDER BY revenue DESC;
-- weight: 4
SELECT sp.name, count(*) AS products FROM d_supplier sp JOIN d_product p ON p.supplier_id = sp.id
WHERE sp.country = 'JP' AND sp.rating = 4 GROUP BY sp.name ORDER BY products DESC LIMIT 20;
-- weight: 3
SELECT st.name, sum(s.amount) AS revenue
FROM f_sales s
JOIN d_store st ON st.id = s.store_id
JOIN d_employee e ON e.id = s.employee_id
JOIN d_date d ON d.id = s.date_id
JOIN d_promotion pr ON pr.id = s.promotion_id
WHERE pr.kind = 'clearance' AND d.year = 2024 AND d.month = 11 AND d.is_holiday AND e.role = 'manager'
GROUP BY st.name ORDER BY revenue DESC LIMIT 10;
-- weight: 4
WITH young AS MATERIALIZED (SELECT id, name FROM d_customer
                            WHERE country = 'BR' AND birth_year = 1990 AND created > date '2024-12-01')
SELECT c.id, c.name FROM young c
WHERE c.id IN (SELECT s.customer_id FROM f_sales s WHERE s.customer_id = c.id AND s.returned);
-- weight: 5
SELECT count(*) FROM f_sales WHERE returned AND channel = 'web' AND date_id BETWEEN 1000 AND 1010;
-- weight: 6
SELECT id, name FROM d_employee WHERE store_id = 45 AND role = 'manager';
-- weight: 4
SELECT p.category, count(*) AS sold FROM d_product p
WHERE p.supplier_id IN (SELECT sp.id FROM d_supplier sp WHERE sp.id = p.supplier_id AND sp.country = 'DE')
  AND p.list_price > 1900 GROUP BY p.category;
-- weight: 2
SELECT st.region, d.quarter, sum(s.amount) AS revenue
FROM f_sales s JOIN d_store st ON st.id = s.store_id JOIN d_date d ON d.id = s.date_id
WHERE d.year = 2023 AND st.city = 'city 7'
GROUP BY st.region, d.quarter ORDER BY st.region, d.quarter;
-- weight: 3
SELECT pr.name FROM d_promotion pr
WHERE pr.kind = 'bundle' AND pr.discount_pct > 45
  AND NOT EXISTS (SELECT 1 FROM (SELECT s.promotion_id FROM f_sales s WHERE s.store_id = 7) x
                  WHERE x.promotion_id = pr.id);
-- weight: 2
UPDATE f_sales SET returned = true WHERE id = 123457;
-- weight: 2
INSERT INTO f_sales (id, date_id, customer_id, product_id, store_id, employee_id, promotion_id, quantity, amount,
                     discount, channel, returned)
VALUES (900000000, 1461, 17, 17, 17, 17, NULL, 1, 9.99, 0, 'web', false);
-- weight: 2
DELETE FROM f_sales WHERE id = 900000001;
