package opslens

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// The rules below are what every Store re-checks at its boundary and how
// every Store describes a change in the audit log. They live here, next to
// the Store interface, so the SQLite and PostgreSQL backends enforce the
// same contract with the same words instead of two copies drifting apart.

// ValidateStoredWorkload is Workload.Validate plus what a store's schema
// would otherwise report as a bare constraint failure: an empty or twice
// applied lens alias.
func ValidateStoredWorkload(w *Workload) error {
	if err := w.Validate(); err != nil {
		return err
	}
	seen := make(map[string]bool, len(w.Lenses))
	for _, a := range w.Lenses {
		if a == "" {
			return Errorf(EINVALID, "workload %q: lens alias is empty", w.Name)
		}
		if seen[a] {
			return Errorf(EINVALID, "workload %q: lens %q is applied twice", w.Name, a)
		}
		seen[a] = true
	}
	return nil
}

// ValidateAnswers rejects a batch of answers a store must not save, with a
// message that names the question at fault.
func ValidateAnswers(answers []Answer) error {
	questions := make(map[string]bool, len(answers))
	for _, a := range answers {
		if a.QuestionID == "" {
			return Errorf(EINVALID, "answer without a question ID")
		}
		if questions[a.QuestionID] {
			return Errorf(EINVALID, "question %q is answered twice in one batch", a.QuestionID)
		}
		questions[a.QuestionID] = true
		if a.Reason != "" && !slices.Contains(Reasons, a.Reason) {
			return Errorf(EINVALID, "question %q: unknown reason %q", a.QuestionID, a.Reason)
		}
		if err := validateChoices(a); err != nil {
			return err
		}
	}
	return nil
}

func validateChoices(a Answer) error {
	choices := make(map[string]bool, len(a.Choices))
	for _, c := range a.Choices {
		switch {
		case c.ChoiceID == "":
			return Errorf(EINVALID, "question %q: choice without an ID", a.QuestionID)
		case choices[c.ChoiceID]:
			return Errorf(EINVALID, "question %q: choice %q appears twice", a.QuestionID, c.ChoiceID)
		case c.Status != ChoiceSelected && c.Status != ChoiceUnselected && c.Status != ChoiceNotApplicable:
			return Errorf(EINVALID, "question %q: choice %q has unknown status %q", a.QuestionID, c.ChoiceID, c.Status)
		case c.Reason != "" && !slices.Contains(Reasons, c.Reason):
			return Errorf(EINVALID, "question %q: choice %q has unknown reason %q", a.QuestionID, c.ChoiceID, c.Reason)
		case c.Source != "" && c.Source != SourceEvidence && c.Source != SourceRejected && c.Source != SourceTemplate:
			return Errorf(EINVALID, "question %q: choice %q has unknown source %q", a.QuestionID, c.ChoiceID, c.Source)
		}
		choices[c.ChoiceID] = true
	}
	return nil
}

// StaleAnswer is the ECONFLICT of a write based on an answer that changed
// since it was read.
func StaleAnswer(workload, question string, got, cur int64) error {
	return Errorf(ECONFLICT,
		"the answer to %s of workload %q changed since it was read (version %d, now %d); reload it and apply your change again",
		question, workload, got, cur)
}

// StaleWorkload is the ECONFLICT of a workload write based on an old read.
func StaleWorkload(workload string, got, cur int64) error {
	return Errorf(ECONFLICT,
		"workload %q changed since it was read (version %d, now %d); reload it and apply your change again", workload, got, cur)
}

// ValidateLensRecord checks a custom lens before it is stored.
func ValidateLensRecord(rec LensRecord) error {
	if rec.Alias == "" {
		return Errorf(EINVALID, "lens alias is empty")
	}
	if len(rec.Data) == 0 {
		return Errorf(EINVALID, "lens %q has no content", rec.Alias)
	}
	return nil
}

// ValidateToken checks a new API token before it is stored.
func ValidateToken(t *Token) error {
	if t.Hash == "" || t.UserID == 0 {
		return Errorf(EINVALID, "a token needs a user and a hash")
	}
	if t.Name == "" || len(t.Name) > 100 {
		return Errorf(EINVALID, "token name must be 1 to 100 characters")
	}
	return nil
}

// ValidateRateLimit checks RateLimit's arguments.
func ValidateRateLimit(per time.Duration, burst int) error {
	if per <= 0 || burst < 1 {
		return Errorf(EINVALID, "rate limit needs a positive period and burst")
	}
	return nil
}

