package evidence

import (
	"reflect"
	"testing"
	"time"

	"github.com/opslens/opslens"
)

func TestReportSets(t *testing.T) {
	at := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	finding := func(bp string, conf Confidence, proofs ...Proof) Finding {
		return Finding{BestPracticeID: bp, QuestionID: questionOf(bp), ChoiceID: choiceOf(bp), Confidence: conf, Evidence: proofs}
	}
	one := &Report{Version: "v1", ScannedAt: at, Repositories: []Repository{{Path: ".", Commit: "abc"}},
		Findings: []Finding{finding("OPS05-BP04", Strong, Proof{Path: ".github/workflows/ci.yml", Line: 3, Summary: "a pipeline"})}}
	want := []opslens.EvidenceSet{{Repository: ".", Commit: "abc", ToolVersion: "v1", ScannedAt: at, Findings: []opslens.PracticeEvidence{
		{QuestionID: "OPS05", ChoiceID: "OPS05_BP04", Confidence: "strong", Proofs: []opslens.EvidenceProof{{Path: ".github/workflows/ci.yml", Line: 3, Summary: "a pipeline"}}},
	}}}
	if got := one.Sets(); !reflect.DeepEqual(got, want) {
		t.Errorf("one repository:\n got %+v\nwant %+v", got, want)
	}

	two := &Report{Version: "v1", ScannedAt: at, Repositories: []Repository{{Path: "api"}, {Path: "infra", Commit: "def"}, {Path: "docs"}},
		Findings: []Finding{finding("OPS05-BP03", Partial,
			Proof{Repository: "infra", Path: "main.tf", Line: 1, Summary: "terraform"},
			Proof{Repository: "api", Path: "Chart.yaml", Summary: "a chart"})}}
	got := two.Sets()
	if len(got) != 3 || len(got[0].Findings) != 1 || len(got[1].Findings) != 1 || len(got[2].Findings) != 0 {
		t.Fatalf("three repositories: %+v", got)
	}
	if got[1].Findings[0].Proofs[0].Path != "main.tf" || got[1].Commit != "def" || got[0].Findings[0].Proofs[0].Path != "Chart.yaml" {
		t.Errorf("proofs went to the wrong repository: %+v", got)
	}
	for _, s := range got {
		if err := s.Validate(); err != nil {
			t.Errorf("set of %s does not validate: %v", s.Repository, err)
		}
	}
}
