package opslens

import (
	"context"
	"time"
)

// Store persists workloads, answers, milestones and custom lenses. Every
// method is atomic: on error nothing has changed. A read-modify-write is one
// method (UpdateWorkload, UpdateAnswer), never a read and a later write, so
// concurrent writers (processes, web users) never lose each other's changes.
// A store that cannot get hold of its database within its wait limit
// returns EUNAVAILABLE and changes nothing. Lookups of missing things
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

	// CreateWorkload stores w and sets its ID and timestamps. When the
	// context's actor is a user (WithActor), that user becomes the
	// workload's owner in the same transaction.
	CreateWorkload(ctx context.Context, w *Workload) error
	Workload(ctx context.Context, name string) (*Workload, error)
	// WorkloadByID returns the workload with that ID; ENOTFOUND if none.
	WorkloadByID(ctx context.Context, id int64) (*Workload, error)
	// Workloads returns every workload ordered by name.
	Workloads(ctx context.Context) ([]*Workload, error)
	// UpdateWorkload changes the workload with the given ID in one
	// transaction: fn receives the stored workload and edits it in place, and
	// the store validates and saves the result, returning it with its
	// Version increased by one. Concurrent updates are serialised, so
	// relative edits (set one field, add a tag) never overwrite each other.
	// If fn leaves a Version other than the stored one (a caller writing back
	// a copy it read earlier), nothing is saved and the error is ECONFLICT.
	// fn runs inside the transaction: it must not call the store, and it may
	// run more than once. If fn returns an error, nothing is saved and that
	// error is returned. Lenses dropped from Lenses lose their answers;
	// milestones keep theirs.
	UpdateWorkload(ctx context.Context, id int64, fn func(w *Workload) error) (*Workload, error)
	// DeleteWorkload removes a workload with its answers and milestones.
	DeleteWorkload(ctx context.Context, name string) error

	// Answers returns the stored answers of one lens review ordered by
	// question ID; ENOTFOUND when the workload does not apply the lens.
	Answers(ctx context.Context, workloadID int64, lensAlias string) ([]Answer, error)
	// PutAnswers saves whole answers of one lens review in one transaction,
	// replacing earlier answers to the same questions; ENOTFOUND when the
	// workload does not exist or does not apply the lens. Each answer's
	// Version must be the stored answer's Version (0 for a question never
	// answered): otherwise nothing is saved and the error is ECONFLICT, so a
	// whole answer based on a stale read never overwrites a newer one. On
	// success each element of answers gets its new Version and UpdatedAt.
	PutAnswers(ctx context.Context, workloadID int64, lensAlias string, answers []Answer) error
	// UpdateAnswer changes one question's answer in one transaction: fn
	// receives the stored answer (for a question never answered: QuestionID
	// set, IsApplicable true, Version 0) and edits it in place; the store
	// saves the result and returns it with its new Version. Concurrent
	// updates are serialised, so relative changes (select one more practice)
	// are never lost. The Version rule of PutAnswers applies to what fn
	// leaves, and fn must not change QuestionID. fn runs inside the
	// transaction: it must not call the store, and it may run more than
	// once. If fn returns an error, nothing is saved and that error is
	// returned.
	UpdateAnswer(ctx context.Context, workloadID int64, lensAlias, questionID string, fn func(a *Answer) error) (*Answer, error)
	// Snapshot reads a workload with the answers and evidence of each lens it
	// applies in one read transaction, so the result is one consistent
	// moment.
	Snapshot(ctx context.Context, workloadID int64) (Snapshot, error)

	// PutEvidence records the evidence of one scan of one repository for a
	// lens review, replacing the set an earlier scan of the same repository
	// recorded; ENOTFOUND when the workload does not exist or does not
	// apply the lens, EINVALID for a set that fails EvidenceSet.Validate.
	PutEvidence(ctx context.Context, workloadID int64, lensAlias string, set EvidenceSet) error
	// Evidence returns the evidence sets of a lens review ordered by
	// repository; ENOTFOUND as for Answers.
	Evidence(ctx context.Context, workloadID int64, lensAlias string) ([]EvidenceSet, error)

	// CreateMilestone stores m and assigns the next number for its workload;
	// ECONFLICT when the workload already has a milestone of that name. When
	// m.Snapshot is empty (its Workload.ID is 0) the store captures the
	// workload's current review into it in the same transaction, so the
	// milestone is exactly the state at its number; a given snapshot (an
	// import) is stored as it is. Concurrent creations get distinct numbers.
	CreateMilestone(ctx context.Context, m *Milestone) error
	Milestone(ctx context.Context, workloadID int64, number int) (*Milestone, error)
	// Milestones returns a workload's milestones by ascending number.
	Milestones(ctx context.Context, workloadID int64) ([]*Milestone, error)

	// CreateUser stores u and sets its ID, CreatedAt and Version;
	// ECONFLICT when the name is taken (names compare without case).
	CreateUser(ctx context.Context, u *User) error
	// User returns the user of that name; ENOTFOUND if there is none.
	User(ctx context.Context, name string) (*User, error)
	UserByID(ctx context.Context, id int64) (*User, error)
	// Users returns every user ordered by name.
	Users(ctx context.Context) ([]*User, error)
	// UpdateUser edits a user in one transaction, under the rules of
	// UpdateWorkload (fn runs inside, may run twice, Version checked).
	// ECONFLICT when the change would leave no administrator.
	UpdateUser(ctx context.Context, id int64, fn func(u *User) error) (*User, error)
	// DeleteUser removes a user with its shares and tokens; ECONFLICT for
	// the last administrator.
	DeleteUser(ctx context.Context, id int64) error

	// CreateToken stores t (its Hash and Prefix set by the caller) and sets
	// its ID and CreatedAt.
	CreateToken(ctx context.Context, t *Token) error
	// TokenByHash returns an unexpired token with its user and records its
	// use; ENOTFOUND for an unknown, revoked or expired token.
	TokenByHash(ctx context.Context, hash string) (*Token, *User, error)
	// Tokens returns a user's tokens, newest first.
	Tokens(ctx context.Context, userID int64) ([]*Token, error)
	// DeleteToken revokes one of a user's tokens; ENOTFOUND if the user
	// has no such token.
	DeleteToken(ctx context.Context, userID, tokenID int64) error

	// The session methods hold a web session's opaque data by its secret
	// token until expiry (see http.sessionStore). FindSession ignores
	// expired sessions.
	FindSession(ctx context.Context, token string) ([]byte, bool, error)
	CommitSession(ctx context.Context, token string, data []byte, expiry time.Time) error
	DeleteSession(ctx context.Context, token string) error
	DeleteExpiredSessions(ctx context.Context) error

	// PutShare grants or changes a user's role on a workload; ENOTFOUND
	// when either does not exist. ECONFLICT when it would leave the
	// workload without an owner.
	PutShare(ctx context.Context, s *Share) error
	// DeleteShare removes a user's role on a workload; ENOTFOUND when the
	// user has none, ECONFLICT for the last owner.
	DeleteShare(ctx context.Context, workloadID, userID int64) error
	// Shares lists a workload's shares: owners first, then by user name.
	Shares(ctx context.Context, workloadID int64) ([]Share, error)
	// Role returns the user's role on the workload, "" when it has none.
	Role(ctx context.Context, workloadID, userID int64) (Role, error)
	// WorkloadSummaries lists the workloads the filter selects, ordered by
	// name, with their stored risk counts, in one read transaction.
	WorkloadSummaries(ctx context.Context, f SummaryFilter) ([]WorkloadSummary, error)

	// CreateTemplate stores a review template and sets its ID and
	// CreatedAt; ECONFLICT when the name is taken (without case).
	CreateTemplate(ctx context.Context, t *Template) error
	// Template returns the template of that name; ENOTFOUND if none.
	Template(ctx context.Context, name string) (*Template, error)
	// Templates lists the templates by name.
	Templates(ctx context.Context) ([]Template, error)
	// DeleteTemplate removes a template; workloads made from it keep
	// their answers. ENOTFOUND if there is none.
	DeleteTemplate(ctx context.Context, name string) error

	// CreateWebhook stores a webhook and sets its ID and CreatedAt.
	CreateWebhook(ctx context.Context, h *Webhook) error
	// Webhooks lists the webhooks, secrets included, by ID.
	Webhooks(ctx context.Context) ([]Webhook, error)
	// DeleteWebhook removes a webhook; ENOTFOUND if there is none.
	DeleteWebhook(ctx context.Context, id int64) error

	// PortfolioAnswers returns every stored answer of every workload with
	// its risk and the choices it does not miss, in one read transaction,
	// ordered by workload, lens and question.
	PortfolioAnswers(ctx context.Context) ([]PortfolioAnswer, error)
	// LatestMilestones returns each workload's latest milestone (workloads
	// without one are absent).
	LatestMilestones(ctx context.Context) ([]MilestoneMark, error)

	// AuditEvents returns audit events, newest first. Every change method
	// above records its event in its own transaction, with the actor of
	// its context (WithActor).
	AuditEvents(ctx context.Context, f AuditFilter) ([]AuditEvent, error)

	// RateLimit takes one attempt from the token bucket of every key (each
	// holds up to burst attempts and regains one every per) in one
	// transaction: when every key has an attempt left, all are taken and
	// the wait is 0; otherwise none is taken and the wait says when the
	// emptiest bucket allows one. Kept in the store so that every server
	// replica counts the same attempts.
	RateLimit(ctx context.Context, keys []string, per time.Duration, burst int) (time.Duration, error)

	// CreateRepository registers a repository on a workload and sets its
	// ID and CreatedAt; ENOTFOUND when the workload does not exist,
	// ECONFLICT when it has a repository at that location already.
	CreateRepository(ctx context.Context, r *Repository) error
	// Repository returns one repository; ENOTFOUND if there is none.
	Repository(ctx context.Context, id int64) (*Repository, error)
	// Repositories lists a workload's repositories by location; workload
	// 0 lists every workload's (the scheduler's view).
	Repositories(ctx context.Context, workloadID int64) ([]Repository, error)
	// DeleteRepository removes a repository and its scan runs; the
	// evidence it gave stays on the review.
	DeleteRepository(ctx context.Context, id int64) error
	// PutScanRun records one attempt of a scan job, replacing what was
	// recorded for the same job and attempt; ENOTFOUND when the repository
	// is gone. Runs are not audited: the evidence they record is.
	PutScanRun(ctx context.Context, r ScanRun) error
	// ScanRuns returns a workload's most recent scan runs, newest first,
	// at most limit of them.
	ScanRuns(ctx context.Context, workloadID int64, limit int) ([]ScanRun, error)

	// ClaimTicketExports records, in one transaction, that the tickets
	// with these keys are exported to target for the workload, and
	// returns the keys that were not recorded before, in the order given:
	// those are the tickets to file. Two exports at once never both claim
	// a key. ENOTFOUND for a missing workload.
	ClaimTicketExports(ctx context.Context, workloadID int64, target string, keys []string) ([]string, error)
	// TicketExports lists what was exported for a workload, by target and
	// key.
	TicketExports(ctx context.Context, workloadID int64) ([]TicketExport, error)

	// Dump reads the whole database but its sessions in one read
	// transaction.
	Dump(ctx context.Context) (*Dump, error)
	// Restore writes a dump into an empty database in one transaction,
	// keeping IDs, versions and times; ECONFLICT when the database holds
	// any lens, user, workload or audit event. Nothing is audited: the
	// dump carries its own log.
	Restore(ctx context.Context, d *Dump) error

	Close() error
}
