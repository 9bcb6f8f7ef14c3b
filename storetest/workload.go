package storetest

import (
	"testing"
	"time"

	"github.com/opslens/opslens"
)

var workloadTests = []test{
	{"BadProfile", testWorkloadBadProfile},
	{"Create", testWorkloadCreate},
	{"Duplicate", testWorkloadDuplicate},
	{"List", testWorkloadList},
	{"Update", testWorkloadUpdate},
	{"UpdateLenses", testWorkloadUpdateLenses},
	{"UpdateAtomic", testWorkloadUpdateAtomic},
	{"Delete", testWorkloadDelete},
	{"NotFound", testWorkloadNotFound},
}

func testWorkloadCreate(t *testing.T, s opslens.Store) {
	ctx := t.Context()
	cases := []struct {
		name string
		w    *opslens.Workload
	}{
		{"every field", sampleWorkload("full", builtinLens, "custom-b", "custom-a")},
		{"minimal", &opslens.Workload{Name: "minimal", Environment: opslens.EnvPreproduction, Lenses: []string{builtinLens}}},
	}
	ids := map[int64]bool{}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := time.Now()
			must(t, s.CreateWorkload(ctx, c.w), "create workload")
			after := time.Now()
			if c.w.ID == 0 || ids[c.w.ID] {
				t.Fatalf("workload ID = %d, want a new non-zero ID (have %v)", c.w.ID, ids)
			}
			ids[c.w.ID] = true
			checkStamp(t, "CreatedAt", c.w.CreatedAt, before, after)
			checkStamp(t, "UpdatedAt", c.w.UpdatedAt, before, after)
			if !ms(c.w.CreatedAt).Equal(ms(c.w.UpdatedAt)) {
				t.Errorf("new workload: CreatedAt %v != UpdatedAt %v", c.w.CreatedAt, c.w.UpdatedAt)
			}
			got, err := s.Workload(ctx, c.w.Name)
			must(t, err, "get workload")
			checkWorkload(t, "stored workload", got, c.w)
			checkUTC(t, "stored CreatedAt", got.CreatedAt, c.w.CreatedAt)
			byID, err := s.WorkloadByID(ctx, c.w.ID)
			must(t, err, "get workload by ID")
			checkWorkload(t, "workload by ID", byID, c.w)
		})
	}
	_, err := s.WorkloadByID(ctx, 999999)
	wantCode(t, err, opslens.ENOTFOUND, "unknown workload ID")
}

func testWorkloadDuplicate(t *testing.T, s opslens.Store) {
	ctx := t.Context()
	orig := createWorkload(t, s, "taken", builtinLens)
	dup := sampleWorkload("taken", "custom")
	dup.Description = "the impostor"
	wantCode(t, s.CreateWorkload(ctx, dup), opslens.ECONFLICT, "create workload with a taken name")
	all, err := s.Workloads(ctx)
	must(t, err, "list workloads")
	if len(all) != 1 {
		t.Fatalf("after refused duplicate there are %d workloads, want 1", len(all))
	}
	checkWorkload(t, "original after refused duplicate", all[0], orig)
}

func testWorkloadList(t *testing.T, s opslens.Store) {
	ctx := t.Context()
	all, err := s.Workloads(ctx)
	must(t, err, "list workloads of an empty store")
	if len(all) != 0 {
		t.Fatalf("empty store lists %d workloads", len(all))
	}
	// Created out of order, with per-workload lens lists, so listing must
	// sort and must not mix up whose lenses are whose.
	want := map[string]*opslens.Workload{}
	for _, c := range []struct {
		name   string
		lenses []string
	}{
		{"charlie", []string{"c2", "c1"}},
		{"alpha", []string{builtinLens}},
		{"bravo", []string{"b1", builtinLens, "b3"}},
	} {
		want[c.name] = createWorkload(t, s, c.name, c.lenses...)
	}
	all, err = s.Workloads(ctx)
	must(t, err, "list workloads")
	names := []string{"alpha", "bravo", "charlie"}
	if len(all) != len(names) {
		t.Fatalf("listed %d workloads, want %d", len(all), len(names))
	}
	for i, n := range names {
		checkWorkload(t, "listed workload "+n, all[i], want[n])
	}
}

