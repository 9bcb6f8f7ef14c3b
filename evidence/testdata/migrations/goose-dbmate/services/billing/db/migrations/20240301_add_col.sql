-- migrate:up
ALTER TABLE orders ADD COLUMN total INT;

-- migrate:down
ALTER TABLE orders DROP COLUMN total;
