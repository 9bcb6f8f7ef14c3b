package review

import (
	"context"
	"testing"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/sqlite"
)

// Within a level the profile puts first what matters to the workload; the
// levels keep their order.
func TestPlanForProfile(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc, err := NewService(db)
	if err != nil {
		t.Fatal(err)
	}
	w := &opslens.Workload{Name: "payments", Environment: opslens.EnvProduction}
	if err := svc.CreateWorkload(ctx, w); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"OPS01", "OPS05", "OPS11"} {
		if _, err := svc.ApplyChange(ctx, w, "", q, Change{Select: []string{q + "_BP01"}}); err != nil {
			t.Fatal(err)
		}
	}
	res, err := svc.Evaluate(ctx, w)
	if err != nil {
		t.Fatal(err)
	}
	plain := PlanFor(res, w)
	w.Profile = opslens.Profile{"regulated": "yes", "change": "daily"}
	ordered := PlanFor(res, w)
	if len(plain) != len(ordered) {
		t.Fatalf("%d items, then %d", len(plain), len(ordered))
	}
	id := func(it PlanItem) string { return it.Choice.Ext.BestPractice }
	if id(ordered[0]) != "OPS01-BP03" || id(ordered[1]) != "OPS01-BP04" || ordered[2].QuestionID != "OPS05" {
		t.Errorf("with the profile the plan starts %s %s %s", id(ordered[0]), id(ordered[1]), id(ordered[2]))
	}
	for i := 1; i < len(ordered); i++ {
		if ordered[i].Level.Rank() < ordered[i-1].Level.Rank() {
			t.Fatalf("%s (%s) after %s (%s): levels out of order", id(ordered[i]), ordered[i].Level, id(ordered[i-1]), ordered[i-1].Level)
		}
	}
	if ProfileBoost(w.Profile, "OPS05", "OPS05-BP02") != 2 || ProfileBoost(w.Profile, "OPS01", "OPS01-BP03") != 3 || ProfileBoost(nil, "OPS05", "") != 0 {
		t.Error("boosts")
	}
}
