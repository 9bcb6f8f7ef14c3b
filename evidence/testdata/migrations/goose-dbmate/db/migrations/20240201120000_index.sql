-- +goose Up
CREATE INDEX orders_id ON orders(id);

-- +goose Down
