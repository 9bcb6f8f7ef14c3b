package wellarchitected

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/lens"
	"github.com/opslens/opslens/lens/builtin"
)

func builtinLens(t *testing.T) *lens.Lens {
	t.Helper()
	all, err := builtin.Lenses()
	if err != nil {
		t.Fatal(err)
	}
	return all[builtin.Alias]
}

func readJSON(t *testing.T, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func selected(a opslens.Answer, status opslens.ChoiceStatus) []string {
	var out []string
	for _, c := range a.Choices {
		if c.Status == status {
			out = append(out, c.ChoiceID)
		}
	}
	return out
}

// Files shaped like the AWS CLI's output for the AWS tool's own lens (IDs
// of its own, the framework's titles) map onto the built-in lens by title;
// other pillars, unanswered questions and what has no counterpart are
// left out and reported.
func TestImportFromAWSLens(t *testing.T) {
	var wl GetWorkloadOutput
	var page ListAnswersOutput
	readJSON(t, "get-workload.json", &wl)
	readJSON(t, "list-answers.json", &page)
	facts := Facts(wl.Workload)
	if facts.Name != "payments-api" || facts.Environment != opslens.EnvProduction || facts.Tags["tier"] != "1" ||
		!slices.Equal(facts.Locations, []string{"eu-west-1", "eu-central-1", "Frankfurt DC"}) || facts.Industry != "Banking" {
		t.Errorf("facts: %+v", facts)
	}
	answers, rep, err := Answers(builtinLens(t), []ListAnswersOutput{page})
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]opslens.Answer{}
	for _, a := range answers {
		by[a.QuestionID] = a
	}
	if got := selected(by["OPS01"], opslens.ChoiceSelected); !slices.Equal(got, []string{"OPS01_BP01", "OPS01_BP02", "OPS01_BP03"}) {
		t.Errorf("OPS01 selected %v", got)
	}
	if got := selected(by["OPS01"], opslens.ChoiceNotApplicable); !slices.Equal(got, []string{"OPS01_BP05"}) || by["OPS01"].Choices[3].Reason != opslens.ReasonOutOfScope {
		t.Errorf("OPS01 not applicable %v (%+v)", got, by["OPS01"].Choices)
	}
	if a := by["OPS02"]; a.IsApplicable || a.Reason != opslens.ReasonBusinessPriorities {
		t.Errorf("OPS02: %+v", a)
	}
	if got := selected(by["OPS05"], opslens.ChoiceSelected); !slices.Equal(got, []string{"OPS05_BP01"}) {
		t.Errorf("OPS05 selected %v", got)
	}
	if _, ok := by["OPS07"]; ok || rep.Questions != 3 || rep.OtherPillars != 1 {
		t.Errorf("report %+v; answered %v", rep, slices.Collect(func(yield func(string) bool) {
			for k := range by {
				if !yield(k) {
					return
				}
			}
		}))
	}
	joined := strings.Join(rep.Unmatched, "\n")
	if len(rep.Unmatched) != 2 || !strings.Contains(joined, "ops_dev_integ_feature_flags") || !strings.Contains(joined, "ops-legacy-checklist") {
		t.Errorf("unmatched:\n%s", joined)
	}
}

