package storetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/opslens/opslens"
)

// Benchmark measures the store operations a busy server repeats most, the
// same way for every backend, so their costs compare in one table
// (docs/benchmarks.md): changing one answer (read, change and save it in
// one transaction, as UpdateAnswer does for the web app and the API), and
// reading a workload as every request on it does.
func Benchmark(b *testing.B, open func(b *testing.B) opslens.Store) {
	b.Run("UpdateAnswer", func(b *testing.B) {
		s, w := benchStore(b, open)
		ctx := context.Background()
		questions := []string{"q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8"}
		for i := 0; b.Loop(); i++ {
			q := questions[i%len(questions)]
			_, err := s.UpdateAnswer(ctx, w.ID, builtinLens, q, func(a *opslens.Answer) error {
				a.Choices = []opslens.ChoiceAnswer{{ChoiceID: fmt.Sprintf("c%d", i%5), Status: opslens.ChoiceSelected},
					{ChoiceID: "c9", Status: opslens.ChoiceSelected}}
				a.Risk = opslens.RiskMedium
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("WorkloadByID", func(b *testing.B) {
		s, w := benchStore(b, open)
		ctx := context.Background()
		for b.Loop() {
			if _, err := s.WorkloadByID(ctx, w.ID); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// benchStore opens a store with one workload, closed when b ends.
func benchStore(b *testing.B, open func(b *testing.B) opslens.Store) (opslens.Store, *opslens.Workload) {
	s := open(b)
	b.Cleanup(func() { s.Close() })
	w := sampleWorkload("bench", builtinLens)
	if err := s.CreateWorkload(context.Background(), w); err != nil {
		b.Fatal(err)
	}
	return s, w
}
