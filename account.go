package opslens

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Accounts, sharing and the audit log: what `opslens serve` needs to let a
// team work on one database. The CLI works on the database directly and is
// trusted like any program with access to the file; it records its changes
// in the audit log under the operating-system user's name.

// User is a person (or a script acting for one) who signs in to the server.
type User struct {
	ID    int64  `json:"UserId"`
	Name  string `json:"UserName"`
	Admin bool   `json:"Admin"`
	// PasswordHash is the encoded argon2id hash; empty for a user who can
	// only use API tokens. It never leaves the server.
	PasswordHash string `json:"-"`
	// PasswordChangedAt ends every session that signed in before it, so a
	// changed password signs out a stolen session too.
	PasswordChangedAt time.Time `json:"-"`
	CreatedAt         time.Time `json:"CreatedAt"`
	// Version counts saved changes, as for workloads.
	Version int64 `json:"Version"`
}

// ValidateUserName checks a user name: 2 to 64 characters of letters,
// digits and . _ @ -, so that names are safe in URLs, logs and audit lines.
func ValidateUserName(name string) error {
	n := utf8.RuneCountInString(name)
	if n < 2 || n > 64 {
		return Errorf(EINVALID, "user name %q must be 2 to 64 characters", name)
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._@-", r)) {
			return Errorf(EINVALID, "user name %q may hold only letters, digits and . _ @ -", name)
		}
	}
	return nil
}

// MinPasswordLength follows NIST SP 800-63B for memorised secrets chosen
// by users.
const MinPasswordLength = 10

// ValidatePassword checks the length rules of a new password.
func ValidatePassword(pw string) error {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < MinPasswordLength:
		return Errorf(EINVALID, "password is %d characters; use at least %d", n, MinPasswordLength)
	case len(pw) > 1024:
		return Errorf(EINVALID, "password is longer than 1024 bytes")
	}
	return nil
}

// Role is what a user may do with one workload. The names of the two
// shared roles are the AWS tool's share permission types.
type Role string

const (
	RoleOwner       Role = "OWNER"       // everything, including sharing and deletion
	RoleContributor Role = "CONTRIBUTOR" // answer questions, record milestones, edit facts
	RoleReadonly    Role = "READONLY"    // see the review and its reports
)

// Rank orders roles: a higher rank may do all a lower one may.
func (r Role) Rank() int {
	switch r {
	case RoleOwner:
		return 3
	case RoleContributor:
		return 2
	case RoleReadonly:
		return 1
	}
	return 0
}

// ParseRole reads a role as users write it: owner, contributor, viewer or
// readonly, in any case.
func ParseRole(s string) (Role, error) {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "OWNER":
		return RoleOwner, nil
	case "CONTRIBUTOR":
		return RoleContributor, nil
	case "READONLY", "VIEWER", "READ_ONLY":
		return RoleReadonly, nil
	}
	return "", Errorf(EINVALID, "unknown role %q: use OWNER, CONTRIBUTOR or READONLY (viewer)", s)
}

// Share grants a user a role on a workload. The creator of a workload
// holds the OWNER share.
type Share struct {
	WorkloadID     int64     `json:"WorkloadId"`
	UserID         int64     `json:"-"`
	SharedWith     string    `json:"SharedWith"`
	PermissionType Role      `json:"PermissionType"`
	SharedBy       string    `json:"SharedBy,omitempty"`
	CreatedAt      time.Time `json:"CreatedAt"`
}

// ShareID names a share in URLs: the ID of the user it is granted to.
func (s Share) ShareID() string { return strconv.FormatInt(s.UserID, 10) }

// Token is an API token: a secret a user creates for scripts and CI. Only
// its SHA-256 hash is stored (a random 256-bit secret needs no slow hash);
// the secret is shown once, when created.
type Token struct {
	ID         int64     `json:"TokenId"`
	UserID     int64     `json:"-"`
	Name       string    `json:"Name"`
	Hash       string    `json:"-"`
	Prefix     string    `json:"Prefix"` // the secret's first characters, to tell tokens apart
	CreatedAt  time.Time `json:"CreatedAt"`
	LastUsedAt time.Time `json:"LastUsedAt,omitzero"`
	ExpiresAt  time.Time `json:"ExpiresAt,omitzero"` // zero: never
}

// Expired reports whether the token can no longer be used at now.
func (t *Token) Expired(now time.Time) bool {
	return !t.ExpiresAt.IsZero() && !now.Before(t.ExpiresAt)
}

// AuditEvent is one change: who did what to which thing, and when. Stores
// write them in the transaction of the change they describe, so the log
// never misses or invents a change.
type AuditEvent struct {
	ID         int64     `json:"EventId"`
	At         time.Time `json:"At"`
	Actor      string    `json:"Actor"`
	WorkloadID int64     `json:"WorkloadId,omitempty"`
	Action     string    `json:"Action"`
	Target     string    `json:"Target,omitempty"` // a question ID, a user, a lens alias
	Detail     string    `json:"Detail,omitempty"` // the new state, in a line
}

// Audit actions.
const (
	AuditWorkloadCreate  = "workload.create"
	AuditWorkloadUpdate  = "workload.update"
	AuditWorkloadDelete  = "workload.delete"
	AuditAnswerUpdate    = "answer.update"
	AuditMilestoneCreate = "milestone.create"
	AuditEvidencePut     = "evidence.record"
	AuditShareSet        = "share.set"
	AuditShareDelete     = "share.delete"
	AuditLensImport      = "lens.import"
	AuditLensDelete      = "lens.delete"
	AuditUserCreate      = "user.create"
	AuditUserUpdate      = "user.update"
	AuditUserDelete      = "user.delete"
	AuditTokenCreate     = "token.create"
	AuditTokenDelete     = "token.revoke"
	AuditRepositoryAdd   = "repository.add"
	AuditRepositoryDel   = "repository.delete"
)

// AuditFilter selects audit events, newest first.
type AuditFilter struct {
	WorkloadID int64 // 0: every workload and the events about none
	Before     int64 // only events with a smaller ID (the next page)
	Limit      int   // at most this many (store default 100, at most 1000)
}

// Actor is who makes a change: a signed-in user of the server (UserID
// set), or a CLI run (the operating-system user's name, UserID 0).
type Actor struct {
	Name   string
	UserID int64
}

type actorKey struct{}

// WithActor returns a context whose changes the store records in the audit
// log under a.Name. A workload created with a user actor gets that user as
// its owner in the same transaction.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor WithActor set, or one named "unknown".
func ActorFrom(ctx context.Context) Actor {
	if a, ok := ctx.Value(actorKey{}).(Actor); ok && a.Name != "" {
		return a
	}
	return Actor{Name: "unknown"}
}

// WorkloadSummary is a workload as the portfolio dashboard lists it: its
// facts, the viewer's role, and the number of questions at each stored
// risk per lens review.
type WorkloadSummary struct {
	Workload *Workload
	Role     Role // the viewer's share; empty for an administrator without one
	// Risks counts answered questions by the risk stored with each answer,
	// per lens alias. Questions without an answer are not counted: the
	// caller knows how many questions each lens has.
	Risks map[string]map[Risk]int
	// Stale is true when an answer has no stored risk (written by an older
	// opslens): the caller evaluates that workload instead.
	Stale bool
}

// SummaryFilter selects the workloads of the dashboard.
type SummaryFilter struct {
	UserID int64 // workloads shared with this user
	All    bool  // every workload (administrators)
}

// String describes a share for audit details.
func (s Share) String() string { return fmt.Sprintf("%s as %s", s.SharedWith, s.PermissionType) }
