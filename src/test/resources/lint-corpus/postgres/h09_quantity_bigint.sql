-- expect: alter-column-type-rewrite
ALTER TABLE orders ALTER COLUMN quantity TYPE bigint;
