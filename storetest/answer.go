package storetest

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/opslens/opslens"
)

var answerTests = []test{
	{"RoundTrip", testAnswerRoundTrip},
	{"Replace", testAnswerReplace},
	{"BatchAtomic", testAnswerBatchAtomic},
	{"PerLensReview", testAnswerPerLensReview},
	{"NotFound", testAnswerNotFound},
}

func answerSelected(question string, choices ...string) opslens.Answer {
	a := opslens.Answer{QuestionID: question, IsApplicable: true}
	for _, c := range choices {
		a.Choices = append(a.Choices, opslens.ChoiceAnswer{ChoiceID: c, Status: opslens.ChoiceSelected})
	}
	return a
}

// putAnswers overwrites answers whatever they were, as a test setup step:
// it bases each answer on the stored version so the write is never stale.
func putAnswers(t *testing.T, s opslens.Store, id int64, alias string, answers ...opslens.Answer) {
	t.Helper()
	stored := map[string]int64{}
	for _, a := range answersOf(t, s, id, alias) {
		stored[a.QuestionID] = a.Version
	}
	answers = slices.Clone(answers)
	for i := range answers {
		answers[i].Version = stored[answers[i].QuestionID]
	}
	must(t, s.PutAnswers(t.Context(), id, alias, answers), fmt.Sprintf("put answers of workload %d lens %s", id, alias))
}

// answersOf returns a lens review's answers sorted by question, since stores
// may return them in any order.
func answersOf(t *testing.T, s opslens.Store, id int64, alias string) []opslens.Answer {
	t.Helper()
	got, err := s.Answers(t.Context(), id, alias)
	must(t, err, fmt.Sprintf("get answers of workload %d lens %s", id, alias))
	slices.SortFunc(got, func(a, b opslens.Answer) int { return strings.Compare(a.QuestionID, b.QuestionID) })
	return got
}

// normAnswers returns comparable copies: UpdatedAt and Version are checked
// separately and cleared, and no choices compares equal whether nil or empty.
func normAnswers(as []opslens.Answer) []opslens.Answer {
	out := make([]opslens.Answer, len(as))
	for i, a := range as {
		a.UpdatedAt, a.Version = time.Time{}, 0
		if len(a.Choices) == 0 {
			a.Choices = nil
		}
		out[i] = a
	}
	slices.SortFunc(out, func(a, b opslens.Answer) int { return strings.Compare(a.QuestionID, b.QuestionID) })
	return out
}

func checkAnswers(t *testing.T, what string, got, want []opslens.Answer) {
	t.Helper()
	if g, w := normAnswers(got), normAnswers(want); !reflect.DeepEqual(g, w) {
		t.Errorf("%s:\n got %+v\nwant %+v", what, g, w)
	}
}

// answerCases cover every field of an answer and of a choice answer.
var answerCases = []struct {
	name   string
	answer opslens.Answer
}{
	{"selected choices keep their order", opslens.Answer{
		QuestionID: "ops-priorities", IsApplicable: true, Notes: "reviewed with the team",
		Choices: []opslens.ChoiceAnswer{
			{ChoiceID: "c3", Status: opslens.ChoiceSelected},
			{ChoiceID: "c1", Status: opslens.ChoiceSelected, Notes: "since 2023", Source: opslens.SourceEvidence},
		},
	}},
	{"choice not applicable with reason", opslens.Answer{
		QuestionID: "ops-model", IsApplicable: true,
		Choices: []opslens.ChoiceAnswer{
			{ChoiceID: "a", Status: opslens.ChoiceSelected},
			{ChoiceID: "b", Status: opslens.ChoiceNotApplicable, Reason: opslens.ReasonBusinessPriorities, Notes: "no budget",
				Acceptance: &opslens.Acceptance{By: "alice", Until: "2027-06-30", Note: "revisit after the migration"}},
			{ChoiceID: "c", Status: opslens.ChoiceNotApplicable, Reason: opslens.ReasonOther},
		},
	}},
	{"unselected choice with notes", opslens.Answer{
		QuestionID: "ops-culture", IsApplicable: true,
		Choices: []opslens.ChoiceAnswer{{ChoiceID: "x", Status: opslens.ChoiceUnselected, Notes: "planned for Q3"}},
	}},
	{"question not applicable", opslens.Answer{
		QuestionID: "ops-evolve", IsApplicable: false, Reason: opslens.ReasonOutOfScope, Notes: "handled by the vendor",
		Acceptance: &opslens.Acceptance{By: "bob"},
	}},
	{"accepted risk", opslens.Answer{
		QuestionID: "ops-ready", IsApplicable: true, Choices: []opslens.ChoiceAnswer{{ChoiceID: "r1", Status: opslens.ChoiceSelected}},
		AcceptedRisk: &opslens.Acceptance{By: "carol", Until: "2026-12-31"},
	}},
	{"applicable without choices", opslens.Answer{QuestionID: "ops-health", IsApplicable: true, Notes: "open question"}},
}

