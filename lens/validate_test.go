package lens_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/opslens/opslens/lens"
)

// baseLens returns a small valid lens: one pillar, one question with a HIGH,
// a MEDIUM and a LOW practice plus "None of these", and derived-style rules.
func baseLens() *lens.Lens {
	return &lens.Lens{
		SchemaVersion: lens.SchemaVersion,
		Name:          "Test lens",
		Description:   "A lens for tests.",
		Ext:           &lens.LensExt{Alias: "test", Version: "1"},
		Pillars: []lens.Pillar{{
			ID:        "pillar_one",
			Name:      "Pillar one",
			Questions: []lens.Question{question("q01")},
		}},
	}
}

// question returns a valid question whose choice IDs are prefixed by id.
func question(id string) lens.Question {
	plan := func(s string) *lens.Resource { return &lens.Resource{DisplayText: s} }
	return lens.Question{
		ID:              id,
		Title:           "Question " + id,
		Description:     "What the question is about.",
		HelpfulResource: &lens.Resource{DisplayText: "Read this.", URL: "https://example.com/help"},
		Ext:             &lens.QuestionExt{Area: "Prepare"},
		Choices: []lens.Choice{
			{
				ID: id + "_a", Title: "Practice A",
				HelpfulResource: &lens.Resource{DisplayText: "About A", URL: "http://example.com/a"},
				ImprovementPlan: plan("Do A"),
				AdditionalResources: []lens.AdditionalResource{{
					Type:    "HELPFUL_RESOURCE",
					Content: []lens.Resource{{DisplayText: "More on A", URL: "https://example.com/a/more"}},
				}},
				Ext: &lens.ChoiceExt{BestPractice: "A-1", Level: lens.LevelHigh, Guidance: &lens.Guidance{
					Summary: "s", Good: "g", AntiPatterns: []string{"x", "y"}, Steps: []string{"1"}, Evidence: []string{"e"},
				}},
			},
			{ID: id + "_b", Title: "Practice B", ImprovementPlan: plan("Do B"), Ext: &lens.ChoiceExt{Level: lens.LevelMedium}},
			{ID: id + "_c", Title: "Practice C", ImprovementPlan: plan("Do C"), Ext: &lens.ChoiceExt{Level: lens.LevelLow}},
			{ID: id + "_no", Title: "None of these"},
		},
		RiskRules: []lens.RiskRule{
			{Condition: id + "_a && " + id + "_b", Risk: lens.RuleNone},
			{Condition: id + "_a", Risk: lens.RuleMedium},
			{Condition: "default", Risk: lens.RuleHigh},
		},
	}
}

// deepCopy copies a lens through its own JSON encoding.
func deepCopy(t testing.TB, l *lens.Lens) *lens.Lens {
	t.Helper()
	data, err := json.Marshal(l)
	if err != nil {
		t.Fatal(err)
	}
	var c lens.Lens
	if err := json.Unmarshal(data, &c); err != nil {
		t.Fatal(err)
	}
	return &c
}

const (
	p0  = "$.pillars[0]"
	q0  = p0 + ".questions[0]"
	ch0 = q0 + ".choices[0]"
	rr  = q0 + ".riskRules"
)

func choiceN(n int) string { return fmt.Sprintf("%s.choices[%d]", q0, n) }

// want is an expected problem: its exact path and part of its message.
type want struct{ path, msg string }

// checkProblems asserts that err is a *ValidationError with exactly the
// wanted problems, in order.
func checkProblems(t *testing.T, err error, wants []want) {
	t.Helper()
	if len(wants) == 0 {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	var ve *lens.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error = %v (%T), want a *lens.ValidationError", err, err)
	}
	ok := len(ve.Problems) == len(wants)
	for i := 0; ok && i < len(wants); i++ {
		p := ve.Problems[i]
		ok = p.Path == wants[i].path && strings.Contains(p.Message, wants[i].msg)
	}
	if !ok {
		var got, exp strings.Builder
		for _, p := range ve.Problems {
			fmt.Fprintf(&got, "\n  %s: %s", p.Path, p.Message)
		}
		for _, w := range wants {
			fmt.Fprintf(&exp, "\n  %s: ...%s...", w.path, w.msg)
		}
		t.Errorf("problems:%s\nwant:%s", got.String(), exp.String())
	}
}

func TestValidateBase(t *testing.T) {
	l := baseLens()
	if err := l.Validate(); err != nil {
		t.Fatalf("base lens: %v", err)
	}
	data, err := l.Export(lens.FormatOpslens)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lens.Parse(data); err != nil {
		t.Fatalf("Parse(base): %v", err)
	}
}

