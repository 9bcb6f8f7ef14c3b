package review

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/lens"
)

func ops01(t testing.TB) *lens.Question {
	t.Helper()
	ref, ok := builtinLens(t).Question("OPS01")
	if !ok {
		t.Fatal("built-in lens has no OPS01")
	}
	return ref.Question
}

func ptr(s string) *string { return &s }

// ca builds a choice answer.
func ca(id string, st opslens.ChoiceStatus, r opslens.Reason, notes string) opslens.ChoiceAnswer {
	return opslens.ChoiceAnswer{ChoiceID: id, Status: st, Reason: r, Notes: notes}
}

func selected(id string) opslens.ChoiceAnswer { return ca(id, opslens.ChoiceSelected, "", "") }

func cloneAnswer(a opslens.Answer) opslens.Answer {
	a.Choices = slices.Clone(a.Choices)
	return a
}

// sameAnswer compares answers treating nil and empty choice lists alike.
func sameAnswer(a, b opslens.Answer) bool {
	if len(a.Choices) == 0 && len(b.Choices) == 0 {
		a.Choices, b.Choices = nil, nil
	}
	return reflect.DeepEqual(a, b)
}

func TestApply(t *testing.T) {
	q := ops01(t)
	empty := opslens.Answer{QuestionID: "OPS01", IsApplicable: true}
	with := func(cs ...opslens.ChoiceAnswer) opslens.Answer {
		a := empty
		a.Choices = cs
		return a
	}
	full := opslens.Answer{
		QuestionID: "OPS01", IsApplicable: false, Reason: opslens.ReasonOther, Notes: "old notes",
		Choices: []opslens.ChoiceAnswer{
			selected("OPS01_BP01"),
			ca("OPS01_BP02", opslens.ChoiceUnselected, "", "noted"),
			ca("OPS01_BP05", opslens.ChoiceNotApplicable, opslens.ReasonOutOfScope, ""),
		},
	}
	long := func(n int) string { return strings.Repeat("x", n) }
	tests := []struct {
		name   string
		start  opslens.Answer
		change Change
		want   opslens.Answer
		code   string   // expected error code, or "" for success
		msg    []string // fragments of the error message
	}{
		{
			name:  "no change",
			start: empty,
			want:  empty,
		},
		{
			name:   "select one",
			start:  empty,
			change: Change{Select: []string{"OPS01_BP01"}},
			want:   with(selected("OPS01_BP01")),
		},
		{
			name:   "select several, stored in lens order",
			start:  empty,
			change: Change{Select: []string{"OPS01_BP07", "OPS01_BP03", "OPS01_BP01"}},
			want:   with(selected("OPS01_BP01"), selected("OPS01_BP03"), selected("OPS01_BP07")),
		},
		{
			name:   "select is idempotent",
			start:  with(selected("OPS01_BP01")),
			change: Change{Select: []string{"OPS01_BP01", "bp01"}},
			want:   with(selected("OPS01_BP01")),
		},
		{
			name:   "replace the selection keeps not-applicable marks",
			start:  with(selected("OPS01_BP01"), ca("OPS01_BP05", opslens.ChoiceNotApplicable, opslens.ReasonOutOfScope, ""), selected("OPS01_BP06")),
			change: Change{Select: []string{"OPS01_BP03", "OPS01_BP06"}, ReplaceSelection: true},
			want:   with(selected("OPS01_BP03"), ca("OPS01_BP05", opslens.ChoiceNotApplicable, opslens.ReasonOutOfScope, ""), selected("OPS01_BP06")),
		},
		{
			name:   "replace with nothing unselects all",
			start:  with(selected("OPS01_BP01"), selected("OPS01_BP03")),
			change: Change{ReplaceSelection: true},
			want:   empty,
		},
		{
			name:   "unselect",
			start:  with(selected("OPS01_BP01"), selected("OPS01_BP03")),
			change: Change{Unselect: []string{"OPS01_BP01"}},
			want:   with(selected("OPS01_BP03")),
		},
		{
			name:   "unselect the last selection",
			start:  with(selected("OPS01_BP03")),
			change: Change{Unselect: []string{"OPS01_BP03"}},
			want:   empty,
		},
		{
			name:   "unselect an unselected choice",
			start:  empty,
			change: Change{Unselect: []string{"OPS01_BP04"}},
			want:   empty,
		},
		{
			name:   "unselect keeps choice notes",
			start:  with(ca("OPS01_BP02", opslens.ChoiceSelected, "", "why")),
			change: Change{Unselect: []string{"OPS01_BP02"}},
			want:   with(ca("OPS01_BP02", opslens.ChoiceUnselected, "", "why")),
		},
		{
			name:   "select and unselect in one change",
			start:  with(selected("OPS01_BP01")),
			change: Change{Select: []string{"OPS01_BP02"}, Unselect: []string{"OPS01_BP01"}},
			want:   with(selected("OPS01_BP02")),
		},
		{
			name:   "selecting none clears other selections but keeps not applicable marks",
			start:  with(selected("OPS01_BP01"), selected("OPS01_BP03"), ca("OPS01_BP05", opslens.ChoiceNotApplicable, opslens.ReasonOther, "")),
			change: Change{Select: []string{"none"}},
			want:   with(ca("OPS01_BP05", opslens.ChoiceNotApplicable, opslens.ReasonOther, ""), selected("OPS01_no")),
		},
		{
			name:   "selecting none keeps notes of cleared choices",
			start:  with(ca("OPS01_BP01", opslens.ChoiceSelected, "", "keep me")),
			change: Change{Select: []string{"OPS01_no"}},
			want:   with(ca("OPS01_BP01", opslens.ChoiceUnselected, "", "keep me"), selected("OPS01_no")),
		},
		{
			name:   "selecting a practice clears none",
			start:  with(selected("OPS01_no")),
			change: Change{Select: []string{"OPS01_BP02"}},
			want:   with(selected("OPS01_BP02")),
		},
		{
			name:   "none then a practice in one change",
			start:  with(selected("OPS01_BP01")),
			change: Change{Select: []string{"none", "OPS01_BP02"}},
			want:   with(selected("OPS01_BP02")),
		},
		{
			name:   "a practice then none in one change",
			start:  with(selected("OPS01_BP01")),
			change: Change{Select: []string{"OPS01_BP02", "none"}},
			want:   with(selected("OPS01_no")),
		},
		{
			name:   "choice not applicable with a reason",
			start:  empty,
			change: Change{ChoiceNA: []string{"OPS01_BP06"}, ChoiceReason: opslens.ReasonOutOfScope},
			want:   with(ca("OPS01_BP06", opslens.ChoiceNotApplicable, opslens.ReasonOutOfScope, "")),
		},
		{
			name:   "choice not applicable without a reason defaults to NONE",
			start:  empty,
			change: Change{ChoiceNA: []string{"OPS01_BP06"}},
			want:   with(ca("OPS01_BP06", opslens.ChoiceNotApplicable, opslens.ReasonNone, "")),
		},
		{
			name:  "per-choice reasons override the common one",
			start: empty,
			change: Change{
				ChoiceNA:      []string{"OPS01_BP07", "bp06", "OPS01-BP05"},
				ChoiceReason:  opslens.ReasonBusinessPriorities,
				ChoiceReasons: map[string]opslens.Reason{"bp06": opslens.ReasonArchitectureConstraints, "OPS01-BP05": opslens.ReasonOther},
			},
			want: with(
				ca("OPS01_BP05", opslens.ChoiceNotApplicable, opslens.ReasonOther, ""),
				ca("OPS01_BP06", opslens.ChoiceNotApplicable, opslens.ReasonArchitectureConstraints, ""),
				ca("OPS01_BP07", opslens.ChoiceNotApplicable, opslens.ReasonBusinessPriorities, ""),
			),
		},
		{
			name:   "per-choice reason without a common one",
			start:  empty,
			change: Change{ChoiceNA: []string{"BP06", "BP07"}, ChoiceReasons: map[string]opslens.Reason{"BP07": opslens.ReasonOther}},
			want: with(
				ca("OPS01_BP06", opslens.ChoiceNotApplicable, opslens.ReasonNone, ""),
				ca("OPS01_BP07", opslens.ChoiceNotApplicable, opslens.ReasonOther, ""),
			),
		},
		{
			name:   "marking a selected choice not applicable",
			start:  with(selected("OPS01_BP01"), selected("OPS01_BP02")),
			change: Change{ChoiceNA: []string{"OPS01_BP02"}, ChoiceReason: opslens.ReasonOther},
			want:   with(selected("OPS01_BP01"), ca("OPS01_BP02", opslens.ChoiceNotApplicable, opslens.ReasonOther, "")),
		},
		{
			name:   "choice applies again",
			start:  with(selected("OPS01_BP01"), ca("OPS01_BP06", opslens.ChoiceNotApplicable, opslens.ReasonOther, "")),
			change: Change{ChoiceApplies: []string{"OPS01_BP06", "OPS01_BP01"}},
			want:   with(selected("OPS01_BP01")),
		},
		{
			name:   "choice applies keeps notes",
			start:  with(ca("OPS01_BP06", opslens.ChoiceNotApplicable, opslens.ReasonOther, "n")),
			change: Change{ChoiceApplies: []string{"bp06"}},
			want:   with(ca("OPS01_BP06", opslens.ChoiceUnselected, "", "n")),
		},
		{
			name:   "none cannot be not applicable",
			start:  empty,
			change: Change{ChoiceNA: []string{"none"}},
			code:   opslens.EINVALID,
			msg:    []string{"OPS01_no", "--question-na"},
		},
		{
			name:   "clear",
			start:  full,
			change: Change{Clear: true},
			want:   empty,
		},
		{
			name:   "clear then select",
			start:  full,
			change: Change{Clear: true, Select: []string{"OPS01_BP03"}},
			want:   with(selected("OPS01_BP03")),
		},
		{
			name:   "clear then mark the question not applicable",
			start:  full,
			change: Change{Clear: true, NotApplicable: true},
			want:   opslens.Answer{QuestionID: "OPS01", Reason: opslens.ReasonNone},
		},
		{
			name:   "question not applicable defaults to reason NONE and keeps choices",
			start:  with(selected("OPS01_BP01")),
			change: Change{NotApplicable: true},
			want:   opslens.Answer{QuestionID: "OPS01", Reason: opslens.ReasonNone, Choices: []opslens.ChoiceAnswer{selected("OPS01_BP01")}},
		},
		{
			name:   "question not applicable with a reason",
			start:  empty,
			change: Change{NotApplicable: true, Reason: opslens.ReasonBusinessPriorities},
			want:   opslens.Answer{QuestionID: "OPS01", Reason: opslens.ReasonBusinessPriorities},
		},
		{
			name:   "applicable undoes not applicable",
			start:  opslens.Answer{QuestionID: "OPS01", Reason: opslens.ReasonOther, Choices: []opslens.ChoiceAnswer{selected("OPS01_BP01")}},
			change: Change{Applicable: true},
			want:   with(selected("OPS01_BP01")),
		},
		{
			name:   "applicable and not applicable",
			start:  empty,
			change: Change{Applicable: true, NotApplicable: true},
			code:   opslens.EINVALID,
			msg:    []string{"both"},
		},
		{
			name:   "set notes",
			start:  with(selected("OPS01_BP01")),
			change: Change{Notes: ptr("we do this")},
			want:   opslens.Answer{QuestionID: "OPS01", IsApplicable: true, Notes: "we do this", Choices: []opslens.ChoiceAnswer{selected("OPS01_BP01")}},
		},
		{
			name:   "empty notes clear them",
			start:  opslens.Answer{QuestionID: "OPS01", IsApplicable: true, Notes: "old"},
			change: Change{Notes: ptr("")},
			want:   empty,
		},
		{
			name:   "nil notes keep them",
			start:  opslens.Answer{QuestionID: "OPS01", IsApplicable: true, Notes: "old"},
			change: Change{Select: []string{"BP01"}},
			want:   opslens.Answer{QuestionID: "OPS01", IsApplicable: true, Notes: "old", Choices: []opslens.ChoiceAnswer{selected("OPS01_BP01")}},
		},
		{
			name:   "question notes at the limit",
			start:  empty,
			change: Change{Notes: ptr(long(2084))},
			want:   opslens.Answer{QuestionID: "OPS01", IsApplicable: true, Notes: long(2084)},
		},
		{
			name:   "question notes over the limit",
			start:  full,
			change: Change{Clear: true, Select: []string{"BP03"}, Notes: ptr(long(2085))},
			code:   opslens.EINVALID,
			msg:    []string{"2085", "2084"},
		},
		{
			name:   "choice notes on an unselected choice",
			start:  empty,
			change: Change{ChoiceNotes: map[string]string{"bp04": "soon"}},
			want:   with(ca("OPS01_BP04", opslens.ChoiceUnselected, "", "soon")),
		},
		{
			name:   "choice notes keep the status",
			start:  with(selected("OPS01_BP01"), ca("OPS01_BP06", opslens.ChoiceNotApplicable, opslens.ReasonOther, "")),
			change: Change{ChoiceNotes: map[string]string{"OPS01_BP01": "a", "OPS01-BP06": "b"}},
			want:   with(ca("OPS01_BP01", opslens.ChoiceSelected, "", "a"), ca("OPS01_BP06", opslens.ChoiceNotApplicable, opslens.ReasonOther, "b")),
		},
		{
			name:   "empty choice notes on an unselected choice drop it",
			start:  with(ca("OPS01_BP04", opslens.ChoiceUnselected, "", "soon")),
			change: Change{ChoiceNotes: map[string]string{"OPS01_BP04": ""}},
			want:   empty,
		},
		{
			name:   "choice notes at the limit",
			start:  empty,
			change: Change{Select: []string{"BP02"}, ChoiceNotes: map[string]string{"BP02": long(250)}},
			want:   with(ca("OPS01_BP02", opslens.ChoiceSelected, "", long(250))),
		},
		{
			name:   "choice notes over the limit",
			start:  with(selected("OPS01_BP02")),
			change: Change{Unselect: []string{"BP02"}, ChoiceNotes: map[string]string{"BP02": long(251)}},
			code:   opslens.EINVALID,
			msg:    []string{"OPS01_BP02", "251", "250"},
		},
		{
			name:   "choice notes for an unknown choice",
			start:  empty,
			change: Change{ChoiceNotes: map[string]string{"OPS01_PB01": "x"}},
			code:   opslens.ENOTFOUND,
			msg:    []string{"did you mean OPS01_BP01?"},
		},
		{
			name:   "unknown choice to select",
			start:  with(selected("OPS01_BP01")),
			change: Change{Select: []string{"OPS01_BP02", "OPS01-BP0"}},
			code:   opslens.ENOTFOUND,
			msg:    []string{`"OPS01-BP0"`, "OPS01", "valid choices: OPS01_BP01"}, // seven IDs are one edit away: list them
		},
		{
			name:   "far-off choice lists the valid ones",
			start:  empty,
			change: Change{Select: []string{"monitoring"}},
			code:   opslens.ENOTFOUND,
			msg:    []string{"valid choices: OPS01_BP01, OPS01_BP02", "OPS01_no"},
		},
		{
			name:   "unknown choice to unselect",
			start:  empty,
			change: Change{Unselect: []string{"OPS01_BP08"}},
			code:   opslens.ENOTFOUND,
			msg:    []string{"valid choices: OPS01_BP01"},
		},
		{
			name:   "unknown choice not applicable",
			start:  empty,
			change: Change{ChoiceNA: []string{"OPS02_BP01"}},
			code:   opslens.ENOTFOUND,
			msg:    []string{"did you mean OPS01_BP01?"},
		},
		{
			name:   "unknown choice applies",
			start:  empty,
			change: Change{ChoiceApplies: []string{"xx"}},
			code:   opslens.ENOTFOUND,
		},
		{
			name:   "stale and uninformative stored entries are dropped",
			start:  with(selected("OPS01_BP99"), ca("OPS01_BP03", opslens.ChoiceUnselected, "", ""), selected("OPS01_BP02"), selected("OPS01_BP01")),
			change: Change{},
			want:   with(selected("OPS01_BP01"), selected("OPS01_BP02")),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := cloneAnswer(tt.start)
			got, err := apply(q, tt.start, tt.change)
			if !sameAnswer(tt.start, start) {
				t.Errorf("apply changed its input answer:\n got %+v\nwant %+v", tt.start, start)
			}
			if tt.code != "" {
				errCode(t, err, tt.code, tt.msg...)
				return
			}
			if err != nil {
				t.Fatalf("apply: %v", err)
			}
			if !sameAnswer(got, tt.want) {
				t.Errorf("answer\n got %+v\nwant %+v", got, tt.want)
			}
			// The result is canonical: lens order, no uninformative entries.
			prev := -1
			for _, c := range got.Choices {
				i := choiceIndex(q, c.ChoiceID)
				if i <= prev {
					t.Errorf("choices not in lens order: %+v", got.Choices)
				}
				prev = i
				if c.Status == opslens.ChoiceUnselected && c.Notes == "" {
					t.Errorf("uninformative entry %+v kept", c)
				}
			}
			// Applying nothing to a canonical answer is the identity.
			again, err := apply(q, got, Change{})
			if err != nil || !sameAnswer(again, got) {
				t.Errorf("re-applying an empty change: %+v, %v", again, err)
			}
		})
	}
}

