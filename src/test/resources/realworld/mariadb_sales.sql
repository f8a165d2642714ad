-- A sales database on MariaDB: sales RANGE-partitioned by year with HASH sub-partitions, shipments LIST-partitioned
-- by region with a DEFAULT partition, a KEY-partitioned click log, and ordinary tables with foreign keys between
-- them (a partitioned InnoDB table can neither have nor be the target of a foreign key).

CREATE TABLE region (
    region_id INT NOT NULL PRIMARY KEY,
    name VARCHAR(60) NOT NULL,
    UNIQUE KEY uq_region_name (name)
) ENGINE=InnoDB;

CREATE TABLE store (
    store_id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    region_id INT NOT NULL,
    city VARCHAR(80) NOT NULL,
    CONSTRAINT fk_store_region FOREIGN KEY (region_id) REFERENCES region (region_id)
) ENGINE=InnoDB;

CREATE TABLE product (
    product_id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    sku VARCHAR(40) NOT NULL,
    price DECIMAL(10,2) NOT NULL,
    UNIQUE KEY uq_product_sku (sku),
    CONSTRAINT chk_product_price CHECK (price >= 0)
) ENGINE=InnoDB;

CREATE TABLE sale (
    sale_id BIGINT NOT NULL AUTO_INCREMENT,
    sold_on DATE NOT NULL,
    store_id INT NOT NULL,
    product_id INT NOT NULL,
    quantity INT NOT NULL DEFAULT 1,
    amount DECIMAL(12,2) NOT NULL,
    PRIMARY KEY (sale_id, sold_on),
    KEY idx_sale_store (store_id, sold_on)
) ENGINE=InnoDB
PARTITION BY RANGE (YEAR(sold_on))
SUBPARTITION BY HASH (sale_id) SUBPARTITIONS 2 (
    PARTITION p2022 VALUES LESS THAN (2023),
    PARTITION p2023 VALUES LESS THAN (2024),
    PARTITION p2024 VALUES LESS THAN (2025),
    PARTITION pmax VALUES LESS THAN MAXVALUE
);

CREATE TABLE shipment (
    shipment_id INT NOT NULL,
    region_id INT NOT NULL,
    shipped_at DATETIME NOT NULL,
    carrier VARCHAR(40) NOT NULL,
    PRIMARY KEY (shipment_id, region_id),
    KEY idx_shipment_shipped (shipped_at)
) ENGINE=InnoDB
PARTITION BY LIST (region_id) (
    PARTITION p_north VALUES IN (1, 2, 3),
    PARTITION p_south VALUES IN (4, 5),
    PARTITION p_rest DEFAULT
);

CREATE TABLE click_log (
    click_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    clicked_at DATETIME NOT NULL,
    url VARCHAR(255) NOT NULL
) ENGINE=InnoDB
PARTITION BY KEY (click_id) PARTITIONS 4;

-- nightly stock counts, kept per month; no primary key
CREATE TABLE stock_snapshot (
    store_id INT NOT NULL,
    product_id INT NOT NULL,
    taken_on DATE NOT NULL,
    quantity INT NOT NULL,
    KEY idx_snapshot_product (product_id)
) ENGINE=InnoDB
PARTITION BY RANGE (TO_DAYS(taken_on)) (
    PARTITION p2024_01 VALUES LESS THAN (TO_DAYS('2024-02-01')),
    PARTITION p2024_02 VALUES LESS THAN (TO_DAYS('2024-03-01')),
    PARTITION pfuture VALUES LESS THAN MAXVALUE
);

CREATE TABLE sale_note (
    note_id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    store_id INT NOT NULL,
    product_id INT NOT NULL,
    note TEXT NOT NULL,
    CONSTRAINT fk_note_store FOREIGN KEY (store_id) REFERENCES store (store_id),
    CONSTRAINT fk_note_product FOREIGN KEY (product_id) REFERENCES product (product_id) ON DELETE CASCADE
) ENGINE=InnoDB;

CREATE VIEW sales_by_store AS
    SELECT s.store_id, st.city, SUM(s.amount) AS total
      FROM sale s JOIN store st ON st.store_id = s.store_id
     GROUP BY s.store_id, st.city;