// LensAliases lists each lens a snapshot depends on once: the lenses it has
// reviews for and, to be safe, the lenses its workload applied. Stores keep
// this list beside a milestone so deleting a lens can refuse cheaply while a
// recorded review needs it.
func (s Snapshot) LensAliases() []string {
	seen := map[string]bool{}
	var out []string
	add := func(a string) {
		if a != "" && !seen[a] {
			seen[a] = true
			out = append(out, a)
		}
	}
	for _, r := range s.Reviews {
		add(r.LensAlias)
	}
	for _, a := range s.Workload.Lenses {
		add(a)
	}
	return out
}

// InUTC puts the snapshot's times in UTC. JSON keeps each time's original
// offset, and stores promise UTC times to their callers.
func (s *Snapshot) InUTC() {
	s.Workload.CreatedAt = s.Workload.CreatedAt.UTC()
	s.Workload.UpdatedAt = s.Workload.UpdatedAt.UTC()
	for i := range s.Reviews {
		for j := range s.Reviews[i].Answers {
			a := &s.Reviews[i].Answers[j]
			a.UpdatedAt = a.UpdatedAt.UTC()
		}
		for j := range s.Reviews[i].Evidence {
			e := &s.Reviews[i].Evidence[j]
			e.ScannedAt = e.ScannedAt.UTC()
		}
	}
}

// AuditAnswer describes an answer in one line for the audit log: what a
// reader of a workload's history needs to see who changed what.
func AuditAnswer(a Answer) string {
	if !a.IsApplicable {
		return "question not applicable (" + string(a.Reason) + ")"
	}
	var sel, na []string
	for _, c := range a.Choices {
		switch c.Status {
		case ChoiceSelected:
			sel = append(sel, c.ChoiceID)
		case ChoiceNotApplicable:
			na = append(na, c.ChoiceID)
		}
	}
	selected := "none"
	if len(sel) > 0 {
		selected = strings.Join(sel, ", ")
	}
	parts := []string{"selected: " + selected}
	if len(na) > 0 {
		parts = append(parts, "not applicable: "+strings.Join(na, ", "))
	}
	if a.Risk != "" {
		parts = append(parts, "risk "+string(a.Risk))
	}
	return strings.Join(parts, "; ")
}

// AuditWorkloadChange names the facts an update changed, for the audit log.
func AuditWorkloadChange(a, b *Workload) string {
	var changed []string
	field := func(name string, differ bool) {
		if differ {
			changed = append(changed, name)
		}
	}
	field("name", a.Name != b.Name)
	field("description", a.Description != b.Description)
	field("environment", a.Environment != b.Environment)
	field("owner", a.Owner != b.Owner)
	field("review owner", a.ReviewOwner != b.ReviewOwner)
	field("locations", jsonText(a.Locations) != jsonText(b.Locations))
	field("architectural design", a.ArchitecturalDesign != b.ArchitecturalDesign)
	field("industry", a.Industry != b.Industry || a.IndustryType != b.IndustryType)
	field("tags", fmt.Sprint(a.Tags) != fmt.Sprint(b.Tags))
	field("notes", a.Notes != b.Notes)
	field("pillar priorities", jsonText(a.PillarPriorities) != jsonText(b.PillarPriorities))
	field("lenses", jsonText(a.Lenses) != jsonText(b.Lenses))
	field("profile", a.Profile.String() != b.Profile.String())
	if len(changed) == 0 {
		return "no change"
	}
	return "changed " + strings.Join(changed, ", ")
}

// jsonText encodes a string slice, which cannot fail.
func jsonText(v []string) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// AuditUserChange says what a user update changed, for the audit log;
// never the password itself.
func AuditUserChange(a, b User) string {
	var parts []string
	if a.Name != b.Name {
		parts = append(parts, fmt.Sprintf("renamed from %q", a.Name))
	}
	if a.Admin != b.Admin {
		parts = append(parts, "now "+AuditUserKind(b.Admin))
	}
	if a.PasswordHash != b.PasswordHash {
		parts = append(parts, "password changed")
	}
	return strings.Join(parts, "; ")
}

// AuditUserKind is the audit log's word for a user's kind.
func AuditUserKind(admin bool) string {
	if admin {
		return "administrator"
	}
	return "user"
}

// AuditEvidence describes a recorded evidence set for the audit log.
func AuditEvidence(practices int, commit string) string {
	short := "an unknown commit"
	if commit != "" {
		short = commit[:min(len(commit), 12)] // as git abbreviates
	}
	return fmt.Sprintf("%d practices with evidence at %s", practices, short)
}

// The Change functions below are the in-transaction half of the Store's
// read-modify-write methods: a backend loads the stored value under its
// lock, lets the Change function run the caller's fn and enforce the
// contract (identity kept, Version unchanged, result valid), then saves
// what it returns.

