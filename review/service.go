package review

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/lens"
	"github.com/opslens/opslens/lens/builtin"
)

// Service runs reviews: it resolves lenses (built-in or imported), validates
// answers against them, and evaluates workloads and milestones. Front ends
// (the CLI, later the HTTP server) talk to a Service, never to a Store
// directly, so the rules live in one place.
type Service struct {
	store    opslens.Store
	builtins map[string]*lens.Lens
	// Now is the clock; tests replace it.
	Now func() time.Time
	// Events receives what happened (a milestone recorded, a question
	// newly at high risk) for webhooks; nil sends nothing.
	Events EventSink
}

// EventSink takes events after the change they describe is saved. A
// failure to take one does not undo the change: the sink reports it.
type EventSink interface {
	Publish(ctx context.Context, e opslens.Event)
}

func (s *Service) publish(ctx context.Context, w *opslens.Workload, typ, text string, details map[string]any) {
	if s.Events == nil {
		return
	}
	s.Events.Publish(ctx, opslens.Event{Type: typ, At: s.Now().UTC(), WorkloadID: w.ID, Workload: w.Name, Details: details, Text: text})
}

// NewService returns a Service over store with the built-in lenses loaded.
func NewService(store opslens.Store) (*Service, error) {
	b, err := builtin.Lenses()
	if err != nil {
		return nil, err
	}
	return &Service{store: store, builtins: b, Now: time.Now}, nil
}

// DefaultLens is the alias applied to new workloads when none is given.
const DefaultLens = builtin.Alias

// LensInfo describes an available lens.
type LensInfo struct {
	Alias     string
	Name      string
	Version   string
	Builtin   bool
	Questions int
	Choices   int
	Imported  time.Time
	Lens      *lens.Lens
}

// Lens returns the lens with the given alias.
func (s *Service) Lens(ctx context.Context, alias string) (*lens.Lens, error) {
	if l, ok := s.builtins[alias]; ok {
		return l, nil
	}
	rec, err := s.store.Lens(ctx, alias)
	if opslens.ErrorCode(err) == opslens.ENOTFOUND {
		infos, lerr := s.Lenses(ctx)
		if lerr != nil {
			return nil, lerr
		}
		aliases := make([]string, len(infos))
		for i, in := range infos {
			aliases[i] = in.Alias
		}
		return nil, opslens.Errorf(opslens.ENOTFOUND, "lens %q not found%s", alias,
			suggest(alias, aliases, "available: "+strings.Join(aliases, ", ")))
	}
	if err != nil {
		return nil, fmt.Errorf("load lens %s: %w", alias, err)
	}
	l, err := lens.Parse(rec.Data)
	if err != nil {
		return nil, fmt.Errorf("stored lens %s no longer validates: %w", alias, err)
	}
	return l, nil
}

// Lenses lists the built-in lenses first, then the imported ones by alias.
func (s *Service) Lenses(ctx context.Context) ([]LensInfo, error) {
	var out []LensInfo
	for alias, l := range s.builtins {
		out = append(out, info(alias, l, true, time.Time{}))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Alias < out[j].Alias })
	recs, err := s.store.Lenses(ctx)
	if err != nil {
		return nil, fmt.Errorf("list lenses: %w", err)
	}
	for _, r := range recs {
		l, err := lens.Parse(r.Data)
		if err != nil {
			return nil, fmt.Errorf("stored lens %s no longer validates: %w", r.Alias, err)
		}
		out = append(out, info(r.Alias, l, false, r.ImportedAt))
	}
	return out, nil
}

func info(alias string, l *lens.Lens, builtin bool, at time.Time) LensInfo {
	in := LensInfo{Alias: alias, Name: l.Name, Version: l.Version(), Builtin: builtin, Imported: at, Lens: l}
	for _, q := range l.Questions() {
		in.Questions++
		in.Choices += len(q.Question.Choices)
	}
	return in
}

var aliasPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,62}$`)

// AliasFor derives a lens alias from a lens name: lower case, runs of other
// characters turned into single dashes.
func AliasFor(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	a := b.String()
	if len(a) > 63 {
		a = strings.TrimRight(a[:63], "-")
	}
	return a
}

// ImportLens validates a lens document and stores it. The alias defaults to
// the one in the document's opslens metadata, then to one derived from its
// name. With replace, an unused custom lens of the same alias is overwritten.
func (s *Service) ImportLens(ctx context.Context, data []byte, alias string, replace bool) (string, *lens.Lens, error) {
	l, err := lens.Parse(data)
	if err != nil {
		return "", nil, err
	}
	if alias == "" {
		alias = l.Alias()
	}
	if alias == "" {
		alias = AliasFor(l.Name)
	}
	if !aliasPattern.MatchString(alias) {
		return "", nil, opslens.Errorf(opslens.EINVALID, "lens alias %q must be 2 to 63 lower-case letters, digits or dashes, starting with a letter or digit; pass --alias", alias)
	}
	if _, ok := s.builtins[alias]; ok {
		return "", nil, opslens.Errorf(opslens.ECONFLICT, "alias %q belongs to a built-in lens; pass --alias with another name", alias)
	}
	rec := opslens.LensRecord{Alias: alias, Data: data, ImportedAt: s.Now().UTC()}
	if replace {
		_, err := s.store.Lens(ctx, alias)
		switch {
		case err == nil:
			return alias, l, s.store.ReplaceLens(ctx, rec)
		case opslens.ErrorCode(err) != opslens.ENOTFOUND:
			return "", nil, err
		}
	}
	if err := s.store.CreateLens(ctx, rec); err != nil {
		if opslens.ErrorCode(err) == opslens.ECONFLICT && !replace {
			return "", nil, opslens.Errorf(opslens.ECONFLICT, "lens %q already exists; pass --replace to overwrite it or --alias to import under another name", alias)
		}
		return "", nil, err
	}
	return alias, l, nil
}

// DeleteLens removes an imported lens.
func (s *Service) DeleteLens(ctx context.Context, alias string) error {
	if _, ok := s.builtins[alias]; ok {
		return opslens.Errorf(opslens.EINVALID, "lens %q is built in and cannot be deleted", alias)
	}
	return s.store.DeleteLens(ctx, alias)
}

// Workload returns a workload by name, suggesting the nearest name when it
// does not exist.
func (s *Service) Workload(ctx context.Context, name string) (*opslens.Workload, error) {
	w, err := s.store.Workload(ctx, name)
	if opslens.ErrorCode(err) != opslens.ENOTFOUND {
		return w, err
	}
	all, lerr := s.store.Workloads(ctx)
	if lerr != nil {
		return nil, lerr
	}
	names := make([]string, len(all))
	for i, w := range all {
		names[i] = w.Name
	}
	return nil, opslens.Errorf(opslens.ENOTFOUND, "workload %q not found%s", name,
		suggest(name, names, "run 'opslens workload list' to see workloads, or 'opslens workload create' to add one"))
}

// Workloads returns every workload by name.
// WorkloadByID returns the workload with that ID.
func (s *Service) WorkloadByID(ctx context.Context, id int64) (*opslens.Workload, error) {
	return s.store.WorkloadByID(ctx, id)
}

func (s *Service) Workloads(ctx context.Context) ([]*opslens.Workload, error) {
	return s.store.Workloads(ctx)
}

// CreateWorkload validates and stores a new workload. With no lenses given
// it applies the built-in Operational Excellence lens.
func (s *Service) CreateWorkload(ctx context.Context, w *opslens.Workload) error {
	if len(w.Lenses) == 0 {
		w.Lenses = []string{DefaultLens}
	}
	if err := s.checkWorkload(ctx, w); err != nil {
		return err
	}
	return s.store.CreateWorkload(ctx, w)
}

// UpdateWorkload applies edit to the stored workload with w's ID and saves
// the result in one store transaction, so concurrent edits of different
// fields all land. edit may run more than once and must only change the
// workload it is given. It returns the saved workload.
func (s *Service) UpdateWorkload(ctx context.Context, w *opslens.Workload, edit func(w *opslens.Workload) error) (*opslens.Workload, error) {
	// The lens catalog is read before the transaction: checks inside it may
	// not use the store. Lenses only change by import and delete, and a
	// lens in use cannot be deleted.
	catalog, err := s.lensCatalog(ctx)
	if err != nil {
		return nil, err
	}
	return s.store.UpdateWorkload(ctx, w.ID, func(cur *opslens.Workload) error {
		if err := edit(cur); err != nil {
			return err
		}
		return checkWorkload(cur, catalog)
	})
}

// lensCatalog returns every available lens by alias.
func (s *Service) lensCatalog(ctx context.Context) (map[string]*lens.Lens, error) {
	infos, err := s.Lenses(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*lens.Lens, len(infos))
	for _, in := range infos {
		out[in.Alias] = in.Lens
	}
	return out, nil
}

func (s *Service) checkWorkload(ctx context.Context, w *opslens.Workload) error {
	catalog, err := s.lensCatalog(ctx)
	if err != nil {
		return err
	}
	return checkWorkload(w, catalog)
}

// checkWorkload validates w against the domain rules and the lenses
// available.
func checkWorkload(w *opslens.Workload, catalog map[string]*lens.Lens) error {
	if err := w.Validate(); err != nil {
		return err
	}
	seen := map[string]bool{}
	pillars := map[string]bool{}
	for _, a := range w.Lenses {
		if seen[a] {
			return opslens.Errorf(opslens.EINVALID, "lens %q is applied twice", a)
		}
		seen[a] = true
		l, ok := catalog[a]
		if !ok {
			aliases := slices.Sorted(maps.Keys(catalog))
			return opslens.Errorf(opslens.ENOTFOUND, "lens %q not found%s", a,
				suggest(a, aliases, "available: "+strings.Join(aliases, ", ")))
		}
		for _, p := range l.Pillars {
			pillars[p.ID] = true
		}
	}
	for _, p := range w.PillarPriorities {
		if !pillars[p] {
			ids := slices.Sorted(maps.Keys(pillars))
			return opslens.Errorf(opslens.EINVALID, "pillar priority %q is not a pillar of the applied lenses%s", p,
				suggest(p, ids, "pillars: "+strings.Join(ids, ", ")))
		}
	}
	return nil
}

// DeleteWorkload removes a workload and everything recorded about it.
func (s *Service) DeleteWorkload(ctx context.Context, name string) error {
	if _, err := s.Workload(ctx, name); err != nil {
		return err
	}
	return s.store.DeleteWorkload(ctx, name)
}

// LensFor returns the lens of a workload's review, defaulting to its first
// lens when alias is empty.
func (s *Service) LensFor(ctx context.Context, w *opslens.Workload, alias string) (string, *lens.Lens, error) {
	if alias == "" {
		alias = w.Lenses[0]
	} else if !contains(w.Lenses, alias) {
		return "", nil, opslens.Errorf(opslens.EINVALID, "lens %q is not applied to workload %q (applied: %s); add it with 'opslens workload update %s --add-lens %s'",
			alias, w.Name, strings.Join(w.Lenses, ", "), w.Name, alias)
	}
	l, err := s.Lens(ctx, alias)
	return alias, l, err
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Evaluate computes the current risks of every lens review of a workload.
func (s *Service) Evaluate(ctx context.Context, w *opslens.Workload) ([]*LensResult, error) {
	snap, err := s.Snapshot(ctx, w)
	if err != nil {
		return nil, err
	}
	return s.EvaluateSnapshot(ctx, snap)
}

// Snapshot captures the workload and all its answers as they are now, read
// in one store transaction.
func (s *Service) Snapshot(ctx context.Context, w *opslens.Workload) (opslens.Snapshot, error) {
	snap, err := s.store.Snapshot(ctx, w.ID)
	if err != nil {
		return snap, fmt.Errorf("load review of %s: %w", w.Name, err)
	}
	for _, r := range snap.Reviews {
		sort.Slice(r.Answers, func(i, j int) bool { return r.Answers[i].QuestionID < r.Answers[j].QuestionID })
	}
	return snap, nil
}

// EvaluateSnapshot computes the risks recorded in a snapshot.
func (s *Service) EvaluateSnapshot(ctx context.Context, snap opslens.Snapshot) ([]*LensResult, error) {
	var out []*LensResult
	for _, r := range snap.Reviews {
		l, err := s.Lens(ctx, r.LensAlias)
		if err != nil {
			return nil, err
		}
		res, err := Evaluate(r.LensAlias, l, r.Answers)
		if err != nil {
			return nil, err
		}
		out = append(out, res)
	}
	return out, nil
}

// CreateMilestone records the workload's review as it stands now.
func (s *Service) CreateMilestone(ctx context.Context, w *opslens.Workload, name string) (*opslens.Milestone, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 100 {
		return nil, opslens.Errorf(opslens.EINVALID, "milestone name must be 1 to 100 characters")
	}
	// No snapshot given: the store captures the review in the transaction
	// that numbers the milestone.
	m := &opslens.Milestone{WorkloadID: w.ID, Name: name, RecordedAt: s.Now().UTC()}
	if err := s.store.CreateMilestone(ctx, m); err != nil {
		return nil, err
	}
	s.publish(ctx, w, opslens.EventMilestoneRecorded, fmt.Sprintf("Milestone %d %q recorded for %s.", m.Number, m.Name, w.Name),
		map[string]any{"MilestoneNumber": m.Number, "MilestoneName": m.Name})
	return m, nil
}

// Milestone returns milestone number n of a workload.
func (s *Service) Milestone(ctx context.Context, w *opslens.Workload, n int) (*opslens.Milestone, error) {
	m, err := s.store.Milestone(ctx, w.ID, n)
	if opslens.ErrorCode(err) == opslens.ENOTFOUND {
		return nil, opslens.Errorf(opslens.ENOTFOUND, "workload %q has no milestone %d; run 'opslens milestone list %s'", w.Name, n, w.Name)
	}
	return m, err
}

// Milestones lists a workload's milestones.
func (s *Service) Milestones(ctx context.Context, w *opslens.Workload) ([]*opslens.Milestone, error) {
	return s.store.Milestones(ctx, w.ID)
}

// State is an evaluated review at one point: now, or a milestone.
type State struct {
	Label     string
	Milestone *opslens.Milestone // nil for the current state
	Workload  opslens.Workload
	Results   []*LensResult
	// Evidence recorded by scans, by lens alias and choice ID; a
	// milestone's state shows the evidence it was taken with.
	Evidence map[string]map[string]ChoiceEvidence
}

// StateAt evaluates milestone n of a workload, or its current review when n
// is 0.
func (s *Service) StateAt(ctx context.Context, w *opslens.Workload, n int) (*State, error) {
	if n == 0 {
		snap, err := s.Snapshot(ctx, w)
		if err != nil {
			return nil, err
		}
		res, err := s.EvaluateSnapshot(ctx, snap)
		if err != nil {
			return nil, err
		}
		return &State{Label: "now", Workload: snap.Workload, Results: res, Evidence: evidenceOf(snap)}, nil
	}
	m, err := s.Milestone(ctx, w, n)
	if err != nil {
		return nil, err
	}
	res, err := s.EvaluateSnapshot(ctx, m.Snapshot)
	if err != nil {
		return nil, err
	}
	return &State{Label: fmt.Sprintf("milestone %d (%s)", m.Number, m.Name), Milestone: m, Workload: m.Snapshot.Workload,
		Results: res, Evidence: evidenceOf(m.Snapshot)}, nil
}

func evidenceOf(snap opslens.Snapshot) map[string]map[string]ChoiceEvidence {
	out := map[string]map[string]ChoiceEvidence{}
	for _, r := range snap.Reviews {
		if len(r.Evidence) > 0 {
			out[r.LensAlias] = EvidenceByChoice(r.Evidence)
		}
	}
	return out
}