// TestApplyDoesNotShareChoices checks that the result and the input do not
// share a backing array, so a caller keeping the old answer is safe.
func TestApplyDoesNotShareChoices(t *testing.T) {
	q := ops01(t)
	start := opslens.Answer{QuestionID: "OPS01", IsApplicable: true, Choices: make([]opslens.ChoiceAnswer, 2, 8)}
	start.Choices[0], start.Choices[1] = selected("OPS01_BP01"), selected("OPS01_BP02")
	keep := cloneAnswer(start)
	got, err := apply(q, start, Change{Unselect: []string{"BP01"}, Select: []string{"BP03"}})
	if err != nil {
		t.Fatal(err)
	}
	got.Choices[0].Notes = "mutated"
	if !sameAnswer(start, keep) {
		t.Errorf("input changed through the result: %+v", start.Choices)
	}
}

func TestApplyChoiceForms(t *testing.T) {
	q := ops01(t)
	for _, tc := range []struct {
		in, want string
	}{
		{"OPS01_BP01", "OPS01_BP01"},
		{"OPS01-BP01", "OPS01_BP01"},
		{"ops01-bp01", "OPS01_BP01"},
		{"bp01", "OPS01_BP01"},
		{"BP01", "OPS01_BP01"},
		{"Bp-07", ""},
		{"BP07", "OPS01_BP07"},
		{" BP02 ", "OPS01_BP02"},
		{"none", "OPS01_no"},
		{"NONE", "OPS01_no"},
		{"no", "OPS01_no"},
		{"OPS01_no", "OPS01_no"},
		{"BP1", "OPS01_BP01"},
		{"BP8", ""},
		{"OPS02_BP01", ""},
		{"", ""},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := apply(q, opslens.Answer{QuestionID: "OPS01", IsApplicable: true}, Change{Select: []string{tc.in}})
			if tc.want == "" {
				errCode(t, err, opslens.ENOTFOUND)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if ids := got.Selected(); !slices.Equal(ids, []string{tc.want}) {
				t.Errorf("selected %v, want [%s]", ids, tc.want)
			}
		})
	}
}