func testAnswerRoundTrip(t *testing.T, s opslens.Store) {
	w := createWorkload(t, s, "answers", builtinLens)
	if got := answersOf(t, s, w.ID, builtinLens); len(got) != 0 {
		t.Fatalf("new workload has answers %+v", got)
	}
	var all []opslens.Answer
	for _, c := range answerCases {
		t.Run(c.name, func(t *testing.T) {
			before := time.Now()
			putAnswers(t, s, w.ID, builtinLens, c.answer)
			after := time.Now()
			got := answersOf(t, s, w.ID, builtinLens)
			i := slices.IndexFunc(got, func(a opslens.Answer) bool { return a.QuestionID == c.answer.QuestionID })
			if i < 0 {
				t.Fatalf("answer to %s not stored; got %+v", c.answer.QuestionID, got)
			}
			checkStamp(t, "answer UpdatedAt", got[i].UpdatedAt, before, after)
			checkAnswers(t, "stored answer", got[i:i+1], []opslens.Answer{c.answer})
		})
		all = append(all, c.answer)
	}
	checkAnswers(t, "all answers", answersOf(t, s, w.ID, builtinLens), all)
}

func testAnswerReplace(t *testing.T, s opslens.Store) {
	w := createWorkload(t, s, "replace", builtinLens)
	putAnswers(t, s, w.ID, builtinLens,
		opslens.Answer{QuestionID: "q1", IsApplicable: true, Notes: "first", Choices: []opslens.ChoiceAnswer{
			{ChoiceID: "a", Status: opslens.ChoiceSelected},
			{ChoiceID: "b", Status: opslens.ChoiceNotApplicable, Reason: opslens.ReasonOther},
		}},
		answerSelected("q2", "a"))
	// A replacement must not keep any choice of the answer it replaces.
	second := opslens.Answer{QuestionID: "q1", IsApplicable: true, Notes: "second",
		Choices: []opslens.ChoiceAnswer{{ChoiceID: "c", Status: opslens.ChoiceSelected}}}
	putAnswers(t, s, w.ID, builtinLens, second)
	checkAnswers(t, "after replacing q1", answersOf(t, s, w.ID, builtinLens),
		[]opslens.Answer{second, answerSelected("q2", "a")})

	third := opslens.Answer{QuestionID: "q1", IsApplicable: false, Reason: opslens.ReasonArchitectureConstraints}
	putAnswers(t, s, w.ID, builtinLens, third)
	checkAnswers(t, "after marking q1 not applicable", answersOf(t, s, w.ID, builtinLens),
		[]opslens.Answer{third, answerSelected("q2", "a")})
}

func testAnswerBatchAtomic(t *testing.T, s opslens.Store) {
	ctx := t.Context()
	w := createWorkload(t, s, "batch", builtinLens)
	batch := []opslens.Answer{answerSelected("q1", "a"), answerSelected("q2", "b", "c"), answerSelected("q3")}
	putAnswers(t, s, w.ID, builtinLens, batch...)
	checkAnswers(t, "after batch", answersOf(t, s, w.ID, builtinLens), batch)

	bad := []struct {
		name    string
		answers []opslens.Answer
	}{
		{"empty question ID last", []opslens.Answer{answerSelected("q1", "z"), answerSelected("q4", "a"), {IsApplicable: true}}},
		{"duplicate choice", []opslens.Answer{answerSelected("q1", "z"), answerSelected("q4", "a", "a")}},
	}
	for _, b := range bad {
		t.Run(b.name, func(t *testing.T) {
			wantCode(t, s.PutAnswers(ctx, w.ID, builtinLens, b.answers), opslens.EINVALID, "put invalid batch")
			checkAnswers(t, "after refused batch", answersOf(t, s, w.ID, builtinLens), batch)
		})
	}
}

func testAnswerPerLensReview(t *testing.T, s opslens.Store) {
	a := createWorkload(t, s, "workload-a", builtinLens, "custom")
	b := createWorkload(t, s, "workload-b", builtinLens)
	aBuiltin := []opslens.Answer{answerSelected("q1", "a")}
	aCustom := []opslens.Answer{answerSelected("q1", "b"), answerSelected("c1", "x")}
	bBuiltin := []opslens.Answer{answerSelected("q1", "c")}
	putAnswers(t, s, a.ID, builtinLens, aBuiltin...)
	putAnswers(t, s, a.ID, "custom", aCustom...)
	putAnswers(t, s, b.ID, builtinLens, bBuiltin...)
	checkAnswers(t, "workload a, built-in lens", answersOf(t, s, a.ID, builtinLens), aBuiltin)
	checkAnswers(t, "workload a, custom lens", answersOf(t, s, a.ID, "custom"), aCustom)
	checkAnswers(t, "workload b, built-in lens", answersOf(t, s, b.ID, builtinLens), bBuiltin)
}

func testAnswerNotFound(t *testing.T, s opslens.Store) {
	ctx := t.Context()
	w := createWorkload(t, s, "known", builtinLens)
	unknown := w.ID + 1000
	wantCode(t, s.PutAnswers(ctx, unknown, builtinLens, []opslens.Answer{answerSelected("q1", "a")}),
		opslens.ENOTFOUND, "put answers for an unknown workload")
	_, err := s.Answers(ctx, unknown, builtinLens)
	wantCode(t, err, opslens.ENOTFOUND, "get answers of an unknown workload")
	// Nothing leaked into the known workload either.
	if got := answersOf(t, s, w.ID, builtinLens); len(got) != 0 {
		t.Errorf("known workload has answers %+v", got)
	}
}
