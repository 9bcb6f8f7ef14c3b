package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEndToEndReview(t *testing.T) {
	c := newCLI(t)
	out := c.ok("workload", "create", "payments", "--description", "Card payments API", "--environment", "preprod",
		"--owner", "team-payments", "--review-owner", "alice", "--location", "eu-west-1,dc-paris", "--tag", "tier=1",
		"--tag", "cost-center=42", "--industry", "Financial Services", "--notes", "Launch planned for Q3")
	contains(t, "create output", out, "Created workload payments", "operational-excellence")
	contains(t, "list", c.ok("workload", "list"), "payments", "PREPRODUCTION")

	s := c.status("payments")
	assertCounts(t, s.RiskCounts, map[string]int{"UNANSWERED": 11, "HIGH": 0})

	// Answer all 11 questions through the script-friendly flags.
	c.ok("answer", "payments", "OPS01", "--select", "BP01,BP02,BP03,BP05,BP06,BP07")                            // misses BP04 HIGH
	c.ok("answer", "payments", "OPS02", "--select", "BP01,BP02,BP03,BP04,BP05,BP07")                            // misses BP06 MEDIUM
	c.ok("answer", "payments", "ops03", "-s", "BP01,BP02,BP04,BP05,BP06,BP08", "--notes", "Culture survey due") // misses BP03 and BP07
	c.ok("answer", "payments", "OPS04", "--select", "OPS04-BP01,OPS04-BP03,OPS04-BP04,OPS04-BP05", "--na-choice", "BP02", "--choice-reason", "out_of_scope")
	c.ok("answer", "payments", "OPS05", "--none")
	for _, q := range []string{"OPS06", "OPS07", "OPS08", "OPS09", "OPS10"} {
		c.ok("answer", "payments", q, "--select", allPractices(t, c, q))
	}
	c.ok("answer", "payments", "OPS11", "--question-na", "--reason", "BUSINESS_PRIORITIES", "--notes", "Next year")

	s = c.status("payments")
	got := risks(s, 0)
	levels := practiceLevels(t, c)
	want := map[string]string{
		"OPS01": expectRisk(levels, "OPS01", "OPS01_BP04"),
		"OPS02": expectRisk(levels, "OPS02", "OPS02_BP06"),
		"OPS03": expectRisk(levels, "OPS03", "OPS03_BP03", "OPS03_BP07"),
		"OPS04": "NONE", "OPS05": "HIGH", "OPS06": "NONE", "OPS07": "NONE", "OPS08": "NONE",
		"OPS09": "NONE", "OPS10": "NONE", "OPS11": "NOT_APPLICABLE",
	}
	for q, w := range want {
		if got[q] != w {
			t.Errorf("risk of %s = %s, want %s", q, got[q], w)
		}
	}
	if s.RiskCounts["UNANSWERED"] != 0 || s.RiskCounts["NOT_APPLICABLE"] != 1 {
		t.Errorf("risk counts %v: want 0 unanswered, 1 not applicable", s.RiskCounts)
	}

	// The plan lists HIGH-level practices first, then MEDIUM, then LOW.
	var plan []struct {
		ChoiceId, Level, QuestionId string
		Steps                       []string
	}
	c.json(&plan, "plan", "payments")
	if len(plan) == 0 {
		t.Fatal("empty plan")
	}
	rank := map[string]int{"HIGH": 0, "MEDIUM": 1, "LOW": 2}
	for i := 1; i < len(plan); i++ {
		if rank[plan[i-1].Level] > rank[plan[i].Level] {
			t.Fatalf("plan out of order at %d: %s (%s) before %s (%s)", i, plan[i-1].ChoiceId, plan[i-1].Level, plan[i].ChoiceId, plan[i].Level)
		}
	}
	inPlan := map[string]bool{}
	for _, p := range plan {
		inPlan[p.ChoiceId] = true
		if len(p.Steps) == 0 {
			t.Errorf("plan item %s has no improvement steps", p.ChoiceId)
		}
	}
	for _, id := range []string{"OPS01_BP04", "OPS02_BP06", "OPS05_BP01", "OPS05_BP10"} {
		if !inPlan[id] {
			t.Errorf("plan misses %s", id)
		}
	}
	if inPlan["OPS04_BP02"] || inPlan["OPS11_BP01"] {
		t.Error("plan lists practices that are not applicable")
	}
	contains(t, "plan text", c.ok("plan", "payments"), "HIGH level practices", "OPS01_BP04")

	// Milestone, then change answers, then diff.
	contains(t, "milestone create", c.ok("milestone", "create", "payments", "Baseline"), "milestone 1")
	c.fail(3, "milestone", "show", "payments", "7")
	c.ok("answer", "payments", "OPS01", "--select", "BP04") // resolves the HIGH risk
	c.ok("answer", "payments", "OPS06", "--unselect", "BP01")
	var diff struct {
		HighRisksRemoved             int
		RisksResolved                []struct{ QuestionId, From, To string }
		RisksIntroduced              []struct{ QuestionId, From, To string }
		PracticesFollowed            []struct{ ChoiceId string }
		PracticesDropped             []struct{ ChoiceId string }
		FromRiskCounts, ToRiskCounts map[string]int
	}
	c.json(&diff, "milestone", "diff", "payments", "1")
	if len(diff.RisksResolved) == 0 || diff.RisksResolved[0].QuestionId != "OPS01" {
		t.Errorf("diff resolved = %+v, want OPS01", diff.RisksResolved)
	}
	if len(diff.PracticesFollowed) != 1 || diff.PracticesFollowed[0].ChoiceId != "OPS01_BP04" {
		t.Errorf("diff followed = %+v, want OPS01_BP04", diff.PracticesFollowed)
	}
	if len(diff.PracticesDropped) != 1 || diff.PracticesDropped[0].ChoiceId != "OPS06_BP01" {
		t.Errorf("diff dropped = %+v, want OPS06_BP01", diff.PracticesDropped)
	}
	if levels["OPS06_BP01"] != "LOW" && len(diff.RisksIntroduced) != 1 {
		t.Errorf("diff introduced = %+v, want OPS06", diff.RisksIntroduced)
	}
	if diff.FromRiskCounts["HIGH"]-diff.ToRiskCounts["HIGH"] != diff.HighRisksRemoved-countHighAdded(diff.RisksIntroduced) {
		t.Errorf("high risk counts %v -> %v do not match %d removed", diff.FromRiskCounts, diff.ToRiskCounts, diff.HighRisksRemoved)
	}
	c.ok("milestone", "create", "payments", "After fixes")
	c.fail(1, "milestone", "create", "payments", "After fixes") // duplicate name
	contains(t, "milestone diff text", c.ok("milestone", "diff", "payments", "1", "2"), "Risks resolved", "OPS01", "Practices newly followed")
	contains(t, "milestone list", c.ok("milestone", "list", "payments"), "Baseline", "After fixes")

	// Reports in all three formats, current and at a milestone.
	md := c.ok("report", "payments", "--format", "md")
	contains(t, "markdown report", md, "payments", "Card payments API", "OPS01", "OPS05")
	dir := t.TempDir()
	html := filepath.Join(dir, "r.html")
	c.ok("report", "payments", "--format", "html", "-f", html)
	data, err := os.ReadFile(html)
	if err != nil {
		t.Fatal(err)
	}
	contains(t, "html report", string(data), "<svg", "payments", "</html>")
	var rep struct {
		Workload    struct{ WorkloadName string }
		Milestone   *struct{ MilestoneNumber int }
		RiskCounts  map[string]int
		LensReviews []struct {
			Answers []struct {
				QuestionId      string
				Risk            string
				SelectedChoices []string
			}
		}
	}
	out = c.ok("report", "payments", "--format", "json", "--milestone", "1")
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("json report: %v\n%s", err, out)
	}
	if rep.Workload.WorkloadName != "payments" || rep.Milestone == nil || rep.Milestone.MilestoneNumber != 1 {
		t.Errorf("json report header = %+v / %+v", rep.Workload, rep.Milestone)
	}
	for _, a := range rep.LensReviews[0].Answers {
		if a.QuestionId == "OPS01" && a.Risk != want["OPS01"] {
			t.Errorf("milestone 1 report: OPS01 risk %s, want %s (milestone must not follow later answers)", a.Risk, want["OPS01"])
		}
	}

	// Workload update and delete.
	c.ok("workload", "update", "payments", "--name", "payments-api", "--remove-tag", "tier")
	var shown struct {
		WorkloadName string
		Tags         map[string]string
		RiskCounts   map[string]int
	}
	c.json(&shown, "workload", "show", "payments-api")
	if _, ok := shown.Tags["tier"]; ok || shown.Tags["cost-center"] != "42" {
		t.Errorf("tags after update = %v", shown.Tags)
	}
	c.fail(2, "workload", "delete", "payments-api") // needs --yes without a terminal
	c.ok("workload", "delete", "payments-api", "--yes")
	c.fail(3, "workload", "show", "payments-api")
}

