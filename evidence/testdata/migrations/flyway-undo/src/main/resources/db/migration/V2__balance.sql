ALTER TABLE accounts ADD balance INT;
