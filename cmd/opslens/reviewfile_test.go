package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"
)

// reviewRepo makes a small repository directory with a review file.
func reviewRepo(t *testing.T, review string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "payments")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if review != "" {
		if err := os.WriteFile(filepath.Join(dir, "opslens.yaml"), []byte(review), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const answeredReview = `version: 1
workload:
  name: payments
  owner: team-payments
  tags: {tier: "1"}
questions:
  OPS05:
    selected: [BP01, BP02, BP03, BP04]
    practices:
      BP08:
        not-applicable: {reason: ARCHITECTURE_CONSTRAINTS, by: alice, until: 2099-06-30}
  OPS06:
    none: true
    accepted-risk: {by: carol, until: ACCEPTED_UNTIL, note: pipeline rebuilt next quarter}
  OPS11:
    not-applicable: {reason: BUSINESS_PRIORITIES, by: bob}
`

func TestInitWritesAReviewFile(t *testing.T) {
	c := newCLI(t)
	dir := reviewRepo(t, "")
	c.ok("init", dir)
	data, err := os.ReadFile(filepath.Join(dir, "opslens.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	contains(t, "opslens.yaml", string(data), "version: 1", "name: payments", "docs/review-file.md")
	contains(t, "stderr", c.fail(exitError, "init", dir), "already exists", "--force")
	c.ok("init", dir, "--force", "--name", "payments-api")
	data, _ = os.ReadFile(filepath.Join(dir, "opslens.yaml"))
	contains(t, "opslens.yaml", string(data), "name: payments-api")
	// What init writes is what check reads.
	c.ok("check", dir)
	if _, err := os.Stat(c.db); err == nil {
		t.Error("init and check of the built-in lens created a database")
	}
}

func TestCheckPolicies(t *testing.T) {
	c := newCLI(t)
	future := reviewRepo(t, strings.ReplaceAll(answeredReview, "ACCEPTED_UNTIL", "2099-01-31"))
	expired := reviewRepo(t, strings.ReplaceAll(answeredReview, "ACCEPTED_UNTIL", "2020-01-31"))
	tests := []struct {
		name   string
		dir    string
		policy string
		code   int
		wants  []string
	}{
		{"report only", expired, "none", 0, []string{"OPS06     HIGH", "Check passed"}},
		{"accepted high risk passes", future, "high", 0, []string{"accepted-risk OPS06 by carol until 2099-01-31", "Check passed"}},
		{"expired acceptance fails high", expired, "high", exitPolicy, []string{"OPS06 is at HIGH risk (--fail-on high)"}},
		{"medium", future, "medium", exitPolicy, []string{"OPS05 is at MEDIUM risk (--fail-on medium)"}},
		{"unanswered", future, "unanswered", exitPolicy, []string{"OPS01 is unanswered", "OPS10 is unanswered"}},
		{"drift reports expiry", expired, "drift", exitPolicy, []string{"accepted-risk of OPS06 expired on 2020-01-31", "EXPIRED on 2020-01-31"}},
		{"several", future, "high,unanswered", exitPolicy, []string{"OPS02 is unanswered"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.runIn("", "check", tt.dir, "--fail-on", tt.policy)
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, tt.code, r.stdout, r.stderr)
			}
			contains(t, "stdout", r.stdout, tt.wants...)
			if tt.code == exitPolicy {
				contains(t, "stderr", r.stderr, "check failed", "--fail-on "+tt.policy)
			}
		})
	}
	contains(t, "stderr", c.fail(exitUsage, "check", future, "--fail-on", "critical"), `unknown --fail-on policy "critical"`)
}

func TestCheckOutputs(t *testing.T) {
	c := newCLI(t)
	dir := reviewRepo(t, strings.ReplaceAll(answeredReview, "ACCEPTED_UNTIL", "2020-01-31"))
	md, sarifPath := filepath.Join(dir, "summary.md"), filepath.Join(dir, "check.sarif")
	r := c.runIn("", "check", dir, "--fail-on", "high", "--markdown", md, "--sarif", sarifPath, "-o", "json")
	if r.code != exitPolicy {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var res struct {
		WorkloadName  string
		QuestionRisks map[string]string
		Failures      []string
		Decisions     []struct {
			Kind, QuestionId string
			Expired          bool
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
		t.Fatalf("json: %v\n%s", err, r.stdout)
	}
	if res.WorkloadName != "payments" || res.QuestionRisks["OPS06"] != "HIGH" || len(res.Failures) != 1 {
		t.Errorf("json result %+v", res)
	}
	summary, err := os.ReadFile(md)
	if err != nil {
		t.Fatal(err)
	}
	contains(t, "markdown", string(summary), "## opslens check failed: payments", "| OPS06 | HIGH |", "### Why it failed", "EXPIRED on 2020-01-31")
	data, err := os.ReadFile(sarifPath)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := sarif.FromBytes(data)
	if err != nil {
		t.Fatal(err)
	}
	if err := rep.Validate(); err != nil {
		t.Errorf("SARIF does not validate against the 2.1.0 schema: %v", err)
	}
	var ruleIDs []string
	for _, res := range rep.Runs[0].Results {
		ruleIDs = append(ruleIDs, *res.RuleID)
	}
	contains(t, "SARIF rules", strings.Join(ruleIDs, " "), "opslens/high-risk", "opslens/medium-risk", "opslens/unanswered", "opslens/expired-decision")
}

func TestReviewFileErrors(t *testing.T) {
	c := newCLI(t)
	bad := reviewRepo(t, "version: 1\nworkload:\n  name: payments\nquestions:\n  OPS05:\n    selected: [BP01, BP77]\n    color: blue\n")
	contains(t, "stderr", c.fail(exitUsage, "check", bad), "line 7", `unknown key "color"`)
	contains(t, "stderr", c.fail(exitUsage, "workload", "import", filepath.Join(bad, "opslens.yaml")), "line 7")
	unknown := reviewRepo(t, "version: 1\nworkload:\n  name: payments\nquestions:\n  OPS05:\n    selected: [BP01, BP77]\n")
	contains(t, "stderr", c.fail(exitUsage, "check", unknown), "line 6", `"BP77"`)
	contains(t, "stderr", c.fail(exitNotFound, "check", reviewRepo(t, "")), "not found", "opslens init")
	if _, err := os.Stat(c.db); err == nil {
		t.Error("failed imports created a database")
	}
}

func TestImportExportRoundTrip(t *testing.T) {
	c := newCLI(t)
	dir := reviewRepo(t, strings.ReplaceAll(answeredReview, "ACCEPTED_UNTIL", "2099-01-31"))
	file := filepath.Join(dir, "opslens.yaml")
	contains(t, "stdout", c.ok("workload", "import", file), "Created workload payments")
	st := c.status("payments")
	risks := map[string]string{}
	for _, a := range st.LensReviews[0].Answers {
		risks[a.QuestionId] = a.Risk
	}
	if risks["OPS05"] != "MEDIUM" || risks["OPS06"] != "HIGH" || risks["OPS11"] != "NOT_APPLICABLE" || risks["OPS01"] != "UNANSWERED" {
		t.Errorf("imported risks %v", risks)
	}
	// A change in the database, exported, then imported back unchanged.
	c.ok("answer", "payments", "OPS01", "--select", "BP01")
	out := c.ok("workload", "export", "payments")
	contains(t, "export", out, "OPS01:", "selected: [BP01]", "by: alice", `until: "2099-06-30"`, "accepted-risk:")
	exported := filepath.Join(t.TempDir(), "exported.yaml")
	c.ok("workload", "export", "payments", "-f", exported)
	contains(t, "stdout", c.ok("workload", "import", exported), "Updated workload payments")
	if again := c.ok("workload", "export", "payments"); again != out {
		t.Errorf("export after re-import differs:\n%s\n---\n%s", again, out)
	}
	// The original file makes OPS01 unanswered again.
	c.ok("workload", "import", file)
	for _, a := range c.status("payments").LensReviews[0].Answers {
		if a.QuestionId == "OPS01" && a.Risk != "UNANSWERED" {
			t.Errorf("OPS01 after importing a file without it: %s", a.Risk)
		}
	}
}
