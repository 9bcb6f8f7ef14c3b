package review

import (
	"sort"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/lens"
)

// PlanItem is one missing practice in an improvement plan.
type PlanItem struct {
	LensAlias    string
	PillarID     string
	PillarName   string
	QuestionID   string
	Question     string
	QuestionRisk opslens.Risk
	Choice       *lens.Choice
	// Level is the practice's risk level when missing. For lenses without
	// opslens levels it is inferred from the question's risk (see Plan).
	Level lens.Level
}

// Plan lists every missing practice of the answered questions, ordered HIGH
// before MEDIUM before LOW, then by the workload's pillar priorities, then
// by lens order and question order.
//
// A custom lens from the AWS tool has no practice levels; its missing
// practices take the level of their question's risk (a question at NONE
// risk yields LOW items), which is the best guess the lens allows.
func Plan(results []*LensResult, pillarPriorities []string) []PlanItem {
	prio := map[string]int{}
	for i, p := range pillarPriorities {
		if _, dup := prio[p]; !dup {
			prio[p] = i
		}
	}
	type keyed struct {
		item                   PlanItem
		level, pillar, lensIdx int
		question, choicePosIdx int
	}
	var items []keyed
	for li, r := range results {
		for _, q := range r.Questions() {
			for _, ch := range q.Missing {
				lvl := ch.Level()
				if lvl == "" {
					lvl = levelFromRisk(q.Risk)
				}
				pp, ok := prio[q.PillarID]
				if !ok {
					pp = len(prio)
				}
				items = append(items, keyed{
					item: PlanItem{
						LensAlias: r.Alias, PillarID: q.PillarID, PillarName: q.PillarName,
						QuestionID: q.Question.ID, Question: q.Question.Title, QuestionRisk: q.Risk,
						Choice: ch, Level: lvl,
					},
					level: lvl.Rank(), pillar: pp, lensIdx: li, question: q.Index, choicePosIdx: choiceIndex(q.Question, ch.ID),
				})
			}
		}
	}
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		switch {
		case a.level != b.level:
			return a.level < b.level
		case a.pillar != b.pillar:
			return a.pillar < b.pillar
		case a.lensIdx != b.lensIdx:
			return a.lensIdx < b.lensIdx
		case a.question != b.question:
			return a.question < b.question
		}
		return a.choicePosIdx < b.choicePosIdx
	})
	out := make([]PlanItem, len(items))
	for i, k := range items {
		out[i] = k.item
	}
	return out
}

func levelFromRisk(r opslens.Risk) lens.Level {
	switch r {
	case opslens.RiskHigh:
		return lens.LevelHigh
	case opslens.RiskMedium:
		return lens.LevelMedium
	}
	return lens.LevelLow
}

func choiceIndex(q *lens.Question, id string) int {
	for i := range q.Choices {
		if q.Choices[i].ID == id {
			return i
		}
	}
	return len(q.Choices)
}
