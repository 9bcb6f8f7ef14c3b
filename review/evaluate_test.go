package review

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/lens"
)

func TestEvaluateSmallLens(t *testing.T) {
	l := testLens(t)
	type want struct {
		risk     opslens.Risk
		answered bool
		missing  []string
	}
	unanswered := want{risk: opslens.RiskUnanswered}
	tests := []struct {
		name    string
		answers []opslens.Answer
		want    map[string]want // questions not listed must be UNANSWERED
	}{
		{
			name: "nothing answered",
		},
		{
			name:    "answer with no choice selected",
			answers: []opslens.Answer{sel("AQ1"), withNA(sel("BQ1"), "BQ1_h", "BQ1_m")},
		},
		{
			name: "answer with only unselected choices and notes",
			answers: []opslens.Answer{{QuestionID: "AQ1", IsApplicable: true, Notes: "n",
				Choices: []opslens.ChoiceAnswer{{ChoiceID: "AQ1_h1", Status: opslens.ChoiceUnselected, Notes: "later"}}}},
		},
		{
			name:    "not applicable without selections",
			answers: []opslens.Answer{notApplicable(sel("AQ1"))},
			want:    map[string]want{"AQ1": {risk: opslens.RiskNotApplicable, answered: true}},
		},
		{
			name:    "not applicable wins over selections",
			answers: []opslens.Answer{notApplicable(sel("AQ1", "AQ1_l1")), notApplicable(sel("BQ1", "BQ1_no"))},
			want: map[string]want{
				"AQ1": {risk: opslens.RiskNotApplicable, answered: true},
				"BQ1": {risk: opslens.RiskNotApplicable, answered: true},
			},
		},
		{
			name:    "high and medium followed, low missing gives NONE",
			answers: []opslens.Answer{sel("AQ1", "AQ1_h1", "AQ1_m1")},
			want:    map[string]want{"AQ1": {opslens.RiskNone, true, []string{"AQ1_l1"}}},
		},
		{
			name:    "only the low practice gives HIGH",
			answers: []opslens.Answer{sel("AQ1", "AQ1_l1")},
			want:    map[string]want{"AQ1": {opslens.RiskHigh, true, []string{"AQ1_h1", "AQ1_m1"}}},
		},
		{
			name:    "high without medium gives MEDIUM",
			answers: []opslens.Answer{sel("AQ1", "AQ1_h1")},
			want:    map[string]want{"AQ1": {opslens.RiskMedium, true, []string{"AQ1_m1", "AQ1_l1"}}},
		},
		{
			name:    "every practice followed",
			answers: []opslens.Answer{sel("AQ1", "AQ1_l1", "AQ1_m1", "AQ1_h1")},
			want:    map[string]want{"AQ1": {risk: opslens.RiskNone, answered: true}},
		},
		{
			name:    "not applicable choices count as followed",
			answers: []opslens.Answer{withNA(sel("AQ1", "AQ1_h1"), "AQ1_m1")},
			want:    map[string]want{"AQ1": {opslens.RiskNone, true, []string{"AQ1_l1"}}},
		},
		{
			name:    "not applicable high choice with low selected",
			answers: []opslens.Answer{withNA(sel("AQ1", "AQ1_l1"), "AQ1_h1")},
			want:    map[string]want{"AQ1": {opslens.RiskMedium, true, []string{"AQ1_m1"}}},
		},
		{
			name:    "none of these",
			answers: []opslens.Answer{sel("AQ1", "AQ1_no")},
			want:    map[string]want{"AQ1": {opslens.RiskHigh, true, []string{"AQ1_h1", "AQ1_m1", "AQ1_l1"}}},
		},
		{
			name:    "none of these beside stale selections",
			answers: []opslens.Answer{sel("AQ1", "AQ1_h1", "AQ1_m1", "AQ1_l1", "AQ1_no")},
			want:    map[string]want{"AQ1": {opslens.RiskHigh, true, []string{"AQ1_h1", "AQ1_m1", "AQ1_l1"}}},
		},
		{
			name: "unknown choice IDs are ignored",
			answers: []opslens.Answer{
				withNA(sel("AQ1", "AQ1_h1", "AQ1_zz", "AQ1_m1"), "AQ1_l9"),
				sel("BQ1", "BQ1_gone"),
				withNA(sel("BQ2", "BQ2_m"), "AQ1_l1"), // another question's ID
			},
			want: map[string]want{
				"AQ1": {opslens.RiskNone, true, []string{"AQ1_l1"}},
				"BQ1": unanswered,
				"BQ2": {opslens.RiskNone, true, []string{"BQ2_l"}},
			},
		},
		{
			name:    "answers to unknown questions are ignored",
			answers: []opslens.Answer{sel("ZZ9", "ZZ9_a"), sel("BQ1", "BQ1_h", "BQ1_m")},
			want:    map[string]want{"BQ1": {risk: opslens.RiskNone, answered: true}},
		},
		{
			name:    "question without a none choice",
			answers: []opslens.Answer{sel("BQ2", "BQ2_l")},
			want:    map[string]want{"BQ2": {opslens.RiskMedium, true, []string{"BQ2_m"}}},
		},
		{
			name:    "custom rules without levels",
			answers: []opslens.Answer{sel("AQ2", "AQ2_b", "AQ2_c")},
			want:    map[string]want{"AQ2": {opslens.RiskMedium, true, []string{"AQ2_a"}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustEvaluate(t, "tl", l, tt.answers...)
			if r.Alias != "tl" || r.Lens != l {
				t.Errorf("result names lens %q %p, want tl %p", r.Alias, r.Lens, l)
			}
			for _, q := range r.Questions() {
				w, ok := tt.want[q.Question.ID]
				if !ok {
					w = unanswered
				}
				if q.Risk != w.risk || q.Answered != w.answered {
					t.Errorf("%s: risk %s answered %v, want %s %v", q.Question.ID, q.Risk, q.Answered, w.risk, w.answered)
				}
				if got := choiceIDs(q.Missing); !slices.Equal(got, w.missing) {
					t.Errorf("%s: missing %v, want %v", q.Question.ID, got, w.missing)
				}
				if q.Answer.QuestionID != q.Question.ID {
					t.Errorf("%s: answer is for %q", q.Question.ID, q.Answer.QuestionID)
				}
			}
		})
	}
}

// TestEvaluateRules checks custom rule conditions: operator precedence,
// negation, grouping and first-match order.
func TestEvaluateRules(t *testing.T) {
	rs := func(conds ...string) []lens.RiskRule {
		risks := []string{lens.RuleNone, lens.RuleMedium, lens.RuleHigh}
		var out []lens.RiskRule
		for i, c := range conds {
			out = append(out, lens.RiskRule{Condition: c, Risk: risks[i]})
		}
		return out
	}
	precedence := awsRules
	grouping := []lens.RiskRule{
		{Condition: "!(AQ2_a || AQ2_b) && AQ2_c", Risk: lens.RuleNone},
		{Condition: "(AQ2_a || AQ2_b) && !AQ2_c", Risk: lens.RuleHigh},
		{Condition: "default", Risk: lens.RuleMedium},
	}
	negFirst := []lens.RiskRule{
		{Condition: "!AQ2_a", Risk: lens.RuleHigh},
		{Condition: "default", Risk: lens.RuleNone},
	}
	tests := []struct {
		name     string
		rules    []lens.RiskRule
		selected []string
		na       []string
		want     opslens.Risk
	}{
		{"first match wins over a later rule that also holds", precedence, []string{"AQ2_a"}, nil, opslens.RiskNone},
		{"|| binds looser than &&", precedence, []string{"AQ2_a", "AQ2_c"}, nil, opslens.RiskNone},
		{"&& with negation holds", precedence, []string{"AQ2_b"}, nil, opslens.RiskNone},
		{"negation fails, second rule", precedence, []string{"AQ2_b", "AQ2_c"}, nil, opslens.RiskMedium},
		{"second rule alone", precedence, []string{"AQ2_c"}, nil, opslens.RiskMedium},
		{"not applicable feeds the negation", precedence, []string{"AQ2_b"}, []string{"AQ2_c"}, opslens.RiskMedium},
		{"not applicable satisfies a rule", precedence, []string{"AQ2_c"}, []string{"AQ2_a"}, opslens.RiskNone},
		{"none of these reaches default", precedence, []string{"AQ2_no"}, nil, opslens.RiskHigh},
		{"none of these overrides stale selections", precedence, []string{"AQ2_a", "AQ2_no"}, nil, opslens.RiskHigh},
		{"none of these keeps not applicable practices followed", precedence, []string{"AQ2_a", "AQ2_no"}, []string{"AQ2_b"}, opslens.RiskNone},
		{"negated group", grouping, []string{"AQ2_c"}, nil, opslens.RiskNone},
		{"group with negation", grouping, []string{"AQ2_b"}, nil, opslens.RiskHigh},
		{"neither group rule", grouping, []string{"AQ2_a", "AQ2_c"}, nil, opslens.RiskMedium},
		{"none of these with negated rules", grouping, []string{"AQ2_no"}, nil, opslens.RiskMedium},
		{"leading negation holds", negFirst, []string{"AQ2_b"}, nil, opslens.RiskHigh},
		{"leading negation fails", negFirst, []string{"AQ2_a"}, nil, opslens.RiskNone},
		{"none of these makes a negation hold", negFirst, []string{"AQ2_a", "AQ2_no"}, nil, opslens.RiskHigh},
		{"triple and", rs("AQ2_a && AQ2_b && AQ2_c", "AQ2_a && AQ2_b", "default"), []string{"AQ2_a", "AQ2_b"}, nil, opslens.RiskMedium},
		{"double negation", rs("!!AQ2_a", "default"), []string{"AQ2_a"}, nil, opslens.RiskNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := &lens.Lens{SchemaVersion: lens.SchemaVersion, Name: "Rules", Pillars: []lens.Pillar{{
				ID: "alpha", Name: "Alpha", Questions: []lens.Question{
					custom("AQ2", tt.rules, practice("AQ2_a", ""), practice("AQ2_b", ""), practice("AQ2_c", ""), noneOf("AQ2")),
				},
			}}}
			if err := l.Validate(); err != nil {
				t.Fatal(err)
			}
			r := mustEvaluate(t, "rules", l, withNA(sel("AQ2", tt.selected...), tt.na...))
			if got := r.Pillars[0].Questions[0].Risk; got != tt.want {
				t.Errorf("risk %s, want %s", got, tt.want)
			}
		})
	}
}

