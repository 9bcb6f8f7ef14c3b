package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xeipuuv/gojsonschema"

	"github.com/opslens/opslens/evidence"
)

// scanRepo builds a small git repository with ownership evidence and a
// file that does not parse, committed twice at fixed dates.
func scanRepo(t *testing.T) string {
	t.Helper()
	return gitRepo(t, "payments", map[string]string{
		".github/CODEOWNERS":  "# owners\n* @acme/payments\n/runbooks/ @acme/oncall\n",
		"catalog-info.yaml":   "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: payments\nspec:\n  owner: team-payments\n",
		"broken/catalog.yaml": "a: [1\n",
		"README.md":           "# payments\n\nWe do canary releases.\n",
	})
}

// gitRepo writes files into a new directory named name and commits them
// twice (so the history has more than one commit) at a fixed date, with no
// user or system git configuration.
func gitRepo(t *testing.T, name string, files map[string]string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := filepath.Join(t.TempDir(), name)
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git := func(args ...string) {
		cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL="+os.DevNull, "GIT_CONFIG_NOSYSTEM=1",
			"GIT_AUTHOR_NAME=T", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=T", "GIT_COMMITTER_EMAIL=t@example.com",
			"GIT_AUTHOR_DATE=2026-05-01T10:00:00Z", "GIT_COMMITTER_DATE=2026-05-01T10:00:00Z")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q", "-b", "main")
	git("add", "-A")
	git("commit", "-q", "-m", "first")
	git("commit", "-q", "--allow-empty", "-m", "second")
	return dir
}

func TestScanText(t *testing.T) {
	c := newCLI(t)
	dir := scanRepo(t)
	r := c.runIn("", "scan", dir)
	if r.code != 0 {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	contains(t, "scan output", r.stdout,
		"Scanned "+dir+": git, commit ",
		"on main, 4 files",
		"OPS02  How do you structure your organization to support your business outcomes?",
		"  OPS02-BP01  Resources have identified owners  [strong]",
		"      .github/CODEOWNERS:2 — CODEOWNERS rule \"*\" makes @acme/payments",
		"      catalog-info.yaml:6 [spec.owner] — Backstage catalog entry Component \"payments\"",
		"  OPS05-BP01  Use version control  [strong]",
		"      (git history) — The repository is under git with 2 commits on branch main",
		"  no evidence found: OPS02-BP03, OPS02-BP04, OPS02-BP06, OPS02-BP07",
		"1 warning:\n  broken/catalog.yaml: not parsed as YAML",
		"practices with evidence",
	)
	if strings.Contains(strings.ToLower(r.stdout), "missing") {
		t.Error("scan output calls a practice missing")
	}
	if strings.Contains(r.stdout, "OPS06-BP04  ") {
		t.Error("a word in the README counted as canary evidence")
	}
	if r.stderr != "" {
		t.Errorf("stderr is not quiet when it is not a terminal: %q", r.stderr)
	}
}

func TestScanDefaultsToCurrentDirectory(t *testing.T) {
	dir := scanRepo(t)
	cmd := exec.Command(binary, "scan")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), asMain+"=1", "NO_COLOR=1")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("opslens scan in %s: %v", dir, err)
	}
	contains(t, "scan output", string(out), "Scanned .: git", "OPS02-BP01")
}

// scanJSONReport mirrors the JSON field names scripts rely on.
type scanJSONReport struct {
	Tool, Version string
	ScannedAt     time.Time
	Repositories  []struct {
		Path, Name, Commit, Branch string
		Git                        bool
		Files                      int
	}
	Findings []struct {
		BestPracticeId, QuestionId, ChoiceId, Confidence string
		Evidence                                         []struct {
			Path    string
			Line    int
			Summary string
		}
	}
	Unknown  []json.RawMessage
	Warnings []struct{ Path, Message string }
}

func TestScanJSON(t *testing.T) {
	c := newCLI(t)
	dir := scanRepo(t)
	var rep scanJSONReport
	c.json(&rep, "scan", dir)
	if rep.Tool != "opslens" || rep.Version == "" || !rep.ScannedAt.Equal(time.Unix(1767225600, 0)) {
		t.Errorf("header: %q %q %v (SOURCE_DATE_EPOCH fixes the time)", rep.Tool, rep.Version, rep.ScannedAt)
	}
	if len(rep.Repositories) != 1 || !regexp.MustCompile(`^[0-9a-f]{40}$`).MatchString(rep.Repositories[0].Commit) ||
		rep.Repositories[0].Name != "payments" || rep.Repositories[0].Path != dir {
		t.Errorf("repositories: %+v", rep.Repositories)
	}
	byID := map[string]int{}
	for i, f := range rep.Findings {
		byID[f.BestPracticeId] = i
	}
	i, ok := byID["OPS02-BP01"]
	if !ok {
		t.Fatalf("no OPS02-BP01 finding: %+v", rep.Findings)
	}
	f := rep.Findings[i]
	if f.QuestionId != "OPS02" || f.ChoiceId != "OPS02_BP01" || f.Confidence != "strong" ||
		f.Evidence[0].Path != ".github/CODEOWNERS" || f.Evidence[0].Line != 2 || f.Evidence[0].Summary == "" {
		t.Errorf("finding: %+v", f)
	}
	if len(rep.Warnings) != 1 || rep.Warnings[0].Path != "broken/catalog.yaml" || rep.Unknown == nil {
		t.Errorf("warnings %+v, unknown %v", rep.Warnings, rep.Unknown)
	}
	// --format json says the same as -o json.
	var again scanJSONReport
	if err := json.Unmarshal([]byte(c.ok("scan", "--format", "json", dir)), &again); err != nil || len(again.Findings) != len(rep.Findings) {
		t.Errorf("--format json: %v, %d findings", err, len(again.Findings))
	}
}

