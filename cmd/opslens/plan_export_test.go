package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func csvRows(t *testing.T, s string) [][]string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(s)).ReadAll()
	if err != nil {
		t.Fatalf("CSV: %v\n%s", err, s)
	}
	return rows
}

// Exporting the plan twice files each ticket once: the second export
// holds only the practices that went missing since, --all holds them all,
// and another target starts afresh.
func TestPlanExportTwiceNoDuplicates(t *testing.T) {
	c := newCLI(t)
	c.ok("workload", "create", "payments")
	c.ok("answer", "payments", "OPS01", "--select", "BP01,BP02,BP03,BP04,BP05")
	first := csvRows(t, c.ok("plan", "payments", "--export", "csv"))
	if len(first) != 3 { // header and OPS01's two missing practices
		t.Fatalf("first export: %d rows\n%v", len(first), first)
	}
	if again := csvRows(t, c.ok("plan", "payments", "--export", "csv")); len(again) != 1 {
		t.Fatalf("the same export again: %v", again)
	}
	c.ok("answer", "payments", "OPS02", "--select", "BP01")
	second := csvRows(t, c.ok("plan", "payments", "--export", "csv"))
	for _, row := range second[1:] {
		if row[2] != "OPS02" {
			t.Errorf("the second export repeats %s %s", row[2], row[3])
		}
	}
	if len(second) < 2 {
		t.Fatalf("the second export lacks OPS02's practices: %v", second)
	}
	all := csvRows(t, c.ok("plan", "payments", "--export", "csv", "--all"))
	if len(all) != len(first)+len(second)-1 {
		t.Errorf("--all: %d rows, want %d", len(all), len(first)+len(second)-1)
	}
	keys := map[string]bool{}
	for _, row := range all[1:] {
		if keys[row[0]] {
			t.Errorf("key %s twice", row[0])
		}
		keys[row[0]] = true
	}
	r := c.runIn("", "plan", "payments", "--export", "jira-csv", "--per", "question")
	if r.code != 0 || len(csvRows(t, r.stdout)) != 3 || !strings.Contains(r.stderr, "Exported 2 ticket(s)") {
		t.Errorf("a first Jira export per question: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
}

// A GitHub export to a file is an executable script; bad targets and
// groupings are usage errors that export nothing.
func TestPlanExportFileAndErrors(t *testing.T) {
	c := newCLI(t)
	c.ok("workload", "create", "payments")
	c.ok("answer", "payments", "OPS01", "--select", "BP01")
	for _, bad := range [][]string{{"--export", "trello"}, {"--export", "csv", "--per", "team"}} {
		r := c.runIn("", append([]string{"plan", "payments"}, bad...)...)
		if r.code != 2 {
			t.Errorf("plan %v: exit %d, %s", bad, r.code, r.stderr)
		}
	}
	out := filepath.Join(t.TempDir(), "tickets.sh")
	c.ok("plan", "payments", "--export", "github", "--out", out, "--link", "https://opslens.example.com")
	fi, err := os.Stat(out)
	if err != nil || fi.Mode().Perm()&0o100 == 0 {
		t.Fatalf("the script: %v, mode %v", err, fi.Mode())
	}
	b, _ := os.ReadFile(out)
	if n := strings.Count(string(b), "\nfile 'opslens:"); n != 6 {
		t.Errorf("the script files %d issues, want OPS01's 6 missing practices", n)
	}
	if !strings.Contains(string(b), "https://opslens.example.com/workloads/1/lenses/operational-excellence/questions/OPS01") {
		t.Error("the tickets do not link back to the question")
	}
}

// `opslens report --format pdf` writes a PDF to a file or a pipe.
func TestReportPDF(t *testing.T) {
	c := newCLI(t)
	c.ok("workload", "create", "payments")
	c.ok("answer", "payments", "OPS01", "--select", "BP01")
	out := filepath.Join(t.TempDir(), "payments.pdf")
	c.ok("report", "payments", "--format", "pdf", "-f", out)
	b, err := os.ReadFile(out)
	if err != nil || !strings.HasPrefix(string(b), "%PDF-") || !strings.Contains(string(b), "%%EOF") {
		t.Fatalf("the file is not a PDF (%v): %.40q", err, b)
	}
	if piped := c.ok("report", "payments", "--format", "pdf"); !strings.HasPrefix(piped, "%PDF-") {
		t.Fatalf("the piped output is not a PDF: %.40q", piped)
	}
}

// The portfolio report covers the workloads a tag or an owner selects.
func TestReportPortfolio(t *testing.T) {
	c := newCLI(t)
	c.ok("workload", "create", "payments", "--owner", "team-payments", "--tag", "unit=retail")
	c.ok("workload", "create", "ledger", "--owner", "team-ledger", "--tag", "unit=retail")
	c.ok("workload", "create", "search", "--owner", "team-search")
	c.ok("answer", "payments", "OPS01", "--select", "BP01")
	out := c.ok("report", "--portfolio", "--tag", "unit=retail")
	contains(t, "retail portfolio", out, "Workloads with tag unit=retail: 2 workloads", "payments", "Not reviewed yet: ledger.", "OPS01")
	if strings.Contains(out, "search") {
		t.Error("the tag filter let search in")
	}
	var p struct {
		Workloads []struct{ WorkloadName string }
	}
	c.json(&p, "report", "--portfolio", "--owner", "team-search")
	if len(p.Workloads) != 1 || p.Workloads[0].WorkloadName != "search" {
		t.Errorf("owner filter: %+v", p.Workloads)
	}
	if r := c.runIn("", "report", "payments", "--portfolio"); r.code != 2 {
		t.Errorf("a workload name with --portfolio: exit %d", r.code)
	}
}
