package storetest

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
	"testing"

	"github.com/opslens/opslens"
)

// Versions and concurrent writers: every backend must serialise
// read-modify-writes and refuse writes based on a stale read.
var concurrencyTests = []test{
	{"AnswerVersions", testAnswerVersions},
	{"UpdateAnswer", testUpdateAnswer},
	{"UpdateAnswerConcurrent", testUpdateAnswerConcurrent},
	{"WorkloadVersions", testWorkloadVersions},
	{"UpdateWorkloadConcurrent", testUpdateWorkloadConcurrent},
	{"MilestoneConcurrent", testMilestoneConcurrent},
	{"MilestoneCapturesSnapshot", testMilestoneCaptures},
	{"Snapshot", testSnapshot},
}

// writers is how many goroutines race in the concurrency tests: enough to
// overlap on any backend, few enough for a busy CI machine.
const writers = 12

func testAnswerVersions(t *testing.T, s opslens.Store) {
	ctx := t.Context()
	w := createWorkload(t, s, "versions", builtinLens)
	first := []opslens.Answer{answerSelected("q1", "a")}
	must(t, s.PutAnswers(ctx, w.ID, builtinLens, first), "first answer with version 0")
	if first[0].Version != 1 || first[0].UpdatedAt.IsZero() {
		t.Errorf("after first save: version %d, updated %v; want version 1 and a time", first[0].Version, first[0].UpdatedAt)
	}
	// A second writer that also saw the question unanswered is refused.
	stale := []opslens.Answer{answerSelected("q1", "b")}
	wantCode(t, s.PutAnswers(ctx, w.ID, builtinLens, stale), opslens.ECONFLICT, "write based on version 0 after a save")
	// So is a batch with one stale answer among fresh ones: nothing lands.
	batch := []opslens.Answer{answerSelected("q2", "x"), answerSelected("q1", "c")}
	wantCode(t, s.PutAnswers(ctx, w.ID, builtinLens, batch), opslens.ECONFLICT, "batch with a stale answer")
	if batch[0].Version != 0 {
		t.Errorf("refused batch changed the caller's version to %d", batch[0].Version)
	}
	checkAnswers(t, "answers after refused writes", answersOf(t, s, w.ID, builtinLens), first)

	next := answerSelected("q1", "d")
	next.Version = 1
	must(t, s.PutAnswers(ctx, w.ID, builtinLens, []opslens.Answer{next}), "write based on the current version")
	got := answersOf(t, s, w.ID, builtinLens)
	if len(got) != 1 || got[0].Version != 2 {
		t.Fatalf("after second save: %+v; want one answer at version 2", got)
	}
	future := answerSelected("q1", "e")
	future.Version = 7
	wantCode(t, s.PutAnswers(ctx, w.ID, builtinLens, []opslens.Answer{future}), opslens.ECONFLICT, "write based on a version never stored")
}

func testUpdateAnswer(t *testing.T, s opslens.Store) {
	ctx := t.Context()
	w := createWorkload(t, s, "update-answer", builtinLens)
	var seen opslens.Answer
	got, err := s.UpdateAnswer(ctx, w.ID, builtinLens, "q1", func(a *opslens.Answer) error {
		seen = *a
		a.Choices = append(a.Choices, opslens.ChoiceAnswer{ChoiceID: "c1", Status: opslens.ChoiceSelected})
		a.Notes = "first"
		return nil
	})
	must(t, err, "update an unanswered question")
	want := opslens.Answer{QuestionID: "q1", IsApplicable: true}
	if seen.QuestionID != want.QuestionID || !seen.IsApplicable || seen.Version != 0 || len(seen.Choices) != 0 {
		t.Errorf("fn of an unanswered question got %+v, want %+v", seen, want)
	}
	if got.Version != 1 || got.Notes != "first" || got.UpdatedAt.IsZero() {
		t.Errorf("returned answer %+v; want version 1 with the change and a time", got)
	}
	checkAnswers(t, "stored after update", answersOf(t, s, w.ID, builtinLens), []opslens.Answer{*got})

	boom := errors.New("refused by the caller")
	_, err = s.UpdateAnswer(ctx, w.ID, builtinLens, "q1", func(a *opslens.Answer) error {
		a.Notes = "must not stick"
		return boom
	})
	if !errors.Is(err, boom) {
		t.Errorf("error from fn: got %v, want it returned", err)
	}
	_, err = s.UpdateAnswer(ctx, w.ID, builtinLens, "q1", func(a *opslens.Answer) error {
		*a = answerSelected("q1", "z") // a whole answer read before: version 0
		return nil
	})
	wantCode(t, err, opslens.ECONFLICT, "fn writing back a stale whole answer")
	_, err = s.UpdateAnswer(ctx, w.ID, builtinLens, "q1", func(a *opslens.Answer) error {
		a.QuestionID = "q2"
		return nil
	})
	wantCode(t, err, opslens.EINVALID, "fn changing the question")
	_, err = s.UpdateAnswer(ctx, w.ID, builtinLens, "q1", func(a *opslens.Answer) error {
		a.Choices = append(a.Choices, opslens.ChoiceAnswer{ChoiceID: "c9", Status: "MAYBE"})
		return nil
	})
	wantCode(t, err, opslens.EINVALID, "fn leaving an invalid answer")
	checkAnswers(t, "stored after refused updates", answersOf(t, s, w.ID, builtinLens), []opslens.Answer{*got})

	_, err = s.UpdateAnswer(ctx, w.ID, "not-applied", "q1", func(*opslens.Answer) error { return nil })
	wantCode(t, err, opslens.ENOTFOUND, "update answer of a lens not applied")
	_, err = s.UpdateAnswer(ctx, w.ID+1000, builtinLens, "q1", func(*opslens.Answer) error { return nil })
	wantCode(t, err, opslens.ENOTFOUND, "update answer of an unknown workload")
}

