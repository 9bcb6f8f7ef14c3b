-- Webhooks that receive events (milestones, new high risks, stale
-- reviews); events is a JSON array of event names.
CREATE TABLE webhooks (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	url        TEXT NOT NULL,
	secret     TEXT NOT NULL,
	events     TEXT NOT NULL,
	created_at TEXT NOT NULL
);
