package lens

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/opslens/opslens"
)

// DeriveRiskRules builds the risk rules of a question from the levels of its
// choices: HIGH when any HIGH-level practice is missing, otherwise MEDIUM when
// any MEDIUM-level practice is missing, otherwise NONE. LOW-level practices
// never raise the risk. The rules are ordered so that the first one whose
// condition holds gives the answer, with "default" last as AWS requires.
func DeriveRiskRules(choices []Choice) []RiskRule {
	var high, medium []string
	for _, c := range choices {
		switch c.Level() {
		case LevelHigh:
			high = append(high, c.ID)
		case LevelMedium:
			medium = append(medium, c.ID)
		}
	}
	all := append(append([]string(nil), high...), medium...)
	switch {
	case len(high) > 0 && len(medium) > 0:
		return []RiskRule{
			{Condition: strings.Join(all, " && "), Risk: RuleNone},
			{Condition: strings.Join(high, " && "), Risk: RuleMedium},
			{Condition: "default", Risk: RuleHigh},
		}
	case len(high) > 0:
		return []RiskRule{
			{Condition: strings.Join(high, " && "), Risk: RuleNone},
			{Condition: "default", Risk: RuleHigh},
		}
	case len(medium) > 0:
		return []RiskRule{
			{Condition: strings.Join(medium, " && "), Risk: RuleNone},
			{Condition: "default", Risk: RuleMedium},
		}
	}
	return []RiskRule{{Condition: "default", Risk: RuleNone}}
}

// Evaluate returns the risk of the first rule whose condition holds, given
// which choices count as followed. It fails only on a lens that was never
// validated.
func (q *Question) Evaluate(followed func(choiceID string) bool) (opslens.Risk, error) {
	for i, r := range q.RiskRules {
		cond, err := compiled(r.Condition)
		if err != nil {
			return "", fmt.Errorf("question %s, risk rule %d: %w", q.ID, i, err)
		}
		if cond.Eval(followed) {
			return RuleRisk(r.Risk), nil
		}
	}
	return "", fmt.Errorf("question %s: no risk rule applies and there is no default rule", q.ID)
}

// conditions caches parsed conditions by their text. Evaluating a review
// runs every rule of every question, and parsing dominated that cost (see
// docs/benchmarks.md). Conditions are immutable once parsed, so sharing them
// across lenses and goroutines is safe. The cache stops growing at
// maxCachedConditions entries so that a long-running process fed many
// distinct lenses cannot grow it without bound.
var (
	conditions      sync.Map // string -> *Condition
	conditionsCount atomic.Int64
)

const maxCachedConditions = 1 << 14

func compiled(src string) (*Condition, error) {
	if c, ok := conditions.Load(src); ok {
		return c.(*Condition), nil
	}
	c, err := ParseCondition(src)
	if err != nil {
		return nil, err
	}
	if conditionsCount.Load() < maxCachedConditions {
		if _, loaded := conditions.LoadOrStore(src, c); !loaded {
			conditionsCount.Add(1)
		}
	}
	return c, nil
}
