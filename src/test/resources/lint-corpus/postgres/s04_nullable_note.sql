-- expect: none
ALTER TABLE orders ADD COLUMN note text DEFAULT '';
ALTER TABLE orders ADD COLUMN gift boolean NOT NULL DEFAULT false;