// A review exported as update-answer commands, run against a stand-in for
// the AWS CLI that records its arguments, reads back as the same answers.
func TestExportRoundTrip(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	answers := []opslens.Answer{
		{QuestionID: "OPS01", IsApplicable: true, Notes: "Priorities come from the O'Brien review; see \"Q3\".", Choices: []opslens.ChoiceAnswer{
			{ChoiceID: "OPS01_BP01", Status: opslens.ChoiceSelected}, {ChoiceID: "OPS01_BP02", Status: opslens.ChoiceSelected},
			{ChoiceID: "OPS01_BP05", Status: opslens.ChoiceNotApplicable, Reason: opslens.ReasonOutOfScope, Notes: "no $threats; `here`"}}},
		{QuestionID: "OPS02", IsApplicable: false, Reason: opslens.ReasonBusinessPriorities},
		{QuestionID: "OPS03", IsApplicable: true, Choices: []opslens.ChoiceAnswer{{ChoiceID: "OPS03_no", Status: opslens.ChoiceSelected}}},
	}
	var b bytes.Buffer
	if err := WriteUpdateAnswers(&b, answers, ExportMeta{Workload: "payments", LensAlias: "operational-excellence", Version: "test", Date: "2026-11-24"}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	os.MkdirAll(bin, 0o755)
	// The fake aws writes each call's arguments, one per line, as JSON
	// strings, so the test reads back exactly what the shell passed.
	fake := "#!/bin/sh\n{ for a in \"$@\"; do printf '%s\\0' \"$a\"; done; printf '\\n'; } >> " + filepath.Join(dir, "calls") + "\n"
	os.WriteFile(filepath.Join(bin, "aws"), []byte(fake), 0o755)
	script := filepath.Join(dir, "update.sh")
	os.WriteFile(script, b.Bytes(), 0o755)
	cmd := exec.Command("sh", script)
	cmd.Env = append(os.Environ(), "PATH="+bin+":"+os.Getenv("PATH"), "WORKLOAD_ID=w-123", "LENS_ALIAS=arn:aws:wellarchitected:eu-west-1:123456789012:lens/abc")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the script failed: %v\n%s", err, out)
	}
	calls, _ := os.ReadFile(filepath.Join(dir, "calls"))
	var got []opslens.Answer
	for _, line := range strings.Split(strings.TrimSuffix(string(calls), "\n"), "\n") {
		got = append(got, parseCall(t, strings.Split(strings.TrimSuffix(line, "\x00"), "\x00")))
	}
	if len(got) != len(answers) {
		t.Fatalf("%d calls for %d answers", len(got), len(answers))
	}
	for i := range answers {
		want := answers[i]
		if want.Reason == "" && !want.IsApplicable {
			want.Reason = opslens.ReasonNone
		}
		if !equalAnswers(got[i], want) {
			t.Errorf("call %d reads back as\n%+v\nwant\n%+v", i, got[i], want)
		}
	}
	// Without the settings it names, the script stops before any call.
	cmd = exec.Command("sh", script)
	cmd.Env = []string{"PATH=" + bin + ":" + os.Getenv("PATH")}
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "WORKLOAD_ID") {
		t.Errorf("without WORKLOAD_ID: %v %s", err, out)
	}
}

// parseCall turns the recorded arguments of one update-answer call back
// into an answer.
func parseCall(t *testing.T, args []string) opslens.Answer {
	t.Helper()
	if len(args) < 2 || args[0] != "wellarchitected" || args[1] != "update-answer" {
		t.Fatalf("not an update-answer call: %q", args)
	}
	var a opslens.Answer
	var sel []string
	updates := map[string]choiceUpdate{}
	for i := 2; i < len(args); i++ {
		next := func() string { i++; return args[i] }
		switch args[i] {
		case "--workload-id", "--lens-alias":
			if v := next(); v == "" {
				t.Errorf("%s is empty", args[i-1])
			}
		case "--question-id":
			a.QuestionID = next()
		case "--selected-choices":
			if err := json.Unmarshal([]byte(next()), &sel); err != nil {
				t.Fatal(err)
			}
		case "--choice-updates":
			if err := json.Unmarshal([]byte(next()), &updates); err != nil {
				t.Fatal(err)
			}
		case "--notes":
			a.Notes = next()
		case "--is-applicable":
			a.IsApplicable = true
		case "--no-is-applicable":
		case "--reason":
			a.Reason = opslens.Reason(next())
		default:
			t.Fatalf("unexpected argument %q", args[i])
		}
	}
	for _, id := range sel {
		a.Choices = append(a.Choices, opslens.ChoiceAnswer{ChoiceID: id, Status: opslens.ChoiceSelected})
	}
	ids := make([]string, 0, len(updates))
	for id := range updates {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		u := updates[id]
		a.Choices = append(a.Choices, opslens.ChoiceAnswer{ChoiceID: id, Status: opslens.ChoiceStatus(u.Status), Reason: opslens.Reason(u.Reason), Notes: u.Notes})
	}
	return a
}

func equalAnswers(a, b opslens.Answer) bool {
	key := func(x opslens.Answer) string {
		cs := slices.Clone(x.Choices)
		slices.SortFunc(cs, func(p, q opslens.ChoiceAnswer) int { return strings.Compare(p.ChoiceID, q.ChoiceID) })
		j, _ := json.Marshal(struct {
			Q  string
			A  bool
			R  opslens.Reason
			N  string
			Cs []opslens.ChoiceAnswer
		}{x.QuestionID, x.IsApplicable, x.Reason, x.Notes, cs})
		return string(j)
	}
	return key(a) == key(b)
}

var update = flag.Bool("update", false, "rewrite the golden files")

// The script for the imported fixture review, as a golden file.
func TestExportGolden(t *testing.T) {
	var page ListAnswersOutput
	readJSON(t, "list-answers.json", &page)
	answers, _, err := Answers(builtinLens(t), []ListAnswersOutput{page})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteUpdateAnswers(&b, answers, ExportMeta{Workload: "payments-api", LensAlias: "operational-excellence", Version: "v1.0.0-test", Date: "2026-11-24"}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "update-answers.sh")
	if *update {
		os.WriteFile(path, b.Bytes(), 0o644)
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	if !bytes.Equal(b.Bytes(), want) {
		t.Errorf("the script differs from %s (go test -update rewrites it):\n%s", path, b.Bytes())
	}
}
