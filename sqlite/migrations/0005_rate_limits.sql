-- Token buckets of the sign-in rate limit, shared by every process on the
-- database. tokens is the attempts left at updated (Unix seconds).
CREATE TABLE rate_limits (
	key     TEXT PRIMARY KEY,
	tokens  REAL NOT NULL,
	updated REAL NOT NULL
);
CREATE INDEX rate_limits_by_updated ON rate_limits (updated);
