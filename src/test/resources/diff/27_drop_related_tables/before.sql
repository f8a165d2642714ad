CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  email VARCHAR(120) NOT NULL,
  name VARCHAR(100),
  score INTEGER DEFAULT 0
);
INSERT INTO customers (id, email, name, score) VALUES (1, 'a@x.org', 'Ann', 3), (2, 'b@x.org', 'Bob', 5);

CREATE TABLE parcels (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL,
  CONSTRAINT fk_parcels_customer FOREIGN KEY (customer_id) REFERENCES customers (id)
);
CREATE TABLE shipments (
  id INTEGER PRIMARY KEY,
  parcel_id INTEGER NOT NULL,
  CONSTRAINT fk_shipments_parcel FOREIGN KEY (parcel_id) REFERENCES parcels (id)
);
INSERT INTO parcels VALUES (1, 1);
INSERT INTO shipments VALUES (1, 1);