func TestValidate(t *testing.T) {
	long := func(n int) string { return strings.Repeat("x", n) }
	manyPillars := func(n int) []lens.Pillar {
		var ps []lens.Pillar
		for i := range n {
			ps = append(ps, lens.Pillar{
				ID: fmt.Sprintf("pillar_%02d", i), Name: "P",
				Questions: []lens.Question{question(fmt.Sprintf("p%02d_q", i))},
			})
		}
		return ps
	}
	manyQuestions := func(n int) []lens.Question {
		var qs []lens.Question
		for i := range n {
			qs = append(qs, question(fmt.Sprintf("q%02d", i)))
		}
		return qs
	}
	addChoices := func(q *lens.Question, n int) {
		for i := range n {
			q.Choices = append(q.Choices, lens.Choice{
				ID: fmt.Sprintf("extra_%02d", i), Title: "Extra", ImprovementPlan: &lens.Resource{DisplayText: "Do it"},
			})
		}
	}
	rules := func(rs ...string) []lens.RiskRule {
		var out []lens.RiskRule
		for i := 0; i+1 < len(rs); i += 2 {
			out = append(out, lens.RiskRule{Condition: rs[i], Risk: rs[i+1]})
		}
		return out
	}

	tests := []struct {
		name   string
		mutate func(l *lens.Lens)
		want   []want // nil: the lens stays valid
	}{
		// Lens.
		{"schemaVersion wrong", func(l *lens.Lens) { l.SchemaVersion = "2020-01-01" },
			[]want{{"$.schemaVersion", `is "2020-01-01"`}}},
		{"schemaVersion missing", func(l *lens.Lens) { l.SchemaVersion = "" },
			[]want{{"$.schemaVersion", `supported version is "2021-11-01"`}}},
		{"name missing", func(l *lens.Lens) { l.Name = "" }, []want{{"$.name", "is required"}}},
		{"name blank", func(l *lens.Lens) { l.Name = " \t" }, []want{{"$.name", "is required"}}},
		{"name 128", func(l *lens.Lens) { l.Name = long(128) }, nil},
		{"name 128 runes", func(l *lens.Lens) { l.Name = strings.Repeat("é", 128) }, nil},
		{"name 129", func(l *lens.Lens) { l.Name = long(129) }, []want{{"$.name", "is 129 characters; the limit is 128"}}},
		{"description 2048", func(l *lens.Lens) { l.Description = long(2048) }, nil},
		{"description 2049", func(l *lens.Lens) { l.Description = long(2049) },
			[]want{{"$.description", "is 2049 characters; the limit is 2048"}}},
		{"no ext", func(l *lens.Lens) { l.Ext = nil }, nil},

		// Pillars.
		{"0 pillars", func(l *lens.Lens) { l.Pillars = nil }, []want{{"$.pillars", "at least one pillar"}}},
		{"10 pillars", func(l *lens.Lens) { l.Pillars = manyPillars(10) }, nil},
		{"11 pillars", func(l *lens.Lens) { l.Pillars = manyPillars(11) },
			[]want{{"$.pillars", "has 11 pillars; the limit is 10"}}},
		{"pillar name missing", func(l *lens.Lens) { l.Pillars[0].Name = "" }, []want{{p0 + ".name", "is required"}}},
		{"pillar name 129", func(l *lens.Lens) { l.Pillars[0].Name = long(129) },
			[]want{{p0 + ".name", "is 129 characters"}}},
		{"0 questions", func(l *lens.Lens) { l.Pillars[0].Questions = nil },
			[]want{{p0 + ".questions", "at least one question"}}},
		{"20 questions", func(l *lens.Lens) { l.Pillars[0].Questions = manyQuestions(20) }, nil},
		{"21 questions", func(l *lens.Lens) { l.Pillars[0].Questions = manyQuestions(21) },
			[]want{{p0 + ".questions", "has 21 questions; the limit is 20 per pillar"}}},

		// IDs.
		{"pillar ID missing", func(l *lens.Lens) { l.Pillars[0].ID = "" }, []want{{p0 + ".id", "is required"}}},
		{"pillar ID 2 chars", func(l *lens.Lens) { l.Pillars[0].ID = "ab" },
			[]want{{p0 + ".id", `"ab" is 2 characters; IDs must be 3 to 128`}}},
		{"pillar ID 3 chars", func(l *lens.Lens) { l.Pillars[0].ID = "abc" }, nil},
		{"pillar ID 128 chars", func(l *lens.Lens) { l.Pillars[0].ID = long(128) }, nil},
		{"pillar ID 129 chars", func(l *lens.Lens) { l.Pillars[0].ID = long(129) },
			[]want{{p0 + ".id", "is 129 characters; IDs must be 3 to 128"}}},
		{"question ID 2 chars", func(l *lens.Lens) { l.Pillars[0].Questions[0].ID = "q1" },
			[]want{{q0 + ".id", `"q1" is 2 characters`}}},
		{"question ID bad characters", func(l *lens.Lens) { l.Pillars[0].Questions[0].ID = "ops-01" },
			[]want{{q0 + ".id", `"ops-01" may contain only letters, digits and underscores`}}},
		{"question ID with space", func(l *lens.Lens) { l.Pillars[0].Questions[0].ID = "ops 01" },
			[]want{{q0 + ".id", "may contain only letters"}}},
		{"question ID non-ASCII", func(l *lens.Lens) { l.Pillars[0].Questions[0].ID = "opsé01" },
			[]want{{q0 + ".id", "may contain only letters"}}},
		{"choice ID bad characters", func(l *lens.Lens) { l.Pillars[0].Questions[0].Choices[2].ID = "ops-01" },
			[]want{{choiceN(2) + ".id", `"ops-01" may contain only`}}},
		{"choice ID 129 chars", func(l *lens.Lens) { l.Pillars[0].Questions[0].Choices[2].ID = long(129) },
			[]want{{choiceN(2) + ".id", "is 129 characters"}}},
		{"choice ID missing", func(l *lens.Lens) { l.Pillars[0].Questions[0].Choices[2].ID = "" },
			[]want{{choiceN(2) + ".id", "is required"}}},
		{"duplicate pillar ID", func(l *lens.Lens) {
			l.Pillars = append(l.Pillars, lens.Pillar{ID: "pillar_one", Name: "Two", Questions: []lens.Question{question("q02")}})
		}, []want{{"$.pillars[1].id", `"pillar_one" is already used by $.pillars[0]`}}},
		{"duplicate empty pillar IDs", func(l *lens.Lens) {
			l.Pillars[0].ID = ""
			l.Pillars = append(l.Pillars, lens.Pillar{Name: "Two", Questions: []lens.Question{question("q02")}})
		}, []want{{p0 + ".id", "is required"}, {"$.pillars[1].id", "is required"}}},
		{"duplicate question ID in pillar", func(l *lens.Lens) {
			l.Pillars[0].Questions = append(l.Pillars[0].Questions, question("q01"))
		}, []want{{p0 + ".questions[1].id", `"q01" is already used by ` + q0}}},
		{"duplicate question ID across pillars", func(l *lens.Lens) {
			l.Pillars = append(l.Pillars, lens.Pillar{ID: "pillar_two", Name: "Two", Questions: []lens.Question{question("q01")}})
		}, []want{{"$.pillars[1].questions[0].id", `"q01" is already used by ` + q0}}},
		{"duplicate choice ID", func(l *lens.Lens) { l.Pillars[0].Questions[0].Choices[2].ID = "q01_a" },
			[]want{{choiceN(2) + ".id", `"q01_a" is already used by ` + ch0}}},
		{"same choice IDs in two questions", func(l *lens.Lens) {
			q := question("q01")
			q.ID = "q02"
			l.Pillars[0].Questions = append(l.Pillars[0].Questions, q)
		}, nil},

		// Questions.
		{"question title missing", func(l *lens.Lens) { l.Pillars[0].Questions[0].Title = "" },
			[]want{{q0 + ".title", "is required"}}},
		{"question title 129", func(l *lens.Lens) { l.Pillars[0].Questions[0].Title = long(129) },
			[]want{{q0 + ".title", "is 129 characters; the limit is 128"}}},
		{"question description 2049", func(l *lens.Lens) { l.Pillars[0].Questions[0].Description = long(2049) },
			[]want{{q0 + ".description", "is 2049 characters; the limit is 2048"}}},
		{"question helpful displayText 2049", func(l *lens.Lens) {
			l.Pillars[0].Questions[0].HelpfulResource.DisplayText = long(2049)
		}, []want{{q0 + ".helpfulResource.displayText", "is 2049 characters; the limit is 2048"}}},
		{"question helpful displayText 2048", func(l *lens.Lens) {
			l.Pillars[0].Questions[0].HelpfulResource.DisplayText = long(2048)
		}, nil},
		{"question URL ftp", func(l *lens.Lens) { l.Pillars[0].Questions[0].HelpfulResource.URL = "ftp://example.com/x" },
			[]want{{q0 + ".helpfulResource.url", `"ftp://example.com/x" is not an http(s) URL`}}},
		{"question URL relative", func(l *lens.Lens) { l.Pillars[0].Questions[0].HelpfulResource.URL = "docs/help.html" },
			[]want{{q0 + ".helpfulResource.url", "is not an http(s) URL"}}},
		{"question URL without host", func(l *lens.Lens) { l.Pillars[0].Questions[0].HelpfulResource.URL = "https://" },
			[]want{{q0 + ".helpfulResource.url", "is not an http(s) URL"}}},
		{"question URL unparsable", func(l *lens.Lens) { l.Pillars[0].Questions[0].HelpfulResource.URL = "http://[::1" },
			[]want{{q0 + ".helpfulResource.url", "is not an http(s) URL"}}},
		{"0 choices", func(l *lens.Lens) {
			q := &l.Pillars[0].Questions[0]
			q.Choices = nil
			q.RiskRules = rules("default", lens.RuleHigh)
		}, []want{{q0 + ".choices", "at least one choice"}}},
		{"15 choices", func(l *lens.Lens) { addChoices(&l.Pillars[0].Questions[0], 11) }, nil},
		{"16 choices", func(l *lens.Lens) { addChoices(&l.Pillars[0].Questions[0], 12) },
			[]want{{q0 + ".choices", "has 16 choices; the limit is 15 per question"}}},

		// Choices.
		{"choice title missing", func(l *lens.Lens) { l.Pillars[0].Questions[0].Choices[0].Title = "" },
			[]want{{ch0 + ".title", "is required"}}},
		{"choice title 129", func(l *lens.Lens) { l.Pillars[0].Questions[0].Choices[0].Title = long(129) },
			[]want{{ch0 + ".title", "is 129 characters; the limit is 128"}}},
		{"choice helpful displayText 2049", func(l *lens.Lens) {
			l.Pillars[0].Questions[0].Choices[0].HelpfulResource.DisplayText = long(2049)
		}, []want{{ch0 + ".helpfulResource.displayText", "is 2049 characters"}}},
		{"choice helpful URL bad", func(l *lens.Lens) {
			l.Pillars[0].Questions[0].Choices[0].HelpfulResource.URL = "javascript:alert(1)"
		}, []want{{ch0 + ".helpfulResource.url", "is not an http(s) URL"}}},
		{"improvementPlan displayText 2049", func(l *lens.Lens) {
			l.Pillars[0].Questions[0].Choices[0].ImprovementPlan.DisplayText = long(2049)
		}, []want{{ch0 + ".improvementPlan.displayText", "is 2049 characters; the limit is 2048"}}},
		{"improvementPlan URL bad", func(l *lens.Lens) {
			l.Pillars[0].Questions[0].Choices[0].ImprovementPlan.URL = "example.com"
		}, []want{{ch0 + ".improvementPlan.url", `"example.com" is not an http(s) URL`}}},
		{"improvementPlan missing", func(l *lens.Lens) { l.Pillars[0].Questions[0].Choices[1].ImprovementPlan = nil },
			[]want{{choiceN(1) + ".improvementPlan", `is required for every choice except "None of these"`}}},
		{"improvementPlan blank", func(l *lens.Lens) {
			l.Pillars[0].Questions[0].Choices[1].ImprovementPlan = &lens.Resource{DisplayText: "  "}
		}, []want{{choiceN(1) + ".improvementPlan", "is required"}}},
		{"improvementPlan on _no allowed", func(l *lens.Lens) {
			l.Pillars[0].Questions[0].Choices[3].ImprovementPlan = &lens.Resource{DisplayText: "Pick something"}
		}, nil},
		{"two _no choices", func(l *lens.Lens) {
			q := &l.Pillars[0].Questions[0]
			q.Choices = append(q.Choices, lens.Choice{ID: "other_no", Title: "None either"})
		}, []want{{choiceN(4) + ".id", `only one "None of these" choice`}}},
		{"additionalResources bad type", func(l *lens.Lens) {
			l.Pillars[0].Questions[0].Choices[0].AdditionalResources[0].Type = "LINK"
		}, []want{{ch0 + ".additionalResources[0].type", `is "LINK"; use HELPFUL_RESOURCE or IMPROVEMENT_PLAN`}}},
		{"additionalResources IMPROVEMENT_PLAN", func(l *lens.Lens) {
			l.Pillars[0].Questions[0].Choices[0].AdditionalResources[0].Type = "IMPROVEMENT_PLAN"
		}, nil},
		{"additionalResources content displayText 2049", func(l *lens.Lens) {
			l.Pillars[0].Questions[0].Choices[0].AdditionalResources[0].Content[0].DisplayText = long(2049)
		}, []want{{ch0 + ".additionalResources[0].content[0].displayText", "is 2049 characters"}}},
		{"additionalResources content URL bad", func(l *lens.Lens) {
			ar := &l.Pillars[0].Questions[0].Choices[0].AdditionalResources[0]
			ar.Content = append(ar.Content, lens.Resource{DisplayText: "x", URL: "mailto:a@example.com"})
		}, []want{{ch0 + ".additionalResources[0].content[1].url", "is not an http(s) URL"}}},
		{"opslens.level bad", func(l *lens.Lens) { l.Pillars[0].Questions[0].Choices[0].Ext.Level = "CRITICAL" },
			[]want{{ch0 + ".opslens.level", `is "CRITICAL"; use HIGH, MEDIUM or LOW`}}},
		{"opslens.level lower case", func(l *lens.Lens) { l.Pillars[0].Questions[0].Choices[0].Ext.Level = "high" },
			[]want{{ch0 + ".opslens.level", `is "high"`}}},
		{"opslens.level empty", func(l *lens.Lens) { l.Pillars[0].Questions[0].Choices[0].Ext.Level = "" }, nil},

		// Risk rules.
		{"0 risk rules", func(l *lens.Lens) { l.Pillars[0].Questions[0].RiskRules = nil },
			[]want{{rr, `at least one risk rule, the "default" one, is required`}}},
		{"4 risk rules", func(l *lens.Lens) {
			l.Pillars[0].Questions[0].RiskRules = rules(
				"q01_a && q01_b", lens.RuleNone, "q01_a", lens.RuleMedium, "q01_b", lens.RuleMedium, "default", lens.RuleHigh)
		}, []want{
			{rr, "has 4 rules; the limit is 3"},
			{rr + "[2].risk", "MEDIUM_RISK is used by more than one rule"},
		}},
		{"only default", func(l *lens.Lens) { l.Pillars[0].Questions[0].RiskRules = rules("default", lens.RuleNone) }, nil},
		{"no default rule", func(l *lens.Lens) {
			l.Pillars[0].Questions[0].RiskRules = rules("q01_a", lens.RuleNone, "!q01_a", lens.RuleHigh)
		}, []want{{rr, `a rule with condition "default" is required`}}},
		{"two default rules", func(l *lens.Lens) {
			l.Pillars[0].Questions[0].RiskRules = rules("q01_a", lens.RuleNone, "default", lens.RuleMedium, "default", lens.RuleHigh)
		}, []want{
			{rr + "[1].condition", `the "default" rule must come last`},
			{rr, `only one rule may have condition "default"`},
		}},
		{"default not last", func(l *lens.Lens) {
			l.Pillars[0].Questions[0].RiskRules = rules("default", lens.RuleHigh, "q01_a", lens.RuleNone)
		}, []want{{rr + "[0].condition", `the "default" rule must come last`}}},
		{"bad risk value", func(l *lens.Lens) { l.Pillars[0].Questions[0].RiskRules[1].Risk = "LOW_RISK" },
			[]want{{rr + "[1].risk", `is "LOW_RISK"; use HIGH_RISK, MEDIUM_RISK or NO_RISK`}}},
		{"empty risk value", func(l *lens.Lens) { l.Pillars[0].Questions[0].RiskRules[2].Risk = "" },
			[]want{{rr + "[2].risk", `is ""`}}},
		{"duplicate risk value", func(l *lens.Lens) { l.Pillars[0].Questions[0].RiskRules[1].Risk = lens.RuleNone },
			[]want{{rr + "[1].risk", "NO_RISK is used by more than one rule"}}},
		{"condition refers to unknown choice", func(l *lens.Lens) {
			l.Pillars[0].Questions[0].RiskRules[0].Condition = "q01_a && q01_z"
		}, []want{{rr + "[0].condition", `refers to "q01_z", which is not a choice of question "q01"`}}},
		{"condition refers to another question's choice", func(l *lens.Lens) {
			l.Pillars[0].Questions = append(l.Pillars[0].Questions, question("q02"))
			l.Pillars[0].Questions[0].RiskRules[1].Condition = "q02_a"
		}, []want{{rr + "[1].condition", `refers to "q02_a"`}}},
		{"condition may use _no choice", func(l *lens.Lens) {
			l.Pillars[0].Questions[0].RiskRules[1].Condition = "q01_a && !q01_no"
		}, nil},
		{"malformed condition", func(l *lens.Lens) { l.Pillars[0].Questions[0].RiskRules[0].Condition = "q01_a &&" },
			[]want{{rr + "[0].condition", "column 9"}}},
		{"malformed condition single &", func(l *lens.Lens) {
			l.Pillars[0].Questions[0].RiskRules[1].Condition = "q01_a & q01_b"
		}, []want{{rr + "[1].condition", `column 7: unexpected character "&"`}}},
		{"malformed default rule", func(l *lens.Lens) { l.Pillars[0].Questions[0].RiskRules[2].Condition = "default &&" },
			[]want{
				{rr + "[2].condition", `"default" must be the whole condition`},
				{rr, `a rule with condition "default" is required`},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := deepCopy(t, baseLens())
			tt.mutate(l)
			checkProblems(t, l.Validate(), tt.want)
		})
	}
	// The cases mutate copies only.
	if err := baseLens().Validate(); err != nil {
		t.Fatalf("base lens changed: %v", err)
	}
}

