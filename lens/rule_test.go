package lens_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/lens"
)

// followedSet returns a followed func that holds for the listed choice IDs.
func followedSet(ids ...string) func(string) bool {
	set := map[string]bool{}
	for _, id := range ids {
		set[id] = true
	}
	return func(id string) bool { return set[id] }
}

func mustParseCondition(t *testing.T, src string) *lens.Condition {
	t.Helper()
	c, err := lens.ParseCondition(src)
	if err != nil {
		t.Fatalf("ParseCondition(%q): %v", src, err)
	}
	return c
}

func TestConditionEval(t *testing.T) {
	tests := []struct {
		name     string
		cond     string
		followed []string // choices that hold; all others are false
		want     bool
	}{
		{"ident true", "a", []string{"a"}, true},
		{"ident false", "a", nil, false},
		{"and both", "a && b", []string{"a", "b"}, true},
		{"and one", "a && b", []string{"a"}, false},
		{"or one", "a || b", []string{"b"}, true},
		{"or none", "a || b", nil, false},
		{"not", "!a", nil, true},
		{"not not", "!!a", []string{"a"}, true},

		// && binds tighter than ||: a || (b && c).
		{"a || b && c, a", "a || b && c", []string{"a"}, true},
		{"a || b && c, b", "a || b && c", []string{"b"}, false},
		{"a || b && c, b c", "a || b && c", []string{"b", "c"}, true},
		{"a && b || c, c", "a && b || c", []string{"c"}, true},
		{"a && b || c, a", "a && b || c", []string{"a"}, false},
		// ! binds tighter than &&: (!a) && b.
		{"!a && b, b", "!a && b", []string{"b"}, true},
		{"!a && b, none", "!a && b", nil, false},
		{"!a && b, a b", "!a && b", []string{"a", "b"}, false},
		// ! binds tighter than ||: (!a) || b.
		{"!a || b, a", "!a || b", []string{"a"}, false},
		{"!a || b, none", "!a || b", nil, true},
		// Parentheses override precedence.
		{"!(a || b), none", "!(a || b)", nil, true},
		{"!(a || b), a", "!(a || b)", []string{"a"}, false},
		{"!(a || b), b", "!(a || b)", []string{"b"}, false},
		{"(a || b) && c, a", "(a || b) && c", []string{"a"}, false},
		{"(a || b) && c, a c", "(a || b) && c", []string{"a", "c"}, true},
		{"!(a && b), a", "!(a && b)", []string{"a"}, true},
		{"nested parens", "((a) && ((b)))", []string{"a", "b"}, true},
		{"left assoc", "a && b && c || d", []string{"d"}, true},
		{"long and", "OPS01_BP01 && OPS01_BP02 && OPS01_BP03", []string{"OPS01_BP01", "OPS01_BP02", "OPS01_BP03"}, true},

		// Whitespace is optional and may be any of space, tab, CR, LF.
		{"no spaces", "a&&b||!c", []string{"a", "b"}, true},
		{"tabs and newlines", "\ta\n&&\r\n b ", []string{"a", "b"}, true},
		{"spaces in parens", "( a || b )", []string{"b"}, true},

		// "default" always holds.
		{"default", "default", nil, true},
		{"default padded", "  default\t", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustParseCondition(t, tt.cond)
			if got := c.Eval(followedSet(tt.followed...)); got != tt.want {
				t.Errorf("%q with %v followed = %v, want %v", tt.cond, tt.followed, got, tt.want)
			}
			if c.String() != tt.cond {
				t.Errorf("String() = %q, want %q", c.String(), tt.cond)
			}
		})
	}
}

func TestConditionDefault(t *testing.T) {
	for _, src := range []string{"default", " default ", "\tdefault\n"} {
		c := mustParseCondition(t, src)
		if !c.IsDefault() {
			t.Errorf("%q: IsDefault() = false", src)
		}
		if len(c.Choices()) != 0 {
			t.Errorf("%q: Choices() = %v, want none", src, c.Choices())
		}
	}
	// A choice named like the keyword with another case is just a choice.
	c := mustParseCondition(t, "Default")
	if c.IsDefault() || !reflect.DeepEqual(c.Choices(), []string{"Default"}) {
		t.Errorf(`"Default": IsDefault() = %v, Choices() = %v`, c.IsDefault(), c.Choices())
	}
	if c := mustParseCondition(t, "a"); c.IsDefault() {
		t.Error(`"a": IsDefault() = true`)
	}
}

func TestConditionChoices(t *testing.T) {
	tests := []struct {
		cond string
		want []string
	}{
		{"a", []string{"a"}},
		{"b && a", []string{"b", "a"}},
		{"b && a || b && !c", []string{"b", "a", "c"}},
		{"a && a && a", []string{"a"}},
		{"!(z || (y && z)) || x", []string{"z", "y", "x"}},
		{"OPS01_BP02 && OPS01_BP01 && OPS01_BP02", []string{"OPS01_BP02", "OPS01_BP01"}},
	}
	for _, tt := range tests {
		c := mustParseCondition(t, tt.cond)
		if got := c.Choices(); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Choices(%q) = %q, want %q", tt.cond, got, tt.want)
		}
	}
}