func countHighAdded(cs []struct{ QuestionId, From, To string }) int {
	n := 0
	for _, c := range cs {
		if c.To == "HIGH" {
			n++
		}
	}
	return n
}

// allPractices returns every practice ID of a built-in question, read from
// the lens as the CLI exports it.
func allPractices(t *testing.T, c *cli, q string) string {
	t.Helper()
	var ids []string
	for id := range practiceLevels(t, c) {
		if strings.HasPrefix(id, q+"_BP") {
			ids = append(ids, id)
		}
	}
	return strings.Join(ids, ",")
}

func practiceLevels(t *testing.T, c *cli) map[string]string {
	t.Helper()
	var l struct {
		Pillars []struct {
			Questions []struct {
				Choices []struct {
					ID  string `json:"id"`
					Ext *struct {
						Level string `json:"level"`
					} `json:"opslens"`
				} `json:"choices"`
			} `json:"questions"`
		} `json:"pillars"`
	}
	c.json(&l, "lens", "show", "operational-excellence")
	m := map[string]string{}
	for _, q := range l.Pillars[0].Questions {
		for _, ch := range q.Choices {
			if ch.Ext != nil {
				m[ch.ID] = ch.Ext.Level
			}
		}
	}
	return m
}

// expectRisk computes the risk the pillar's rule gives when exactly the
// listed practices of a question are missing.
func expectRisk(levels map[string]string, q string, missing ...string) string {
	risk := "NONE"
	for _, id := range missing {
		switch levels[id] {
		case "HIGH":
			return "HIGH"
		case "MEDIUM":
			risk = "MEDIUM"
		}
	}
	return risk
}
