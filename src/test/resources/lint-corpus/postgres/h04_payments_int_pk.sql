-- expect: int-primary-key
CREATE TABLE payments (
    id integer PRIMARY KEY,
    order_id bigint NOT NULL,
    amount numeric(12,2) NOT NULL,
    paid_at timestamptz NOT NULL DEFAULT now()
);
