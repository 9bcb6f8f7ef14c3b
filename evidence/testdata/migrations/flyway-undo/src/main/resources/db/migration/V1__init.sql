CREATE TABLE accounts (id INT);
