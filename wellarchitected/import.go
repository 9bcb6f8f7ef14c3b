package wellarchitected

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/lens"
)

// ImportReport says what an import carried over and what it could not.
type ImportReport struct {
	Questions    int      // questions answered in opslens
	OtherPillars int      // answers of other pillars, left out
	Unmatched    []string // questions or choices with no counterpart, one line each
}

// Facts returns the opslens workload facts of an AWS workload.
func Facts(w Workload) opslens.Workload {
	env := opslens.Environment(strings.ToUpper(w.Environment))
	if env != opslens.EnvPreproduction {
		env = opslens.EnvProduction
	}
	tags := map[string]string{}
	for k, v := range w.Tags {
		tags[k] = v
	}
	return opslens.Workload{
		Name: w.WorkloadName, Description: w.Description, Environment: env, Owner: w.Owner, ReviewOwner: w.ReviewOwner,
		Locations: append(slices.Clone(w.AwsRegions), w.NonAwsRegions...), ArchitecturalDesign: w.ArchitecturalDesign,
		Industry: w.Industry, IndustryType: w.IndustryType, Tags: tags, Notes: w.Notes, PillarPriorities: w.PillarPriorities,
	}
}

// Answers maps the AWS answers of the lens's pillar to answers of l. A
// question or choice matches by ID (the AWS review used this lens as a
// custom lens) or else by its title (the AWS tool's own lens, whose IDs
// differ but whose titles are the framework's); what matches neither is
// reported, never guessed.
func Answers(l *lens.Lens, pages []ListAnswersOutput) ([]opslens.Answer, ImportReport, error) {
	var rep ImportReport
	var out []opslens.Answer
	seen := map[string]bool{}
	for _, page := range pages {
		for _, s := range page.AnswerSummaries {
			ref, ok := matchQuestion(l, s)
			if !ok {
				if s.PillarID != "" && !hasPillar(l, s.PillarID) {
					rep.OtherPillars++
				} else {
					rep.Unmatched = append(rep.Unmatched, fmt.Sprintf("question %s %q: no question of lens %s has this ID or title", s.QuestionID, s.QuestionTitle, l.Name))
				}
				continue
			}
			q := ref.Question
			if seen[q.ID] {
				return nil, rep, opslens.Errorf(opslens.EINVALID, "question %s (%s) is answered twice in the files", q.ID, s.QuestionID)
			}
			seen[q.ID] = true
			a, unmatched := answer(q, s)
			rep.Unmatched = append(rep.Unmatched, unmatched...)
			if a == nil {
				continue // never answered in the AWS tool
			}
			out = append(out, *a)
			rep.Questions++
		}
	}
	return out, rep, nil
}

func hasPillar(l *lens.Lens, id string) bool {
	return slices.ContainsFunc(l.Pillars, func(p lens.Pillar) bool { return p.ID == id })
}

var nonWord = regexp.MustCompile(`[^a-z0-9]+`)

// normal compares titles without case, punctuation or spacing.
func normal(s string) string {
	return strings.Trim(nonWord.ReplaceAllString(strings.ToLower(s), " "), " ")
}

func matchQuestion(l *lens.Lens, s AnswerSummary) (lens.QuestionRef, bool) {
	if ref, ok := l.Question(s.QuestionID); ok {
		return ref, true
	}
	for _, ref := range l.Questions() {
		if s.QuestionTitle != "" && normal(ref.Question.Title) == normal(s.QuestionTitle) {
			return ref, true
		}
	}
	return lens.QuestionRef{}, false
}

// answer converts one AWS answer; nil when the AWS tool holds no answer.
func answer(q *lens.Question, s AnswerSummary) (*opslens.Answer, []string) {
	applicable := s.IsApplicable == nil || *s.IsApplicable
	statuses := map[string]ChoiceAnswerSummary{}
	for _, c := range s.ChoiceAnswerSummaries {
		statuses[c.ChoiceID] = c
	}
	for _, id := range s.SelectedChoices {
		if _, ok := statuses[id]; !ok {
			statuses[id] = ChoiceAnswerSummary{ChoiceID: id, Status: string(opslens.ChoiceSelected)}
		}
	}
	if applicable && len(statuses) == 0 && s.Risk == "UNANSWERED" {
		return nil, nil
	}
	a := &opslens.Answer{QuestionID: q.ID, IsApplicable: applicable}
	if !applicable {
		a.Reason = opslens.Reason(s.Reason)
		if !slices.Contains(opslens.Reasons, a.Reason) {
			a.Reason = opslens.ReasonNone
		}
	}
	var unmatched []string
	titles := map[string]string{}
	for _, c := range s.Choices {
		titles[c.ChoiceID] = c.Title
	}
	ids := make([]string, 0, len(statuses))
	for id := range statuses {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		c := statuses[id]
		status := opslens.ChoiceStatus(c.Status)
		if status == opslens.ChoiceUnselected || status == "" {
			continue
		}
		mine := matchChoice(q, id, titles[id])
		if mine == nil {
			unmatched = append(unmatched, fmt.Sprintf("%s choice %s %q: no choice of %s has this ID or title", s.QuestionID, id, titles[id], q.ID))
			continue
		}
		ca := opslens.ChoiceAnswer{ChoiceID: mine.ID, Status: status}
		if status == opslens.ChoiceNotApplicable && slices.Contains(opslens.Reasons, opslens.Reason(c.Reason)) {
			ca.Reason = opslens.Reason(c.Reason)
		}
		a.Choices = append(a.Choices, ca)
	}
	// In the lens's order, as opslens stores answers it makes itself.
	slices.SortFunc(a.Choices, func(x, y opslens.ChoiceAnswer) int { return choiceIndex(q, x.ChoiceID) - choiceIndex(q, y.ChoiceID) })
	return a, unmatched
}

func choiceIndex(q *lens.Question, id string) int {
	return slices.IndexFunc(q.Choices, func(c lens.Choice) bool { return c.ID == id })
}

func matchChoice(q *lens.Question, id, title string) *lens.Choice {
	if c := q.Choice(id); c != nil {
		return c
	}
	for i := range q.Choices {
		if title != "" && normal(q.Choices[i].Title) == normal(title) {
			return &q.Choices[i]
		}
	}
	return nil
}
