package review

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/lens"
	"github.com/opslens/opslens/sqlite"
)

var clock = time.Date(2024, 3, 1, 13, 30, 0, 0, time.FixedZone("CET", 3600))

// newService returns a Service over a fresh SQLite store with a fixed clock.
func newService(t *testing.T) *Service {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	svc, err := NewService(db)
	if err != nil {
		t.Fatal(err)
	}
	svc.Now = func() time.Time { return clock }
	return svc
}

// exportLens encodes l in the opslens format, optionally renamed and aliased.
func exportLens(t *testing.T, l *lens.Lens, name, alias string) []byte {
	t.Helper()
	c := *l
	if name != "" {
		c.Name = name
	}
	if alias != "" {
		c.Ext = &lens.LensExt{Alias: alias, Version: "1"}
	}
	data, err := c.Export(lens.FormatOpslens)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func newWorkload(name string, lenses ...string) *opslens.Workload {
	return &opslens.Workload{Name: name, Environment: opslens.EnvProduction, Description: "d", Lenses: lenses}
}

func mustCreate(t *testing.T, svc *Service, w *opslens.Workload) *opslens.Workload {
	t.Helper()
	if err := svc.CreateWorkload(context.Background(), w); err != nil {
		t.Fatalf("create workload %s: %v", w.Name, err)
	}
	return w
}

func mustApply(t *testing.T, svc *Service, w *opslens.Workload, alias, qid string, ch Change) *QuestionResult {
	t.Helper()
	qr, err := svc.ApplyChange(context.Background(), w, alias, qid, ch)
	if err != nil {
		t.Fatalf("apply to %s: %v", qid, err)
	}
	return qr
}

func TestServiceCreateWorkload(t *testing.T) {
	ctx := context.Background()
	svc := newService(t)
	if _, _, err := svc.ImportLens(ctx, exportLens(t, testLens(t), "", "tl"), "", false); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		lenses     []string
		priorities []string
		wName      string
		wantLenses []string
		code       string
		msg        []string
	}{
		{name: "default lens", wantLenses: []string{"operational-excellence"}},
		{name: "custom lens only", lenses: []string{"tl"}, wantLenses: []string{"tl"}},
		{
			name: "two lenses with priorities", lenses: []string{"tl", "operational-excellence"},
			priorities: []string{"beta", "operationalExcellence"}, wantLenses: []string{"tl", "operational-excellence"},
		},
		{name: "default lens with its pillar prioritised", priorities: []string{"operationalExcellence"}, wantLenses: []string{"operational-excellence"}},
		{
			name: "priority typo", priorities: []string{"operationalExcelence"},
			code: opslens.EINVALID, msg: []string{`"operationalExcelence"`, "did you mean operationalExcellence?"},
		},
		{
			name: "priority far off", priorities: []string{"security"},
			code: opslens.EINVALID, msg: []string{`"security"`, "pillars: operationalExcellence"},
		},
		{
			name: "priority of a lens not applied", lenses: []string{"operational-excellence"}, priorities: []string{"beta"},
			code: opslens.EINVALID, msg: []string{`"beta"`},
		},
		{
			name: "priority far off with two lenses", lenses: []string{"operational-excellence", "tl"}, priorities: []string{"alpha", "zzzzzzzzzz"},
			code: opslens.EINVALID, msg: []string{"pillars: alpha, beta, operationalExcellence"},
		},
		{
			name: "unknown lens", lenses: []string{"operational-excelence"},
			code: opslens.ENOTFOUND, msg: []string{"did you mean operational-excellence?"},
		},
		{
			name: "unknown lens far off", lenses: []string{"serverless"},
			code: opslens.ENOTFOUND, msg: []string{"available: operational-excellence, tl"},
		},
		{
			name: "lens applied twice", lenses: []string{"tl", "tl"},
			code: opslens.EINVALID, msg: []string{"applied twice"},
		},
		{name: "invalid workload", wName: "ab", code: opslens.EINVALID, msg: []string{"3 to 100"}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := tt.wName
			if name == "" {
				name = "workload-" + string(rune('a'+i))
			}
			w := newWorkload(name, tt.lenses...)
			w.PillarPriorities = tt.priorities
			err := svc.CreateWorkload(ctx, w)
			if tt.code != "" {
				errCode(t, err, tt.code, tt.msg...)
				if _, err := svc.store.Workload(ctx, name); opslens.ErrorCode(err) != opslens.ENOTFOUND {
					t.Errorf("rejected workload was stored: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if w.ID == 0 || !slices.Equal(w.Lenses, tt.wantLenses) {
				t.Errorf("created ID %d lenses %v, want lenses %v", w.ID, w.Lenses, tt.wantLenses)
			}
			got, err := svc.Workload(ctx, name)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got.Lenses, tt.wantLenses) || !slices.Equal(got.PillarPriorities, tt.priorities) {
				t.Errorf("stored lenses %v priorities %v", got.Lenses, got.PillarPriorities)
			}
		})
	}

	t.Run("update rejects unknown priorities", func(t *testing.T) {
		w := mustCreate(t, svc, newWorkload("updatable"))
		_, err := svc.UpdateWorkload(ctx, w, func(w *opslens.Workload) error {
			w.PillarPriorities = []string{"operationalexcellence"}
			return nil
		})
		errCode(t, err, opslens.EINVALID, "did you mean operationalExcellence?")
		got, err := svc.Workload(ctx, "updatable")
		if err != nil {
			t.Fatal(err)
		}
		if len(got.PillarPriorities) != 0 {
			t.Errorf("rejected update was stored: %v", got.PillarPriorities)
		}
		if _, err := svc.UpdateWorkload(ctx, w, func(w *opslens.Workload) error {
			w.PillarPriorities = []string{"operationalExcellence"}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("workload lookup suggests", func(t *testing.T) {
		_, err := svc.Workload(ctx, "updateable")
		errCode(t, err, opslens.ENOTFOUND, "did you mean updatable?")
	})
}

func TestServiceApplyChange(t *testing.T) {
	ctx := context.Background()
	svc := newService(t)
	w := mustCreate(t, svc, newWorkload("payments"))

	tests := []struct {
		name, alias, question string
		change                Change
		wantID                string
		wantIndex             int
		wantRisk              opslens.Risk
		wantMissing           []string
	}{
		{
			name: "lower-case ID, default lens", question: "ops01",
			change: Change{Select: bpIDs("OPS01", 1, 2, 3, 4, 5, 6)},
			wantID: "OPS01", wantIndex: 0, wantRisk: opslens.RiskNone, wantMissing: bpIDs("OPS01", 7),
		},
		{
			name: "by position", question: "2", change: Change{Select: []string{"none"}},
			wantID: "OPS02", wantIndex: 1, wantRisk: opslens.RiskHigh, wantMissing: bpIDs("OPS02", 1, 2, 3, 4, 5, 6, 7),
		},
		{
			name: "explicit lens, question not applicable", alias: "operational-excellence", question: "OPS03",
			change: Change{NotApplicable: true, Reason: opslens.ReasonOutOfScope},
			wantID: "OPS03", wantIndex: 2, wantRisk: opslens.RiskNotApplicable,
		},
		{
			name: "short choice forms", question: "OPS04", change: Change{Select: []string{"bp01", "OPS04-BP02"}, ChoiceNA: []string{"BP03", "BP04"}},
			wantID: "OPS04", wantIndex: 3, wantRisk: opslens.RiskNone, wantMissing: bpIDs("OPS04", 5),
		},
		{
			name: "change on top of a stored answer", question: "OPS01", change: Change{Unselect: []string{"BP01"}},
			wantID: "OPS01", wantIndex: 0, wantRisk: opslens.RiskHigh, wantMissing: bpIDs("OPS01", 1, 7),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			qr := mustApply(t, svc, w, tt.alias, tt.question, tt.change)
			if qr.Question.ID != tt.wantID || qr.Index != tt.wantIndex || qr.Risk != tt.wantRisk ||
				qr.PillarID != "operationalExcellence" || qr.PillarName != "Operational Excellence" {
				t.Errorf("result %s #%d %s in %s %q, want %s #%d %s", qr.Question.ID, qr.Index, qr.Risk, qr.PillarID, qr.PillarName, tt.wantID, tt.wantIndex, tt.wantRisk)
			}
			if got := choiceIDs(qr.Missing); !slices.Equal(got, tt.wantMissing) {
				t.Errorf("missing %v, want %v", got, tt.wantMissing)
			}
			if !qr.Answer.UpdatedAt.Equal(clock) || qr.Answer.UpdatedAt.Location() != time.UTC {
				t.Errorf("UpdatedAt %v, want %v in UTC", qr.Answer.UpdatedAt, clock)
			}
		})
	}

	stored := func(t *testing.T) []opslens.Answer {
		t.Helper()
		as, err := svc.store.Answers(ctx, w.ID, "operational-excellence")
		if err != nil {
			t.Fatal(err)
		}
		return as
	}
	before := stored(t)
	if len(before) != 4 {
		t.Fatalf("%d stored answers, want 4", len(before))
	}
	for _, a := range before {
		if !a.UpdatedAt.Equal(clock) {
			t.Errorf("%s stored at %v, want %v", a.QuestionID, a.UpdatedAt, clock)
		}
	}
	if a := before[0]; a.QuestionID != "OPS01" || !slices.Equal(a.Selected(), bpIDs("OPS01", 2, 3, 4, 5, 6)) {
		t.Errorf("stored OPS01 = %+v", a)
	}

	for _, tc := range []struct {
		name, alias, question string
		change                Change
		code                  string
		msg                   []string
	}{
		{"unknown question", "", "OPS12", Change{}, opslens.ENOTFOUND, []string{"did you mean OPS02, OPS10 or OPS11?"}},
		{"lens not applied", "tl", "OPS01", Change{}, opslens.EINVALID, []string{`"tl" is not applied`, "--add-lens tl"}},
		{"unknown choice", "", "OPS01", Change{Select: []string{"BP01"}, Unselect: []string{"BP09"}}, opslens.ENOTFOUND, []string{"BP09"}},
		{"notes too long", "", "OPS01", Change{Clear: true, Notes: ptr(strings.Repeat("n", 2085))}, opslens.EINVALID, []string{"2084"}},
		{"both flags", "", "OPS03", Change{Applicable: true, NotApplicable: true}, opslens.EINVALID, nil},
		{"none not applicable", "", "OPS02", Change{ChoiceNA: []string{"none"}}, opslens.EINVALID, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := svc.ApplyChange(ctx, w, tc.alias, tc.question, tc.change)
			errCode(t, err, tc.code, tc.msg...)
			after := stored(t)
			if len(after) != len(before) {
				t.Fatalf("stored answers changed: %d -> %d", len(before), len(after))
			}
			for i := range after {
				if !sameAnswer(after[i], before[i]) {
					t.Errorf("stored answer changed after a failed change:\n got %+v\nwant %+v", after[i], before[i])
				}
			}
		})
	}

	res, err := svc.Evaluate(ctx, w)
	if err != nil {
		t.Fatal(err)
	}
	want := counts(map[opslens.Risk]int{opslens.RiskHigh: 2, opslens.RiskNone: 1, opslens.RiskNotApplicable: 1, opslens.RiskUnanswered: 7})
	if got := Counts(res); !equalCounts(got, want) {
		t.Errorf("counts %v, want %v", got, want)
	}
	if plan := Plan(res, w.PillarPriorities); len(plan) == 0 || plan[0].Choice.ID != "OPS01_BP01" || plan[0].Level != lens.LevelHigh {
		t.Errorf("plan starts with %+v", plan)
	}
}

func equalCounts(a, b RiskCounts) bool {
	for _, r := range opslens.Risks {
		if a[r] != b[r] {
			return false
		}
	}
	return len(a) == len(b)
}

func TestServiceMilestones(t *testing.T) {
	ctx := context.Background()
	svc := newService(t)
	w := mustCreate(t, svc, newWorkload("checkout"))
	mustApply(t, svc, w, "", "OPS01", Change{Select: []string{"BP01"}}) // HIGH

	m, err := svc.CreateMilestone(ctx, w, "  baseline ")
	if err != nil {
		t.Fatal(err)
	}
	if m.Number != 1 || m.Name != "baseline" || !m.RecordedAt.Equal(clock) || m.WorkloadID != w.ID {
		t.Errorf("milestone %+v", m)
	}
	if len(m.Snapshot.Reviews) != 1 || m.Snapshot.Reviews[0].LensAlias != "operational-excellence" || len(m.Snapshot.Reviews[0].Answers) != 1 {
		t.Errorf("snapshot %+v", m.Snapshot)
	}

	// Later changes: to the answers, the workload and the clock.
	later := clock.Add(48 * time.Hour)
	svc.Now = func() time.Time { return later }
	mustApply(t, svc, w, "", "OPS01", Change{Select: bpIDs("OPS01", 2, 3, 4, 5, 6)}) // NONE
	mustApply(t, svc, w, "", "OPS05", Change{Select: []string{"none"}})              // HIGH
	w, err = svc.UpdateWorkload(ctx, w, func(w *opslens.Workload) error {
		w.Description = "changed"
		w.PillarPriorities = []string{"operationalExcellence"}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	risks := func(st *State) map[string]opslens.Risk {
		out := map[string]opslens.Risk{}
		for _, q := range st.Results[0].Questions() {
			out[q.Question.ID] = q.Risk
		}
		return out
	}
	tests := []struct {
		n            int
		label        string
		milestone    bool
		description  string
		ops01, ops05 opslens.Risk
		unanswered   int
		code         string
	}{
		{n: 0, label: "now", description: "changed", ops01: opslens.RiskNone, ops05: opslens.RiskHigh, unanswered: 9},
		{n: 1, label: "milestone 1 (baseline)", milestone: true, description: "d", ops01: opslens.RiskHigh, ops05: opslens.RiskUnanswered, unanswered: 10},
		{n: 3, code: opslens.ENOTFOUND},
	}
	for _, tt := range tests {
		st, err := svc.StateAt(ctx, w, tt.n)
		if tt.code != "" {
			errCode(t, err, tt.code, "has no milestone 3", "opslens milestone list checkout")
			continue
		}
		if err != nil {
			t.Fatalf("StateAt(%d): %v", tt.n, err)
		}
		r := risks(st)
		if st.Label != tt.label || (st.Milestone != nil) != tt.milestone || st.Workload.Description != tt.description ||
			r["OPS01"] != tt.ops01 || r["OPS05"] != tt.ops05 || st.Results[0].Counts[opslens.RiskUnanswered] != tt.unanswered {
			t.Errorf("StateAt(%d): label %q milestone %v description %q OPS01 %s OPS05 %s unanswered %d",
				tt.n, st.Label, st.Milestone != nil, st.Workload.Description, r["OPS01"], r["OPS05"], st.Results[0].Counts[opslens.RiskUnanswered])
		}
	}

	then, err := svc.StateAt(ctx, w, 1)
	if err != nil {
		t.Fatal(err)
	}
	now, err := svc.StateAt(ctx, w, 0)
	if err != nil {
		t.Fatal(err)
	}
	d := Compare(then.Results, now.Results)
	if got := changeStrings(d.Resolved); !slices.Equal(got, []string{"operational-excellence/OPS01:HIGH>NONE"}) {
		t.Errorf("resolved %q", got)
	}
	if got := changeStrings(d.Introduced); !slices.Equal(got, []string{"operational-excellence/OPS05:UNANSWERED>HIGH"}) {
		t.Errorf("introduced %q", got)
	}
	if d.HighRemoved != 1 || d.HighAdded != 1 {
		t.Errorf("HIGH -%d +%d, want -1 +1", d.HighRemoved, d.HighAdded)
	}

	m2, err := svc.CreateMilestone(ctx, w, "after")
	if err != nil {
		t.Fatal(err)
	}
	if m2.Number != 2 || !m2.RecordedAt.Equal(later) {
		t.Errorf("second milestone %+v", m2)
	}
	for _, tc := range []struct {
		name, code string
	}{
		{"baseline", opslens.ECONFLICT},
		{"", opslens.EINVALID},
		{"   ", opslens.EINVALID},
		{strings.Repeat("m", 101), opslens.EINVALID},
	} {
		_, err := svc.CreateMilestone(ctx, w, tc.name)
		errCode(t, err, tc.code)
	}
	if _, err := svc.CreateMilestone(ctx, w, strings.Repeat("m", 100)); err != nil {
		t.Errorf("100-character name: %v", err)
	}
	ms, err := svc.Milestones(ctx, w)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 3 || ms[0].Name != "baseline" || ms[1].Name != "after" {
		t.Errorf("milestones %+v", ms)
	}
	// The first milestone is still as recorded.
	again, err := svc.Milestone(ctx, w, 1)
	if err != nil {
		t.Fatal(err)
	}
	if a := again.Snapshot.Reviews[0].Answers; len(a) != 1 || !slices.Equal(a[0].Selected(), []string{"OPS01_BP01"}) || !a[0].UpdatedAt.Equal(clock) {
		t.Errorf("milestone 1 answers changed: %+v", a)
	}
}
