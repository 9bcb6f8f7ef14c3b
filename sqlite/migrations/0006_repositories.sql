-- Repositories a workload's evidence comes from, scanned by the server's
-- workers, and one row per attempt of each scan job. every is seconds
-- between scheduled scans (0: on demand only).
CREATE TABLE repositories (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	workload_id INTEGER NOT NULL REFERENCES workloads (id) ON DELETE CASCADE,
	location    TEXT NOT NULL,
	every       INTEGER NOT NULL,
	apply       INTEGER NOT NULL,
	created_at  TEXT NOT NULL,
	UNIQUE (workload_id, location)
);

CREATE TABLE scan_runs (
	job_id        INTEGER NOT NULL,
	attempt       INTEGER NOT NULL,
	repository_id INTEGER NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
	workload_id   INTEGER NOT NULL,
	location      TEXT NOT NULL,
	state         TEXT NOT NULL,
	worker        TEXT NOT NULL,
	done          INTEGER NOT NULL,
	total         INTEGER NOT NULL,
	commit_id     TEXT NOT NULL,
	practices     INTEGER NOT NULL,
	preselected   INTEGER NOT NULL,
	error         TEXT NOT NULL,
	queued_at     TEXT NOT NULL,
	started_at    TEXT NOT NULL,
	finished_at   TEXT NOT NULL,
	PRIMARY KEY (job_id, attempt)
);
CREATE INDEX scan_runs_by_workload ON scan_runs (workload_id, queued_at);
