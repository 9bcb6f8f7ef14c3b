// Package storetest is the conformance suite for opslens.Store. Every backend
// runs it from its own tests, so all backends honour one contract:
//
//	func TestStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) opslens.Store { ... })
//	}
//
// Beyond the documented Store contract the suite requires what the rest of
// opslens relies on: times come back in UTC with at least millisecond
// precision, caller-supplied ImportedAt and RecordedAt times are kept, and an
// invalid answer batch fails with EINVALID.
package storetest

import (
	"maps"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/opslens/opslens"
)

// Run runs the conformance suite. open must return a new, empty store each
// time it is called; Run closes it when the subtest that opened it ends.
func Run(t *testing.T, open func(t *testing.T) opslens.Store) {
	t.Helper()
	h := func(f func(t *testing.T, s opslens.Store)) func(t *testing.T) {
		return func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("close store: %v", err)
				}
			})
			f(t, s)
		}
	}
	groups := []struct {
		name  string
		tests []test
	}{
		{"Lens", lensTests},
		{"Workload", workloadTests},
		{"Answers", answerTests},
		{"Milestone", milestoneTests},
		{"Concurrency", concurrencyTests},
		{"Evidence", evidenceTests},
		{"User", userTests},
		{"Share", shareTests},
		{"Audit", auditTests},
		{"RateLimit", rateLimitTests},
		{"Repository", repositoryTests},
		{"Tickets", ticketTests},
		{"Portfolio", portfolioTests},
		{"Webhook", webhookTests},
		{"Template", templateTests},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			for _, tc := range g.tests {
				t.Run(tc.name, h(tc.run))
			}
		})
	}
	// Copies need two stores of the backend: one to dump, one to restore
	// into.
	t.Run("Dump", func(t *testing.T) {
		for _, tc := range dumpTests {
			t.Run(tc.name, h(func(t *testing.T, a opslens.Store) {
				h(func(t *testing.T, b opslens.Store) { tc.run(t, a, b) })(t)
			}))
		}
	})
}

// test is one subtest; each gets its own empty store so tests cannot depend
// on each other's leftovers.
type test struct {
	name string
	run  func(t *testing.T, s opslens.Store)
}

// builtinLens is applied to workloads without being stored, the way built-in
// lenses are: stores must not require applied lenses to exist.
const builtinLens = "wellarchitected"

// clockSlack bounds how far a store's clock may be from the test's when the
// store sets a timestamp itself; a database server may stamp times with its
// own clock.
const clockSlack = time.Minute

// wantCode fails the test unless err carries the given opslens error code.
func wantCode(t *testing.T, err error, code, what string) {
	t.Helper()
	if got := opslens.ErrorCode(err); got != code {
		t.Fatalf("%s: got error %v (code %q), want code %q", what, err, got, code)
	}
}

// must fails the test on an unexpected error.
func must(t *testing.T, err error, what string) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// ms is the precision the suite compares times at.
func ms(t time.Time) time.Time { return t.UTC().Truncate(time.Millisecond) }

// checkStamp checks a time the store set itself.
func checkStamp(t *testing.T, what string, got, before, after time.Time) {
	t.Helper()
	if got.IsZero() {
		t.Fatalf("%s is not set", what)
	}
	if got.Location() != time.UTC {
		t.Errorf("%s = %v is in %v, want UTC", what, got, got.Location())
	}
	if got.Before(before.Add(-clockSlack)) || got.After(after.Add(clockSlack)) {
		t.Errorf("%s = %v, want between %v and %v", what, got, before, after)
	}
}

