-- expect: none
-- Runs outside a transaction (the runner sees CONCURRENTLY); nothing else in the file.
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_orders_customer ON orders (customer_id);
