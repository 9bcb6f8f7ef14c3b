package main

import (
	"context"
	"fmt"

	"github.com/opslens/opslens/evidence"
	"github.com/opslens/opslens/review"
)

// scanRecord is what 'opslens scan --workload' reports in JSON.
type scanRecord struct {
	WorkloadName string
	LensAlias    string
	Repositories []string
	Preselected  []review.Preselection
}

// recordScan stores a scan's evidence on a workload's review of the
// built-in lens (replacing each repository's earlier evidence) and, with
// apply, pre-selects practices with strong evidence.
func (a *app) recordScan(ctx context.Context, name string, apply bool, rep *evidence.Report) (*scanRecord, error) {
	svc, w, err := a.workload(ctx, name)
	if err != nil {
		return nil, err
	}
	sets := rep.Sets()
	if err := svc.RecordEvidence(ctx, w, "", sets); err != nil {
		return nil, err
	}
	rec := &scanRecord{WorkloadName: w.Name, LensAlias: review.DefaultLens, Preselected: []review.Preselection{}}
	for _, s := range sets {
		rec.Repositories = append(rec.Repositories, s.Repository)
	}
	if apply {
		pre, err := svc.ApplyEvidence(ctx, w, "", sets)
		if err != nil {
			return nil, err
		}
		rec.Preselected = append(rec.Preselected, pre...)
	}
	return rec, nil
}

// printRecord tells the user what was stored and selected, and how to
// confirm it.
func (a *app) printRecord(rec *scanRecord, apply bool) {
	fmt.Fprintf(a.err, "Recorded the evidence of %s on workload %s.\n", scanPlural(len(rec.Repositories), "repository", "repositories"), rec.WorkloadName)
	if !apply {
		fmt.Fprintf(a.err, "Pass --apply to pre-select practices with strong evidence; 'opslens status %s' shows the evidence.\n", rec.WorkloadName)
		return
	}
	if len(rec.Preselected) == 0 {
		fmt.Fprintln(a.err, "No practice was pre-selected: those with strong evidence are selected already, or a person decided otherwise.")
		return
	}
	fmt.Fprintf(a.err, "Pre-selected %d practice(s) from strong evidence; confirm or reject them with 'opslens review %s':\n", len(rec.Preselected), rec.WorkloadName)
	for _, p := range rec.Preselected {
		fmt.Fprintf(a.err, "  %s %s\n", p.QuestionID, p.ChoiceID)
	}
}
