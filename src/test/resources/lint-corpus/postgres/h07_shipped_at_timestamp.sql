-- expect: new-timestamp-without-tz
ALTER TABLE orders ADD COLUMN shipped_at timestamp;
