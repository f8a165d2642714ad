-- expect: drop-table
DROP TABLE IF EXISTS order_audit;
