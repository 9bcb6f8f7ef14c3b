package review

import (
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/opslens/opslens"
)

func changeStrings(cs []QuestionChange) []string {
	var out []string
	for _, c := range cs {
		out = append(out, fmt.Sprintf("%s/%s:%s>%s", c.LensAlias, c.QuestionID, c.From, c.To))
	}
	return out
}

func practiceStrings(ps []PracticeChange) []string {
	var out []string
	for _, p := range ps {
		out = append(out, fmt.Sprintf("%s/%s/%s:%s", p.LensAlias, p.QuestionID, p.Choice.ID, p.Level))
	}
	return out
}

func TestCompare(t *testing.T) {
	tl, other := testLens(t), otherLens(t)
	type side struct {
		tl    []opslens.Answer
		other []opslens.Answer
		// withOther applies the other lens on this side.
		withOther bool
	}
	eval := func(t *testing.T, s side) []*LensResult {
		out := []*LensResult{mustEvaluate(t, "tl", tl, s.tl...)}
		if s.withOther {
			out = append(out, mustEvaluate(t, "other", other, s.other...))
		}
		return out
	}
	type want struct {
		resolved, introduced, other []string
		followed, dropped           []string
		highRemoved, highAdded      int
		mediumRemoved, mediumAdded  int
		added, removed              []string
		empty                       bool
	}
	tests := []struct {
		name     string
		from, to side
		want     want
	}{
		{
			name: "nothing on either side",
			want: want{empty: true},
		},
		{
			name: "same answers",
			from: side{tl: []opslens.Answer{sel("AQ1", "AQ1_h1")}},
			to:   side{tl: []opslens.Answer{sel("AQ1", "AQ1_h1")}},
			want: want{empty: true},
		},
		{
			name: "HIGH to NONE is resolved",
			from: side{tl: []opslens.Answer{sel("AQ1", "AQ1_l1")}},
			to:   side{tl: []opslens.Answer{sel("AQ1", "AQ1_h1", "AQ1_m1", "AQ1_l1")}},
			want: want{
				resolved:    []string{"tl/AQ1:HIGH>NONE"},
				followed:    []string{"tl/AQ1/AQ1_h1:HIGH", "tl/AQ1/AQ1_m1:MEDIUM"},
				highRemoved: 1,
			},
		},
		{
			name: "HIGH to MEDIUM is resolved",
			from: side{tl: []opslens.Answer{sel("BQ1", "BQ1_m")}},
			to:   side{tl: []opslens.Answer{sel("BQ1", "BQ1_h")}},
			want: want{
				resolved:    []string{"tl/BQ1:HIGH>MEDIUM"},
				followed:    []string{"tl/BQ1/BQ1_h:HIGH"},
				dropped:     []string{"tl/BQ1/BQ1_m:MEDIUM"},
				highRemoved: 1, mediumAdded: 1,
			},
		},
		{
			name: "NONE to HIGH is introduced",
			from: side{tl: []opslens.Answer{sel("AQ2", "AQ2_a")}},
			to:   side{tl: []opslens.Answer{sel("AQ2", "AQ2_no")}},
			want: want{
				introduced: []string{"tl/AQ2:NONE>HIGH"},
				dropped:    []string{"tl/AQ2/AQ2_a:"},
				highAdded:  1,
			},
		},
		{
			name: "MEDIUM to HIGH is introduced",
			from: side{tl: []opslens.Answer{sel("AQ1", "AQ1_h1")}},
			to:   side{tl: []opslens.Answer{sel("AQ1", "AQ1_m1")}},
			want: want{
				introduced:    []string{"tl/AQ1:MEDIUM>HIGH"},
				followed:      []string{"tl/AQ1/AQ1_m1:MEDIUM"},
				dropped:       []string{"tl/AQ1/AQ1_h1:HIGH"},
				mediumRemoved: 1, highAdded: 1,
			},
		},
		{
			name: "UNANSWERED to NONE is other",
			to:   side{tl: []opslens.Answer{sel("BQ2", "BQ2_m")}},
			want: want{
				other:    []string{"tl/BQ2:UNANSWERED>NONE"},
				followed: []string{"tl/BQ2/BQ2_m:MEDIUM"},
			},
		},
		{
			name: "UNANSWERED to NOT_APPLICABLE is other",
			to:   side{tl: []opslens.Answer{notApplicable(sel("BQ2", "BQ2_m"))}},
			want: want{other: []string{"tl/BQ2:UNANSWERED>NOT_APPLICABLE"}},
		},
		{
			name: "NONE to NOT_APPLICABLE is other and drops the selections",
			from: side{tl: []opslens.Answer{sel("BQ2", "BQ2_m")}},
			to:   side{tl: []opslens.Answer{notApplicable(sel("BQ2", "BQ2_m"))}},
			want: want{
				other:   []string{"tl/BQ2:NONE>NOT_APPLICABLE"},
				dropped: []string{"tl/BQ2/BQ2_m:MEDIUM"},
			},
		},
		{
			name: "HIGH to NOT_APPLICABLE is not a resolution",
			from: side{tl: []opslens.Answer{sel("AQ1", "AQ1_no")}},
			to:   side{tl: []opslens.Answer{notApplicable(sel("AQ1", "AQ1_no"))}},
			want: want{other: []string{"tl/AQ1:HIGH>NOT_APPLICABLE"}, highRemoved: 1},
		},
		{
			name: "marking a practice not applicable is not following it",
			from: side{tl: []opslens.Answer{sel("AQ1", "AQ1_h1")}},
			to:   side{tl: []opslens.Answer{withNA(sel("AQ1", "AQ1_h1"), "AQ1_m1")}},
			want: want{resolved: []string{"tl/AQ1:MEDIUM>NONE"}, mediumRemoved: 1},
		},
		{
			name: "replacing a selection with a not applicable mark drops it",
			from: side{tl: []opslens.Answer{sel("AQ1", "AQ1_h1", "AQ1_m1")}},
			to:   side{tl: []opslens.Answer{withNA(sel("AQ1", "AQ1_h1"), "AQ1_m1")}},
			want: want{dropped: []string{"tl/AQ1/AQ1_m1:MEDIUM"}},
		},
		{
			name: "practice changes without a risk change",
			from: side{tl: []opslens.Answer{sel("AQ1", "AQ1_h1", "AQ1_m1")}},
			to:   side{tl: []opslens.Answer{sel("AQ1", "AQ1_h1", "AQ1_m1", "AQ1_l1")}},
			want: want{followed: []string{"tl/AQ1/AQ1_l1:LOW"}},
		},
		{
			name: "none of these with stale selections follows nothing",
			from: side{tl: []opslens.Answer{sel("AQ1", "AQ1_h1", "AQ1_m1", "AQ1_l1")}},
			to:   side{tl: []opslens.Answer{sel("AQ1", "AQ1_h1", "AQ1_m1", "AQ1_l1", "AQ1_no")}},
			want: want{
				introduced: []string{"tl/AQ1:NONE>HIGH"},
				dropped:    []string{"tl/AQ1/AQ1_h1:HIGH", "tl/AQ1/AQ1_m1:MEDIUM", "tl/AQ1/AQ1_l1:LOW"},
				highAdded:  1,
			},
		},
		{
			name: "clearing none of these beside stale selections follows them",
			from: side{tl: []opslens.Answer{sel("AQ1", "AQ1_no", "AQ1_h1")}},
			to:   side{tl: []opslens.Answer{sel("AQ1", "AQ1_h1")}},
			want: want{
				resolved:    []string{"tl/AQ1:HIGH>MEDIUM"},
				followed:    []string{"tl/AQ1/AQ1_h1:HIGH"},
				highRemoved: 1, mediumAdded: 1,
			},
		},
		{
			name: "unanswering keeps nothing followed",
			from: side{tl: []opslens.Answer{sel("AQ1", "AQ1_h1", "AQ1_m1")}},
			to:   side{},
			want: want{
				other:   []string{"tl/AQ1:NONE>UNANSWERED"},
				dropped: []string{"tl/AQ1/AQ1_h1:HIGH", "tl/AQ1/AQ1_m1:MEDIUM"},
			},
		},
		{
			name: "several questions in lens order",
			from: side{tl: []opslens.Answer{sel("AQ1", "AQ1_l1"), sel("AQ2", "AQ2_a"), sel("BQ1", "BQ1_m")}},
			to: side{tl: []opslens.Answer{
				sel("AQ1", "AQ1_h1", "AQ1_m1", "AQ1_l1"), sel("AQ2", "AQ2_no"), sel("BQ1", "BQ1_h"), sel("BQ2", "BQ2_m"),
			}},
			want: want{
				resolved:   []string{"tl/AQ1:HIGH>NONE", "tl/BQ1:HIGH>MEDIUM"},
				introduced: []string{"tl/AQ2:NONE>HIGH"},
				other:      []string{"tl/BQ2:UNANSWERED>NONE"},
				followed: []string{
					"tl/AQ1/AQ1_h1:HIGH", "tl/AQ1/AQ1_m1:MEDIUM", "tl/BQ1/BQ1_h:HIGH", "tl/BQ2/BQ2_m:MEDIUM",
				},
				dropped:     []string{"tl/AQ2/AQ2_a:", "tl/BQ1/BQ1_m:MEDIUM"},
				highRemoved: 2, highAdded: 1, mediumAdded: 1,
			},
		},
		{
			name: "lens added",
			from: side{tl: []opslens.Answer{sel("AQ1", "AQ1_h1")}},
			to:   side{tl: []opslens.Answer{sel("AQ1", "AQ1_h1")}, withOther: true, other: []opslens.Answer{sel("GQ1", "GQ1_no")}},
			want: want{added: []string{"other"}},
		},
		{
			name: "lens removed",
			from: side{withOther: true, other: []opslens.Answer{sel("GQ1", "GQ1_h")}},
			to:   side{},
			want: want{removed: []string{"other"}},
		},
		{
			name: "changes in both lenses",
			from: side{withOther: true, other: []opslens.Answer{sel("GQ1", "GQ1_h")}},
			to:   side{tl: []opslens.Answer{sel("BQ1", "BQ1_h", "BQ1_m")}, withOther: true, other: []opslens.Answer{sel("GQ1", "GQ1_h", "GQ1_m")}},
			want: want{
				resolved:      []string{"other/GQ1:MEDIUM>NONE"},
				other:         []string{"tl/BQ1:UNANSWERED>NONE"},
				followed:      []string{"tl/BQ1/BQ1_h:HIGH", "tl/BQ1/BQ1_m:MEDIUM", "other/GQ1/GQ1_m:MEDIUM"},
				mediumRemoved: 1,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from, to := eval(t, tt.from), eval(t, tt.to)
			d := Compare(from, to)
			check := func(what string, got, want []string) {
				t.Helper()
				if !slices.Equal(got, want) {
					t.Errorf("%s\n got %q\nwant %q", what, got, want)
				}
			}
			check("resolved", changeStrings(d.Resolved), tt.want.resolved)
			check("introduced", changeStrings(d.Introduced), tt.want.introduced)
			check("other", changeStrings(d.Other), tt.want.other)
			check("followed", practiceStrings(d.Followed), tt.want.followed)
			check("dropped", practiceStrings(d.Dropped), tt.want.dropped)
			check("lenses added", d.LensesAdded, tt.want.added)
			check("lenses removed", d.LensesRemoved, tt.want.removed)
			if d.HighRemoved != tt.want.highRemoved || d.HighAdded != tt.want.highAdded ||
				d.MediumRemoved != tt.want.mediumRemoved || d.MediumAdded != tt.want.mediumAdded {
				t.Errorf("HIGH -%d +%d MEDIUM -%d +%d, want HIGH -%d +%d MEDIUM -%d +%d",
					d.HighRemoved, d.HighAdded, d.MediumRemoved, d.MediumAdded,
					tt.want.highRemoved, tt.want.highAdded, tt.want.mediumRemoved, tt.want.mediumAdded)
			}
			if d.Empty() != tt.want.empty {
				t.Errorf("Empty() = %v, want %v", d.Empty(), tt.want.empty)
			}
			if !maps.Equal(d.FromCounts, Counts(from)) || !maps.Equal(d.ToCounts, Counts(to)) {
				t.Errorf("counts %v -> %v, want %v -> %v", d.FromCounts, d.ToCounts, Counts(from), Counts(to))
			}
			checkAllKeys(t, "FromCounts", d.FromCounts)
			checkAllKeys(t, "ToCounts", d.ToCounts)
		})
	}
}

