package review

import (
	"fmt"
	"slices"
	"testing"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/lens"
)

// otherLens is a second lens for lens-order tests: pillar gamma with one
// question whose practices carry levels.
func otherLens(t testing.TB) *lens.Lens {
	t.Helper()
	l := &lens.Lens{SchemaVersion: lens.SchemaVersion, Name: "Other", Pillars: []lens.Pillar{{
		ID: "gamma", Name: "Gamma", Questions: []lens.Question{
			derived("GQ1", practice("GQ1_h", lens.LevelHigh), practice("GQ1_m", lens.LevelMedium),
				practice("GQ1_l", lens.LevelLow), noneOf("GQ1")),
		},
	}}}
	if err := l.Validate(); err != nil {
		t.Fatal(err)
	}
	return l
}

// awsLens has no opslens levels, as a lens made for the AWS tool.
func awsLens(t testing.TB) *lens.Lens {
	t.Helper()
	l := &lens.Lens{SchemaVersion: lens.SchemaVersion, Name: "AWS style", Pillars: []lens.Pillar{{
		ID: "ops", Name: "Ops", Questions: []lens.Question{
			custom("WQ1", []lens.RiskRule{
				{Condition: "WQ1_a && WQ1_b", Risk: lens.RuleNone},
				{Condition: "default", Risk: lens.RuleHigh},
			}, practice("WQ1_a", ""), practice("WQ1_b", ""), noneOf("WQ1")),
			custom("WQ2", []lens.RiskRule{
				{Condition: "WQ2_a || WQ2_b", Risk: lens.RuleNone},
				{Condition: "default", Risk: lens.RuleMedium},
			}, practice("WQ2_a", ""), practice("WQ2_b", ""), practice("WQ2_c", ""), noneOf("WQ2")),
			custom("WQ3", []lens.RiskRule{
				{Condition: "WQ3_a", Risk: lens.RuleMedium},
				{Condition: "default", Risk: lens.RuleHigh},
			}, practice("WQ3_a", ""), practice("WQ3_b", "")),
		},
	}}}
	if err := l.Validate(); err != nil {
		t.Fatal(err)
	}
	return l
}

// item renders a plan item as "alias/choice:LEVEL".
func item(p PlanItem) string { return fmt.Sprintf("%s/%s:%s", p.LensAlias, p.Choice.ID, p.Level) }

func planStrings(items []PlanItem) []string {
	var out []string
	for _, p := range items {
		out = append(out, item(p))
	}
	return out
}