// ChangeAnswer applies fn to a stored answer (version 0 for a question never
// answered) and returns the answer to save, its Version increased.
func ChangeAnswer(stored Answer, workload string, fn func(*Answer) error, now time.Time) (Answer, error) {
	a, question, cur := stored, stored.QuestionID, stored.Version
	if err := fn(&a); err != nil {
		return a, err
	}
	if a.QuestionID != question {
		return a, Errorf(EINVALID, "answer to %s cannot become an answer to %q", question, a.QuestionID)
	}
	return NextAnswer(a, cur, workload, now)
}

// NextAnswer checks a whole answer written over the stored version cur and
// returns it as it is saved: Version cur+1, UpdatedAt now unless set.
func NextAnswer(a Answer, cur int64, workload string, now time.Time) (Answer, error) {
	if a.Version != cur {
		return a, StaleAnswer(workload, a.QuestionID, a.Version, cur)
	}
	if err := ValidateAnswers([]Answer{a}); err != nil {
		return a, err
	}
	a.Version = cur + 1
	if a.UpdatedAt.IsZero() {
		a.UpdatedAt = now
	}
	a.UpdatedAt = a.UpdatedAt.UTC()
	return a, nil
}

// ChangeWorkload applies fn to a stored workload in place and readies it
// for saving: ID and creation time kept, Version increased, validated. It
// returns the workload as it was, for the audit log.
func ChangeWorkload(w *Workload, fn func(*Workload) error, now time.Time) (Workload, error) {
	before := *w
	if err := fn(w); err != nil {
		return before, err
	}
	if w.Version != before.Version {
		return before, StaleWorkload(before.Name, w.Version, before.Version)
	}
	w.ID, w.CreatedAt, w.UpdatedAt, w.Version = before.ID, before.CreatedAt, now, before.Version+1
	return before, ValidateStoredWorkload(w)
}

// ChangeUser applies fn to a stored user in place and readies it for
// saving. A new password hash moves PasswordChangedAt strictly later, even
// within the clock's millisecond, so sessions from before the change end.
// The backend still checks that an administrator remains.
func ChangeUser(u *User, fn func(*User) error, now time.Time) (User, error) {
	before := *u
	if err := fn(u); err != nil {
		return before, err
	}
	if u.ID != before.ID || u.Version != before.Version {
		return before, Errorf(ECONFLICT, "user %q changed since it was read; reload it and try again", before.Name)
	}
	if err := ValidateUserName(u.Name); err != nil {
		return before, err
	}
	if u.PasswordHash != before.PasswordHash && !u.PasswordChangedAt.After(before.PasswordChangedAt) {
		u.PasswordChangedAt = now
		if floor := before.PasswordChangedAt.Add(time.Millisecond); u.PasswordChangedAt.Before(floor) {
			u.PasswordChangedAt = floor
		}
	}
	u.PasswordChangedAt = u.PasswordChangedAt.UTC()
	u.Version++
	return before, nil
}

// AddRiskCount adds n answers of a lens review stored with risk to the
// summary's counts; answers stored without a risk (saved before risks were
// kept) mark the summary Stale instead.
func (s *WorkloadSummary) AddRiskCount(lensAlias string, risk Risk, n int) {
	if risk == "" {
		s.Stale = true
		return
	}
	if s.Risks == nil {
		s.Risks = map[string]map[Risk]int{}
	}
	m := s.Risks[lensAlias]
	if m == nil {
		m = map[Risk]int{}
		s.Risks[lensAlias] = m
	}
	m[risk] += n
}

// WorkloadColumns holds a workload's collections encoded as JSON, the way
// stores keep them in one column each. json.Marshal keeps nil and empty
// apart, so both survive a round trip.
type WorkloadColumns struct{ Locations, Tags, PillarPriorities, Profile string }

// EncodeColumns encodes the workload's collections for storage.
func (w *Workload) EncodeColumns() (WorkloadColumns, error) {
	var c WorkloadColumns
	for _, f := range []struct {
		dst *string
		v   any
	}{{&c.Locations, w.Locations}, {&c.Tags, w.Tags}, {&c.PillarPriorities, w.PillarPriorities}, {&c.Profile, w.Profile}} {
		b, err := json.Marshal(f.v)
		if err != nil {
			return c, fmt.Errorf("encode workload %q: %w", w.Name, err)
		}
		*f.dst = string(b)
	}
	return c, nil
}

// DecodeColumns sets the workload's collections from their stored JSON.
func (w *Workload) DecodeColumns(c WorkloadColumns) error {
	for _, f := range []struct {
		what, src string
		dst       any
	}{{"locations", c.Locations, &w.Locations}, {"tags", c.Tags, &w.Tags}, {"pillar priorities", c.PillarPriorities, &w.PillarPriorities},
		{"profile", c.Profile, &w.Profile}} {
		if err := json.Unmarshal([]byte(f.src), f.dst); err != nil {
			return fmt.Errorf("workload %q %s: %w", w.Name, f.what, err)
		}
	}
	return nil
}
