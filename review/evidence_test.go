package review

import (
	"reflect"
	"testing"

	"github.com/opslens/opslens"
)

func finding(q, c, conf string) opslens.PracticeEvidence {
	return opslens.PracticeEvidence{QuestionID: q, ChoiceID: c, Confidence: conf,
		Proofs: []opslens.EvidenceProof{{Path: "ci.yml", Line: 3, Summary: "a pipeline"}}}
}

func TestRecordEvidence(t *testing.T) {
	ctx := t.Context()
	svc := newService(t)
	w := mustCreate(t, svc, newWorkload("scanned"))
	set := opslens.EvidenceSet{Repository: "/src/app", ToolVersion: "dev", Findings: []opslens.PracticeEvidence{
		finding("OPS05", "OPS05_BP04", opslens.ConfidenceStrong)}}
	if err := svc.RecordEvidence(ctx, w, "", []opslens.EvidenceSet{set}); err != nil {
		t.Fatal(err)
	}
	got, err := svc.Evidence(ctx, w, "")
	if err != nil || len(got) != 1 || got[0].Findings[0].ChoiceID != "OPS05_BP04" {
		t.Fatalf("stored evidence %+v, %v", got, err)
	}
	bad := set
	bad.Findings = []opslens.PracticeEvidence{finding("OPS05", "OPS05_BP99", opslens.ConfidenceStrong)}
	errCode(t, svc.RecordEvidence(ctx, w, "", []opslens.EvidenceSet{bad}), opslens.EINVALID, "OPS05_BP99")
	errCode(t, svc.RecordEvidence(ctx, w, "other-lens", []opslens.EvidenceSet{set}), opslens.EINVALID, "--add-lens other-lens")
}

func TestApplyEvidence(t *testing.T) {
	ctx := t.Context()
	svc := newService(t)
	w := mustCreate(t, svc, newWorkload("prefilled"))
	// What people decided before the scan.
	mustApply(t, svc, w, "", "OPS05", Change{Select: []string{"BP01"}, ChoiceNA: []string{"BP08"}, ChoiceNotes: map[string]string{"BP03": "only nightly"}})
	mustApply(t, svc, w, "", "OPS06", Change{Select: []string{"none"}})
	mustApply(t, svc, w, "", "OPS07", Change{NotApplicable: true, Reason: opslens.ReasonOutOfScope})
	set := opslens.EvidenceSet{Repository: "/src/app", ToolVersion: "dev", Findings: []opslens.PracticeEvidence{
		finding("OPS05", "OPS05_BP02", opslens.ConfidenceStrong),
		finding("OPS05", "OPS05_BP03", opslens.ConfidenceStrong), // has a person's notes
		finding("OPS05", "OPS05_BP04", opslens.ConfidenceStrong),
		finding("OPS05", "OPS05_BP05", opslens.ConfidencePartial),
		finding("OPS05", "OPS05_BP08", opslens.ConfidenceStrong), // marked not applicable
		finding("OPS06", "OPS06_BP03", opslens.ConfidenceStrong), // "None of these"
		finding("OPS07", "OPS07_BP03", opslens.ConfidenceStrong), // question not applicable
		finding("OPS02", "OPS02_BP05", opslens.ConfidenceStrong), // unanswered
	}}
	got, err := svc.ApplyEvidence(ctx, w, "", []opslens.EvidenceSet{set})
	if err != nil {
		t.Fatal(err)
	}
	want := []Preselection{{"OPS02", "OPS02_BP05"}, {"OPS05", "OPS05_BP02"}, {"OPS05", "OPS05_BP04"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("preselected %v, want %v", got, want)
	}
	answers, err := svc.store.Answers(ctx, w.ID, DefaultLens)
	if err != nil {
		t.Fatal(err)
	}
	byQ := map[string]opslens.Answer{}
	for _, a := range answers {
		byQ[a.QuestionID] = a
	}
	ops05 := byQ["OPS05"]
	for id, wantSt := range map[string]struct {
		status opslens.ChoiceStatus
		source string
	}{
		"OPS05_BP01": {opslens.ChoiceSelected, ""},
		"OPS05_BP02": {opslens.ChoiceSelected, opslens.SourceEvidence},
		"OPS05_BP03": {opslens.ChoiceUnselected, ""},
		"OPS05_BP04": {opslens.ChoiceSelected, opslens.SourceEvidence},
		"OPS05_BP05": {opslens.ChoiceUnselected, ""},
		"OPS05_BP08": {opslens.ChoiceNotApplicable, ""},
	} {
		if c := ops05.Choice(id); c.Status != wantSt.status || c.Source != wantSt.source {
			t.Errorf("%s: status %s source %q, want %s %q", id, c.Status, c.Source, wantSt.status, wantSt.source)
		}
	}
	ops06 := byQ["OPS06"]
	if sel := ops06.Selected(); len(sel) != 1 || sel[0] != "OPS06_no" {
		t.Errorf("OPS06 None of these was overridden: %v", sel)
	}
	if byQ["OPS07"].IsApplicable || len(byQ["OPS07"].Choices) != 0 {
		t.Errorf("OPS07 not-applicable question was changed: %+v", byQ["OPS07"])
	}

	// Applying again adds nothing; a person's selection confirms the choice.
	if again, err := svc.ApplyEvidence(ctx, w, "", []opslens.EvidenceSet{set}); err != nil || len(again) != 0 {
		t.Errorf("second apply: %v, %v; want nothing new", again, err)
	}
	qr := mustApply(t, svc, w, "", "OPS05", Change{Select: []string{"BP02"}, Unselect: []string{"BP04"}})
	if c := qr.Answer.Choice("OPS05_BP02"); c.Source != "" || c.Status != opslens.ChoiceSelected {
		t.Errorf("confirmed choice: %+v, want selected by a person", c)
	}
	if c := qr.Answer.Choice("OPS05_BP04"); c.Status != opslens.ChoiceUnselected || c.Source != opslens.SourceRejected {
		t.Errorf("rejected choice: %+v, want unselected and remembered as rejected", c)
	}
	// A later scan with the same evidence leaves the rejection alone.
	if again, err := svc.ApplyEvidence(ctx, w, "", []opslens.EvidenceSet{set}); err != nil || len(again) != 0 {
		t.Errorf("apply after a rejection: %v, %v; want nothing selected again", again, err)
	}
}
