package review

import (
	"testing"

	"github.com/opslens/opslens"
)

// builtinAnswers answers all 11 built-in questions with a mix of selected,
// not applicable and missing practices, and one "None of these".
func builtinAnswers(b *testing.B) []opslens.Answer {
	l := builtinLens(b)
	var out []opslens.Answer
	for i, ref := range l.Questions() {
		q := ref.Question
		a := opslens.Answer{QuestionID: q.ID, IsApplicable: true}
		if i == 10 {
			a.Choices = []opslens.ChoiceAnswer{{ChoiceID: q.NoneChoice().ID, Status: opslens.ChoiceSelected}}
			out = append(out, a)
			continue
		}
		for j, c := range q.Choices {
			if c.IsNone() {
				continue
			}
			switch (i + j) % 3 {
			case 0, 1:
				a.Choices = append(a.Choices, opslens.ChoiceAnswer{ChoiceID: c.ID, Status: opslens.ChoiceSelected})
			case 2:
				if j%2 == 0 {
					a.Choices = append(a.Choices, opslens.ChoiceAnswer{ChoiceID: c.ID, Status: opslens.ChoiceNotApplicable, Reason: opslens.ReasonOther})
				}
			}
		}
		out = append(out, a)
	}
	return out
}

func BenchmarkEvaluateBuiltin(b *testing.B) {
	l := builtinLens(b)
	answers := builtinAnswers(b)
	r := mustEvaluate(b, "operational-excellence", l, answers...)
	if r.Counts[opslens.RiskUnanswered] != 0 {
		b.Fatalf("%d questions unanswered", r.Counts[opslens.RiskUnanswered])
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Evaluate("operational-excellence", l, answers); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPlanBuiltin(b *testing.B) {
	r := mustEvaluate(b, "operational-excellence", builtinLens(b), builtinAnswers(b)...)
	results := []*LensResult{r}
	if len(Plan(results, nil)) == 0 {
		b.Fatal("empty plan")
	}
	prio := []string{"operationalExcellence"}
	b.ReportAllocs()
	for b.Loop() {
		Plan(results, prio)
	}
}
