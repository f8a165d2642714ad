-- expect: none
-- dbagent:no-transaction
-- Each statement commits on its own, so the ADD's lock is released before the validation scan.
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk;
