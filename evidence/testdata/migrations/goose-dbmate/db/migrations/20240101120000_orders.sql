-- +goose Up
-- +goose StatementBegin
CREATE TABLE orders (id INT);
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
DROP TABLE orders;
-- +goose StatementEnd
