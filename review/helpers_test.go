package review

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/lens"
	"github.com/opslens/opslens/lens/builtin"
)

// practice returns a valid choice with an optional best-practice level.
func practice(id string, lvl lens.Level) lens.Choice {
	c := lens.Choice{ID: id, Title: "Practice " + id, ImprovementPlan: &lens.Resource{DisplayText: "Do " + id}}
	if lvl != "" {
		c.Ext = &lens.ChoiceExt{Level: lvl}
	}
	return c
}

// noneOf returns the "None of these" choice of question qid.
func noneOf(qid string) lens.Choice { return lens.Choice{ID: qid + "_no", Title: "None of these"} }

// derived returns a question whose risk rules follow its practice levels.
func derived(id string, choices ...lens.Choice) lens.Question {
	q := lens.Question{ID: id, Title: "Question " + id, Choices: choices}
	q.RiskRules = lens.DeriveRiskRules(choices)
	return q
}

// custom returns a question with explicit risk rules.
func custom(id string, rules []lens.RiskRule, choices ...lens.Choice) lens.Question {
	return lens.Question{ID: id, Title: "Question " + id, Choices: choices, RiskRules: rules}
}

// awsRules are AQ2's rules: "||" binds looser than "&&", "!" tighter, and
// the first rule that holds wins even when a later one holds too.
var awsRules = []lens.RiskRule{
	{Condition: "AQ2_a || AQ2_b && !AQ2_c", Risk: lens.RuleNone},
	{Condition: "AQ2_c || AQ2_a", Risk: lens.RuleMedium},
	{Condition: "default", Risk: lens.RuleHigh},
}

// testLens returns a validated two-pillar lens:
//
//	alpha: AQ1 (h1 HIGH, m1 MEDIUM, l1 LOW, none; derived rules)
//	       AQ2 (a, b, c without levels, none; awsRules)
//	beta:  BQ1 (h HIGH, m MEDIUM, none; derived rules)
//	       BQ2 (m MEDIUM, l LOW; no "None of these"; derived rules)
func testLens(t testing.TB) *lens.Lens {
	t.Helper()
	l := &lens.Lens{
		SchemaVersion: lens.SchemaVersion,
		Name:          "Team Runbook Lens",
		Pillars: []lens.Pillar{
			{ID: "alpha", Name: "Alpha", Questions: []lens.Question{
				derived("AQ1", practice("AQ1_h1", lens.LevelHigh), practice("AQ1_m1", lens.LevelMedium),
					practice("AQ1_l1", lens.LevelLow), noneOf("AQ1")),
				custom("AQ2", awsRules, practice("AQ2_a", ""), practice("AQ2_b", ""), practice("AQ2_c", ""), noneOf("AQ2")),
			}},
			{ID: "beta", Name: "Beta", Questions: []lens.Question{
				derived("BQ1", practice("BQ1_h", lens.LevelHigh), practice("BQ1_m", lens.LevelMedium), noneOf("BQ1")),
				derived("BQ2", practice("BQ2_m", lens.LevelMedium), practice("BQ2_l", lens.LevelLow)),
			}},
		},
	}
	if err := l.Validate(); err != nil {
		t.Fatalf("test lens does not validate: %v", err)
	}
	return l
}

func builtinLens(t testing.TB) *lens.Lens {
	t.Helper()
	l, err := builtin.OperationalExcellence()
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// sel returns an applicable answer to qid with the given choices selected.
func sel(qid string, ids ...string) opslens.Answer {
	a := opslens.Answer{QuestionID: qid, IsApplicable: true}
	for _, id := range ids {
		a.Choices = append(a.Choices, opslens.ChoiceAnswer{ChoiceID: id, Status: opslens.ChoiceSelected})
	}
	return a
}

// withNA adds choices marked not applicable to a.
func withNA(a opslens.Answer, ids ...string) opslens.Answer {
	a.Choices = slices.Clone(a.Choices)
	for _, id := range ids {
		a.Choices = append(a.Choices, opslens.ChoiceAnswer{ChoiceID: id, Status: opslens.ChoiceNotApplicable, Reason: opslens.ReasonOutOfScope})
	}
	return a
}

// notApplicable marks a not applicable.
func notApplicable(a opslens.Answer) opslens.Answer {
	a.IsApplicable, a.Reason = false, opslens.ReasonOutOfScope
	return a
}

func mustEvaluate(t testing.TB, alias string, l *lens.Lens, answers ...opslens.Answer) *LensResult {
	t.Helper()
	r, err := Evaluate(alias, l, answers)
	if err != nil {
		t.Fatalf("Evaluate(%s): %v", alias, err)
	}
	return r
}

func questionResult(t testing.TB, r *LensResult, qid string) QuestionResult {
	t.Helper()
	for _, q := range r.Questions() {
		if q.Question.ID == qid {
			return q
		}
	}
	t.Fatalf("question %s not in result of %s", qid, r.Alias)
	return QuestionResult{}
}

func choiceIDs(cs []*lens.Choice) []string {
	var ids []string
	for _, c := range cs {
		ids = append(ids, c.ID)
	}
	return ids
}

// counts builds a RiskCounts with every key, setting the given ones.
func counts(kv map[opslens.Risk]int) RiskCounts {
	c := newCounts()
	for k, v := range kv {
		c[k] = v
	}
	return c
}

// checkAllKeys fails unless c has exactly the five risk keys.
func checkAllKeys(t testing.TB, what string, c RiskCounts) {
	t.Helper()
	if len(c) != len(opslens.Risks) {
		t.Errorf("%s has %d keys, want %d: %v", what, len(c), len(opslens.Risks), c)
	}
	for _, r := range opslens.Risks {
		if _, ok := c[r]; !ok {
			t.Errorf("%s lacks key %s: %v", what, r, c)
		}
	}
}

// bpIDs returns the built-in choice IDs OPSnn_BPxx for the given numbers.
func bpIDs(qid string, nums ...int) []string {
	var ids []string
	for _, n := range nums {
		ids = append(ids, fmt.Sprintf("%s_BP%02d", qid, n))
	}
	return ids
}

// errCode asserts the opslens error code of err and that its message holds
// every fragment.
func errCode(t testing.TB, err error, code string, fragments ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %s", code)
	}
	if got := opslens.ErrorCode(err); got != code {
		t.Fatalf("error code %q, want %q (error: %v)", got, code, err)
	}
	for _, f := range fragments {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("error %q does not mention %q", err, f)
		}
	}
}