func TestEvaluateBuiltin(t *testing.T) {
	l := builtinLens(t)
	all := func(q string) []string { return bpIDs(q, 1, 2, 3, 4, 5, 6, 7) }
	type want struct {
		risk    opslens.Risk
		missing []string
	}
	tests := []struct {
		name    string
		answers []opslens.Answer
		want    map[string]want // unlisted questions are UNANSWERED
	}{
		{name: "nothing answered"},
		{
			name:    "all high and medium practices",
			answers: []opslens.Answer{sel("OPS01", bpIDs("OPS01", 1, 2, 3, 4, 5, 6)...)},
			want:    map[string]want{"OPS01": {opslens.RiskNone, bpIDs("OPS01", 7)}},
		},
		{
			name:    "every practice",
			answers: []opslens.Answer{sel("OPS01", all("OPS01")...)},
			want:    map[string]want{"OPS01": {opslens.RiskNone, nil}},
		},
		{
			name:    "all high practices only",
			answers: []opslens.Answer{sel("OPS01", bpIDs("OPS01", 1, 2, 3, 4)...)},
			want:    map[string]want{"OPS01": {opslens.RiskMedium, bpIDs("OPS01", 5, 6, 7)}},
		},
		{
			name:    "low practice only",
			answers: []opslens.Answer{sel("OPS01", "OPS01_BP07")},
			want:    map[string]want{"OPS01": {opslens.RiskHigh, bpIDs("OPS01", 1, 2, 3, 4, 5, 6)}},
		},
		{
			name:    "one high practice missing",
			answers: []opslens.Answer{sel("OPS01", bpIDs("OPS01", 1, 2, 3, 5, 6, 7)...)},
			want:    map[string]want{"OPS01": {opslens.RiskHigh, bpIDs("OPS01", 4)}},
		},
		{
			name:    "not applicable practices are not missing",
			answers: []opslens.Answer{withNA(sel("OPS01", "OPS01_BP01"), bpIDs("OPS01", 2, 3, 4, 5, 6)...)},
			want:    map[string]want{"OPS01": {opslens.RiskNone, bpIDs("OPS01", 7)}},
		},
		{
			name:    "none of these",
			answers: []opslens.Answer{sel("OPS01", "OPS01_no")},
			want:    map[string]want{"OPS01": {opslens.RiskHigh, all("OPS01")}},
		},
		{
			name:    "none of these beside stale selections of every practice",
			answers: []opslens.Answer{sel("OPS01", append(all("OPS01"), "OPS01_no")...)},
			want:    map[string]want{"OPS01": {opslens.RiskHigh, all("OPS01")}},
		},
		{
			name:    "none of these first, stale selections after",
			answers: []opslens.Answer{sel("OPS01", append([]string{"OPS01_no"}, all("OPS01")...)...)},
			want:    map[string]want{"OPS01": {opslens.RiskHigh, all("OPS01")}},
		},
		{
			name:    "not applicable question with selections",
			answers: []opslens.Answer{notApplicable(sel("OPS02", "OPS02_BP07", "OPS02_no"))},
			want:    map[string]want{"OPS02": {opslens.RiskNotApplicable, nil}},
		},
		{
			name:    "unknown choice IDs ignored",
			answers: []opslens.Answer{sel("OPS04", append(bpIDs("OPS04", 1, 2, 3, 4, 99), "OPS01_BP05", "OPS04_none")...)},
			want:    map[string]want{"OPS04": {opslens.RiskNone, bpIDs("OPS04", 5)}},
		},
		{
			name:    "only unknown choice IDs selected",
			answers: []opslens.Answer{sel("OPS04", "OPS04_BP99", "OPS05_BP01")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustEvaluate(t, "operational-excellence", l, tt.answers...)
			qs := r.Questions()
			if len(qs) != 11 {
				t.Fatalf("%d questions, want 11", len(qs))
			}
			for _, q := range qs {
				w, ok := tt.want[q.Question.ID]
				if !ok {
					w = want{risk: opslens.RiskUnanswered}
				}
				if q.Risk != w.risk {
					t.Errorf("%s: risk %s, want %s", q.Question.ID, q.Risk, w.risk)
				}
				if got := choiceIDs(q.Missing); !slices.Equal(got, w.missing) {
					t.Errorf("%s: missing %v, want %v", q.Question.ID, got, w.missing)
				}
			}
		})
	}
}

