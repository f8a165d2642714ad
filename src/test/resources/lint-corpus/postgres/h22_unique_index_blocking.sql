-- expect: create-index-blocking
CREATE UNIQUE INDEX IF NOT EXISTS customers_lower_email ON customers (lower(email));
