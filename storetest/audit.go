package storetest

import (
	"errors"
	"strings"
	"testing"

	"github.com/opslens/opslens"
)

var auditTests = []test{
	{"RecordsChanges", testAuditRecordsChanges},
	{"FailedChangeNotLogged", testAuditFailedChange},
	{"Paging", testAuditPaging},
}

func actions(evs []opslens.AuditEvent) []string {
	var out []string
	for _, e := range evs {
		out = append(out, e.Action+" "+e.Target+" by "+e.Actor)
	}
	return out
}

func testAuditRecordsChanges(t *testing.T, s opslens.Store) {
	ann := createUser(t, s, "ann", true)
	ctx := opslens.WithActor(t.Context(), opslens.Actor{Name: "ann", UserID: ann.ID})
	w := sampleWorkload("payments", builtinLens)
	must(t, s.CreateWorkload(ctx, w), "create workload")
	_, err := s.UpdateAnswer(ctx, w.ID, builtinLens, "q1", func(a *opslens.Answer) error {
		a.Choices = []opslens.ChoiceAnswer{{ChoiceID: "c1", Status: opslens.ChoiceSelected}}
		a.Risk = opslens.RiskMedium
		return nil
	})
	must(t, err, "answer")
	_, err = s.UpdateWorkload(ctx, w.ID, func(w *opslens.Workload) error {
		w.Notes = "changed"
		return nil
	})
	must(t, err, "update workload")
	must(t, s.CreateMilestone(ctx, &opslens.Milestone{WorkloadID: w.ID, Name: "m1"}), "milestone")
	other := createWorkload(t, s, "billing", builtinLens) // no actor: "unknown"

	evs, err := s.AuditEvents(t.Context(), opslens.AuditFilter{WorkloadID: w.ID})
	must(t, err, "audit events")
	want := []string{
		"milestone.create m1 by ann",
		"workload.update payments by ann",
		"answer.update " + builtinLens + "/q1 by ann",
		"workload.create payments by ann",
	}
	if got := actions(evs); !reflectEqual(got, want) {
		t.Fatalf("events of the workload, newest first:\n got %q\nwant %q", got, want)
	}
	if d := evs[2].Detail; !strings.Contains(d, "c1") || !strings.Contains(d, "MEDIUM") {
		t.Fatalf("answer event detail %q should name the selection and the risk", d)
	}
	if d := evs[1].Detail; !strings.Contains(d, "notes") {
		t.Fatalf("workload event detail %q should name the changed field", d)
	}
	all, err := s.AuditEvents(t.Context(), opslens.AuditFilter{})
	must(t, err, "all events")
	if len(all) != 6 || all[0].WorkloadID != other.ID || all[0].Actor != "unknown" || all[len(all)-1].Action != opslens.AuditUserCreate {
		t.Fatalf("all events: %q", actions(all))
	}
}

func testAuditFailedChange(t *testing.T, s opslens.Store) {
	w := createWorkload(t, s, "payments", builtinLens)
	before, err := s.AuditEvents(t.Context(), opslens.AuditFilter{})
	must(t, err, "events")
	_, err = s.UpdateAnswer(t.Context(), w.ID, builtinLens, "q1", func(a *opslens.Answer) error {
		return errors.New("refused")
	})
	if err == nil {
		t.Fatal("a refused edit succeeded")
	}
	_, err = s.UpdateWorkload(t.Context(), w.ID, func(w *opslens.Workload) error {
		w.Version = 42 // stale
		return nil
	})
	wantCode(t, err, opslens.ECONFLICT, "stale workload write")
	wantCode(t, s.CreateWorkload(t.Context(), sampleWorkload("payments", builtinLens)), opslens.ECONFLICT, "duplicate workload")
	after, err := s.AuditEvents(t.Context(), opslens.AuditFilter{})
	must(t, err, "events")
	if len(after) != len(before) {
		t.Fatalf("failed changes were logged: %q", actions(after[:len(after)-len(before)]))
	}
}

func testAuditPaging(t *testing.T, s opslens.Store) {
	w := createWorkload(t, s, "payments", builtinLens)
	for range 5 {
		_, err := s.UpdateWorkload(t.Context(), w.ID, func(w *opslens.Workload) error {
			w.Notes += "x"
			return nil
		})
		must(t, err, "update")
	}
	page1, err := s.AuditEvents(t.Context(), opslens.AuditFilter{WorkloadID: w.ID, Limit: 4})
	must(t, err, "page 1")
	page2, err := s.AuditEvents(t.Context(), opslens.AuditFilter{WorkloadID: w.ID, Limit: 4, Before: page1[len(page1)-1].ID})
	must(t, err, "page 2")
	if len(page1) != 4 || len(page2) != 2 || page2[0].ID >= page1[3].ID || page2[1].Action != opslens.AuditWorkloadCreate {
		t.Fatalf("pages: %q then %q", actions(page1), actions(page2))
	}
}
