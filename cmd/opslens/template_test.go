package main

import (
	"strings"
	"testing"
)

type templated struct {
	LensReviews []struct {
		Answers []struct {
			QuestionId    string
			Notes         string
			ChoiceAnswers []struct{ ChoiceId, Status, Source string }
		}
	}
}

// A portfolio started from a template: the settled answers are there in
// each new workload, marked as coming from the template, until a person
// confirms them; a question already answered is never overwritten.
func TestTemplatePortfolio(t *testing.T) {
	c := newCLI(t)
	c.ok("workload", "create", "reference")
	c.ok("answer", "reference", "OPS10", "--select", "BP01,BP02", "--notes", "company incident process")
	c.ok("answer", "reference", "OPS11", "--select", "BP01")
	contains(t, "template", c.ok("template", "create", "company-wide", "--from", "reference", "--questions", "OPS10", "--description", "settled once"),
		"holds the answers of reference to OPS10")
	for _, name := range []string{"payments", "ledger", "search"} {
		contains(t, "create "+name, c.ok("workload", "create", name, "--template", "company-wide"), "Pre-filled OPS10 from template company-wide")
	}
	var st templated
	c.json(&st, "status", "ledger")
	found := false
	for _, a := range st.LensReviews[0].Answers {
		switch a.QuestionId {
		case "OPS10":
			found = true
			if a.Notes != "company incident process" || len(a.ChoiceAnswers) != 2 || a.ChoiceAnswers[0].Source != "TEMPLATE" {
				t.Errorf("OPS10 from the template: %+v", a)
			}
		case "OPS11":
			if len(a.ChoiceAnswers) > 0 {
				t.Errorf("OPS11 was not in the template: %+v", a)
			}
		}
	}
	if !found {
		t.Fatal("ledger has no OPS10 answer")
	}
	// Confirming a practice makes it the team's own.
	c.ok("answer", "ledger", "OPS10", "--select", "BP01")
	var after templated // fresh: an omitted Source must read as empty
	c.json(&after, "status", "ledger")
	for _, a := range after.LensReviews[0].Answers {
		if a.QuestionId == "OPS10" && (a.ChoiceAnswers[0].Source != "" || a.ChoiceAnswers[1].Source != "TEMPLATE") {
			t.Errorf("after confirming BP01: %+v", a.ChoiceAnswers)
		}
	}
	if r := c.runIn("", "workload", "create", "broken", "--template", "nope"); r.code != 3 || strings.Contains(c.ok("workload", "list"), "broken") {
		t.Errorf("a missing template: exit %d, and the workload must not exist", r.code)
	}
	c.ok("template", "delete", "company-wide")
	contains(t, "templates after delete", c.ok("template", "list"), "NAME")
}

// A profile orders the plan: what matters to the workload first within
// each level.
func TestProfileOrdersPlan(t *testing.T) {
	c := newCLI(t)
	c.ok("workload", "create", "payments", "--profile", "regulated=yes")
	c.ok("answer", "payments", "OPS01", "--select", "BP01")
	var plan []struct{ BestPracticeId string }
	c.json(&plan, "plan", "payments")
	if len(plan) < 2 || plan[0].BestPracticeId != "OPS01-BP03" || plan[1].BestPracticeId != "OPS01-BP04" {
		t.Errorf("regulated workload's plan starts %+v", plan[:min(len(plan), 3)])
	}
	c.ok("workload", "update", "payments", "--profile", "regulated=no")
	c.json(&plan, "plan", "payments")
	if plan[0].BestPracticeId != "OPS01-BP02" {
		t.Errorf("after regulated=no the plan starts %s", plan[0].BestPracticeId)
	}
	if r := c.runIn("", "workload", "update", "payments", "--profile", "teams=many"); r.code != 2 || !strings.Contains(r.stderr, "one, several") {
		t.Errorf("a bad profile answer: exit %d, %s", r.code, r.stderr)
	}
}
