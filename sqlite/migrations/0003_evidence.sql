-- Evidence recorded by scans: one set per lens review and repository, with
-- its provenance. The findings are JSON because nothing queries into them;
-- the set hangs off the workload's lens row so removing the lens (or the
-- workload) removes its evidence. Milestones copy the sets into their
-- snapshot, so they keep the evidence they were taken with.
CREATE TABLE evidence_sets (
	workload_id  INTEGER NOT NULL,
	lens_alias   TEXT NOT NULL,
	repository   TEXT NOT NULL,
	commit_id    TEXT NOT NULL,
	tool_version TEXT NOT NULL,
	scanned_at   TEXT NOT NULL,
	findings     TEXT NOT NULL,
	PRIMARY KEY (workload_id, lens_alias, repository),
	FOREIGN KEY (workload_id, lens_alias)
		REFERENCES workload_lenses (workload_id, lens_alias) ON DELETE CASCADE
);

-- Who set a choice's status: '' for a person, 'EVIDENCE' for a selection
-- made from scan evidence that no person has confirmed yet.
ALTER TABLE choice_answers ADD COLUMN source TEXT NOT NULL DEFAULT '';

-- Who owns a not-applicable mark or an accepted risk, and until when, as
-- JSON objects ('' when there is none), from review files.
ALTER TABLE answers ADD COLUMN acceptance TEXT NOT NULL DEFAULT '';
ALTER TABLE answers ADD COLUMN accepted_risk TEXT NOT NULL DEFAULT '';
ALTER TABLE choice_answers ADD COLUMN acceptance TEXT NOT NULL DEFAULT '';
