package evidence

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xeipuuv/gojsonschema"
)

// sarifFixture is a report as a scan of two repositories would produce it,
// with the kinds of proof SARIF must handle: a line, a whole file, no file
// (a history figure), a path with a blank and one that is not UTF-8.
func sarifFixture(repos ...string) *Report {
	repo := func(i int) string {
		if len(repos) > 1 {
			return repos[i]
		}
		return ""
	}
	rep := &Report{Tool: "opslens", Version: "1.4.0", ScannedAt: time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)}
	for _, r := range repos {
		rep.Repositories = append(rep.Repositories, Repository{Path: r, Name: filepath.Base(r), Git: true, Commit: strings.Repeat("a", 40), Files: 3})
	}
	rep.Findings = []Finding{
		{BestPracticeID: "OPS02-BP01", QuestionID: "OPS02", ChoiceID: "OPS02_BP01", Title: "Resources have identified owners", Confidence: Strong,
			Evidence: []Proof{{Repository: repo(0), Path: ".github/CODEOWNERS", Line: 4, Summary: "CODEOWNERS rule \"*\" names the owners of every file."}}},
		{BestPracticeID: "OPS05-BP01", QuestionID: "OPS05", ChoiceID: "OPS05_BP01", Title: "Use version control", Confidence: Strong,
			Evidence: []Proof{{Repository: repo(0), Summary: "The repository is under git with 12 commits."}}},
		{BestPracticeID: "OPS07-BP03", QuestionID: "OPS07", ChoiceID: "OPS07_BP03", Title: "Use runbooks to perform procedures", Confidence: Partial,
			Evidence: []Proof{
				{Repository: repo(0), Path: "My Runbooks/restart #1.md", Summary: "A runbook without steps."},
				{Repository: repo(len(repos) - 1), Path: "docs/caf\xe9.md", Line: 2, Summary: "A runbook."},
			}},
	}
	return rep
}

// validateSARIF checks a SARIF document against the official SARIF 2.1.0
// schema (OASIS errata 01, vendored in testdata) and against what GitHub
// code scanning needs of each result.
func validateSARIF(t *testing.T, data []byte) map[string]any {
	t.Helper()
	schema, err := os.ReadFile(filepath.Join("testdata", "sarif-schema-2.1.0.json"))
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
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if doc["version"] != "2.1.0" {
		t.Errorf("version %v", doc["version"])
	}
	for _, r := range doc["runs"].([]any) {
		run := r.(map[string]any)
		driver := run["tool"].(map[string]any)["driver"].(map[string]any)
		if driver["name"] != "opslens" || driver["informationUri"] != InformationURI {
			t.Errorf("driver %v", driver)
		}
		rules := map[string]bool{}
		for _, x := range driver["rules"].([]any) {
			rule := x.(map[string]any)
			rules[rule["id"].(string)] = true
			if dig(rule, "shortDescription", "text") == "" || dig(rule, "help", "text") == "" || rule["name"] == "" {
				t.Errorf("rule without description or help: %v", rule)
			}
		}
		for _, x := range run["results"].([]any) {
			checkGitHubResult(t, x.(map[string]any), rules)
		}
	}
	return doc
}

func checkGitHubResult(t *testing.T, res map[string]any, rules map[string]bool) {
	t.Helper()
	id, _ := res["ruleId"].(string)
	if !rules[id] {
		t.Errorf("result rule %q is not a rule of the run", id)
	}
	if dig(res, "message", "text") == "" || res["level"] != "note" {
		t.Errorf("result message/level: %v", res)
	}
	locs, _ := res["locations"].([]any)
	if len(locs) == 0 {
		t.Fatalf("result without location: %v", res)
	}
	uri := dig(locs[0].(map[string]any), "physicalLocation", "artifactLocation", "uri")
	if uri == "" || strings.HasPrefix(uri, "/") || strings.Contains(uri, "://") || strings.ContainsAny(uri, " #") {
		t.Errorf("artifact URI %q is not a relative URI reference", uri)
	}
	if fp, _ := res["partialFingerprints"].(map[string]any); len(fp) == 0 {
		t.Errorf("result without partialFingerprints: %v", res)
	}
}

