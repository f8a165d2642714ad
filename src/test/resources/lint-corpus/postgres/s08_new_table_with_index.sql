-- expect: none
CREATE TABLE audit_log (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    body text
);
CREATE INDEX audit_log_at ON audit_log (at);
