package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestErrorsAreClearAndStoreNothing(t *testing.T) {
	c := newCLI(t)
	c.ok("workload", "create", "checkout")
	c.ok("answer", "checkout", "OPS01", "--select", "BP01")

	tests := []struct {
		name  string
		args  []string
		code  int
		wants []string
	}{
		{"unknown workload suggests", []string{"status", "checkuot"}, 3, []string{`workload "checkuot" not found`, "did you mean checkout?"}},
		{"unknown question suggests", []string{"answer", "checkout", "OPX01", "--select", "BP01"}, 3, []string{`question "OPX01"`, "did you mean OPS01?"}},
		{"unknown choice suggests", []string{"answer", "checkout", "OPS01", "--select", "BP01,OPS01_PB02"}, 3, []string{`choice "OPS01_PB02"`, "did you mean OPS01_BP02?"}},
		{"bad reason", []string{"answer", "checkout", "OPS02", "--question-na", "--reason", "LAZY"}, 2, []string{`unknown reason "LAZY"`, "OUT_OF_SCOPE"}},
		{"nothing to change", []string{"answer", "checkout", "OPS02"}, 2, []string{"nothing to change"}},
		{"missing args", []string{"answer", "checkout"}, 2, []string{"<workload> <question>"}},
		{"bad flag", []string{"plan", "checkout", "--bogus"}, 2, []string{"unknown flag: --bogus", "--help"}},
		{"duplicate workload", []string{"workload", "create", "checkout"}, 1, []string{`"checkout" already exists`}},
		{"bad design URL", []string{"workload", "update", "checkout", "--architectural-design", "wiki/page"}, 2, []string{"must be an http(s) URL"}},
		{"bad environment", []string{"workload", "create", "other", "--environment", "qa"}, 2, []string{`unknown environment "qa"`}},
		{"unknown lens", []string{"workload", "create", "other", "--lens", "operational-excelence"}, 3, []string{`lens "operational-excelence" not found`, "did you mean operational-excellence?"}},
		{"bad output", []string{"workload", "list", "-o", "yaml"}, 2, []string{`unknown --output "yaml"`}},
		{"bad report format", []string{"report", "checkout", "--format", "docx"}, 2, []string{`unknown --format "docx"`, "pdf"}},
		{"bad milestone number", []string{"milestone", "show", "checkout", "first"}, 2, []string{"positive integer"}},
		{"bad pillar priority", []string{"workload", "update", "checkout", "--pillar-priority", "operationalExcelence"}, 2, []string{"did you mean operationalExcellence?"}},
		{"built-in lens cannot be deleted", []string{"lens", "delete", "operational-excellence"}, 2, []string{"built in"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stderr := c.fail(tt.code, tt.args...)
			contains(t, "stderr", stderr, tt.wants...)
			if !strings.HasPrefix(stderr, "opslens: ") {
				t.Errorf("stderr should start with 'opslens: ': %q", stderr)
			}
		})
	}
	// None of the failures above changed the stored answer or workloads.
	s := c.status("checkout")
	for _, a := range s.LensReviews[0].Answers {
		if a.QuestionId == "OPS01" && (len(a.SelectedChoices) != 1 || a.SelectedChoices[0] != "OPS01_BP01") {
			t.Errorf("OPS01 selections changed by failed commands: %v", a.SelectedChoices)
		}
		if a.QuestionId == "OPS02" && a.Risk != "UNANSWERED" {
			t.Errorf("OPS02 changed by failed commands: %s", a.Risk)
		}
	}
	var list []struct{ WorkloadName string }
	c.json(&list, "workload", "list")
	if len(list) != 1 {
		t.Errorf("failed creates left workloads behind: %+v", list)
	}
}

func TestInvalidLensImportReportsJSONPaths(t *testing.T) {
	c := newCLI(t)
	bad := `{
  "schemaVersion": "2021-11-01",
  "name": "Platform checks",
  "pillars": [{
    "id": "pl",
    "name": "Platform",
    "questions": [{
      "id": "q_one",
      "title": "Do you patch?",
      "choices": [{"id": "c-1", "title": "Yes"}],
      "riskRules": [{"condition": "c_1 &&", "risk": "HIGH_RISK"}]
    }]
  }]
}`
	file := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(file, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	stderr := c.fail(2, "lens", "import", file)
	contains(t, "stderr", stderr,
		"$.pillars[0].id",
		"$.pillars[0].questions[0].choices[0].id",
		"$.pillars[0].questions[0].choices[0].improvementPlan",
		"$.pillars[0].questions[0].riskRules[0].condition",
		`a rule with condition "default" is required`)
	stderr = c.fail(2, "lens", "import", "-")
	contains(t, "stderr", stderr, "malformed JSON")
	r := c.runIn(`{"schemaVersion": "2021-11-01", "name": 5}`, "lens", "import", "-")
	if r.code != 2 || !strings.Contains(r.stderr, "$.name") {
		t.Errorf("type error: exit %d, stderr %q", r.code, r.stderr)
	}
	if out := c.ok("lens", "list"); strings.Contains(out, "platform") {
		t.Errorf("an invalid lens was stored:\n%s", out)
	}
}

func TestHelpHasExamples(t *testing.T) {
	c := newCLI(t)
	for _, cmd := range [][]string{
		{"lens", "list"}, {"lens", "show"}, {"lens", "export"}, {"lens", "import"}, {"lens", "delete"},
		{"workload", "create"}, {"workload", "list"}, {"workload", "show"}, {"workload", "update"}, {"workload", "delete"},
		{"answer"}, {"review"}, {"status"}, {"plan"},
		{"milestone", "create"}, {"milestone", "list"}, {"milestone", "show"}, {"milestone", "diff"}, {"report"},
	} {
		out := c.ok(append(cmd, "--help")...)
		if !strings.Contains(out, "Examples:") {
			t.Errorf("opslens %s --help has no examples:\n%s", strings.Join(cmd, " "), out)
		}
	}
	if _, err := os.Stat(c.db); err == nil {
		t.Error("--help created the database")
	}
}
