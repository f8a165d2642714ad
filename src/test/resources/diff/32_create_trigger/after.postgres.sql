CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  email VARCHAR(120) NOT NULL,
  name VARCHAR(100),
  score INTEGER DEFAULT 0
);
INSERT INTO customers (id, email, name, score) VALUES (1, 'a@x.org', 'Ann', 3), (2, 'b@x.org', 'Bob', 5);

CREATE FUNCTION touch_score() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.score := coalesce(NEW.score, 0);
  RETURN NEW;
END;
$$;
CREATE TRIGGER trg_customers_score BEFORE INSERT OR UPDATE ON customers FOR EACH ROW EXECUTE FUNCTION touch_score();
