-- Review templates: pre-written answers (JSON) of some questions of a
-- lens, which workloads created from the template start with.
CREATE TABLE templates (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
	description TEXT NOT NULL,
	lens_alias  TEXT NOT NULL,
	answers     TEXT NOT NULL,
	created_at  TEXT NOT NULL
);
