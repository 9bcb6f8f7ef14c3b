package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/lens"
	"github.com/opslens/opslens/review"
)

var update = flag.Bool("update", false, "rewrite golden files")

var (
	generated = time.Date(2025, 7, 1, 9, 30, 0, 0, time.UTC)
	updated   = time.Date(2025, 6, 30, 17, 5, 0, 0, time.UTC)
)

// fixtureLens parses the small test lens. Golden files use it rather than
// the built-in lens so that they stay short and do not copy its text.
func fixtureLens(t *testing.T) *lens.Lens {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "fixture-lens.json"))
	if err != nil {
		t.Fatal(err)
	}
	l, err := lens.Parse(data)
	if err != nil {
		t.Fatalf("fixture lens: %v", err)
	}
	return l
}

func sel(ids ...string) []opslens.ChoiceAnswer {
	out := make([]opslens.ChoiceAnswer, len(ids))
	for i, id := range ids {
		out[i] = opslens.ChoiceAnswer{ChoiceID: id, Status: opslens.ChoiceSelected}
	}
	return out
}

func payments() opslens.Workload {
	return opslens.Workload{
		ID: 7, Name: "Payments API", Description: "Card payments for the web shop.",
		Environment: opslens.EnvProduction, Owner: "Team Ledger", ReviewOwner: "ana@example.com",
		Locations:           []string{"eu-west-1", "on-prem Frankfurt"},
		ArchitecturalDesign: "https://wiki.example.com/payments/architecture",
		Industry:            "Banking", IndustryType: "Financial Services",
		Tags:             map[string]string{"team": "ledger", "cost-center": "cc|42"},
		Notes:            "Reviewed with the on-call leads.\nNext review after the Q3 migration.",
		PillarPriorities: []string{"response", "delivery"},
		Lenses:           []string{"fixture"},
		UpdatedAt:        updated,
	}
}

// mixedAnswers yield one question at each risk: DLV01 MEDIUM, DLV02 NONE,
// RSP01 HIGH, RSP02 UNANSWERED and RSP03 NOT_APPLICABLE.
func mixedAnswers() []opslens.Answer {
	return []opslens.Answer{
		{QuestionID: "DLV01", IsApplicable: true, Notes: "Rollback is manual | takes ~1h",
			Choices: append(sel("DLV01_pipeline"), opslens.ChoiceAnswer{
				ChoiceID: "DLV01_flags", Status: opslens.ChoiceNotApplicable,
				Reason: opslens.ReasonArchitectureConstraints, Notes: "The monolith has no flag system.",
			})},
		{QuestionID: "DLV02", IsApplicable: true, Choices: sel("DLV02_unit", "DLV02_staging")},
		{QuestionID: "RSP01", IsApplicable: true, Notes: "Pages go to a shared inbox.\nNobody is woken at night.",
			Choices: sel("RSP01_no")},
		{QuestionID: "RSP03", IsApplicable: false, Reason: opslens.ReasonOutOfScope, Notes: "Internal tool: no regulator."},
	}
}

// milestoneAnswers are an earlier state. RSP02 misses a practice without a
// level, which the plan ranks LOW because the question has no risk.
func milestoneAnswers() []opslens.Answer {
	return []opslens.Answer{
		{QuestionID: "DLV01", IsApplicable: true, Choices: sel("DLV01_no")},
		{QuestionID: "DLV02", IsApplicable: true, Choices: sel("DLV02_unit")},
		{QuestionID: "RSP01", IsApplicable: true, Choices: sel("RSP01_alerts")},
		{QuestionID: "RSP02", IsApplicable: true, Choices: sel("RSP02_review")},
	}
}

func state(t *testing.T, w opslens.Workload, m *opslens.Milestone, answers []opslens.Answer) *review.State {
	t.Helper()
	res, err := review.Evaluate("fixture", fixtureLens(t), answers)
	if err != nil {
		t.Fatal(err)
	}
	return &review.State{Label: "test", Milestone: m, Workload: w, Results: []*review.LensResult{res}}
}

