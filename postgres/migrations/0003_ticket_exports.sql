-- Tickets exported from improvement plans, by stable key, so exporting
-- again files only what is new.
CREATE TABLE ticket_exports (
	workload_id bigint NOT NULL REFERENCES workloads (id) ON DELETE CASCADE,
	target      text COLLATE "C" NOT NULL,
	key         text COLLATE "C" NOT NULL,
	exported_at timestamptz NOT NULL,
	PRIMARY KEY (workload_id, target, key)
);
