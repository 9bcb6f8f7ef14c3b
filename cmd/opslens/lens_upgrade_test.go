package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// writeLens writes a small lens in the AWS custom-lens format.
func writeLens(t *testing.T, dir, name string, questions map[string][]string) string {
	t.Helper()
	var qs []map[string]any
	for _, id := range []string{"DLV01", "OBS01", "OBS02"} {
		choices, ok := questions[id]
		if !ok {
			continue
		}
		var cs []map[string]any
		for _, c := range choices {
			cs = append(cs, map[string]any{"id": c, "title": "Practice " + c, "improvementPlan": map[string]any{"displayText": "Adopt " + c + "."}})
		}
		cs = append(cs, map[string]any{"id": id + "_no", "title": "None of these"})
		qs = append(qs, map[string]any{"id": id, "title": "Question " + id, "choices": cs,
			"riskRules": []map[string]any{{"condition": choices[0], "risk": "NO_RISK"}, {"condition": "default", "risk": "HIGH_RISK"}}})
	}
	b, _ := json.Marshal(map[string]any{"schemaVersion": "2021-11-01", "name": name, "description": "versions",
		"pillars": []map[string]any{{"id": "ops", "name": "Operations", "questions": qs}}})
	path := filepath.Join(dir, name+".json")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// A review moves to the next version of its lens: a milestone first, the
// answers carried through the mapping, the rest reported.
func TestLensUpgrade(t *testing.T) {
	c := newCLI(t)
	dir := t.TempDir()
	c.ok("lens", "import", writeLens(t, dir, "team-2024", map[string][]string{"DLV01": {"DLV01_a", "DLV01_c"}, "OBS01": {"OBS01_a"}}), "--alias", "team-2024")
	c.ok("lens", "import", writeLens(t, dir, "team-2025", map[string][]string{"DLV01": {"DLV01_a", "DLV01_b"}, "OBS02": {"OBS02_a"}}), "--alias", "team-2025")
	c.ok("workload", "create", "payments", "--lens", "team-2024")
	c.ok("answer", "payments", "DLV01", "--select", "DLV01_a,DLV01_c")
	c.ok("answer", "payments", "OBS01", "--select", "OBS01_a")
	mapping := filepath.Join(dir, "mapping.json")
	os.WriteFile(mapping, []byte(`{"Questions": {"OBS01": "OBS02"}, "Choices": {"OBS01_a": "OBS02_a"}}`), 0o644)
	out := c.ok("lens", "upgrade", "payments", "--from", "team-2024", "--to", "team-2025", "--mapping", mapping)
	contains(t, "upgrade", out, "2 answer(s) and 2 choice state(s) carried over", "milestone 1", "DLV01/DLV01_c")
	st := c.status("payments")
	if st.RiskCounts["NONE"] != 2 {
		t.Errorf("risks on the new lens: %v", st.RiskCounts)
	}
	contains(t, "milestones", c.ok("milestone", "list", "payments"), "before the upgrade from team-2024 to team-2025")
	if r := c.runIn("", "lens", "upgrade", "payments", "--from", "team-2024", "--to", "team-2025"); r.code != 2 {
		t.Errorf("a second upgrade: exit %d, %s", r.code, r.stderr)
	}
}
