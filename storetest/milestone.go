package storetest

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/opslens/opslens"
)

var milestoneTests = []test{
	{"Numbering", testMilestoneNumbering},
	{"Duplicate", testMilestoneDuplicate},
	{"SnapshotRoundTrip", testMilestoneSnapshot},
	{"Immutable", testMilestoneImmutable},
	{"NotFound", testMilestoneNotFound},
}

// milestoneAt is a recording time with sub-millisecond digits in a non-UTC
// zone, like the review service's clock may produce.
var milestoneAt = time.Date(2024, 6, 30, 23, 59, 59, 987654321, time.FixedZone("EST", -5*3600))

// createMilestone records a workload's current review, as the review service
// does.
func createMilestone(t *testing.T, s opslens.Store, w *opslens.Workload, name string) *opslens.Milestone {
	t.Helper()
	m := &opslens.Milestone{WorkloadID: w.ID, Name: name, RecordedAt: milestoneAt, Snapshot: snapshotOf(t, s, w)}
	must(t, s.CreateMilestone(t.Context(), m), fmt.Sprintf("create milestone %q of %s", name, w.Name))
	return m
}

func checkMilestone(t *testing.T, what string, got, want *opslens.Milestone) {
	t.Helper()
	if got == nil {
		t.Fatalf("%s: got nil milestone", what)
	}
	if got.WorkloadID != want.WorkloadID || got.Number != want.Number || got.Name != want.Name {
		t.Errorf("%s: got workload %d number %d name %q, want workload %d number %d name %q",
			what, got.WorkloadID, got.Number, got.Name, want.WorkloadID, want.Number, want.Name)
	}
	checkUTC(t, what+" RecordedAt", got.RecordedAt, want.RecordedAt)
	if g, w := normSnapshot(got.Snapshot), normSnapshot(want.Snapshot); !reflect.DeepEqual(g, w) {
		t.Errorf("%s snapshot:\n got %+v\nwant %+v", what, g, w)
	}
}

func checkNumbers(t *testing.T, s opslens.Store, w *opslens.Workload, names ...string) {
	t.Helper()
	list, err := s.Milestones(t.Context(), w.ID)
	must(t, err, "list milestones of "+w.Name)
	if len(list) != len(names) {
		t.Fatalf("%s has %d milestones, want %d", w.Name, len(list), len(names))
	}
	for i, m := range list {
		if m.Number != i+1 || m.Name != names[i] || m.WorkloadID != w.ID {
			t.Errorf("%s milestone %d: got number %d name %q workload %d, want number %d name %q workload %d",
				w.Name, i, m.Number, m.Name, m.WorkloadID, i+1, names[i], w.ID)
		}
	}
}

func testMilestoneNumbering(t *testing.T, s opslens.Store) {
	a := createWorkload(t, s, "workload-a", builtinLens)
	b := createWorkload(t, s, "workload-b", builtinLens)
	if ms, err := s.Milestones(t.Context(), a.ID); err != nil || len(ms) != 0 {
		t.Fatalf("new workload: milestones %v, error %v; want none", ms, err)
	}
	// Interleaved so that numbering must be per workload, not global.
	steps := []struct {
		w      *opslens.Workload
		name   string
		number int
	}{
		{a, "first", 1},
		{b, "first", 1},
		{a, "second", 2},
		{a, "third", 3},
		{b, "second", 2},
	}
	for _, st := range steps {
		m := createMilestone(t, s, st.w, st.name)
		if m.Number != st.number {
			t.Errorf("milestone %q of %s got number %d, want %d", st.name, st.w.Name, m.Number, st.number)
		}
	}
	checkNumbers(t, s, a, "first", "second", "third")
	checkNumbers(t, s, b, "first", "second")
}

func testMilestoneDuplicate(t *testing.T, s opslens.Store) {
	ctx := t.Context()
	a := createWorkload(t, s, "workload-a", builtinLens)
	b := createWorkload(t, s, "workload-b", builtinLens)
	createMilestone(t, s, a, "launch")
	dup := &opslens.Milestone{WorkloadID: a.ID, Name: "launch", RecordedAt: milestoneAt, Snapshot: snapshotOf(t, s, a)}
	wantCode(t, s.CreateMilestone(ctx, dup), opslens.ECONFLICT, "create milestone with a taken name")
	checkNumbers(t, s, a, "launch")
	// The refused milestone did not use up a number.
	createMilestone(t, s, a, "next")
	checkNumbers(t, s, a, "launch", "next")
	// Names are unique per workload only.
	createMilestone(t, s, b, "launch")
	checkNumbers(t, s, b, "launch")
}

