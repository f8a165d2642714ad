-- expect: mixed-transactional
ALTER TABLE orders ADD COLUMN coupon text;
CREATE INDEX CONCURRENTLY idx_orders_coupon ON orders (coupon);