func TestPlanOrder(t *testing.T) {
	tl, other := testLens(t), otherLens(t)
	tlAnswers := []opslens.Answer{
		sel("AQ1", "AQ1_l1"), // HIGH: missing h1 (HIGH), m1 (MEDIUM)
		sel("AQ2", "AQ2_c"),  // MEDIUM, no levels: missing a, b at MEDIUM
		sel("BQ1", "BQ1_m"),  // HIGH: missing h (HIGH)
		sel("BQ2", "BQ2_m"),  // NONE: missing l (LOW)
	}
	both := func(t *testing.T) []*LensResult {
		return []*LensResult{
			mustEvaluate(t, "tl", tl, tlAnswers...),
			mustEvaluate(t, "other", other, sel("GQ1", "GQ1_no")), // missing h, m, l
		}
	}
	tests := []struct {
		name       string
		results    func(t *testing.T) []*LensResult
		priorities []string
		want       []string
	}{
		{
			name:    "no priorities: level, then lens, question and choice order",
			results: func(t *testing.T) []*LensResult { return []*LensResult{mustEvaluate(t, "tl", tl, tlAnswers...)} },
			want: []string{
				"tl/AQ1_h1:HIGH", "tl/BQ1_h:HIGH",
				"tl/AQ1_m1:MEDIUM", "tl/AQ2_a:MEDIUM", "tl/AQ2_b:MEDIUM",
				"tl/BQ2_l:LOW",
			},
		},
		{
			name:       "second pillar prioritised",
			results:    func(t *testing.T) []*LensResult { return []*LensResult{mustEvaluate(t, "tl", tl, tlAnswers...)} },
			priorities: []string{"beta"},
			want: []string{
				"tl/BQ1_h:HIGH", "tl/AQ1_h1:HIGH",
				"tl/AQ1_m1:MEDIUM", "tl/AQ2_a:MEDIUM", "tl/AQ2_b:MEDIUM",
				"tl/BQ2_l:LOW",
			},
		},
		{
			name:       "both pillars prioritised in reverse",
			results:    func(t *testing.T) []*LensResult { return []*LensResult{mustEvaluate(t, "tl", tl, tlAnswers...)} },
			priorities: []string{"beta", "beta", "alpha"},
			want: []string{
				"tl/BQ1_h:HIGH", "tl/AQ1_h1:HIGH",
				"tl/AQ1_m1:MEDIUM", "tl/AQ2_a:MEDIUM", "tl/AQ2_b:MEDIUM",
				"tl/BQ2_l:LOW",
			},
		},
		{
			name:    "two lenses: lens order before question order",
			results: both,
			want: []string{
				"tl/AQ1_h1:HIGH", "tl/BQ1_h:HIGH", "other/GQ1_h:HIGH",
				"tl/AQ1_m1:MEDIUM", "tl/AQ2_a:MEDIUM", "tl/AQ2_b:MEDIUM", "other/GQ1_m:MEDIUM",
				"tl/BQ2_l:LOW", "other/GQ1_l:LOW",
			},
		},
		{
			name:       "two lenses: pillar priority before lens order",
			results:    both,
			priorities: []string{"gamma", "beta"},
			want: []string{
				"other/GQ1_h:HIGH", "tl/BQ1_h:HIGH", "tl/AQ1_h1:HIGH",
				"other/GQ1_m:MEDIUM", "tl/AQ1_m1:MEDIUM", "tl/AQ2_a:MEDIUM", "tl/AQ2_b:MEDIUM",
				"other/GQ1_l:LOW", "tl/BQ2_l:LOW",
			},
		},
		{
			name: "unknown priorities are ignored",
			results: func(t *testing.T) []*LensResult {
				return []*LensResult{mustEvaluate(t, "tl", tl, tlAnswers...)}
			},
			priorities: []string{"nope"},
			want: []string{
				"tl/AQ1_h1:HIGH", "tl/BQ1_h:HIGH",
				"tl/AQ1_m1:MEDIUM", "tl/AQ2_a:MEDIUM", "tl/AQ2_b:MEDIUM",
				"tl/BQ2_l:LOW",
			},
		},
		{
			name: "choice order within a question ignores answer order",
			results: func(t *testing.T) []*LensResult {
				return []*LensResult{mustEvaluate(t, "other", other, sel("GQ1", "GQ1_no"))}
			},
			want: []string{"other/GQ1_h:HIGH", "other/GQ1_m:MEDIUM", "other/GQ1_l:LOW"},
		},
		{
			name: "unanswered and not applicable questions contribute nothing",
			results: func(t *testing.T) []*LensResult {
				return []*LensResult{mustEvaluate(t, "tl", tl,
					notApplicable(sel("AQ1", "AQ1_l1")),
					notApplicable(sel("AQ2", "AQ2_no")),
					withNA(sel("BQ1"), "BQ1_h"), // nothing selected: unanswered
				)}
			},
		},
		{
			name: "fully followed questions contribute nothing",
			results: func(t *testing.T) []*LensResult {
				return []*LensResult{mustEvaluate(t, "tl", tl,
					sel("AQ1", "AQ1_h1", "AQ1_m1", "AQ1_l1"),
					withNA(sel("BQ2", "BQ2_m"), "BQ2_l"),
				)}
			},
		},
		{
			name:    "no results",
			results: func(t *testing.T) []*LensResult { return nil },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := planStrings(Plan(tt.results(t), tt.priorities))
			if !slices.Equal(got, tt.want) {
				t.Errorf("plan\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestPlanItemFields(t *testing.T) {
	tl := testLens(t)
	items := Plan([]*LensResult{mustEvaluate(t, "tl", tl, sel("BQ1", "BQ1_m"))}, nil)
	if len(items) != 1 {
		t.Fatalf("%d items, want 1: %q", len(items), planStrings(items))
	}
	want := PlanItem{
		LensAlias: "tl", PillarID: "beta", PillarName: "Beta", QuestionID: "BQ1", Question: "Question BQ1",
		QuestionRisk: opslens.RiskHigh, Choice: &tl.Pillars[1].Questions[0].Choices[0], Level: lens.LevelHigh,
	}
	if items[0] != want {
		t.Errorf("item\n got %+v\nwant %+v", items[0], want)
	}
}

func TestPlanInferredLevels(t *testing.T) {
	l := awsLens(t)
	tests := []struct {
		name    string
		answers []opslens.Answer
		want    []string
	}{
		{
			name:    "HIGH question gives HIGH items",
			answers: []opslens.Answer{sel("WQ1", "WQ1_a")},
			want:    []string{"aws/WQ1_b:HIGH"},
		},
		{
			name:    "NONE question gives LOW items",
			answers: []opslens.Answer{sel("WQ2", "WQ2_a")},
			want:    []string{"aws/WQ2_b:LOW", "aws/WQ2_c:LOW"},
		},
		{
			name:    "MEDIUM question gives MEDIUM items",
			answers: []opslens.Answer{sel("WQ3", "WQ3_a")},
			want:    []string{"aws/WQ3_b:MEDIUM"},
		},
		{
			name:    "mixed, ordered by inferred level",
			answers: []opslens.Answer{sel("WQ1", "WQ1_no"), sel("WQ2", "WQ2_b"), sel("WQ3", "WQ3_a")},
			want:    []string{"aws/WQ1_a:HIGH", "aws/WQ1_b:HIGH", "aws/WQ3_b:MEDIUM", "aws/WQ2_a:LOW", "aws/WQ2_c:LOW"},
		},
		{
			name:    "none of these on a NONE-by-default question",
			answers: []opslens.Answer{sel("WQ2", "WQ2_no")},
			want:    []string{"aws/WQ2_a:MEDIUM", "aws/WQ2_b:MEDIUM", "aws/WQ2_c:MEDIUM"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items := Plan([]*LensResult{mustEvaluate(t, "aws", l, tt.answers...)}, nil)
			if got := planStrings(items); !slices.Equal(got, tt.want) {
				t.Errorf("plan\n got %q\nwant %q", got, tt.want)
			}
			for _, it := range items {
				if it.Choice.Level() != "" {
					t.Errorf("%s has a lens level %q", it.Choice.ID, it.Choice.Level())
				}
			}
		})
	}
}

// TestPlanLensLevelWins checks that a practice's own level is used even when
// the question's risk differs: a LOW practice stays LOW in a HIGH question.
func TestPlanLensLevelWins(t *testing.T) {
	l := builtinLens(t)
	items := Plan([]*LensResult{mustEvaluate(t, "oe", l, sel("OPS01", "OPS01_no"))}, nil)
	want := []string{
		"oe/OPS01_BP01:HIGH", "oe/OPS01_BP02:HIGH", "oe/OPS01_BP03:HIGH", "oe/OPS01_BP04:HIGH",
		"oe/OPS01_BP05:MEDIUM", "oe/OPS01_BP06:MEDIUM", "oe/OPS01_BP07:LOW",
	}
	if got := planStrings(items); !slices.Equal(got, want) {
		t.Errorf("plan\n got %q\nwant %q", got, want)
	}
	for _, it := range items {
		if it.QuestionRisk != opslens.RiskHigh {
			t.Errorf("%s: question risk %s, want HIGH", it.Choice.ID, it.QuestionRisk)
		}
	}
}
