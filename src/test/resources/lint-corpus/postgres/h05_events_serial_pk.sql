-- expect: int-primary-key
CREATE TABLE events (
    id serial,
    kind text NOT NULL,
    payload jsonb,
    CONSTRAINT events_pkey PRIMARY KEY (id)
);