func TestConditionErrors(t *testing.T) {
	tests := []struct {
		cond string
		col  int
		msg  string
	}{
		{"", 1, "expected a choice ID"},
		{"   ", 4, "found end of condition"},
		{"a &&", 5, "found end of condition"},
		{"a ||", 5, "found end of condition"},
		{"&& a", 1, `found "&&"`},
		{"|| a", 1, `found "||"`},
		{"a & b", 3, `unexpected character "&" (write "&&")`},
		{"a | b", 3, `unexpected character "|" (write "||")`},
		{"a &&& b", 5, `unexpected character "&"`},
		{"(a", 3, `expected ")" to close the "(" at column 1, found end of condition`},
		{"a && (b || (c)", 15, `to close the "(" at column 6`},
		{"a)", 2, `unexpected ")" after a complete expression`},
		{"a b", 3, `unexpected choice ID "b" after a complete expression`},
		{"a !b", 3, `unexpected "!"`},
		{"!", 2, "found end of condition"},
		{"a && !", 7, "found end of condition"},
		{"a && default", 6, `"default" must be the whole condition`},
		{"default || a", 1, `"default" must be the whole condition`},
		{"(default)", 2, `"default" must be the whole condition`},
		{"default default", 1, `"default" must be the whole condition`},
		{"()", 2, `found ")"`},
		{"a && ()", 7, `found ")"`},
		{"a && é", 6, `unexpected character "é"`},
		{"ä", 1, `unexpected character "ä"`},
		{"a-b", 2, `unexpected character "-"`},
		{"a && \xff", 6, `unexpected character "\xff"`},
		{"\u00a0default", 1, `unexpected character "\u00a0"`},
		{"a == b", 3, `unexpected character "="`},
	}
	for _, tt := range tests {
		t.Run(tt.cond, func(t *testing.T) {
			c, err := lens.ParseCondition(tt.cond)
			if err == nil {
				t.Fatalf("ParseCondition(%q) = %v, want an error", tt.cond, c)
			}
			if c != nil {
				t.Errorf("ParseCondition(%q) returned a condition with its error", tt.cond)
			}
			var ce *lens.ConditionError
			if !errors.As(err, &ce) {
				t.Fatalf("error %v is a %T, want *lens.ConditionError", err, err)
			}
			if ce.Column != tt.col {
				t.Errorf("Column = %d, want %d (%v)", ce.Column, tt.col, err)
			}
			if !strings.Contains(ce.Msg, tt.msg) {
				t.Errorf("Msg = %q, want it to contain %q", ce.Msg, tt.msg)
			}
			if ce.Condition != tt.cond {
				t.Errorf("Condition = %q, want %q", ce.Condition, tt.cond)
			}
			if !strings.Contains(err.Error(), "column") {
				t.Errorf("Error() = %q does not mention the column", err.Error())
			}
		})
	}
}

func TestConditionNestingLimit(t *testing.T) {
	tests := []struct {
		name string
		cond string
		ok   bool
	}{
		{"50 parens", strings.Repeat("(", 50) + "a" + strings.Repeat(")", 50), true},
		{"50 nots", strings.Repeat("!", 50) + "a", true},
		{"1000 open parens", strings.Repeat("(", 1000), false},
		{"1000 balanced parens", strings.Repeat("(", 1000) + "a" + strings.Repeat(")", 1000), false},
		{"1000 nots", strings.Repeat("!", 1000) + "a", false},
		{"1e6 open parens", strings.Repeat("(", 1_000_000), false},
		{"1e6 mixed", strings.Repeat("!(", 500_000) + "a", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := lens.ParseCondition(tt.cond)
			if tt.ok {
				if err != nil {
					t.Fatalf("error: %v", err)
				}
				c.Eval(followedSet("a"))
				return
			}
			var ce *lens.ConditionError
			if !errors.As(err, &ce) {
				t.Fatalf("error = %v, want a *lens.ConditionError", err)
			}
			if !strings.Contains(ce.Msg, "nested more than") || ce.Column < 1 {
				t.Errorf("error = %v, want a nesting error with a column", err)
			}
		})
	}
}

// A long flat chain is not nesting: it must parse and evaluate.
func TestConditionLongChain(t *testing.T) {
	ids := make([]string, 50_000)
	for i := range ids {
		ids[i] = "c" + strings.Repeat("x", i%7) + "_" + string(rune('a'+i%26))
	}
	c := mustParseCondition(t, strings.Join(ids, " && "))
	if !c.Eval(func(string) bool { return true }) {
		t.Error("all followed: got false")
	}
	if c.Eval(func(string) bool { return false }) {
		t.Error("none followed: got true")
	}
}

func choicesWithLevels(levels ...lens.Level) []lens.Choice {
	var cs []lens.Choice
	for i, lv := range levels {
		c := lens.Choice{ID: "q_" + string(rune('a'+i)), Title: "choice"}
		if lv != "" {
			c.Ext = &lens.ChoiceExt{Level: lv}
		}
		cs = append(cs, c)
	}
	return cs
}