func TestEvaluateCounts(t *testing.T) {
	l := testLens(t)
	r := mustEvaluate(t, "tl", l,
		sel("AQ1", "AQ1_l1"),               // HIGH
		notApplicable(sel("AQ2", "AQ2_a")), // NOT_APPLICABLE
		sel("BQ1", "BQ1_h"),                // MEDIUM
		sel("BQ2", "BQ2_m"),                // NONE
	)
	wantPillars := []struct {
		id, name string
		counts   RiskCounts
		qids     []string
	}{
		{"alpha", "Alpha", counts(map[opslens.Risk]int{opslens.RiskHigh: 1, opslens.RiskNotApplicable: 1}), []string{"AQ1", "AQ2"}},
		{"beta", "Beta", counts(map[opslens.Risk]int{opslens.RiskMedium: 1, opslens.RiskNone: 1}), []string{"BQ1", "BQ2"}},
	}
	if len(r.Pillars) != len(wantPillars) {
		t.Fatalf("%d pillars, want %d", len(r.Pillars), len(wantPillars))
	}
	idx := 0
	for i, w := range wantPillars {
		p := r.Pillars[i]
		if p.ID != w.id || p.Name != w.name {
			t.Errorf("pillar %d is %s %q, want %s %q", i, p.ID, p.Name, w.id, w.name)
		}
		checkAllKeys(t, "pillar "+p.ID, p.Counts)
		if !maps.Equal(p.Counts, w.counts) {
			t.Errorf("pillar %s counts %v, want %v", p.ID, p.Counts, w.counts)
		}
		for j, q := range p.Questions {
			if q.Question.ID != w.qids[j] || q.PillarID != w.id || q.PillarName != w.name || q.Index != idx {
				t.Errorf("question %d of %s: %s in %s %q at %d, want %s at %d", j, w.id, q.Question.ID, q.PillarID, q.PillarName, q.Index, w.qids[j], idx)
			}
			idx++
		}
	}
	wantLens := counts(map[opslens.Risk]int{opslens.RiskHigh: 1, opslens.RiskMedium: 1, opslens.RiskNone: 1, opslens.RiskNotApplicable: 1})
	checkAllKeys(t, "lens", r.Counts)
	if !maps.Equal(r.Counts, wantLens) {
		t.Errorf("lens counts %v, want %v", r.Counts, wantLens)
	}

	b := mustEvaluate(t, "operational-excellence", builtinLens(t), sel("OPS01", "OPS01_no"), sel("OPS03", bpIDs("OPS03", 1, 2, 3, 4, 5, 6, 7)...))
	wantB := counts(map[opslens.Risk]int{opslens.RiskHigh: 1, opslens.RiskNone: 1, opslens.RiskUnanswered: 9})
	if !maps.Equal(b.Counts, wantB) {
		t.Errorf("built-in counts %v, want %v", b.Counts, wantB)
	}
	for _, tc := range []struct {
		name    string
		results []*LensResult
		want    RiskCounts
	}{
		{"no lenses", nil, newCounts()},
		{"one lens", []*LensResult{r}, wantLens},
		{"two lenses", []*LensResult{r, b}, counts(map[opslens.Risk]int{
			opslens.RiskHigh: 2, opslens.RiskMedium: 1, opslens.RiskNone: 2, opslens.RiskNotApplicable: 1, opslens.RiskUnanswered: 9,
		})},
	} {
		got := Counts(tc.results)
		checkAllKeys(t, "Counts "+tc.name, got)
		if !maps.Equal(got, tc.want) {
			t.Errorf("Counts(%s) = %v, want %v", tc.name, got, tc.want)
		}
	}
	// Counts must not alias the lens results' maps.
	sum := Counts([]*LensResult{r})
	sum[opslens.RiskHigh] = 99
	if r.Counts[opslens.RiskHigh] != 1 {
		t.Errorf("Counts shares its map with a lens result")
	}
}