func TestValidateSeveralProblems(t *testing.T) {
	l := deepCopy(t, baseLens())
	l.SchemaVersion = "1"
	l.Name = ""
	q := &l.Pillars[0].Questions[0]
	q.ID = "ops-01"
	q.Choices[1].ImprovementPlan = nil
	q.Choices[2].Ext.Level = "SEVERE"
	q.RiskRules[0].Condition = "q01_a && nope"
	q.RiskRules[1].Risk = "MEDIUM"
	l.Pillars = append(l.Pillars, lens.Pillar{ID: "pillar_one", Name: "Two", Questions: []lens.Question{question("q02")}})
	l.Pillars[1].Questions[0].Choices[0].HelpfulResource.URL = "nope"

	err := l.Validate()
	checkProblems(t, err, []want{
		{"$.schemaVersion", `is "1"`},
		{"$.name", "is required"},
		{q0 + ".id", "may contain only"},
		{choiceN(1) + ".improvementPlan", "is required"},
		{choiceN(2) + ".opslens.level", `is "SEVERE"`},
		{rr + "[0].condition", `refers to "nope"`},
		{rr + "[1].risk", `is "MEDIUM"`},
		{"$.pillars[1].id", "already used by $.pillars[0]"},
		{"$.pillars[1].questions[0].choices[0].helpfulResource.url", "not an http(s) URL"},
	})
	if err != nil {
		msg := err.Error()
		if !strings.HasPrefix(msg, "invalid lens: 9 problems\n") || strings.Count(msg, "\n  ") != 9 {
			t.Errorf("Error() = %q", msg)
		}
	}

	// Parse reports the same problems.
	data, _ := json.Marshal(l)
	_, perr := lens.Parse(data)
	var ve *lens.ValidationError
	if !errors.As(perr, &ve) || len(ve.Problems) != 9 {
		t.Errorf("Parse: %v, want the 9 problems", perr)
	}
}

func TestValidationErrorSingular(t *testing.T) {
	err := &lens.ValidationError{Problems: []lens.Problem{{Path: "$.name", Message: "is required"}}}
	if got, want := err.Error(), "invalid lens: 1 problem\n  $.name: is required"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestParseTooLarge(t *testing.T) {
	base, err := baseLens().Export(lens.FormatOpslens)
	if err != nil {
		t.Fatal(err)
	}
	// Pad with whitespace inside the object so only the size is wrong.
	pad := func(n int) []byte {
		out := append([]byte("{"+strings.Repeat(" ", n-len(base))), base[1:]...)
		if len(out) != n {
			t.Fatalf("padded to %d bytes, want %d", len(out), n)
		}
		return out
	}
	if _, err := lens.Parse(pad(lens.MaxBytes)); err != nil {
		t.Errorf("Parse(%d bytes): %v", lens.MaxBytes, err)
	}
	_, err = lens.Parse(pad(lens.MaxBytes + 1))
	checkProblems(t, err, []want{{"$", fmt.Sprintf("the file is %d bytes; the limit is 512000 (500 KB)", lens.MaxBytes+1)}})
}