// testUpdateAnswerConcurrent is the lost-update check: many writers each add
// one choice to the same answer at once; every acknowledged choice must be
// in the final answer, and the version must count every write.
func testUpdateAnswerConcurrent(t *testing.T, s opslens.Store) {
	ctx := t.Context()
	w := createWorkload(t, s, "contended", builtinLens)
	var wg sync.WaitGroup
	acked := make([]bool, writers)
	errs := make([]error, writers)
	for i := range writers {
		wg.Go(func() {
			id := fmt.Sprintf("c%02d", i)
			_, errs[i] = s.UpdateAnswer(ctx, w.ID, builtinLens, "q1", func(a *opslens.Answer) error {
				a.Choices = append(a.Choices, opslens.ChoiceAnswer{ChoiceID: id, Status: opslens.ChoiceSelected})
				return nil
			})
			acked[i] = errs[i] == nil
		})
	}
	wg.Wait()
	got := answersOf(t, s, w.ID, builtinLens)
	if len(got) != 1 {
		t.Fatalf("got %d answers, want 1", len(got))
	}
	selected := got[0].Selected()
	n := 0
	for i, ok := range acked {
		if !ok {
			t.Errorf("writer %d failed: %v", i, errs[i])
			continue
		}
		n++
		if !slices.Contains(selected, fmt.Sprintf("c%02d", i)) {
			t.Errorf("acknowledged choice c%02d was lost; final selection %v", i, selected)
		}
	}
	if int(got[0].Version) != n {
		t.Errorf("version %d after %d acknowledged writes", got[0].Version, n)
	}
}

func testWorkloadVersions(t *testing.T, s opslens.Store) {
	ctx := t.Context()
	w := createWorkload(t, s, "versioned", builtinLens)
	if w.Version != 1 {
		t.Errorf("new workload has version %d, want 1", w.Version)
	}
	shown := *w // what a form showed
	got, err := s.UpdateWorkload(ctx, w.ID, func(cur *opslens.Workload) error {
		cur.Owner = "first-writer"
		return nil
	})
	must(t, err, "relative update")
	if got.Version != 2 || got.Owner != "first-writer" {
		t.Errorf("after update: version %d owner %q; want 2 and first-writer", got.Version, got.Owner)
	}
	shown.Description = "from a stale form"
	wantCode(t, replaceWorkload(t, s, &shown), opslens.ECONFLICT, "whole write based on version 1")
	stored, err := s.Workload(ctx, w.Name)
	must(t, err, "get workload")
	checkWorkload(t, "workload after refused stale write", stored, got)

	boom := errors.New("refused by the caller")
	if _, err := s.UpdateWorkload(ctx, w.ID, func(cur *opslens.Workload) error { cur.Owner = "x"; return boom }); !errors.Is(err, boom) {
		t.Errorf("error from fn: got %v, want it returned", err)
	}
	_, err = s.UpdateWorkload(ctx, w.ID, func(cur *opslens.Workload) error { cur.Name = ""; return nil })
	wantCode(t, err, opslens.EINVALID, "fn leaving an invalid workload")
	_, err = s.UpdateWorkload(ctx, w.ID+1000, func(*opslens.Workload) error { return nil })
	wantCode(t, err, opslens.ENOTFOUND, "update an unknown workload")
	stored, err = s.Workload(ctx, w.Name)
	must(t, err, "get workload")
	checkWorkload(t, "workload after refused updates", stored, got)
}

