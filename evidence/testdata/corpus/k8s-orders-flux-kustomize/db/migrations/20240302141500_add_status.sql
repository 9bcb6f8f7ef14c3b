-- migrate:up
ALTER TABLE orders ADD COLUMN status TEXT NOT NULL DEFAULT 'new';

-- migrate:down
ALTER TABLE orders DROP COLUMN status;