func states(t *testing.T) map[string]*review.State {
	empty := opslens.Workload{
		ID: 9, Name: "Batch jobs", Environment: opslens.EnvPreproduction,
		ReviewOwner: "ops@example.com", Lenses: []string{"fixture"}, UpdatedAt: updated,
	}
	ms := &opslens.Milestone{WorkloadID: 7, Number: 1, Name: "Kick-off", RecordedAt: time.Date(2025, 3, 14, 11, 0, 0, 0, time.UTC)}
	withEvidence := mixedAnswers()
	withEvidence[1].Choices[0].Source = opslens.SourceEvidence // DLV02_unit, selected by a scan
	ev := state(t, payments(), nil, withEvidence)
	ev.Evidence = map[string]map[string]review.ChoiceEvidence{"fixture": review.EvidenceByChoice([]opslens.EvidenceSet{
		{Repository: "git@example.com:pay/api.git", Findings: []opslens.PracticeEvidence{
			{QuestionID: "DLV02", ChoiceID: "DLV02_unit", Confidence: opslens.ConfidenceStrong, Proofs: []opslens.EvidenceProof{
				{Path: ".github/workflows/ci.yml", Line: 14, Summary: "the pipeline runs the unit tests on every push <script>"}}},
			{QuestionID: "RSP01", ChoiceID: "RSP01_alerts", Confidence: opslens.ConfidencePartial, Proofs: []opslens.EvidenceProof{
				{Path: "deploy/alerts.yaml", KeyPath: "groups[0]", Summary: "alert rules exist | but none is routed to people"}}},
		}},
	})}
	return map[string]*review.State{
		"evidence":  ev,
		"report":    state(t, payments(), nil, mixedAnswers()),
		"milestone": state(t, payments(), ms, milestoneAnswers()),
		"empty":     state(t, empty, nil, nil),
	}
}

func render(t *testing.T, format string, r *Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	var err error
	switch format {
	case "md":
		err = Markdown(&buf, r)
	case "json":
		err = JSON(&buf, r)
	case "html":
		err = HTML(&buf, r)
	}
	if err != nil {
		t.Fatalf("%s: %v", format, err)
	}
	return buf.Bytes()
}

func TestGolden(t *testing.T) {
	all := states(t)
	for _, name := range []string{"report", "milestone", "empty", "evidence"} {
		for _, format := range []string{"md", "json", "html"} {
			t.Run(name+"."+format, func(t *testing.T) {
				got := render(t, format, Build(all[name], generated))
				golden(t, filepath.Join("testdata", name+"."+format), got)
			})
		}
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
		t.Fatalf("%v (run go test ./report -update to create it)", err)
	}
	if bytes.Equal(got, want) {
		return
	}
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < max(len(g), len(w)); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			t.Fatalf("%s differs at line %d (run go test ./report -update if the change is intended)\n got: %q\nwant: %q", path, i+1, gl, wl)
		}
	}
}

func TestBuild(t *testing.T) {
	r := Build(states(t)["report"], generated)
	if got, want := r.Summary(), "1 high and 1 medium risks across 5 questions; 1 unanswered, 1 not applicable."; got != want {
		t.Errorf("Summary = %q, want %q", got, want)
	}
	// Pillar priorities put "response" first within each level.
	var plan []string
	for i, it := range r.ImprovementPlan {
		if it.Position != i+1 {
			t.Errorf("item %d has Position %d", i, it.Position)
		}
		plan = append(plan, string(it.Level)+":"+it.ChoiceID)
	}
	want := []string{"HIGH:RSP01_alerts", "HIGH:RSP01_oncall", "MEDIUM:DLV01_rollback", "LOW:RSP01_runbook"}
	if !slices.Equal(plan, want) {
		t.Errorf("plan = %v, want %v", plan, want)
	}
	a := r.LensReviews[0].Answers[0]
	if a.PracticesSelected() != 1 || a.Practices() != 3 {
		t.Errorf("DLV01 selected %d/%d, want 1/3", a.PracticesSelected(), a.Practices())
	}
	if rsp01 := r.LensReviews[0].Answers[2]; rsp01.PracticesSelected() != 0 {
		t.Errorf("None of these counted as %d practices", rsp01.PracticesSelected())
	}
}

