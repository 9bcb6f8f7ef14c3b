-- The first schema. Collections inside a workload (tags, locations, pillar
-- priorities) are JSON text because nothing queries into them; lens lists,
-- answers and milestone lens references are rows because the store queries
-- them (lens-in-use checks, per-lens answer deletion).

CREATE TABLE lenses (
	alias       TEXT PRIMARY KEY,
	data        BLOB NOT NULL,
	imported_at TEXT NOT NULL
);

-- AUTOINCREMENT so that an ID is never reused after a delete: a client that
-- still holds a stale ID must get "not found", not another workload.
CREATE TABLE workloads (
	id                   INTEGER PRIMARY KEY AUTOINCREMENT,
	name                 TEXT NOT NULL UNIQUE COLLATE NOCASE,
	description          TEXT NOT NULL,
	environment          TEXT NOT NULL,
	owner                TEXT NOT NULL,
	review_owner         TEXT NOT NULL,
	locations            TEXT NOT NULL,
	architectural_design TEXT NOT NULL,
	industry             TEXT NOT NULL,
	industry_type        TEXT NOT NULL,
	tags                 TEXT NOT NULL,
	notes                TEXT NOT NULL,
	pillar_priorities    TEXT NOT NULL,
	created_at           TEXT NOT NULL,
	updated_at           TEXT NOT NULL
);

-- No foreign key to lenses: built-in lenses live in the binary, not here.
CREATE TABLE workload_lenses (
	workload_id INTEGER NOT NULL REFERENCES workloads (id) ON DELETE CASCADE,
	lens_alias  TEXT NOT NULL,
	position    INTEGER NOT NULL,
	PRIMARY KEY (workload_id, lens_alias)
);
CREATE INDEX workload_lenses_by_alias ON workload_lenses (lens_alias);

-- Answers hang off the workload's lens row rather than the workload alone, so
-- removing a lens from a workload deletes its answers by cascade and an
-- answer can never exist for a lens the workload does not apply.
CREATE TABLE answers (
	workload_id   INTEGER NOT NULL,
	lens_alias    TEXT NOT NULL,
	question_id   TEXT NOT NULL,
	is_applicable INTEGER NOT NULL,
	reason        TEXT NOT NULL,
	notes         TEXT NOT NULL,
	updated_at    TEXT NOT NULL,
	PRIMARY KEY (workload_id, lens_alias, question_id),
	FOREIGN KEY (workload_id, lens_alias)
		REFERENCES workload_lenses (workload_id, lens_alias) ON DELETE CASCADE
);

CREATE TABLE choice_answers (
	workload_id INTEGER NOT NULL,
	lens_alias  TEXT NOT NULL,
	question_id TEXT NOT NULL,
	choice_id   TEXT NOT NULL,
	status      TEXT NOT NULL,
	reason      TEXT NOT NULL,
	notes       TEXT NOT NULL,
	position    INTEGER NOT NULL,
	PRIMARY KEY (workload_id, lens_alias, question_id, choice_id),
	FOREIGN KEY (workload_id, lens_alias, question_id)
		REFERENCES answers (workload_id, lens_alias, question_id) ON DELETE CASCADE
);

CREATE TABLE milestones (
	workload_id INTEGER NOT NULL REFERENCES workloads (id) ON DELETE CASCADE,
	number      INTEGER NOT NULL,
	name        TEXT NOT NULL,
	recorded_at TEXT NOT NULL,
	snapshot    TEXT NOT NULL,
	PRIMARY KEY (workload_id, number),
	UNIQUE (workload_id, name)
);

-- The lenses a milestone's snapshot refers to, denormalised out of the
-- snapshot JSON so that deleting or replacing a lens can cheaply refuse while
-- a recorded review depends on it.
CREATE TABLE milestone_lenses (
	workload_id INTEGER NOT NULL,
	number      INTEGER NOT NULL,
	lens_alias  TEXT NOT NULL,
	PRIMARY KEY (workload_id, number, lens_alias),
	FOREIGN KEY (workload_id, number)
		REFERENCES milestones (workload_id, number) ON DELETE CASCADE
);
CREATE INDEX milestone_lenses_by_alias ON milestone_lenses (lens_alias);
