-- migrate:up
CREATE TABLE orders (
  id BIGSERIAL PRIMARY KEY,
  total INTEGER NOT NULL
);

-- migrate:down
DROP TABLE orders;