func TestSummary(t *testing.T) {
	counts := func(h, m, n, na, u int) RiskCounts {
		return RiskCounts{opslens.RiskHigh: h, opslens.RiskMedium: m, opslens.RiskNone: n, opslens.RiskNotApplicable: na, opslens.RiskUnanswered: u}
	}
	tests := []struct {
		counts RiskCounts
		want   string
	}{
		{counts(4, 2, 4, 0, 1), "4 high and 2 medium risks across 11 questions; 1 unanswered."},
		{counts(0, 1, 0, 0, 0), "0 high and 1 medium risk across 1 question."},
		{counts(0, 0, 2, 1, 0), "0 high and 0 medium risks across 3 questions; 1 not applicable."},
		{counts(0, 0, 0, 0, 4), "No answers yet: all 4 questions are unanswered."},
		{counts(0, 0, 0, 0, 0), "No questions to review: no lens is applied to this workload."},
	}
	for _, tt := range tests {
		if got := (&Report{RiskCounts: tt.counts}).Summary(); got != tt.want {
			t.Errorf("Summary(%v) = %q, want %q", tt.counts, got, tt.want)
		}
	}
}

func TestSteps(t *testing.T) {
	tests := []struct {
		name   string
		guided []string
		text   string
		want   []string
	}{
		{"numbered lines", nil, "1. Build.\n2) Deploy.\n", []string{"Build.", "Deploy."}},
		{"bullets", nil, "- One\n* Two", []string{"One", "Two"}},
		{"one paragraph", nil, "Practise a rollback.", []string{"Practise a rollback."}},
		{"guidance wins", []string{"Step A", " "}, "1. Ignored", []string{"Step A"}},
		{"empty", nil, "", []string{}},
	}
	for _, tt := range tests {
		if got := steps(tt.guided, tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("%s: steps = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestJSONKeys decodes the output generically, as a script would, and checks
// the AWS key names and that arrays are arrays even when empty.
func TestJSONKeys(t *testing.T) {
	noLens := &review.State{Workload: opslens.Workload{Name: "Bare"}}
	tests := []struct {
		name string
		st   *review.State
	}{
		{"mixed", states(t)["report"]},
		{"milestone", states(t)["milestone"]},
		{"empty", states(t)["empty"]},
		{"no lens", noLens},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var doc map[string]any
			if err := json.Unmarshal(render(t, "json", Build(tt.st, generated)), &doc); err != nil {
				t.Fatal(err)
			}
			hasKeys(t, "$", doc, "GeneratedAt", "Workload", "Milestone", "RiskCounts", "LensReviews", "ImprovementPlan")
			hasKeys(t, "$.Workload", doc["Workload"], "WorkloadId", "WorkloadName", "Description", "Environment", "Owner",
				"ReviewOwner", "Locations", "ArchitecturalDesign", "Industry", "IndustryType", "Tags", "Notes",
				"PillarPriorities", "Lenses", "UpdatedAt")
			riskKeys(t, "$.RiskCounts", doc["RiskCounts"])
			w := doc["Workload"].(map[string]any)
			for _, k := range []string{"Locations", "PillarPriorities", "Lenses"} {
				isArray(t, "$.Workload."+k, w[k])
			}
			if _, ok := w["Tags"].(map[string]any); !ok {
				t.Errorf("$.Workload.Tags is %T, want an object", w["Tags"])
			}
			if m := doc["Milestone"]; tt.st.Milestone == nil && m != nil {
				t.Errorf("$.Milestone = %v, want null", m)
			} else if tt.st.Milestone != nil {
				hasKeys(t, "$.Milestone", m, "MilestoneNumber", "MilestoneName", "RecordedAt")
			}
			for i, lr := range isArray(t, "$.LensReviews", doc["LensReviews"]) {
				p := fmt.Sprintf("$.LensReviews[%d]", i)
				hasKeys(t, p, lr, "LensAlias", "LensName", "LensVersion", "RiskCounts", "PillarReviewSummaries", "Answers")
				riskKeys(t, p+".RiskCounts", lr.(map[string]any)["RiskCounts"])
				for j, ps := range isArray(t, p+".PillarReviewSummaries", lr.(map[string]any)["PillarReviewSummaries"]) {
					hasKeys(t, fmt.Sprintf("%s.PillarReviewSummaries[%d]", p, j), ps, "PillarId", "PillarName", "RiskCounts")
				}
				for j, a := range isArray(t, p+".Answers", lr.(map[string]any)["Answers"]) {
					ap := fmt.Sprintf("%s.Answers[%d]", p, j)
					hasKeys(t, ap, a, "QuestionId", "PillarId", "QuestionTitle", "Risk", "IsApplicable", "Reason", "Notes",
						"SelectedChoices", "ChoiceAnswers", "MissingChoices")
					for _, k := range []string{"SelectedChoices", "ChoiceAnswers", "MissingChoices"} {
						for _, ca := range isArray(t, ap+"."+k, a.(map[string]any)[k]) {
							if k == "ChoiceAnswers" {
								hasKeys(t, ap+"."+k, ca, "ChoiceId", "Status", "Reason", "Notes")
							}
						}
					}
				}
			}
			for i, it := range isArray(t, "$.ImprovementPlan", doc["ImprovementPlan"]) {
				p := fmt.Sprintf("$.ImprovementPlan[%d]", i)
				hasKeys(t, p, it, "Position", "LensAlias", "PillarId", "QuestionId", "QuestionTitle", "Risk", "ChoiceId",
					"ChoiceTitle", "BestPracticeId", "Level", "ImprovementPlan")
				hasKeys(t, p+".ImprovementPlan", it.(map[string]any)["ImprovementPlan"], "DisplayText")
			}
		})
	}
}

func hasKeys(t *testing.T, path string, v any, keys ...string) {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok {
		t.Errorf("%s is %T, want an object", path, v)
		return
	}
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			t.Errorf("%s has no key %q", path, k)
		}
	}
}

