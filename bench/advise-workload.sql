-- 20 statements for the advisor benchmark: point lookups, ranges, sorts, joins, aggregates and writes.
-- weight: 50
SELECT id, total FROM orders WHERE customer_id = 4242 ORDER BY created_at DESC LIMIT 20;
-- weight: 30
SELECT id, customer_id, total FROM orders WHERE status = 'pending' ORDER BY created_at LIMIT 50;
-- weight: 20
SELECT count(*), sum(total) FROM orders WHERE created_at >= '2024-06-01' AND created_at < '2024-06-08';
-- weight: 10
SELECT o.id, o.total, c.email FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.email = 'c777@x.com';
-- weight: 10
SELECT product_id, sum(quantity) FROM order_items WHERE order_id = 123456 GROUP BY product_id;
-- weight: 15
SELECT oi.order_id, oi.quantity FROM order_items oi WHERE oi.product_id = 777;
-- weight: 5
SELECT country, count(*) FROM customers WHERE segment = 'enterprise' GROUP BY country;
-- weight: 8
SELECT id, name, price FROM products WHERE category_id = 17 ORDER BY price LIMIT 20;
-- weight: 5
SELECT region, count(*) FROM orders WHERE channel = 'mobile' AND status = 'cancelled' GROUP BY region;
-- weight: 12
SELECT id FROM customers WHERE country = 'DE' AND created_at > '2024-09-01';
-- weight: 6
SELECT o.id FROM orders o WHERE o.region = 7 AND o.total > 1990;
-- weight: 4
SELECT c.id, count(o.id) FROM customers c JOIN orders o ON o.customer_id = c.id
WHERE c.country = 'JP' AND c.segment = 'smb' AND c.created_at > '2024-09-20' GROUP BY c.id;
-- weight: 10
SELECT sum(oi.quantity * oi.unit_price) FROM order_items oi JOIN orders o ON o.id = oi.order_id WHERE o.customer_id = 999;
-- weight: 3
SELECT p.category_id, sum(oi.quantity) FROM order_items oi JOIN products p ON p.id = oi.product_id
WHERE oi.order_id BETWEEN 500000 AND 500100 GROUP BY p.category_id;
-- weight: 7
SELECT id, total FROM orders WHERE customer_id = 31337 AND status = 'shipped';
-- weight: 5
SELECT id FROM products WHERE price BETWEEN 100 AND 105;
-- weight: 4
SELECT status, count(*) FROM orders WHERE created_at >= '2024-12-01' GROUP BY status;
-- weight: 2
UPDATE orders SET status = 'shipped' WHERE id = 77;
-- weight: 3
INSERT INTO orders (id, customer_id, status, total, created_at, channel, region)
VALUES (2000001, 1, 'pending', 10, now(), 'web', 1);
-- weight: 6
SELECT email FROM customers WHERE lower(email) = 'c5@x.com';