func TestQuestionChangeDirection(t *testing.T) {
	r := opslens.Risks
	for _, from := range r {
		for _, to := range r {
			c := QuestionChange{From: from, To: to}
			if c.Resolved() && c.Introduced() {
				t.Errorf("%s -> %s is both resolved and introduced", from, to)
			}
			if want := from.Severity() > to.Severity() && assessed(to); c.Resolved() != want {
				t.Errorf("%s -> %s: Resolved() = %v", from, to, c.Resolved())
			}
		}
	}
	for _, tc := range []struct {
		from, to             opslens.Risk
		resolved, introduced bool
	}{
		{opslens.RiskHigh, opslens.RiskNone, true, false},
		{opslens.RiskHigh, opslens.RiskMedium, true, false},
		{opslens.RiskMedium, opslens.RiskNone, true, false},
		{opslens.RiskNone, opslens.RiskHigh, false, true},
		{opslens.RiskUnanswered, opslens.RiskMedium, false, true},
		{opslens.RiskUnanswered, opslens.RiskNone, false, false},
		{opslens.RiskNone, opslens.RiskNotApplicable, false, false},
		{opslens.RiskHigh, opslens.RiskNotApplicable, false, false},
		{opslens.RiskHigh, opslens.RiskUnanswered, false, false},
	} {
		c := QuestionChange{From: tc.from, To: tc.to}
		if c.Resolved() != tc.resolved || c.Introduced() != tc.introduced {
			t.Errorf("%s -> %s: resolved %v introduced %v, want %v %v", tc.from, tc.to, c.Resolved(), c.Introduced(), tc.resolved, tc.introduced)
		}
	}
}
