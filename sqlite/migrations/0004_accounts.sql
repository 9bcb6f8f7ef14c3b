-- Accounts, sharing, sessions, API tokens and the audit log, for
-- `opslens serve`; and the risk each answer had when it was saved, so the
-- portfolio dashboard counts risks with one query instead of evaluating
-- every answer of every workload ('' for answers saved before this
-- migration: the service evaluates those workloads itself).

ALTER TABLE answers ADD COLUMN risk TEXT NOT NULL DEFAULT '';
CREATE INDEX answers_by_workload_risk ON answers (workload_id, lens_alias, risk);

-- AUTOINCREMENT: a deleted user's ID is never given to someone else, so a
-- stale session or share can never name another person.
CREATE TABLE users (
	id                  INTEGER PRIMARY KEY AUTOINCREMENT,
	name                TEXT NOT NULL UNIQUE COLLATE NOCASE,
	admin               INTEGER NOT NULL,
	password_hash       TEXT NOT NULL,
	password_changed_at TEXT NOT NULL,
	created_at          TEXT NOT NULL,
	version             INTEGER NOT NULL
);

CREATE TABLE shares (
	workload_id INTEGER NOT NULL REFERENCES workloads (id) ON DELETE CASCADE,
	user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	role        TEXT NOT NULL CHECK (role IN ('OWNER', 'CONTRIBUTOR', 'READONLY')),
	shared_by   TEXT NOT NULL,
	created_at  TEXT NOT NULL,
	PRIMARY KEY (workload_id, user_id)
);
CREATE INDEX shares_by_user ON shares (user_id, workload_id);

-- Only the SHA-256 of a token's secret is kept.
CREATE TABLE tokens (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	name         TEXT NOT NULL,
	hash         TEXT NOT NULL UNIQUE,
	prefix       TEXT NOT NULL,
	created_at   TEXT NOT NULL,
	last_used_at TEXT NOT NULL,
	expires_at   TEXT NOT NULL
);
CREATE INDEX tokens_by_user ON tokens (user_id);

-- Web sessions, as the session manager stores them: opaque data by token.
-- expiry is Unix seconds so that expired rows are found by an index range.
CREATE TABLE sessions (
	token  TEXT PRIMARY KEY,
	data   BLOB NOT NULL,
	expiry REAL NOT NULL
);
CREATE INDEX sessions_by_expiry ON sessions (expiry);

-- No foreign key to workloads: the log outlives what it describes (a
-- deleted workload's history stays readable by administrators).
CREATE TABLE audit_events (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	at          TEXT NOT NULL,
	actor       TEXT NOT NULL,
	workload_id INTEGER NOT NULL,
	action      TEXT NOT NULL,
	target      TEXT NOT NULL,
	detail      TEXT NOT NULL
);
CREATE INDEX audit_by_workload ON audit_events (workload_id, id);