func testWorkloadUpdate(t *testing.T, s opslens.Store) {
	ctx := t.Context()
	w := createWorkload(t, s, "before", builtinLens)
	created := w.CreatedAt
	createWorkload(t, s, "bystander", builtinLens)
	// Updates within the timestamp precision must still move UpdatedAt
	// forward, or at least not backward.
	time.Sleep(2 * time.Millisecond)

	w.Name = "after"
	w.Description = "changed"
	w.Environment = opslens.EnvPreproduction
	w.Owner, w.ReviewOwner = "", "bob@example.com"
	w.Locations = []string{"ap-southeast-2"}
	w.Tags = map[string]string{"team": "sre"}
	w.Notes = ""
	w.PillarPriorities = nil
	w.Industry, w.IndustryType, w.ArchitecturalDesign = "Retail", "E-commerce", ""
	before := time.Now()
	must(t, replaceWorkload(t, s, w), "update workload")
	after := time.Now()
	checkStamp(t, "UpdatedAt after update", w.UpdatedAt, before, after)
	if !ms(w.CreatedAt).Equal(ms(created)) {
		t.Errorf("update changed CreatedAt from %v to %v", created, w.CreatedAt)
	}
	if ms(w.UpdatedAt).Before(ms(created)) {
		t.Errorf("UpdatedAt %v is before CreatedAt %v", w.UpdatedAt, created)
	}

	_, err := s.Workload(ctx, "before")
	wantCode(t, err, opslens.ENOTFOUND, "get workload by its old name")
	got, err := s.Workload(ctx, "after")
	must(t, err, "get workload by its new name")
	checkWorkload(t, "updated workload", got, w)
	if got.ID != w.ID {
		t.Errorf("rename changed ID from %d to %d", w.ID, got.ID)
	}
	other, err := s.Workload(ctx, "bystander")
	must(t, err, "get other workload")
	if other.Description != "Description of bystander" {
		t.Errorf("update touched another workload: %+v", other)
	}
}

// testWorkloadUpdateLenses checks that dropping a lens drops its answers but
// not the milestones that recorded them, and that kept lenses keep theirs.
func testWorkloadUpdateLenses(t *testing.T, s opslens.Store) {
	ctx := t.Context()
	w := createWorkload(t, s, "lenses", builtinLens, "dropped", "kept")
	keptAnswers := []opslens.Answer{answerSelected("k1", "a")}
	builtinAnswers := []opslens.Answer{answerSelected("q1", "a"), answerSelected("q2", "b")}
	putAnswers(t, s, w.ID, builtinLens, builtinAnswers...)
	putAnswers(t, s, w.ID, "dropped", answerSelected("d1", "a"))
	putAnswers(t, s, w.ID, "kept", keptAnswers...)
	m := createMilestone(t, s, w, "with dropped lens")
	recorded, err := s.Milestone(ctx, w.ID, m.Number)
	must(t, err, "get milestone")

	w.Lenses = []string{"kept", builtinLens}
	must(t, replaceWorkload(t, s, w), "drop a lens and reorder")
	got, err := s.Workload(ctx, w.Name)
	must(t, err, "get workload")
	checkWorkload(t, "workload after lens change", got, w)
	checkAnswers(t, "answers of kept lens", answersOf(t, s, w.ID, "kept"), keptAnswers)
	checkAnswers(t, "answers of built-in lens", answersOf(t, s, w.ID, builtinLens), builtinAnswers)

	after, err := s.Milestone(ctx, w.ID, m.Number)
	must(t, err, "get milestone after lens change")
	checkMilestone(t, "milestone after lens change", after, recorded)

	// Re-applying the lens starts its review afresh.
	w.Lenses = append(w.Lenses, "dropped")
	must(t, replaceWorkload(t, s, w), "re-apply dropped lens")
	if got := answersOf(t, s, w.ID, "dropped"); len(got) != 0 {
		t.Errorf("re-applied lens still has answers %+v", got)
	}
}

