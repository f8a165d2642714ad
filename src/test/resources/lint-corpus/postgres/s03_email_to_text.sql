-- expect: none
-- varchar(100) to text keeps the table as it is on PostgreSQL.
ALTER TABLE customers ALTER COLUMN email TYPE text;
