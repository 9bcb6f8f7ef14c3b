package report

import (
	"github.com/opslens/opslens"
	"github.com/opslens/opslens/lens"
	"github.com/opslens/opslens/review"
)

// PracticeEvidence is what scans found for one practice.
type PracticeEvidence struct {
	ChoiceID    string          `json:"ChoiceId"`
	ChoiceTitle string          `json:"ChoiceTitle"`
	Confidence  string          `json:"Confidence"`
	Proofs      []EvidenceProof `json:"Evidence"`
}

// EvidenceProof is one proof: where, and what it shows.
type EvidenceProof struct {
	Repository string `json:"Repository,omitempty"`
	Location   string `json:"Location"` // path:line, or path [key path]
	Summary    string `json:"Summary"`
}

// maxReportProofs keeps reports readable: the first proofs make the case,
// 'opslens scan' lists them all.
const maxReportProofs = 3

func practiceEvidence(c *lens.Choice, ev review.ChoiceEvidence) PracticeEvidence {
	pe := PracticeEvidence{ChoiceID: c.ID, ChoiceTitle: c.Title, Confidence: ev.Confidence}
	for _, p := range ev.Proofs[:min(len(ev.Proofs), maxReportProofs)] {
		pe.Proofs = append(pe.Proofs, EvidenceProof{Repository: p.Repository, Location: p.Location(), Summary: p.Summary})
	}
	return pe
}

// HasEvidence reports whether any question carries scan evidence.
func (r *Report) HasEvidence() bool {
	for _, l := range r.LensReviews {
		for _, a := range l.Answers {
			if len(a.Evidence) > 0 {
				return true
			}
		}
	}
	return false
}

// FromEvidence reports whether a choice was selected from scan evidence
// and awaits a person's confirmation.
func (a Answer) FromEvidence(choiceID string) bool {
	for _, c := range a.ChoiceAnswers {
		if c.ChoiceID == choiceID {
			return c.Status == opslens.ChoiceSelected && c.Source == opslens.SourceEvidence
		}
	}
	return false
}