func TestEvaluateEmptyResultHasAllKeys(t *testing.T) {
	r := mustEvaluate(t, "tl", testLens(t))
	checkAllKeys(t, "lens", r.Counts)
	for _, p := range r.Pillars {
		checkAllKeys(t, "pillar "+p.ID, p.Counts)
	}
	if r.Counts[opslens.RiskUnanswered] != 4 {
		t.Errorf("unanswered = %d, want 4", r.Counts[opslens.RiskUnanswered])
	}
}

func TestEvaluateUnvalidatedLens(t *testing.T) {
	l := &lens.Lens{Name: "broken", Pillars: []lens.Pillar{{ID: "ppp", Name: "P", Questions: []lens.Question{
		custom("QQ1", []lens.RiskRule{{Condition: "QQ1_a &&", Risk: lens.RuleNone}}, practice("QQ1_a", "")),
		custom("QQ2", []lens.RiskRule{{Condition: "QQ2_a", Risk: lens.RuleNone}}, practice("QQ2_a", ""), practice("QQ2_b", "")),
	}}}}
	for _, tc := range []struct {
		name   string
		answer opslens.Answer
		want   string
	}{
		{"bad condition", sel("QQ1", "QQ1_a"), "QQ1"},
		{"no rule applies", sel("QQ2", "QQ2_b"), "no risk rule applies"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Evaluate("broken", l, []opslens.Answer{tc.answer})
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "broken") {
				t.Errorf("err = %v, want one naming the lens and %q", err, tc.want)
			}
		})
	}
	// Unanswered questions never reach the rules.
	if _, err := Evaluate("broken", l, nil); err != nil {
		t.Errorf("unanswered: %v", err)
	}
}