// dig follows keys through nested JSON objects and returns a string, or "".
func dig(v any, keys ...string) string {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return ""
		}
		v = m[k]
	}
	s, _ := v.(string)
	return s
}

func TestSARIFOneRepository(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteSARIF(&buf, sarifFixture("/src/app")); err != nil {
		t.Fatal(err)
	}
	doc := validateSARIF(t, buf.Bytes())
	runs := doc["runs"].([]any)
	if len(runs) != 1 {
		t.Fatalf("%d runs", len(runs))
	}
	run := runs[0].(map[string]any)
	if _, ok := run["automationDetails"]; ok {
		t.Error("a single repository's run has automationDetails")
	}
	var got []string
	for _, x := range run["results"].([]any) {
		res := x.(map[string]any)
		loc := res["locations"].([]any)[0].(map[string]any)
		line := ""
		if l, ok := loc["physicalLocation"].(map[string]any)["region"].(map[string]any); ok {
			line = ":" + jsonNumber(l["startLine"])
		}
		got = append(got, res["ruleId"].(string)+" "+dig(loc, "physicalLocation", "artifactLocation", "uri")+line)
	}
	want := []string{"OPS02-BP01 .github/CODEOWNERS:4", "OPS07-BP03 My%20Runbooks/restart%20%231.md", "OPS07-BP03 docs/caf%E9.md:2"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("results:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	rules := run["tool"].(map[string]any)["driver"].(map[string]any)["rules"].([]any)
	if len(rules) != 2 {
		t.Errorf("%d rules, want 2 (a practice whose only proof has no file has no rule)", len(rules))
	}
	first := rules[0].(map[string]any)
	if first["name"] != "ResourcesHaveIdentifiedOwners" || dig(first, "shortDescription", "text") != "Resources have identified owners" ||
		!strings.Contains(dig(first, "help", "text"), "Confidence: strong") {
		t.Errorf("rule %v", first)
	}
	if dig(run["tool"], "driver", "version") != "1.4.0" {
		t.Errorf("driver version %v", run["tool"])
	}
	checkGolden(t, filepath.Join("testdata", "sarif.golden"), buf.String())
}

func jsonNumber(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestSARIFSeveralRepositories(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteSARIF(&buf, sarifFixture("/src/app", "/src/infra")); err != nil {
		t.Fatal(err)
	}
	doc := validateSARIF(t, buf.Bytes())
	runs := doc["runs"].([]any)
	if len(runs) != 2 {
		t.Fatalf("%d runs, want one per repository", len(runs))
	}
	for i, want := range []struct {
		id      string
		results int
	}{{"opslens/app/", 2}, {"opslens/infra/", 1}} {
		run := runs[i].(map[string]any)
		if got := dig(run, "automationDetails", "id"); got != want.id {
			t.Errorf("run %d automationDetails.id = %q, want %q", i, got, want.id)
		}
		if n := len(run["results"].([]any)); n != want.results {
			t.Errorf("run %d has %d results, want %d", i, n, want.results)
		}
	}
}

func TestSARIFOfARealScan(t *testing.T) {
	dir := newTestRepo(t, map[string]string{
		".github/CODEOWNERS": "* @acme/team\n/runbooks/ @acme/sre\n",
		"catalog-info.yaml":  "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: x\nspec:\n  owner: team-x\n",
	}, map[string]string{"README.md": "# x\n"})
	rep, err := Scan(context.Background(), []string{dir}, Options{Version: "dev", Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteSARIF(&buf, rep); err != nil {
		t.Fatal(err)
	}
	validateSARIF(t, buf.Bytes())
}

func TestFingerprintIsStable(t *testing.T) {
	a := proofFingerprint("OPS02-BP01", Proof{Path: "CODEOWNERS", Line: 3, Summary: "one wording"})
	b := proofFingerprint("OPS02-BP01", Proof{Path: "CODEOWNERS", Line: 3, Summary: "another wording"})
	c := proofFingerprint("OPS02-BP05", Proof{Path: "CODEOWNERS", Line: 3})
	if a != b || a == c || len(a) != 32 {
		t.Errorf("fingerprints %s %s %s", a, b, c)
	}
}
