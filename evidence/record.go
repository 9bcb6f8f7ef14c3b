package evidence

import (
	"github.com/opslens/opslens"
)

// Sets turns a report into the evidence sets a workload's review stores:
// one per scanned repository, with that repository's findings and its
// provenance (commit, opslens version, scan time). A repository with no
// findings still gets a set, which records that it was scanned.
func (r *Report) Sets() []opslens.EvidenceSet {
	multi := len(r.Repositories) > 1
	out := make([]opslens.EvidenceSet, len(r.Repositories))
	index := map[string]int{}
	for i, repo := range r.Repositories {
		out[i] = opslens.EvidenceSet{Repository: repo.Path, Commit: repo.Commit, ToolVersion: r.Version, ScannedAt: r.ScannedAt,
			Findings: []opslens.PracticeEvidence{}}
		index[repo.Path] = i
	}
	for _, f := range r.Findings {
		// Proofs name their repository only when the scan covered several.
		byRepo := map[int][]opslens.EvidenceProof{}
		var order []int
		for _, p := range f.Evidence {
			i := 0
			if multi {
				var ok bool
				if i, ok = index[p.Repository]; !ok {
					continue
				}
			}
			if _, seen := byRepo[i]; !seen {
				order = append(order, i)
			}
			byRepo[i] = append(byRepo[i], opslens.EvidenceProof{Path: p.Path, Line: p.Line, KeyPath: p.KeyPath, Summary: p.Summary})
		}
		for _, i := range order {
			if len(out) == 0 {
				break
			}
			out[i].Findings = append(out[i].Findings, opslens.PracticeEvidence{
				QuestionID: f.QuestionID, ChoiceID: f.ChoiceID, Confidence: string(f.Confidence), Proofs: byRepo[i]})
		}
	}
	return out
}
