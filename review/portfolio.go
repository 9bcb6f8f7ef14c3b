package review

import (
	"context"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/lens"
)

// PortfolioRow is one workload of the portfolio dashboard with its risk
// counts over every lens it applies (unanswered questions included).
type PortfolioRow struct {
	Workload *opslens.Workload
	Role     opslens.Role
	Counts   RiskCounts
}

// Portfolio lists the workloads the filter selects with their risk counts.
// Counts come from the risks stored with answers (one grouped query for
// all workloads), so a portfolio of thousands of workloads is not
// evaluated answer by answer. A workload with answers saved before risks
// were stored is evaluated in full instead.
func (s *Service) Portfolio(ctx context.Context, f opslens.SummaryFilter) ([]PortfolioRow, error) {
	sums, err := s.store.WorkloadSummaries(ctx, f)
	if err != nil {
		return nil, err
	}
	catalog, err := s.lensCatalog(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]PortfolioRow, 0, len(sums))
	for _, sum := range sums {
		row := PortfolioRow{Workload: sum.Workload, Role: sum.Role, Counts: newCounts()}
		if sum.Stale {
			res, err := s.Evaluate(ctx, sum.Workload)
			if err != nil {
				return nil, err
			}
			row.Counts = Counts(res)
			out = append(out, row)
			continue
		}
		for _, alias := range sum.Workload.Lenses {
			l := catalog[alias]
			if l == nil {
				continue // a lens deleted behind the workload's back: nothing to count
			}
			rows := 0
			for r, n := range sum.Risks[alias] {
				row.Counts[r] += n
				rows += n
			}
			row.Counts[opslens.RiskUnanswered] += len(l.Questions()) - rows
		}
		out = append(out, row)
	}
	return out, nil
}

// PortfolioData is what the portfolio report is made of: the workloads
// in scope with their risk counts, every stored answer, the latest
// milestones, and the lenses to tell missing practices from chosen ones.
type PortfolioData struct {
	Rows       []PortfolioRow
	Answers    []opslens.PortfolioAnswer
	Milestones []opslens.MilestoneMark
	Lenses     map[string]*lens.Lens
}

// PortfolioData reads the portfolio report's data: a few queries whatever the
// number of workloads.
func (s *Service) PortfolioData(ctx context.Context, f opslens.SummaryFilter) (*PortfolioData, error) {
	rows, err := s.Portfolio(ctx, f)
	if err != nil {
		return nil, err
	}
	answers, err := s.store.PortfolioAnswers(ctx)
	if err != nil {
		return nil, err
	}
	marks, err := s.store.LatestMilestones(ctx)
	if err != nil {
		return nil, err
	}
	catalog, err := s.lensCatalog(ctx)
	if err != nil {
		return nil, err
	}
	return &PortfolioData{Rows: rows, Answers: answers, Milestones: marks, Lenses: catalog}, nil
}