func testMilestoneSnapshot(t *testing.T, s opslens.Store) {
	ctx := t.Context()
	w := createWorkload(t, s, "snap", builtinLens, "custom")
	// Answer times in an odd zone with nanoseconds; the snapshot holds them
	// as given, so they must come back as the same instants.
	at := time.Date(2024, 1, 2, 3, 4, 5, 600700800, time.FixedZone("IST", 5*3600+1800))
	var reviews []opslens.LensAnswers
	for _, alias := range w.Lenses {
		var as []opslens.Answer
		for i, c := range answerCases {
			a := c.answer
			a.UpdatedAt = at.Add(time.Duration(i) * time.Minute)
			as = append(as, a)
		}
		reviews = append(reviews, opslens.LensAnswers{LensAlias: alias, Answers: as})
	}
	m := &opslens.Milestone{
		WorkloadID: w.ID,
		Name:       "rich snapshot",
		RecordedAt: milestoneAt,
		Snapshot:   opslens.Snapshot{Workload: *w, Reviews: reviews},
	}
	want := *m
	must(t, s.CreateMilestone(ctx, m), "create milestone")
	want.Number = 1
	if m.Number != want.Number {
		t.Errorf("milestone number = %d, want 1", m.Number)
	}
	got, err := s.Milestone(ctx, w.ID, 1)
	must(t, err, "get milestone")
	checkMilestone(t, "stored milestone", got, &want)
	list, err := s.Milestones(ctx, w.ID)
	must(t, err, "list milestones")
	if len(list) != 1 {
		t.Fatalf("listed %d milestones, want 1", len(list))
	}
	checkMilestone(t, "listed milestone", list[0], &want)
}

// testMilestoneImmutable checks that later changes to the workload and its
// answers do not reach a recorded milestone.
func testMilestoneImmutable(t *testing.T, s opslens.Store) {
	ctx := t.Context()
	w := createWorkload(t, s, "moving", builtinLens)
	putAnswers(t, s, w.ID, builtinLens, answerSelected("q1", "a"), answerSelected("q2", "b"))
	m := createMilestone(t, s, w, "baseline")
	recorded, err := s.Milestone(ctx, w.ID, m.Number)
	must(t, err, "get milestone")

	putAnswers(t, s, w.ID, builtinLens, answerSelected("q1", "z"), answerSelected("q3", "c"))
	w.Description = "changed later"
	w.Lenses = []string{builtinLens, "added"}
	must(t, replaceWorkload(t, s, w), "update workload")

	later, err := s.Milestone(ctx, w.ID, m.Number)
	must(t, err, "get milestone after changes")
	checkMilestone(t, "milestone after changes", later, recorded)
	if got := later.Snapshot.Workload.Description; got != "Description of moving" {
		t.Errorf("milestone workload description = %q, want the recorded one", got)
	}
}

func testMilestoneNotFound(t *testing.T, s opslens.Store) {
	w := createWorkload(t, s, "known", builtinLens)
	createMilestone(t, s, w, "m1")
	unknown := w.ID + 1000
	cases := []struct {
		name string
		call func(t *testing.T) error
	}{
		{"Milestone number", func(t *testing.T) error { _, err := s.Milestone(t.Context(), w.ID, 2); return err }},
		{"Milestone zero", func(t *testing.T) error { _, err := s.Milestone(t.Context(), w.ID, 0); return err }},
		{"Milestone of unknown workload", func(t *testing.T) error { _, err := s.Milestone(t.Context(), unknown, 1); return err }},
		{"Milestones of unknown workload", func(t *testing.T) error { _, err := s.Milestones(t.Context(), unknown); return err }},
		{"CreateMilestone for unknown workload", func(t *testing.T) error {
			return s.CreateMilestone(t.Context(), &opslens.Milestone{WorkloadID: unknown, Name: "m1", RecordedAt: milestoneAt})
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { wantCode(t, c.call(t), opslens.ENOTFOUND, c.name) })
	}
	checkNumbers(t, s, w, "m1")
}
