package review

import (
	"slices"
	"strings"

	"github.com/opslens/opslens"
)

// profileWeights say which questions (or single practices) matter more
// for a workload of a given context, and by how much. Reading across:
// a workload that changes daily lives or dies by its delivery practices;
// a mission-critical one by readiness, observability and event response;
// a regulated one by its compliance and governance practices; several
// teams need clear ownership and culture; paging out of hours calls for
// event management and learning from incidents.
var profileWeights = map[string]map[string][]weight{
	"change":      {"daily": {{"OPS05", 2}, {"OPS06", 2}}, "weekly": {{"OPS05", 1}, {"OPS06", 1}}},
	"criticality": {"mission-critical": {{"OPS07", 2}, {"OPS08", 2}, {"OPS09", 2}, {"OPS10", 2}}, "business-critical": {{"OPS08", 1}, {"OPS10", 1}}},
	"regulated":   {"yes": {{"OPS01-BP03", 3}, {"OPS01-BP04", 3}}},
	"teams":       {"several": {{"OPS02", 1}, {"OPS03", 1}}},
	"on-call":     {"yes": {{"OPS10", 1}, {"OPS11", 1}}},
}

// weight applies to a question ID (OPS05) or a best-practice ID
// (OPS01-BP03).
type weight struct {
	target string
	points int
}

// ProfileBoost is how much a missing practice matters to a workload of
// this profile beyond its level: the sum of the weights its answers give
// the practice's question and the practice itself.
func ProfileBoost(p opslens.Profile, questionID, bestPractice string) int {
	n := 0
	for key, answer := range p {
		for _, w := range profileWeights[key][answer] {
			if w.target == questionID || (strings.Contains(w.target, "-BP") && w.target == bestPractice) {
				n += w.points
			}
		}
	}
	return n
}

// PlanFor is the workload's improvement plan: Plan's order, except that
// within a level the practices its profile makes more important come
// first.
func PlanFor(results []*LensResult, w *opslens.Workload) []PlanItem {
	items := Plan(results, w.PillarPriorities)
	if len(w.Profile) == 0 {
		return items
	}
	boost := func(it PlanItem) int {
		bp := it.Choice.ID
		if it.Choice.Ext != nil {
			bp = it.Choice.Ext.BestPractice
		}
		return ProfileBoost(w.Profile, it.QuestionID, bp)
	}
	slices.SortStableFunc(items, func(a, b PlanItem) int {
		if a.Level.Rank() != b.Level.Rank() {
			return a.Level.Rank() - b.Level.Rank() // HIGH first, as in Plan
		}
		return boost(b) - boost(a)
	})
	return items
}
