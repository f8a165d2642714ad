-- expect: none
-- The previous migration added CHECK (status IS NOT NULL) NOT VALID; validating it takes a light lock, and
-- SET NOT NULL then uses the validated check instead of scanning the table.
ALTER TABLE orders VALIDATE CONSTRAINT orders_status_not_null;
ALTER TABLE orders ALTER COLUMN status SET NOT NULL;
ALTER TABLE orders DROP CONSTRAINT orders_status_not_null;
