-- expect: add-column-not-null-without-default
-- Orders get a mandatory status; existing rows have none.
ALTER TABLE orders ADD COLUMN status_code text NOT NULL;
