package review

import (
	"context"
	"errors"
	"testing"

	"github.com/opslens/opslens"
)

// A change carries the version it was made against; a stale one gets a
// *ConflictError with the stored answer and saves nothing. Every saved
// answer keeps its evaluated risk for the dashboard.
func TestApplyChangeVersionAndStoredRisk(t *testing.T) {
	ctx := context.Background()
	svc := newService(t)
	if _, _, err := svc.ImportLens(ctx, exportLens(t, testLens(t), "", "tl"), "", false); err != nil {
		t.Fatal(err)
	}
	w := mustCreate(t, svc, newWorkload("payments", "tl"))
	v0 := int64(0)
	qr := mustApply(t, svc, w, "tl", "AQ1", Change{Select: []string{"AQ1_m1"}, Version: &v0})
	if qr.Answer.Version != 1 || qr.Answer.Risk != qr.Risk || qr.Risk != opslens.RiskHigh {
		t.Fatalf("answer version %d, stored risk %q, evaluated %q; want 1 and HIGH twice", qr.Answer.Version, qr.Answer.Risk, qr.Risk)
	}
	// A second editor still holding version 0 is refused.
	_, err := svc.ApplyChange(ctx, w, "tl", "AQ1", Change{Select: []string{"AQ1_h1"}, Version: &v0})
	var ce *ConflictError
	if !errors.As(err, &ce) || opslens.ErrorCode(err) != opslens.ECONFLICT {
		t.Fatalf("stale change: %v, want a ConflictError with code conflict", err)
	}
	if ce.Current.Version != 1 || len(ce.Current.Selected()) != 1 || ce.Current.Selected()[0] != "AQ1_m1" {
		t.Fatalf("the conflict carries %+v, want the stored answer", ce.Current)
	}
	v1 := int64(1)
	qr = mustApply(t, svc, w, "tl", "AQ1", Change{Select: []string{"AQ1_h1"}, Version: &v1})
	stored, err := svc.store.Answers(ctx, w.ID, "tl")
	if err != nil {
		t.Fatal(err)
	}
	if stored[0].Risk != qr.Risk || stored[0].Version != 2 {
		t.Fatalf("stored %q v%d, evaluated %q", stored[0].Risk, stored[0].Version, qr.Risk)
	}
}
