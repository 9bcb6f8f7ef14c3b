-- Tickets exported from improvement plans, by stable key, so exporting
-- again files only what is new.
CREATE TABLE ticket_exports (
	workload_id INTEGER NOT NULL REFERENCES workloads (id) ON DELETE CASCADE,
	target      TEXT NOT NULL,
	key         TEXT NOT NULL,
	exported_at TEXT NOT NULL,
	PRIMARY KEY (workload_id, target, key)
);