func riskKeys(t *testing.T, path string, v any) {
	t.Helper()
	hasKeys(t, path, v, "HIGH", "MEDIUM", "NONE", "NOT_APPLICABLE", "UNANSWERED")
}

func isArray(t *testing.T, path string, v any) []any {
	t.Helper()
	a, ok := v.([]any)
	if !ok {
		t.Errorf("%s is %T (%v), want an array", path, v, v)
	}
	return a
}

func TestMarkdownEscapesTables(t *testing.T) {
	md := string(render(t, "md", Build(states(t)["report"], generated)))
	if want := `| Tags | cost-center=cc\|42, team=ledger |`; !strings.Contains(md, want) {
		t.Errorf("Markdown lacks %q", want)
	}
	w := payments()
	w.Name = "<b>Pay|ments</b>"
	w.Locations = []string{"a|b", "line\nbreak"}
	md = string(render(t, "md", Build(state(t, w, nil, nil), generated)))
	for _, want := range []string{`| Locations | a\|b, line break |`, `# \<b>Pay|ments\</b> — current state`} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q", want)
		}
	}
}

func TestPara(t *testing.T) {
	tests := []struct {
		indent int
		in     string
		want   string
	}{
		{0, "one line", "one line"},
		{0, "a\r\nb", "a\\\nb"},
		{2, "a\nb\n\nc", "a\\\n  b\n\n  c"},
		{0, " <script> \n", `\<script>`},
	}
	for _, tt := range tests {
		if got := para(tt.indent, tt.in); got != tt.want {
			t.Errorf("para(%d, %q) = %q, want %q", tt.indent, tt.in, got, tt.want)
		}
	}
}

// TestNoLens checks that a workload without lens reviews still renders a
// readable report instead of empty tables.
func TestNoLens(t *testing.T) {
	r := Build(&review.State{Workload: opslens.Workload{Name: "Bare", Lenses: []string{"gone"}}}, generated)
	md := string(render(t, "md", r))
	for _, want := range []string{"# Bare — current state", "No questions to review", "| Lenses | gone |"} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "## Questions") {
		t.Error("Markdown has a Questions section without questions")
	}
}

func TestCode(t *testing.T) {
	for in, want := range map[string]string{
		"deploy/a_b.yaml:3":  "`deploy/a_b.yaml:3`",
		"odd`name.md":        "``odd`name.md``",
		"`tick":              "`` `tick ``",
		"two\nlines  spaced": "`two lines spaced`",
		`back\slash<x>`:      "`back\\slash<x>`",
	} {
		if got := code(in); got != want {
			t.Errorf("code(%q) = %q, want %q", in, got, want)
		}
	}
}
