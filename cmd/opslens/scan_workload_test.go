package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// evidenceRepo makes a small git repository whose files prove a few
// practices: ownership (CODEOWNERS), a pipeline that runs the tests, and
// automated dependency updates.
func evidenceRepo(t *testing.T) string {
	t.Helper()
	files := map[string]string{
		".github/CODEOWNERS": "* @acme/payments\n",
		".github/workflows/ci.yml": `name: ci
on:
  push:
    branches: [main]
  pull_request:
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-go@v5
      - run: go test ./...
`,
		".github/dependabot.yml": "version: 2\nupdates:\n  - package-ecosystem: gomod\n    directory: /\n    schedule: {interval: weekly}\n",
		"go.mod":                 "module example.com/payments\n\ngo 1.22\n",
		"pay.go":                 "package payments\n\nfunc Pay() int { return 1 }\n",
		"pay_test.go":            "package payments\n\nimport \"testing\"\n\nfunc TestPay(t *testing.T) {\n\tif Pay() != 1 {\n\t\tt.Fatal()\n\t}\n}\n",
	}
	return gitRepo(t, "payments", files)
}

func TestScanWorkloadApply(t *testing.T) {
	c := newCLI(t)
	repo := evidenceRepo(t)
	c.ok("workload", "create", "payments")
	// A person's answer before the scan: OPS05 follows BP01 only, and
	// OPS02 is answered "None of these".
	c.ok("answer", "payments", "OPS05", "--select", "BP01")
	c.ok("answer", "payments", "OPS02", "--none")

	contains(t, "stderr", c.fail(exitUsage, "scan", repo, "--apply"), "--workload")
	r := c.runIn("", "scan", repo, "--workload", "payments", "--apply")
	if r.code != 0 {
		t.Fatalf("scan --apply: exit %d\n%s", r.code, r.stderr)
	}
	contains(t, "stderr", r.stderr, "Recorded the evidence of 1 repository on workload payments", "Pre-selected", "OPS05 OPS05_BP04")

	// The person's "None of these" on OPS02 stands; OPS05 gained the
	// practices with strong evidence, marked as from evidence.
	if got := c.choicesWithStatus("payments", "OPS02", "SELECTED"); !slices.Equal(got, []string{"OPS02_no"}) {
		t.Errorf("OPS02 changed by --apply: %v", got)
	}
	ops05 := c.choicesWithStatus("payments", "OPS05", "SELECTED")
	for _, want := range []string{"OPS05_BP01", "OPS05_BP02", "OPS05_BP04", "OPS05_BP05"} {
		if !slices.Contains(ops05, want) {
			t.Errorf("OPS05 selections %v lack %s", ops05, want)
		}
	}
	status := c.ok("status", "payments")
	contains(t, "status", status, "EVIDENCE", "to confirm")
	var st struct {
		LensReviews []struct {
			Answers []struct {
				QuestionId    string
				ChoiceAnswers []struct{ ChoiceId, Status, Source string }
				Evidence      map[string]struct {
					Confidence string
					Proofs     []struct{ Path, Summary string }
				}
			}
		}
	}
	c.json(&st, "status", "payments")
	found := false
	for _, a := range st.LensReviews[0].Answers {
		if a.QuestionId != "OPS05" {
			continue
		}
		for _, ch := range a.ChoiceAnswers {
			if ch.ChoiceId == "OPS05_BP04" && ch.Source != "EVIDENCE" {
				t.Errorf("OPS05_BP04 source %q, want EVIDENCE", ch.Source)
			}
			if ch.ChoiceId == "OPS05_BP01" && ch.Source != "" {
				t.Errorf("the person's OPS05_BP01 became %q", ch.Source)
			}
		}
		ev := a.Evidence["OPS05_BP04"]
		found = ev.Confidence == "strong" && len(ev.Proofs) > 0 && strings.Contains(ev.Proofs[0].Path, "ci.yml")
	}
	if !found {
		t.Errorf("status JSON lacks the OPS05_BP04 evidence: %+v", st)
	}

	// A milestone keeps the evidence; rejecting a pre-selection sticks
	// across re-scans.
	c.ok("milestone", "create", "payments", "after first scan")
	c.ok("answer", "payments", "OPS05", "--unselect", "BP04")
	c.ok("scan", repo, "--workload", "payments", "--apply")
	if got := c.choicesWithStatus("payments", "OPS05", "SELECTED"); slices.Contains(got, "OPS05_BP04") {
		t.Errorf("a rejected pre-selection came back after a re-scan: %v", got)
	}
	md := c.ok("report", "payments", "--milestone", "1")
	contains(t, "milestone report", md, "## Evidence from repositories", ".github/workflows/ci.yml", "selected from evidence, not yet confirmed")
}

func TestInitFromEvidenceThenCheckDrift(t *testing.T) {
	c := newCLI(t)
	repo := evidenceRepo(t)
	c.ok("init", repo)
	file := filepath.Join(repo, "opslens.yaml")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	contains(t, "opslens.yaml", string(data), "name: payments", "OPS05:", "BP04", "# BP04", ".github/workflows/ci.yml")
	// Right after init the file claims exactly the strong evidence.
	c.ok("check", repo, "--fail-on", "drift")

	// Claiming infrastructure as code that the repository does not hold,
	// and dropping a practice the evidence shows, are both drift.
	edited := strings.Replace(string(data), "selected: [BP01, BP02, BP04, BP05]", "selected: [BP01, BP02, BP03, BP04]", 1)
	if edited == string(data) {
		t.Fatalf("the test's edit did not apply to:\n%s", data)
	}
	if err := os.WriteFile(file, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	r := c.runIn("", "check", repo, "--fail-on", "drift")
	if r.code != exitPolicy {
		t.Fatalf("check after edits: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	contains(t, "stdout", r.stdout, "OPS05-BP03", "but the scan found no trace of it", "OPS05-BP05", "strong evidence, not selected")
}

// TestInteractiveReviewShowsEvidence: the question page lists the proofs
// under each practice, says which selections came from evidence, and
// saving the question confirms them.
func TestInteractiveReviewShowsEvidence(t *testing.T) {
	c := newCLI(t)
	repo := evidenceRepo(t)
	c.ok("workload", "create", "payments")
	c.ok("scan", repo, "--workload", "payments", "--apply")
	// Enter on the question as the scan left it accepts the selections:
	// they are saved by a person this time.
	r := c.runIn("\nq\n", "review", "payments", "--question", "OPS05")
	if r.code != 0 {
		t.Fatalf("review: exit %d\n%s\n%s", r.code, r.stderr, r.stdout)
	}
	contains(t, "review output", r.stdout,
		"Test and validate changes (selected from evidence; saving confirms it)",
		"strong: .github/workflows/ci.yml:",
		"Saved OPS05")
	var st struct {
		LensReviews []struct {
			Answers []struct {
				QuestionId    string
				ChoiceAnswers []struct{ ChoiceId, Status, Source string }
			}
		}
	}
	c.json(&st, "status", "payments")
	for _, a := range st.LensReviews[0].Answers {
		if a.QuestionId != "OPS05" {
			continue
		}
		for _, ch := range a.ChoiceAnswers {
			if ch.Source != "" {
				t.Errorf("%s still %q after the person saved the question", ch.ChoiceId, ch.Source)
			}
		}
	}
}
