-- expect: add-primary-key-blocking
ALTER TABLE customer_notes ADD PRIMARY KEY (id);
