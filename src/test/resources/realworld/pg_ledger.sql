-- An accounting ledger on PostgreSQL: journal entries range-partitioned by month and hash sub-partitioned inside each
-- month, customers list-partitioned by region with a DEFAULT partition, an audit log hash-partitioned, foreign keys
-- from and to a partitioned table, indexes declared on the parents, and a view over the partitioned tables.

CREATE TABLE accounts (
    account_id serial PRIMARY KEY,
    code text NOT NULL UNIQUE,
    name text NOT NULL,
    kind text NOT NULL CONSTRAINT accounts_kind_check CHECK (kind IN ('asset', 'liability', 'equity', 'income', 'expense'))
);

CREATE TABLE journal_entries (
    entry_id bigserial NOT NULL,
    entry_date date NOT NULL,
    account_id integer NOT NULL REFERENCES accounts (account_id),
    -- the other side of the posting; nobody indexed it
    counter_account_id integer REFERENCES accounts (account_id),
    amount numeric(14,2) NOT NULL CONSTRAINT journal_entries_amount_check CHECK (amount <> 0),
    memo text,
    PRIMARY KEY (entry_id, entry_date)
) PARTITION BY RANGE (entry_date);

CREATE TABLE journal_entries_2024_01 PARTITION OF journal_entries
    FOR VALUES FROM ('2024-01-01') TO ('2024-02-01') PARTITION BY HASH (entry_id);
CREATE TABLE journal_entries_2024_01_h0 PARTITION OF journal_entries_2024_01 FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE journal_entries_2024_01_h1 PARTITION OF journal_entries_2024_01 FOR VALUES WITH (MODULUS 2, REMAINDER 1);
CREATE TABLE journal_entries_2024_02 PARTITION OF journal_entries
    FOR VALUES FROM ('2024-02-01') TO ('2024-03-01') PARTITION BY HASH (entry_id);
CREATE TABLE journal_entries_2024_02_h0 PARTITION OF journal_entries_2024_02 FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE journal_entries_2024_02_h1 PARTITION OF journal_entries_2024_02 FOR VALUES WITH (MODULUS 2, REMAINDER 1);
CREATE TABLE journal_entries_2024_03 PARTITION OF journal_entries
    FOR VALUES FROM ('2024-03-01') TO ('2024-04-01');
CREATE TABLE journal_entries_default PARTITION OF journal_entries DEFAULT;

CREATE INDEX journal_entries_account_idx ON journal_entries (account_id, entry_date);

-- every line of an entry points at it: a foreign key to a partitioned table
CREATE TABLE entry_attachments (
    attachment_id serial PRIMARY KEY,
    entry_id bigint NOT NULL,
    entry_date date NOT NULL,
    file_name text NOT NULL,
    CONSTRAINT entry_attachments_entry_fkey FOREIGN KEY (entry_id, entry_date)
        REFERENCES journal_entries (entry_id, entry_date) ON DELETE CASCADE
);
CREATE INDEX entry_attachments_entry_idx ON entry_attachments (entry_id, entry_date);

CREATE TABLE customers (
    customer_id integer NOT NULL,
    region text NOT NULL,
    name text NOT NULL,
    credit_limit numeric(12,2) NOT NULL DEFAULT 0,
    PRIMARY KEY (customer_id, region)
) PARTITION BY LIST (region);

CREATE TABLE customers_emea PARTITION OF customers FOR VALUES IN ('EU', 'UK', 'ME');
CREATE TABLE customers_amer PARTITION OF customers FOR VALUES IN ('US', 'CA', 'BR');
CREATE TABLE customers_other PARTITION OF customers DEFAULT;

CREATE INDEX customers_name_idx ON customers (name);

-- no primary key: rows are only ever appended and read by time
CREATE TABLE audit_log (
    audit_id bigint NOT NULL,
    logged_at timestamp with time zone NOT NULL DEFAULT now(),
    actor text NOT NULL,
    action text NOT NULL
) PARTITION BY HASH (audit_id);

CREATE TABLE audit_log_p0 PARTITION OF audit_log FOR VALUES WITH (MODULUS 4, REMAINDER 0);
CREATE TABLE audit_log_p1 PARTITION OF audit_log FOR VALUES WITH (MODULUS 4, REMAINDER 1);
CREATE TABLE audit_log_p2 PARTITION OF audit_log FOR VALUES WITH (MODULUS 4, REMAINDER 2);
CREATE TABLE audit_log_p3 PARTITION OF audit_log FOR VALUES WITH (MODULUS 4, REMAINDER 3);

CREATE INDEX audit_log_logged_at_idx ON audit_log (logged_at);

CREATE VIEW account_balances AS
    SELECT a.code, a.name, sum(e.amount) AS balance
      FROM accounts a
      JOIN journal_entries e ON e.account_id = a.account_id
     GROUP BY a.code, a.name;
