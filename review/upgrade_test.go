package review

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/sqlite"
)

// versionLens is a small custom lens in the AWS format; v2 renames a
// question, splits nothing, drops a practice and adds one.
func versionLens(t *testing.T, svc *Service, alias string, v2 bool) {
	t.Helper()
	q := func(id, title string, choices ...string) map[string]any {
		var cs []map[string]any
		for _, c := range choices {
			cs = append(cs, map[string]any{"id": c, "title": "Practice " + c, "improvementPlan": map[string]any{"displayText": "Adopt " + c + "."}})
		}
		cs = append(cs, map[string]any{"id": id + "_no", "title": "None of these"})
		return map[string]any{"id": id, "title": title, "choices": cs,
			"riskRules": []map[string]any{{"condition": id + "_a", "risk": "NO_RISK"}, {"condition": "default", "risk": "HIGH_RISK"}}}
	}
	questions := []map[string]any{q("DLV01", "How do you ship?", "DLV01_a", "DLV01_b", "DLV01_c"), q("OBS01", "How do you observe?", "OBS01_a", "OBS01_b")}
	if v2 {
		questions = []map[string]any{q("DLV01", "How do you ship changes?", "DLV01_a", "DLV01_b", "DLV01_d"), q("OBS02", "How do you observe and alert?", "OBS02_a", "OBS02_b")}
	}
	doc := map[string]any{"schemaVersion": "2021-11-01", "name": "Team practices " + alias, "description": "test lens",
		"pillars": []map[string]any{{"id": "ops", "name": "Operations", "questions": questions}}}
	b, _ := json.Marshal(doc)
	if _, _, err := svc.ImportLens(context.Background(), b, alias, false); err != nil {
		t.Fatalf("import %s: %v", alias, err)
	}
}

// The upgrade carries answers through the mapping and reports what could
// not be carried; the milestone taken first keeps the review as it was.
func TestUpgradeLens(t *testing.T) {
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
	versionLens(t, svc, "team-v1", false)
	versionLens(t, svc, "team-v2", true)
	w := &opslens.Workload{Name: "payments", Environment: opslens.EnvProduction, Lenses: []string{DefaultLens, "team-v1"}}
	if err := svc.CreateWorkload(ctx, w); err != nil {
		t.Fatal(err)
	}
	for q, sel := range map[string][]string{"DLV01": {"DLV01_a", "DLV01_c"}, "OBS01": {"OBS01_b"}} {
		if _, err := svc.ApplyChange(ctx, w, "team-v1", q, Change{Select: sel, Notes: ptr("kept " + q)}); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := svc.UpgradeLens(ctx, w, "team-v1", "team-v2", LensMapping{Questions: map[string]string{"OBS01": "OBS02"}, Choices: map[string]string{"OBS01_b": "OBS02_b"}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Questions != 2 || rep.Choices != 2 || len(rep.ChoicesDropped) != 1 || rep.ChoicesDropped[0] != "DLV01/DLV01_c" || rep.Milestone != 1 {
		t.Errorf("report %+v", rep)
	}
	if got := w.Lenses; len(got) != 2 || got[1] != "team-v2" {
		t.Errorf("lenses after the upgrade: %v", got)
	}
	answers, err := db.Answers(ctx, w.ID, "team-v2")
	if err != nil || len(answers) != 2 || answers[1].QuestionID != "OBS02" || answers[1].Choices[0].ChoiceID != "OBS02_b" || answers[1].Notes != "kept OBS01" {
		t.Fatalf("answers on v2: %+v %v", answers, err)
	}
	if answers[0].Risk != opslens.RiskNone {
		t.Errorf("DLV01 on v2 is %s: the risk was not evaluated on the new lens", answers[0].Risk)
	}
	m, err := svc.Milestone(ctx, w, 1)
	if err != nil || len(m.Snapshot.Reviews) != 2 || m.Snapshot.Reviews[1].LensAlias != "team-v1" {
		t.Fatalf("the milestone before the upgrade: %+v %v", m, err)
	}
	if _, err := svc.UpgradeLens(ctx, w, "team-v1", "team-v2", LensMapping{}); opslens.ErrorCode(err) != opslens.EINVALID {
		t.Errorf("upgrading again: %v", err)
	}
}