// checkUTC checks that a time the caller supplied came back in UTC and equal
// at millisecond precision.
func checkUTC(t *testing.T, what string, got, want time.Time) {
	t.Helper()
	if got.Location() != time.UTC {
		t.Errorf("%s = %v is in %v, want UTC", what, got, got.Location())
	}
	if !ms(got).Equal(ms(want)) {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

// sampleWorkload fills every field so that round trips exercise all of them.
func sampleWorkload(name string, lenses ...string) *opslens.Workload {
	return &opslens.Workload{
		Name:                name,
		Description:         "Description of " + name,
		Environment:         opslens.EnvProduction,
		Owner:               "platform-team",
		ReviewOwner:         "alice@example.com",
		Locations:           []string{"eu-west-1", "us-east-1"},
		ArchitecturalDesign: "https://example.com/design/" + name,
		Industry:            "Software",
		IndustryType:        "SaaS",
		Tags:                map[string]string{"team": "platform", "cost-center": "4242", "empty": ""},
		Notes:               "Notes with \"quotes\", unicode ✓ and\nnewlines.",
		PillarPriorities:    []string{"security", "operationalExcellence"},
		Profile:             opslens.Profile{"criticality": "mission-critical", "change": "daily"},
		Lenses:              lenses,
	}
}

// createWorkload stores a sample workload and returns it with its ID set.
func createWorkload(t *testing.T, s opslens.Store, name string, lenses ...string) *opslens.Workload {
	t.Helper()
	w := sampleWorkload(name, lenses...)
	must(t, s.CreateWorkload(t.Context(), w), "create workload "+name)
	return w
}

func reflectEqual(a, b any) bool { return reflect.DeepEqual(a, b) }

// replaceWorkload writes w whole, as a form showing every field does: based
// on w.Version, so a stale w gets ECONFLICT. On success w becomes the stored
// result, with its new Version and UpdatedAt.
func replaceWorkload(t *testing.T, s opslens.Store, w *opslens.Workload) error {
	t.Helper()
	got, err := s.UpdateWorkload(t.Context(), w.ID, func(cur *opslens.Workload) error {
		*cur = *w
		return nil
	})
	if err == nil {
		*w = *got
	}
	return err
}

// normWorkload returns a copy comparable with reflect.DeepEqual: times at
// millisecond precision in UTC, and empty collections as nil, since a backend
// may not distinguish nil from empty.
func normWorkload(w *opslens.Workload) opslens.Workload {
	c := *w
	c.Locations = nilIfEmpty(slices.Clone(c.Locations))
	c.PillarPriorities = nilIfEmpty(slices.Clone(c.PillarPriorities))
	c.Lenses = nilIfEmpty(slices.Clone(c.Lenses))
	c.Tags = maps.Clone(c.Tags)
	if len(c.Tags) == 0 {
		c.Tags = nil
	}
	c.CreatedAt, c.UpdatedAt = ms(c.CreatedAt), ms(c.UpdatedAt)
	return c
}

func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

func checkWorkload(t *testing.T, what string, got, want *opslens.Workload) {
	t.Helper()
	if got == nil {
		t.Fatalf("%s: got nil workload", what)
	}
	if g, w := normWorkload(got), normWorkload(want); !reflect.DeepEqual(g, w) {
		t.Errorf("%s:\n got %+v\nwant %+v", what, g, w)
	}
}

// snapshotOf captures a workload's reviews the way the review service does.
func snapshotOf(t *testing.T, s opslens.Store, w *opslens.Workload) opslens.Snapshot {
	t.Helper()
	snap := opslens.Snapshot{Workload: *w}
	for _, alias := range w.Lenses {
		snap.Reviews = append(snap.Reviews, opslens.LensAnswers{LensAlias: alias, Answers: answersOf(t, s, w.ID, alias)})
	}
	return snap
}

// normSnapshot returns a copy with every time in UTC at millisecond
// precision; everything else must round-trip exactly.
func normSnapshot(s opslens.Snapshot) opslens.Snapshot {
	c := s
	c.Workload.CreatedAt, c.Workload.UpdatedAt = ms(c.Workload.CreatedAt), ms(c.Workload.UpdatedAt)
	c.Reviews = slices.Clone(s.Reviews)
	for i := range c.Reviews {
		c.Reviews[i].Answers = slices.Clone(c.Reviews[i].Answers)
		for j := range c.Reviews[i].Answers {
			a := &c.Reviews[i].Answers[j]
			a.UpdatedAt = ms(a.UpdatedAt)
		}
	}
	return c
}
