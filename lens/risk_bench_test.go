package lens_test

import (
	"testing"

	"github.com/opslens/opslens/lens"
	"github.com/opslens/opslens/lens/builtin"
)

// BenchmarkEvaluateRules evaluates every question of the built-in lens with
// half of its practices followed. "parse-each-call" is the baseline: what
// Question.Evaluate cost before parsed conditions were cached.
func BenchmarkEvaluateRules(b *testing.B) {
	l, err := builtin.OperationalExcellence()
	if err != nil {
		b.Fatal(err)
	}
	refs := l.Questions()
	followed := func(id string) bool { return len(id)%2 == 0 }
	b.Run("parse-each-call", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, r := range refs {
				for _, rule := range r.Question.RiskRules {
					c, err := lens.ParseCondition(rule.Condition)
					if err != nil {
						b.Fatal(err)
					}
					if c.Eval(followed) {
						break
					}
				}
			}
		}
	})
	b.Run("cached", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, r := range refs {
				if _, err := r.Question.Evaluate(followed); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