// testUpdateWorkloadConcurrent: writers each set their own tag at once; all
// tags must land.
func testUpdateWorkloadConcurrent(t *testing.T, s opslens.Store) {
	ctx := t.Context()
	w := createWorkload(t, s, "busy-workload", builtinLens)
	want := maps.Clone(w.Tags)
	var wg sync.WaitGroup
	errs := make([]error, writers)
	for i := range writers {
		k := fmt.Sprintf("writer-%02d", i)
		want[k] = "yes"
		wg.Go(func() {
			_, errs[i] = s.UpdateWorkload(ctx, w.ID, func(cur *opslens.Workload) error {
				if cur.Tags == nil {
					cur.Tags = map[string]string{}
				}
				cur.Tags[k] = "yes"
				return nil
			})
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("writer %d: %v", i, err)
		}
	}
	got, err := s.Workload(ctx, w.Name)
	must(t, err, "get workload")
	if !maps.Equal(got.Tags, want) {
		t.Errorf("tags after concurrent updates:\n got %v\nwant %v", got.Tags, want)
	}
	if got.Version != 1+writers {
		t.Errorf("version %d after %d updates of a new workload, want %d", got.Version, writers, 1+writers)
	}
}

func testMilestoneConcurrent(t *testing.T, s opslens.Store) {
	ctx := t.Context()
	w := createWorkload(t, s, "racing-milestones", builtinLens)
	var wg sync.WaitGroup
	numbers := make([]int, writers)
	errs := make([]error, writers)
	for i := range writers {
		wg.Go(func() {
			m := &opslens.Milestone{WorkloadID: w.ID, Name: fmt.Sprintf("m%02d", i), RecordedAt: milestoneAt}
			errs[i] = s.CreateMilestone(ctx, m)
			numbers[i] = m.Number
		})
	}
	wg.Wait()
	seen := map[int]bool{}
	for i, err := range errs {
		must(t, err, fmt.Sprintf("concurrent milestone %d", i))
		if seen[numbers[i]] {
			t.Errorf("number %d given twice", numbers[i])
		}
		seen[numbers[i]] = true
	}
	for n := 1; n <= writers; n++ {
		if !seen[n] {
			t.Errorf("number %d missing: numbers %v", n, numbers)
		}
	}
}

// testMilestoneCaptures: a milestone created without a snapshot holds the
// state at its creation, read in the same transaction.
func testMilestoneCaptures(t *testing.T, s opslens.Store) {
	ctx := t.Context()
	w := createWorkload(t, s, "captured", builtinLens, "custom")
	putAnswers(t, s, w.ID, builtinLens, answerSelected("q1", "a"))
	putAnswers(t, s, w.ID, "custom", answerSelected("k1", "b"))
	want := snapshotOf(t, s, w)
	m := &opslens.Milestone{WorkloadID: w.ID, Name: "captured", RecordedAt: milestoneAt}
	must(t, s.CreateMilestone(ctx, m), "create milestone without a snapshot")
	if g, w := normSnapshot(m.Snapshot), normSnapshot(want); !reflectEqual(g, w) {
		t.Errorf("captured snapshot:\n got %+v\nwant %+v", g, w)
	}
	stored, err := s.Milestone(ctx, w.ID, m.Number)
	must(t, err, "get milestone")
	checkMilestone(t, "stored captured milestone", stored, &opslens.Milestone{
		WorkloadID: w.ID, Number: 1, Name: "captured", RecordedAt: milestoneAt, Snapshot: want})
}

func testSnapshot(t *testing.T, s opslens.Store) {
	ctx := t.Context()
	w := createWorkload(t, s, "snapshot", builtinLens, "custom")
	putAnswers(t, s, w.ID, "custom", answerSelected("k1", "b"), answerSelected("k2", "c"))
	got, err := s.Snapshot(ctx, w.ID)
	must(t, err, "snapshot")
	if g, w := normSnapshot(got), normSnapshot(snapshotOf(t, s, w)); !reflectEqual(g, w) {
		t.Errorf("snapshot:\n got %+v\nwant %+v", g, w)
	}
	_, err = s.Snapshot(ctx, w.ID+1000)
	wantCode(t, err, opslens.ENOTFOUND, "snapshot of an unknown workload")
}
