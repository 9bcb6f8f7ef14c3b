package review

import (
	"context"
	"maps"
	"testing"

	"github.com/opslens/opslens"
)

// The dashboard's counts from stored risks must equal a full evaluation.
func TestPortfolioMatchesEvaluation(t *testing.T) {
	ctx := context.Background()
	svc := newService(t)
	if _, _, err := svc.ImportLens(ctx, exportLens(t, testLens(t), "", "tl"), "", false); err != nil {
		t.Fatal(err)
	}
	a := mustCreate(t, svc, newWorkload("alpha", "tl", DefaultLens))
	b := mustCreate(t, svc, newWorkload("beta", "tl"))
	mustCreate(t, svc, newWorkload("gamma", DefaultLens))
	mustApply(t, svc, a, "tl", "AQ1", Change{Select: []string{"AQ1_m1"}})
	mustApply(t, svc, a, "tl", "AQ2", Change{NotApplicable: true, Reason: opslens.ReasonOutOfScope})
	mustApply(t, svc, a, "tl", "BQ1", Change{Notes: ptr("notes only: still unanswered")})
	mustApply(t, svc, a, DefaultLens, "OPS01", Change{Select: []string{"OPS01_BP01", "OPS01_BP02"}})
	mustApply(t, svc, b, "tl", "BQ2", Change{Select: []string{"BQ2_m", "BQ2_l"}})
	rows, err := svc.Portfolio(ctx, opslens.SummaryFilter{All: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("%d rows", len(rows))
	}
	for _, r := range rows {
		res, err := svc.Evaluate(ctx, r.Workload)
		if err != nil {
			t.Fatal(err)
		}
		if want := Counts(res); !maps.Equal(r.Counts, want) {
			t.Errorf("%s: portfolio counts %v, evaluation %v", r.Workload.Name, r.Counts, want)
		}
	}
}
