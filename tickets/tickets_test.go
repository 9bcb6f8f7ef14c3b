package tickets

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/review"
	"github.com/opslens/opslens/sqlite"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// plan answers three questions of a workload of the built-in lens, with
// scan evidence for one missing practice, and returns its plan.
func plan(t *testing.T) Input {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	svc, err := review.NewService(db)
	if err != nil {
		t.Fatal(err)
	}
	w := &opslens.Workload{Name: "payments", Environment: opslens.EnvProduction}
	if err := svc.CreateWorkload(ctx, w); err != nil {
		t.Fatal(err)
	}
	for q, sel := range map[string][]string{
		"OPS01": {"OPS01_BP01", "OPS01_BP02", "OPS01_BP03", "OPS01_BP04", "OPS01_BP05"},
		"OPS05": {"OPS05_BP01", "OPS05_BP02"},
		"OPS08": {"OPS08_BP01"},
	} {
		if _, err := svc.ApplyChange(ctx, w, "", q, review.Change{Select: sel}); err != nil {
			t.Fatal(err)
		}
	}
	set := opslens.EvidenceSet{Repository: "https://git.example.com/acme/payments.git", Commit: "0123456789abcdef0123456789abcdef01234567",
		ToolVersion: "test", ScannedAt: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
		Findings: []opslens.PracticeEvidence{{ChoiceID: "OPS05_BP03", QuestionID: "OPS05", Confidence: opslens.ConfidencePartial,
			Proofs: []opslens.EvidenceProof{{Path: "deploy/values.yaml", Line: 3, Summary: "Helm values set the image tag per environment."}}}}}
	if err := svc.RecordEvidence(ctx, w, "", []opslens.EvidenceSet{set}); err != nil {
		t.Fatal(err)
	}
	st, err := svc.StateAt(ctx, w, 0)
	if err != nil {
		t.Fatal(err)
	}
	return Input{Workload: &st.Workload, Items: review.Plan(st.Results, nil), Evidence: st.Evidence, LinkBase: "https://opslens.example.com/"}
}

var meta = Meta{Workload: "payments", Version: "v1.0.0-test", Date: "2026-11-24"}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it):\n%s", name, got)
	}
}

func TestGolden(t *testing.T) {
	in := plan(t)
	for _, tc := range []struct {
		file, target, per string
	}{
		{"github.sh", opslens.TicketsGitHub, PerPractice},
		{"github-per-question.sh", opslens.TicketsGitHub, PerQuestion},
		{"gitlab.json", opslens.TicketsGitLab, PerPractice},
		{"jira.csv", opslens.TicketsJiraCSV, PerQuestion},
		{"tickets.csv", opslens.TicketsCSV, PerPractice},
	} {
		t.Run(tc.file, func(t *testing.T) {
			in.Per = tc.per
			ts, err := Build(in)
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := Write(&b, tc.target, ts, meta); err != nil {
				t.Fatal(err)
			}
			golden(t, tc.file, b.Bytes())
		})
	}
}

// Per practice there is one ticket per plan item, keyed by the practice;
// per question one per question, keyed by the question, listing them all.
func TestBuild(t *testing.T) {
	in := plan(t)
	practices, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(practices) != len(in.Items) || practices[0].Priority != in.Items[0].Level {
		t.Fatalf("%d tickets for %d plan items", len(practices), len(in.Items))
	}
	in.Per = PerQuestion
	questions, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, q := range questions {
		n += len(q.Practices)
		if !strings.HasSuffix(q.Key, ":"+q.QuestionID) || !strings.Contains(q.Link, "/questions/"+q.QuestionID) {
			t.Errorf("question ticket key %s, link %s", q.Key, q.Link)
		}
	}
	if len(questions) != 3 || n != len(in.Items) {
		t.Fatalf("%d question tickets holding %d practices; want 3 (OPS01, OPS05, OPS08) holding %d", len(questions), n, len(in.Items))
	}
	in.Per = "team"
	if _, err := Build(in); opslens.ErrorCode(err) != opslens.EINVALID {
		t.Errorf("an unknown --per: %v", err)
	}
}

