package opslens

import "context"

// Store persists workloads, answers, milestones and custom lenses. Every
// method is atomic: on error nothing has changed. Lookups of missing things
// return an *Error with code ENOTFOUND; clashes (a duplicate name, deleting a
// lens still in use) return ECONFLICT.
//
// Stores re-check what they are given and return EINVALID for data that
// breaks a domain rule (Workload.Validate, a lens applied twice, unknown
// choice statuses or reasons), so no front end can store a broken review.
// Timestamps the caller sets (ImportedAt, RecordedAt, Answer.UpdatedAt) are
// kept; zero ones are filled with the current time.
//
// Backends live in their own packages (sqlite, and later postgres) and must
// pass the conformance suite in package storetest.
type Store interface {
	// CreateLens stores a custom lens under rec.Alias; ECONFLICT if the alias exists.
	CreateLens(ctx context.Context, rec LensRecord) error
	// ReplaceLens overwrites a custom lens; ECONFLICT if any workload or
	// milestone refers to it, since that would change recorded reviews.
	ReplaceLens(ctx context.Context, rec LensRecord) error
	Lens(ctx context.Context, alias string) (LensRecord, error)
	Lenses(ctx context.Context) ([]LensRecord, error)
	// DeleteLens removes a custom lens; ECONFLICT while a workload or a
	// milestone refers to it.
	DeleteLens(ctx context.Context, alias string) error

	// CreateWorkload stores w and sets its ID and timestamps.
	CreateWorkload(ctx context.Context, w *Workload) error
	Workload(ctx context.Context, name string) (*Workload, error)
	// Workloads returns every workload ordered by name.
	Workloads(ctx context.Context) ([]*Workload, error)
	// UpdateWorkload saves w, found by w.ID. Lenses dropped from w.Lenses lose
	// their answers; milestones keep theirs.
	UpdateWorkload(ctx context.Context, w *Workload) error
	// DeleteWorkload removes a workload with its answers and milestones.
	DeleteWorkload(ctx context.Context, name string) error

	// Answers returns the stored answers of one lens review ordered by
	// question ID; ENOTFOUND when the workload does not apply the lens.
	Answers(ctx context.Context, workloadID int64, lensAlias string) ([]Answer, error)
	// PutAnswers saves answers of one lens review in one transaction,
	// replacing earlier answers to the same questions; ENOTFOUND when the
	// workload does not exist or does not apply the lens.
	PutAnswers(ctx context.Context, workloadID int64, lensAlias string, answers []Answer) error

	// CreateMilestone stores m and assigns the next number for its workload;
	// ECONFLICT when the workload already has a milestone of that name.
	CreateMilestone(ctx context.Context, m *Milestone) error
	Milestone(ctx context.Context, workloadID int64, number int) (*Milestone, error)
	// Milestones returns a workload's milestones by ascending number.
	Milestones(ctx context.Context, workloadID int64) ([]*Milestone, error)

	Close() error
}