func TestScanSARIFFile(t *testing.T) {
	c := newCLI(t)
	dir := scanRepo(t)
	out := filepath.Join(t.TempDir(), "opslens.sarif")
	r := c.runIn("", "scan", "--format", "sarif", "-f", out, dir)
	if r.code != 0 || r.stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	contains(t, "stderr", r.stderr, "Wrote the sarif scan of 1 repository to "+out)
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	schema, err := os.ReadFile(filepath.Join("..", "..", "evidence", "testdata", "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := gojsonschema.Validate(gojsonschema.NewBytesLoader(schema), gojsonschema.NewBytesLoader(data))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range res.Errors() {
		t.Errorf("SARIF schema: %s", e)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Name, Version string
					Rules         []struct{ ID string }
				}
			}
			Results []struct {
				RuleID    string
				Level     string
				Message   struct{ Text string }
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           *struct{ StartLine int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if run.Tool.Driver.Name != "opslens" || run.Tool.Driver.Version == "" || len(run.Tool.Driver.Rules) == 0 {
		t.Errorf("driver %+v", run.Tool.Driver)
	}
	found := false
	for _, res := range run.Results {
		loc := res.Locations[0].PhysicalLocation
		if res.RuleID == "OPS02-BP01" && loc.ArtifactLocation.URI == ".github/CODEOWNERS" && loc.Region != nil && loc.Region.StartLine == 2 {
			found = true
		}
		if res.Level != "note" || res.Message.Text == "" {
			t.Errorf("result %+v", res)
		}
	}
	if !found {
		t.Errorf("no OPS02-BP01 result at .github/CODEOWNERS:2: %+v", run.Results)
	}
}

func TestScanSeveralRepositories(t *testing.T) {
	c := newCLI(t)
	a, b := scanRepo(t), scanRepo(t)
	var rep scanJSONReport
	c.json(&rep, "scan", a, b)
	if len(rep.Repositories) != 2 {
		t.Fatalf("repositories %+v", rep.Repositories)
	}
	out := c.ok("scan", a, b)
	contains(t, "scan output", out, "Scanned "+a, "Scanned "+b, a+": .github/CODEOWNERS:2 — ", b+": .github/CODEOWNERS:2 — ", "2 warnings:")
}

func TestScanUsageErrors(t *testing.T) {
	c := newCLI(t)
	file := filepath.Join(t.TempDir(), "file.txt")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"scan", filepath.Join(dir, "nope")}, "no such directory"},
		{[]string{"scan", dir, file}, "not a directory"},
		{[]string{"scan", "--format", "xml", dir}, "unknown --format \"xml\""},
		{[]string{"scan", "-o", "json", "--format", "sarif", dir}, "disagree"},
		{[]string{"scan", "--bogus"}, "unknown flag"},
	}
	for _, tt := range tests {
		contains(t, strings.Join(tt.args, " "), c.fail(exitUsage, tt.args...), tt.want)
	}
}

func TestScanHelpAndWarnings(t *testing.T) {
	c := newCLI(t)
	contains(t, "scan --help", c.ok("scan", "--help"), "Examples:", "opslens scan --format sarif -f opslens.sarif", "no evidence found")

	dir := t.TempDir()
	for i := range 8 {
		name := filepath.Join(dir, "catalog", "bad"+string(rune('a'+i))+".yaml")
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte("a: [\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := c.ok("scan", dir)
	contains(t, "scan output", out, "8 warnings:", "… and 3 more (-v lists them all)")
	if strings.Contains(out, "badh.yaml") {
		t.Error("more than 5 warnings shown without -v")
	}
	contains(t, "scan -v output", c.ok("scan", "-v", dir), "catalog/badh.yaml: not parsed as YAML")
}

func TestScanTextUnknownAndHistory(t *testing.T) {
	rep := &evidence.Report{
		Repositories: []evidence.Repository{{Path: "app", Git: true, Commit: strings.Repeat("b", 40), Shallow: true, Files: 1}},
		Findings:     []evidence.Finding{},
		Unknown:      []evidence.Unknown{{BestPracticeID: "OPS05-BP09", Reason: "a shallow clone has no full history"}},
	}
	var buf bytes.Buffer
	if err := writeScanText(&buf, rep, false, style{}); err != nil {
		t.Fatal(err)
	}
	contains(t, "text", buf.String(),
		"Scanned app: git, commit bbbbbbbbbbbb, shallow clone, 1 file",
		"Could not be judged (1):\n  OPS05-BP09: a shallow clone has no full history",
		"0 of 82 practices with evidence (0 strong, 0 partial); no evidence found for the other 82.")
}