// The GitHub script runs against a stand-in for gh that remembers the
// issues it created: the first run creates the labels and every ticket
// with its body and labels, the second files nothing new.
func TestGitHubScriptRuns(t *testing.T) {
	in := plan(t)
	ts, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteGitHub(&b, ts, meta); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	script := filepath.Join(dir, "tickets.sh")
	if err := os.WriteFile(script, b.Bytes(), 0o755); err != nil {
		t.Fatal(err)
	}
	// The fake gh keeps created issues as files; "issue list --search"
	// counts those whose body holds the key.
	fake := `#!/bin/sh
store=` + dir + `/issues
mkdir -p "$store"
case "$1 $2" in
"label create") echo "$3" >> ` + dir + `/labels ;;
"issue list")
	key=$(printf '%s' "$6" | sed 's/^"\(.*\)" in:body$/\1/')
	grep -l -F "$key" "$store"/* 2>/dev/null | wc -l | tr -d ' ' ;;
"issue create")
	n=$(ls "$store" | wc -l | tr -d ' ')
	printf '%s\n' "$*" > "$store/$n.args"
	cat > "$store/$n" ;;
*) echo "unexpected: $*" >&2; exit 1 ;;
esac
`
	bin := filepath.Join(dir, "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bin, "gh"), []byte(fake), 0o755); err != nil {
		t.Fatal(err)
	}
	run := func() string {
		cmd := exec.Command("sh", script)
		cmd.Env = append(os.Environ(), "PATH="+bin+":"+os.Getenv("PATH"))
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("the script failed: %v\n%s", err, out)
		}
		return string(out)
	}
	run()
	bodies, _ := filepath.Glob(filepath.Join(dir, "issues", "*[0-9]"))
	if len(bodies) != len(ts) {
		t.Fatalf("the first run filed %d issues, want %d", len(bodies), len(ts))
	}
	first, _ := os.ReadFile(filepath.Join(dir, "issues", "0"))
	args, _ := os.ReadFile(filepath.Join(dir, "issues", "0.args"))
	if string(first) != ts[0].Markdown() || !strings.Contains(string(args), "--title "+ts[0].Title) || !strings.Contains(string(args), "--label risk:") {
		t.Errorf("the first issue: args %q, body:\n%s", args, first)
	}
	out := run()
	if again, _ := filepath.Glob(filepath.Join(dir, "issues", "*[0-9]")); len(again) != len(ts) || strings.Count(out, "already filed") != len(ts) {
		t.Fatalf("the second run: %d issues in all, output:\n%s", len(again), out)
	}
}

// The GitLab payloads and the Jira CSV read back as their importers read
// them.
func TestFormatsReadBack(t *testing.T) {
	in := plan(t)
	ts, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	var gl bytes.Buffer
	if err := WriteGitLab(&gl, ts); err != nil {
		t.Fatal(err)
	}
	var issues []map[string]string
	if err := json.Unmarshal(gl.Bytes(), &issues); err != nil || len(issues) != len(ts) {
		t.Fatalf("GitLab JSON: %v, %d issues", err, len(issues))
	}
	if !strings.Contains(issues[0]["labels"], "risk::") || !strings.Contains(issues[0]["description"], ts[0].Key) {
		t.Errorf("GitLab issue: %v", issues[0])
	}
	var jira bytes.Buffer
	if err := WriteJiraCSV(&jira, ts); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&jira).ReadAll()
	if err != nil || len(rows) != len(ts)+1 {
		t.Fatalf("Jira CSV: %v, %d rows", err, len(rows))
	}
	if rows[0][0] != "Summary" || rows[1][2] == "" || strings.Contains(strings.Join(rows[1][4:], " "), ":") {
		t.Errorf("Jira CSV header %v, first row %v", rows[0], rows[1])
	}
}