func TestDeriveRiskRules(t *testing.T) {
	H, M, L := lens.LevelHigh, lens.LevelMedium, lens.LevelLow
	tests := []struct {
		name   string
		levels []lens.Level
		want   []lens.RiskRule
	}{
		{"high and medium", []lens.Level{H, M, L, H, M}, []lens.RiskRule{
			{Condition: "q_a && q_d && q_b && q_e", Risk: lens.RuleNone},
			{Condition: "q_a && q_d", Risk: lens.RuleMedium},
			{Condition: "default", Risk: lens.RuleHigh},
		}},
		{"high only", []lens.Level{H, L, H}, []lens.RiskRule{
			{Condition: "q_a && q_c", Risk: lens.RuleNone},
			{Condition: "default", Risk: lens.RuleHigh},
		}},
		{"medium only", []lens.Level{L, M}, []lens.RiskRule{
			{Condition: "q_b", Risk: lens.RuleNone},
			{Condition: "default", Risk: lens.RuleMedium},
		}},
		{"low only", []lens.Level{L, L}, []lens.RiskRule{
			{Condition: "default", Risk: lens.RuleNone},
		}},
		{"no levels", []lens.Level{"", ""}, []lens.RiskRule{
			{Condition: "default", Risk: lens.RuleNone},
		}},
		{"no choices", nil, []lens.RiskRule{
			{Condition: "default", Risk: lens.RuleNone},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := lens.DeriveRiskRules(choicesWithLevels(tt.levels...))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("DeriveRiskRules = %v, want %v", got, tt.want)
			}
		})
	}
}

// Exhaustively: the derived rules give HIGH when any HIGH practice is missing,
// else MEDIUM when any MEDIUM one is, else NONE.
func TestDeriveRiskRulesEvaluate(t *testing.T) {
	H, M, L := lens.LevelHigh, lens.LevelMedium, lens.LevelLow
	for _, levels := range [][]lens.Level{
		{H, M, L, H, M, L},
		{H, H, L},
		{M, L, M},
		{L, L},
		{H},
		{M},
	} {
		choices := choicesWithLevels(levels...)
		q := lens.Question{ID: "q01", Title: "q", Choices: choices, RiskRules: lens.DeriveRiskRules(choices)}
		for mask := 0; mask < 1<<len(choices); mask++ {
			want := opslens.RiskNone
			var followed []string
			for i, c := range choices {
				if mask&(1<<i) != 0 {
					followed = append(followed, c.ID)
					continue
				}
				switch {
				case levels[i] == H:
					want = opslens.RiskHigh
				case levels[i] == M && want != opslens.RiskHigh:
					want = opslens.RiskMedium
				}
			}
			got, err := q.Evaluate(followedSet(followed...))
			if err != nil {
				t.Fatalf("%v followed: %v", followed, err)
			}
			if got != want {
				t.Errorf("levels %v, %v followed: risk %s, want %s", levels, followed, got, want)
			}
		}
	}
}

func TestQuestionEvaluate(t *testing.T) {
	rules := func(rs ...string) []lens.RiskRule {
		var out []lens.RiskRule
		for i := 0; i+1 < len(rs); i += 2 {
			out = append(out, lens.RiskRule{Condition: rs[i], Risk: rs[i+1]})
		}
		return out
	}
	tests := []struct {
		name     string
		rules    []lens.RiskRule
		followed []string
		want     opslens.Risk
		err      string
	}{
		{"first rule wins", rules("a", lens.RuleNone, "a || b", lens.RuleMedium, "default", lens.RuleHigh), []string{"a", "b"}, opslens.RiskNone, ""},
		{"second rule", rules("a", lens.RuleNone, "a || b", lens.RuleMedium, "default", lens.RuleHigh), []string{"b"}, opslens.RiskMedium, ""},
		{"default", rules("a", lens.RuleNone, "a || b", lens.RuleMedium, "default", lens.RuleHigh), nil, opslens.RiskHigh, ""},
		{"only default", rules("default", lens.RuleMedium), nil, opslens.RiskMedium, ""},
		{"malformed rule", rules("a &&", lens.RuleNone, "default", lens.RuleHigh), nil, "", "risk rule 0"},
		{"no rule applies", rules("a", lens.RuleNone), nil, "", "no risk rule applies"},
		{"no rules", nil, nil, "", "no risk rule applies"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := lens.Question{ID: "q01", RiskRules: tt.rules}
			got, err := q.Evaluate(followedSet(tt.followed...))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error = %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("risk = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestRuleRisk(t *testing.T) {
	for in, want := range map[string]opslens.Risk{
		lens.RuleHigh:   opslens.RiskHigh,
		lens.RuleMedium: opslens.RiskMedium,
		lens.RuleNone:   opslens.RiskNone,
	} {
		if got := lens.RuleRisk(in); got != want {
			t.Errorf("RuleRisk(%q) = %s, want %s", in, got, want)
		}
	}
}
