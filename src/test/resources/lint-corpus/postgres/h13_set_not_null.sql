-- expect: set-not-null-blocking
UPDATE orders SET status = 'new' WHERE status IS NULL;
ALTER TABLE orders ALTER COLUMN status SET NOT NULL;
