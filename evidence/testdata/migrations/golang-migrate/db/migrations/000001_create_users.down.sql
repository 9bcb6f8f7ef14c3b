-- undo 000001
DROP TABLE users;
