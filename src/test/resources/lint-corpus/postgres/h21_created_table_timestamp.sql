-- expect: new-timestamp-without-tz
CREATE TABLE refunds (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id bigint NOT NULL,
    refunded_at timestamp(3) without time zone NOT NULL
);
