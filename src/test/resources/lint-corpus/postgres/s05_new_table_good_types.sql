-- expect: none
CREATE TABLE invoices (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id bigint NOT NULL REFERENCES orders (id),
    number text NOT NULL CHECK (char_length(number) <= 32),
    issued_at timestamptz NOT NULL DEFAULT now()
);
