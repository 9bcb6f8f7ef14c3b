package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/opslens/opslens"
)

var evidenceTests = []test{
	{"RoundTripAndReplace", testEvidenceRoundTrip},
	{"Invalid", testEvidenceInvalid},
	{"FollowsLensAndWorkload", testEvidenceLifecycle},
	{"MilestoneKeepsEvidence", testEvidenceMilestone},
}

// scannedAt is a scan time in a non-UTC zone with sub-millisecond digits.
var scannedAt = time.Date(2026, 3, 4, 5, 6, 7, 891234567, time.FixedZone("CET", 3600))

func evidenceSet(repo, commit string, choices ...string) opslens.EvidenceSet {
	s := opslens.EvidenceSet{Repository: repo, Commit: commit, ToolVersion: "v1.2.3", ScannedAt: scannedAt}
	for i, c := range choices {
		conf := opslens.ConfidenceStrong
		if i%2 == 1 {
			conf = opslens.ConfidencePartial
		}
		s.Findings = append(s.Findings, opslens.PracticeEvidence{
			QuestionID: "q1", ChoiceID: c, Confidence: conf,
			Proofs: []opslens.EvidenceProof{
				{Path: ".github/workflows/ci.yml", Line: 12, Summary: "a pipeline runs the tests on every push"},
				{Path: "deploy/rollout.yaml", KeyPath: "spec.strategy.canary", Summary: "canary steps ✓ with \"quotes\""},
			},
		})
	}
	return s
}

func normEvidence(sets []opslens.EvidenceSet) []opslens.EvidenceSet {
	out := make([]opslens.EvidenceSet, len(sets))
	for i, s := range sets {
		s.ScannedAt = ms(s.ScannedAt)
		out[i] = s
	}
	return out
}

func checkEvidence(t *testing.T, what string, got, want []opslens.EvidenceSet) {
	t.Helper()
	for _, s := range got {
		checkUTC(t, what+" ScannedAt", s.ScannedAt, s.ScannedAt)
	}
	if g, w := normEvidence(got), normEvidence(want); !reflect.DeepEqual(g, w) {
		t.Errorf("%s:\n got %+v\nwant %+v", what, g, w)
	}
}

func evidenceOf(t *testing.T, s opslens.Store, id int64, alias string) []opslens.EvidenceSet {
	t.Helper()
	got, err := s.Evidence(t.Context(), id, alias)
	must(t, err, "get evidence")
	return got
}

func testEvidenceRoundTrip(t *testing.T, s opslens.Store) {
	ctx := t.Context()
	w := createWorkload(t, s, "scanned", builtinLens)
	if got := evidenceOf(t, s, w.ID, builtinLens); len(got) != 0 {
		t.Fatalf("new workload has evidence %+v", got)
	}
	api := evidenceSet("git@example.com:team/api.git", "abc123", "c1", "c2")
	infra := evidenceSet("/src/infra", "", "c3")
	must(t, s.PutEvidence(ctx, w.ID, builtinLens, infra), "put infra evidence")
	must(t, s.PutEvidence(ctx, w.ID, builtinLens, api), "put api evidence")
	checkEvidence(t, "two repositories", evidenceOf(t, s, w.ID, builtinLens), []opslens.EvidenceSet{infra, api})

	// A re-scan of one repository replaces its set only.
	rescan := evidenceSet("/src/infra", "def456", "c4")
	must(t, s.PutEvidence(ctx, w.ID, builtinLens, rescan), "re-scan infra")
	checkEvidence(t, "after re-scan", evidenceOf(t, s, w.ID, builtinLens), []opslens.EvidenceSet{rescan, api})

	// A scan that found nothing is recorded too: it says the repository was read.
	empty := evidenceSet("/src/infra", "fff000")
	must(t, s.PutEvidence(ctx, w.ID, builtinLens, empty), "re-scan with no findings")
	got := evidenceOf(t, s, w.ID, builtinLens)
	if len(got) != 2 || got[0].Commit != "fff000" || len(got[0].Findings) != 0 {
		t.Errorf("after empty re-scan: %+v", got)
	}
}