// testWorkloadUpdateAtomic makes an update fail after the point where a
// careless store would already have dropped a lens's answers.
func testWorkloadUpdateAtomic(t *testing.T, s opslens.Store) {
	ctx := t.Context()
	w := createWorkload(t, s, "victim", builtinLens, "custom")
	createWorkload(t, s, "taken", builtinLens)
	answers := []opslens.Answer{answerSelected("q1", "a")}
	putAnswers(t, s, w.ID, "custom", answers...)
	orig := *w

	changed := *w
	changed.Name = "taken"
	changed.Description = "should not stick"
	changed.Lenses = []string{builtinLens}
	wantCode(t, replaceWorkload(t, s, &changed), opslens.ECONFLICT, "rename onto a taken name")

	got, err := s.Workload(ctx, "victim")
	must(t, err, "get workload after refused update")
	checkWorkload(t, "workload after refused update", got, &orig)
	checkAnswers(t, "answers after refused update", answersOf(t, s, w.ID, "custom"), answers)
}

func testWorkloadDelete(t *testing.T, s opslens.Store) {
	ctx := t.Context()
	w := createWorkload(t, s, "doomed", builtinLens, "custom")
	keep := createWorkload(t, s, "survivor", builtinLens)
	putAnswers(t, s, w.ID, builtinLens, answerSelected("q1", "a"))
	putAnswers(t, s, w.ID, "custom", answerSelected("c1", "a"))
	putAnswers(t, s, keep.ID, builtinLens, answerSelected("q1", "b"))
	createMilestone(t, s, w, "m1")
	createMilestone(t, s, keep, "m1")

	must(t, s.DeleteWorkload(ctx, w.Name), "delete workload")
	_, err := s.Workload(ctx, w.Name)
	wantCode(t, err, opslens.ENOTFOUND, "get deleted workload")
	_, err = s.Answers(ctx, w.ID, builtinLens)
	wantCode(t, err, opslens.ENOTFOUND, "answers of deleted workload")
	_, err = s.Milestones(ctx, w.ID)
	wantCode(t, err, opslens.ENOTFOUND, "milestones of deleted workload")
	wantCode(t, s.DeleteWorkload(ctx, w.Name), opslens.ENOTFOUND, "delete workload twice")

	// A new workload of the same name starts empty.
	again := createWorkload(t, s, "doomed", builtinLens, "custom")
	if got := answersOf(t, s, again.ID, "custom"); len(got) != 0 {
		t.Errorf("re-created workload inherited answers %+v", got)
	}
	inherited, err := s.Milestones(ctx, again.ID)
	must(t, err, "milestones of re-created workload")
	if len(inherited) != 0 {
		t.Errorf("re-created workload inherited %d milestones", len(inherited))
	}

	// The other workload is untouched.
	checkAnswers(t, "survivor's answers", answersOf(t, s, keep.ID, builtinLens), []opslens.Answer{answerSelected("q1", "b")})
	sm, err := s.Milestones(ctx, keep.ID)
	must(t, err, "survivor's milestones")
	if len(sm) != 1 {
		t.Errorf("survivor has %d milestones, want 1", len(sm))
	}
}

func testWorkloadNotFound(t *testing.T, s opslens.Store) {
	ghost := sampleWorkload("ghost", builtinLens)
	ghost.ID = 4242
	cases := []struct {
		name string
		call func(t *testing.T) error
	}{
		{"Workload", func(t *testing.T) error { _, err := s.Workload(t.Context(), "ghost"); return err }},
		{"UpdateWorkload", func(t *testing.T) error { return replaceWorkload(t, s, ghost) }},
		{"DeleteWorkload", func(t *testing.T) error { return s.DeleteWorkload(t.Context(), "ghost") }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { wantCode(t, c.call(t), opslens.ENOTFOUND, c.name) })
	}
	all, err := s.Workloads(t.Context())
	must(t, err, "list workloads")
	if len(all) != 0 {
		t.Errorf("failed calls left %d workloads", len(all))
	}
}

// A profile with an unknown question or answer is refused.
func testWorkloadBadProfile(t *testing.T, s opslens.Store) {
	for _, p := range []opslens.Profile{{"mood": "good"}, {"change": "hourly"}} {
		w := sampleWorkload("profiled", builtinLens)
		w.Profile = p
		wantCode(t, s.CreateWorkload(t.Context(), w), opslens.EINVALID, "profile "+p.String())
	}
}
