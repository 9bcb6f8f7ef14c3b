package review

import (
	"github.com/opslens/opslens"
	"github.com/opslens/opslens/lens"
)

// QuestionChange is a question whose risk differs between two states.
type QuestionChange struct {
	LensAlias  string
	PillarID   string
	QuestionID string
	Title      string
	From, To   opslens.Risk
}

// Resolved reports whether an answered question's risk went down. Clearing
// an answer or marking the question not applicable is not a resolution: it
// removes the risk from view without fixing anything.
func (c QuestionChange) Resolved() bool {
	return assessed(c.To) && c.From.Severity() > c.To.Severity()
}

// Introduced reports whether the risk went up, including a first answer
// that reveals a risk: either way the workload now carries a risk it was
// not known to carry before.
func (c QuestionChange) Introduced() bool { return c.To.Severity() > c.From.Severity() }

// assessed reports whether a risk is the outcome of evaluating answers.
func assessed(r opslens.Risk) bool {
	return r == opslens.RiskHigh || r == opslens.RiskMedium || r == opslens.RiskNone
}

// PracticeChange is a practice that became followed or stopped being followed.
type PracticeChange struct {
	LensAlias  string
	QuestionID string
	Choice     *lens.Choice
	Level      lens.Level
}

// Diff is what changed between two evaluations of the same workload.
type Diff struct {
	FromCounts, ToCounts RiskCounts
	// Resolved holds questions whose evaluated risk went down; Introduced
	// those whose risk went up. Other lists every other change of state, such
	// as UNANSWERED to NONE or HIGH to NOT_APPLICABLE.
	Resolved, Introduced, Other []QuestionChange
	Followed, Dropped           []PracticeChange
	// HighRemoved counts questions that were HIGH and no longer are;
	// HighAdded counts the reverse. Likewise for MEDIUM.
	HighRemoved, HighAdded     int
	MediumRemoved, MediumAdded int
	// LensesAdded and LensesRemoved list lens reviews present on one side only.
	LensesAdded, LensesRemoved []string
}

// Compare returns the changes from one evaluation to another. Lens reviews
// are matched by alias and questions by ID, so answers under a lens applied
// on one side only are reported as a lens added or removed.
func Compare(from, to []*LensResult) *Diff {
	d := &Diff{FromCounts: Counts(from), ToCounts: Counts(to)}
	fromBy := map[string]*LensResult{}
	for _, r := range from {
		fromBy[r.Alias] = r
	}
	seen := map[string]bool{}
	for _, t := range to {
		f, ok := fromBy[t.Alias]
		if !ok {
			d.LensesAdded = append(d.LensesAdded, t.Alias)
			continue
		}
		seen[t.Alias] = true
		d.compareLens(f, t)
	}
	for _, f := range from {
		if !seen[f.Alias] {
			d.LensesRemoved = append(d.LensesRemoved, f.Alias)
		}
	}
	return d
}

func (d *Diff) compareLens(f, t *LensResult) {
	fq := map[string]QuestionResult{}
	for _, q := range f.Questions() {
		fq[q.Question.ID] = q
	}
	for _, tq := range t.Questions() {
		was, ok := fq[tq.Question.ID]
		if !ok {
			continue
		}
		if was.Risk != tq.Risk {
			c := QuestionChange{LensAlias: t.Alias, PillarID: tq.PillarID, QuestionID: tq.Question.ID, Title: tq.Question.Title, From: was.Risk, To: tq.Risk}
			switch {
			case c.Resolved():
				d.Resolved = append(d.Resolved, c)
			case c.Introduced():
				d.Introduced = append(d.Introduced, c)
			default:
				d.Other = append(d.Other, c)
			}
			tally(&d.HighRemoved, &d.HighAdded, was.Risk, tq.Risk, opslens.RiskHigh)
			tally(&d.MediumRemoved, &d.MediumAdded, was.Risk, tq.Risk, opslens.RiskMedium)
		}
		before, after := followedSet(was), followedSet(tq)
		for i := range tq.Question.Choices {
			ch := &tq.Question.Choices[i]
			if ch.IsNone() || before[ch.ID] == after[ch.ID] {
				continue
			}
			pc := PracticeChange{LensAlias: t.Alias, QuestionID: tq.Question.ID, Choice: ch, Level: ch.Level()}
			if after[ch.ID] {
				d.Followed = append(d.Followed, pc)
			} else {
				d.Dropped = append(d.Dropped, pc)
			}
		}
	}
}

func tally(removed, added *int, from, to, risk opslens.Risk) {
	if from == risk {
		*removed++
	}
	if to == risk {
		*added++
	}
}

// followedSet returns the practices a team follows in an answered question:
// the selected ones. Practices marked not applicable are not "followed", so
// marking one does not show up as progress. As in Evaluate, a selected
// "None of these" means nothing is followed, whatever else is selected.
func followedSet(q QuestionResult) map[string]bool {
	set := map[string]bool{}
	if !q.Answered || q.Risk == opslens.RiskNotApplicable {
		return set
	}
	for _, c := range q.Answer.Choices {
		if c.Status == opslens.ChoiceSelected {
			if ch := q.Question.Choice(c.ChoiceID); ch != nil && ch.IsNone() {
				return map[string]bool{}
			}
			set[c.ChoiceID] = true
		}
	}
	return set
}

// Empty reports whether nothing changed.
func (d *Diff) Empty() bool {
	return len(d.Resolved)+len(d.Introduced)+len(d.Other)+len(d.Followed)+len(d.Dropped)+
		len(d.LensesAdded)+len(d.LensesRemoved) == 0
}
