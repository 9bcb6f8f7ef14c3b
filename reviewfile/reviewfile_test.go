package reviewfile

import (
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/evidence"
	"github.com/opslens/opslens/lens"
	"github.com/opslens/opslens/lens/builtin"
	"github.com/opslens/opslens/review"
)

var update = flag.Bool("update", false, "rewrite golden files")

func builtinLens(t testing.TB) *lens.Lens {
	t.Helper()
	ls, err := builtin.Lenses()
	if err != nil {
		t.Fatal(err)
	}
	return ls[builtin.Alias]
}

func parseFile(t *testing.T, path string) *File {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse(path, data)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestResolve(t *testing.T) {
	l := builtinLens(t)
	r, err := parseFile(t, "testdata/full.yaml").Resolve(builtin.Alias, l)
	if err != nil {
		t.Fatal(err)
	}
	if r.Workload.Name != "payments" || r.Workload.Environment != opslens.EnvProduction || r.Workload.Tags["tier"] != "1" {
		t.Errorf("workload %+v", r.Workload)
	}
	if len(r.Answers) != 11 {
		t.Fatalf("%d answers, want one per question (11)", len(r.Answers))
	}
	byQ := map[string]opslens.Answer{}
	for _, a := range r.Answers {
		byQ[a.QuestionID] = a
	}
	ops05 := byQ["OPS05"]
	if got := ops05.Selected(); !reflect.DeepEqual(got, []string{"OPS05_BP01", "OPS05_BP02", "OPS05_BP03", "OPS05_BP04"}) {
		t.Errorf("OPS05 selected %v", got)
	}
	bp08 := ops05.Choice("OPS05_BP08")
	if bp08.Status != opslens.ChoiceNotApplicable || bp08.Reason != opslens.ReasonArchitectureConstraints ||
		bp08.Acceptance == nil || bp08.Acceptance.By != "alice" || bp08.Acceptance.Until != "2027-06-30" {
		t.Errorf("OPS05_BP08 = %+v", bp08)
	}
	if c := ops05.Choice("OPS05_BP09"); c.Status != opslens.ChoiceUnselected || c.Notes != "weekly releases today" {
		t.Errorf("OPS05_BP09 = %+v", c)
	}
	ops06 := byQ["OPS06"]
	if got := ops06.Selected(); !reflect.DeepEqual(got, []string{"OPS06_no"}) || ops06.AcceptedRisk == nil {
		t.Errorf("OPS06 = %+v", ops06)
	}
	if ops11 := byQ["OPS11"]; ops11.IsApplicable || ops11.Reason != opslens.ReasonBusinessPriorities || ops11.Acceptance.By != "bob" {
		t.Errorf("OPS11 = %+v", ops11)
	}
	if ops01 := byQ["OPS01"]; !ops01.IsApplicable || len(ops01.Choices) != 0 {
		t.Errorf("unmentioned OPS01 = %+v, want unanswered", ops01)
	}
}

// TestRoundTrip: a file written from a review reads back to the same
// answers, and writing is stable (golden).
func TestRoundTrip(t *testing.T) {
	l := builtinLens(t)
	r, err := parseFile(t, "testdata/full.yaml").Resolve(builtin.Alias, l)
	if err != nil {
		t.Fatal(err)
	}
	out, err := Encode(FromReview(&r.Workload, builtin.Alias, l, r.Answers))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "testdata/full.golden.yaml", out)
	again, err := Parse("written", out)
	if err != nil {
		t.Fatalf("written file does not parse: %v\n%s", err, out)
	}
	r2, err := again.Resolve(builtin.Alias, l)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(r, r2) {
		t.Errorf("round trip changed the review:\n got %+v\nwant %+v", r2, r)
	}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if string(want) != string(got) {
		t.Errorf("%s differs (run with -update if intended):\n%s", path, got)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, file string
		wants      []string
	}{
		{"empty", "", []string{"is empty", "opslens init"}},
		{"not a mapping", "- a\n- b\n", []string{"line 1", "mapping"}},
		{"syntax", "version: 1\nworkload: {name: x\n", []string{"line"}},
		{"no version", "workload: {name: x}\n", []string{"version is missing"}},
		{"newer version", "version: 9\nworkload: {name: x}\n", []string{"version 9 is newer", "upgrade opslens"}},
		{"no name", "version: 1\nworkload: {owner: x}\n", []string{"workload.name is required"}},
		{"unknown top key", "version: 1\nworkload: {name: x}\nquestion: {}\n", []string{`line 3: unknown key "question"`, "allowed: lens, questions, version, workload"}},
		{"unknown workload key", "version: 1\nworkload:\n  name: x\n  team: y\n", []string{`line 4: unknown key "team" in workload`}},
		{"unknown practice key", "version: 1\nworkload: {name: x}\nquestions:\n  OPS05:\n    practices:\n      BP01: {note: x}\n", []string{`line 6: unknown key "note" in questions.OPS05.practices.BP01`, "notes"}},
		{"duplicate key", "version: 1\nversion: 1\n", []string{"line 2", `"version" already defined`}},
		{"selected not a list", "version: 1\nworkload: {name: x}\nquestions:\n  OPS01: {selected: BP01}\n", []string{"line 4", "list of practice IDs"}},
		{"bad bool", "version: 1\nworkload: {name: x}\nquestions:\n  OPS01: {none: maybe}\n", []string{"line 4", "true or false"}},
		{"bad date", "version: 1\nworkload: {name: x}\nquestions:\n  OPS01:\n    accepted-risk: {until: 31/12/2026}\n", []string{"line 5", "YYYY-MM-DD"}},
		{"bad reason", "version: 1\nworkload: {name: x}\nquestions:\n  OPS01:\n    not-applicable: {reason: lazy}\n", []string{"line 5", `unknown reason "lazy"`}},
		{"reason on risk", "version: 1\nworkload: {name: x}\nquestions:\n  OPS01:\n    accepted-risk: {reason: OTHER}\n", []string{"line 5", "accepted-risk takes by"}},
		{"contradiction", "version: 1\nworkload: {name: x}\nquestions:\n  OPS01: {selected: [BP01], none: true}\n", []string{"line 4", "selects practices and 'none'"}},
		{"twice", "version: 1\nworkload: {name: x}\nquestions:\n  OPS01: {none: true}\n  ops01: {none: true}\n", []string{"line 5: question ops01 is already answered on line 4"}},
		{"several problems", "version: 1\nworkload: {name: x, tags: [a]}\nquestions:\n  OPS01: {none: maybe}\n", []string{"line 2", "line 4"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("opslens.yaml", []byte(tt.file))
			if err == nil {
				t.Fatal("no error")
			}
			if opslens.ErrorCode(err) != opslens.EINVALID {
				t.Errorf("code %s, want invalid", opslens.ErrorCode(err))
			}
			for _, w := range tt.wants {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestResolveErrors(t *testing.T) {
	l := builtinLens(t)
	file := "version: 1\nworkload: {name: x, environment: qa}\n"
	f, err := Parse("f", []byte(file))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Resolve(builtin.Alias, l); err == nil || !strings.Contains(err.Error(), `unknown environment "qa"`) {
		t.Errorf("bad environment: %v", err)
	}
	file = "version: 1\nworkload: {name: xyz}\nquestions:\n  OPX01: {none: true}\n  OPS05:\n    selected: [BP01, BP77]\n    practices:\n      BP01: {not-applicable: {reason: OTHER}}\n"
	if f, err = Parse("f", []byte(file)); err != nil {
		t.Fatal(err)
	}
	_, err = f.Resolve(builtin.Alias, l)
	for _, w := range []string{"line 4:", `"OPX01"`, "did you mean OPS01?", "line 6:", `"BP77"`, "line 8: practice OPS05_BP01 is both selected and not applicable"} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("error %v lacks %q", err, w)
		}
	}
}

func TestCheck(t *testing.T) {
	l := builtinLens(t)
	f := parseFile(t, "testdata/full.yaml")
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	scan := &evidence.Report{Findings: []evidence.Finding{
		{BestPracticeID: "OPS05-BP01", QuestionID: "OPS05", ChoiceID: "OPS05_BP01", Confidence: evidence.Strong,
			Evidence: []evidence.Proof{{Path: ".", Summary: "a git repository with 120 commits"}}},
		{BestPracticeID: "OPS05-BP05", QuestionID: "OPS05", ChoiceID: "OPS05_BP05", Confidence: evidence.Strong,
			Evidence: []evidence.Proof{{Path: ".github/dependabot.yml", Line: 3, Summary: "Dependabot updates Go modules weekly"}}},
		{BestPracticeID: "OPS05-BP07", QuestionID: "OPS05", ChoiceID: "OPS05_BP07", Confidence: evidence.Partial,
			Evidence: []evidence.Proof{{Path: ".golangci.yml", Summary: "a linter configuration nothing runs"}}},
	}}
	tests := []struct {
		name     string
		policies []Policy
		fails    []string
	}{
		{"no policy", nil, nil},
		{"high", []Policy{FailHigh}, []string{"OPS06 is at HIGH risk (--fail-on high)"}},
		{"medium", []Policy{FailMedium}, []string{"OPS05 is at MEDIUM risk (--fail-on medium)", "OPS06 is at HIGH risk (--fail-on medium)"}},
		{"unanswered", []Policy{FailUnanswered}, []string{"OPS01 is unanswered", "OPS10 is unanswered"}},
		{"drift", []Policy{FailDrift}, []string{
			"OPS05-BP02: selected in the review file, but the scan found no trace",
			"OPS05-BP05: the scan found strong evidence",
			"line 22: accepted-risk of OPS06 expired on 2026-01-31",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Check(f, builtin.Alias, l, scan, tt.policies, now)
			if err != nil {
				t.Fatal(err)
			}
			if res.Passed() != (len(tt.fails) == 0) {
				t.Errorf("passed = %v with failures %v", res.Passed(), res.Failures)
			}
			all := strings.Join(res.Failures, "\n")
			for _, w := range tt.fails {
				if !strings.Contains(all, w) {
					t.Errorf("failures lack %q:\n%s", w, all)
				}
			}
		})
	}
	res, _ := Check(f, builtin.Alias, l, scan, []Policy{FailHigh}, now)
	if !strings.Contains(strings.Join(res.Failures, "\n"), "OPS06 is at HIGH") {
		t.Errorf("OPS06's acceptance expired on 2026-01-31; its HIGH risk must fail: %v", res.Failures)
	}
	// Before the expiry the accepted risk does not fail the gate.
	res, _ = Check(f, builtin.Alias, l, scan, []Policy{FailHigh}, time.Date(2026, 1, 31, 23, 0, 0, 0, time.UTC))
	if strings.Contains(strings.Join(res.Failures, "\n"), "OPS06") {
		t.Errorf("accepted, unexpired risk failed the gate: %v", res.Failures)
	}
	// Partial evidence for an unclaimed practice is not drift; a claim of a
	// practice that is only Traceable (not Expected) without evidence is not either.
	for _, d := range res.Drift {
		if d.ChoiceID == "OPS05_BP07" || d.ChoiceID == "OPS05_BP09" {
			t.Errorf("unexpected drift %+v", d)
		}
	}
}

func TestParsePolicies(t *testing.T) {
	got, err := ParsePolicies("high, drift")
	if err != nil || !reflect.DeepEqual(got, []Policy{FailHigh, FailDrift}) {
		t.Errorf("got %v, %v", got, err)
	}
	if got, err := ParsePolicies("none"); err != nil || len(got) != 0 {
		t.Errorf("none: %v, %v", got, err)
	}
	if _, err := ParsePolicies("high,critical"); err == nil || !strings.Contains(err.Error(), `"critical"`) {
		t.Errorf("bad policy: %v", err)
	}
}

// FuzzParse: no input crashes the parser, and whatever parses also
// resolves or fails cleanly, and writes back to something that parses.
func FuzzParse(f *testing.F) {
	for _, p := range []string{"testdata/full.yaml"} {
		data, err := os.ReadFile(filepath.Clean(p))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("version: 1\nworkload: {name: abc}\nquestions: {OPS01: {none: true}}\n"))
	f.Add([]byte("version: 1\nworkload: &a {name: abc}\nlens: *a\n"))
	l := builtinLens(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse("fuzz", data)
		if err != nil {
			return
		}
		r, err := file.Resolve(builtin.Alias, l)
		if err != nil {
			return
		}
		out, err := Encode(FromReview(&r.Workload, builtin.Alias, l, r.Answers))
		if err != nil {
			t.Fatalf("encode: %v", err)
		}
		if _, err := Parse("again", out); err != nil {
			t.Fatalf("written file does not parse: %v\n%s", err, out)
		}
	})
}

var _ = review.DefaultLens