func testEvidenceInvalid(t *testing.T, s opslens.Store) {
	ctx := t.Context()
	w := createWorkload(t, s, "bad-evidence", builtinLens)
	good := evidenceSet("/src/app", "abc", "c1")
	cases := map[string]func(*opslens.EvidenceSet){
		"no repository":    func(e *opslens.EvidenceSet) { e.Repository = " " },
		"bad confidence":   func(e *opslens.EvidenceSet) { e.Findings[0].Confidence = "certain" },
		"no proof":         func(e *opslens.EvidenceSet) { e.Findings[0].Proofs = nil },
		"no choice":        func(e *opslens.EvidenceSet) { e.Findings[0].ChoiceID = "" },
		"proof no summary": func(e *opslens.EvidenceSet) { e.Findings[0].Proofs[0].Summary = "" },
		"choice twice":     func(e *opslens.EvidenceSet) { e.Findings = append(e.Findings, e.Findings[0]) },
	}
	for name, breakIt := range cases {
		bad := evidenceSet("/src/app", "abc", "c1")
		breakIt(&bad)
		wantCode(t, s.PutEvidence(ctx, w.ID, builtinLens, bad), opslens.EINVALID, name)
	}
	wantCode(t, s.PutEvidence(ctx, w.ID, "not-applied", good), opslens.ENOTFOUND, "evidence for a lens not applied")
	wantCode(t, s.PutEvidence(ctx, w.ID+1000, builtinLens, good), opslens.ENOTFOUND, "evidence for an unknown workload")
	_, err := s.Evidence(ctx, w.ID, "not-applied")
	wantCode(t, err, opslens.ENOTFOUND, "evidence of a lens not applied")
	if got := evidenceOf(t, s, w.ID, builtinLens); len(got) != 0 {
		t.Errorf("refused evidence was stored: %+v", got)
	}
}

func testEvidenceLifecycle(t *testing.T, s opslens.Store) {
	ctx := t.Context()
	w := createWorkload(t, s, "evidence-owner", builtinLens, "custom")
	must(t, s.PutEvidence(ctx, w.ID, "custom", evidenceSet("/src/app", "abc", "c1")), "put evidence")
	must(t, replaceWorkload(t, s, func() *opslens.Workload { c := *w; c.Lenses = []string{builtinLens}; return &c }()), "drop the lens")
	w, _ = s.Workload(ctx, w.Name)
	must(t, replaceWorkload(t, s, func() *opslens.Workload { c := *w; c.Lenses = []string{builtinLens, "custom"}; return &c }()), "re-apply the lens")
	if got := evidenceOf(t, s, w.ID, "custom"); len(got) != 0 {
		t.Errorf("evidence survived removing its lens: %+v", got)
	}
	must(t, s.PutEvidence(ctx, w.ID, builtinLens, evidenceSet("/src/app", "abc", "c1")), "put evidence")
	must(t, s.DeleteWorkload(ctx, w.Name), "delete workload")
	again := createWorkload(t, s, "evidence-owner", builtinLens)
	if got := evidenceOf(t, s, again.ID, builtinLens); len(got) != 0 {
		t.Errorf("a new workload of the same name inherited evidence: %+v", got)
	}
}

func testEvidenceMilestone(t *testing.T, s opslens.Store) {
	ctx := t.Context()
	w := createWorkload(t, s, "evidence-history", builtinLens)
	first := evidenceSet("/src/app", "abc", "c1", "c2")
	must(t, s.PutEvidence(ctx, w.ID, builtinLens, first), "put evidence")
	m := &opslens.Milestone{WorkloadID: w.ID, Name: "with evidence", RecordedAt: milestoneAt}
	must(t, s.CreateMilestone(ctx, m), "create milestone")
	must(t, s.PutEvidence(ctx, w.ID, builtinLens, evidenceSet("/src/app", "def", "c3")), "re-scan")
	got, err := s.Milestone(ctx, w.ID, m.Number)
	must(t, err, "get milestone")
	checkEvidence(t, "milestone evidence after a re-scan", got.Snapshot.Reviews[0].Evidence, []opslens.EvidenceSet{first})
	snap, err := s.Snapshot(ctx, w.ID)
	must(t, err, "snapshot")
	if e := snap.Reviews[0].Evidence; len(e) != 1 || e[0].Commit != "def" {
		t.Errorf("current snapshot evidence: %+v, want the re-scan", e)
	}
}
