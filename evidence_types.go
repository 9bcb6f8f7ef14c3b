package opslens

import (
	"strings"
	"time"
)

// EvidenceSet is what one scan of one repository found for a workload's
// lens review, kept with its provenance (which repository, which commit,
// which opslens, when) so a reviewer can judge how current a proof is. A
// new scan of the same repository replaces its set; a milestone keeps the
// sets it was taken with.
type EvidenceSet struct {
	Repository  string             `json:"Repository"`
	Commit      string             `json:"Commit,omitempty"`
	ToolVersion string             `json:"ToolVersion"`
	ScannedAt   time.Time          `json:"ScannedAt"`
	Findings    []PracticeEvidence `json:"Findings"`
}

// PracticeEvidence is the evidence for one practice (one choice of a
// question).
type PracticeEvidence struct {
	QuestionID string          `json:"QuestionId"`
	ChoiceID   string          `json:"ChoiceId"`
	Confidence string          `json:"Confidence"` // "strong" or "partial"
	Proofs     []EvidenceProof `json:"Evidence"`
}

// EvidenceProof is one place in a repository and what it shows.
type EvidenceProof struct {
	Path    string `json:"Path"`
	Line    int    `json:"Line,omitempty"`
	KeyPath string `json:"KeyPath,omitempty"`
	Summary string `json:"Summary"`
}

// Evidence confidences.
const (
	ConfidenceStrong  = "strong"
	ConfidencePartial = "partial"
)

// Validate checks what a store relies on: every finding names its question
// and choice, says how strong it is and carries at least one proof.
func (s *EvidenceSet) Validate() error {
	if strings.TrimSpace(s.Repository) == "" {
		return Errorf(EINVALID, "evidence without a repository")
	}
	seen := map[string]bool{}
	for i, f := range s.Findings {
		where := func(what string) error {
			return Errorf(EINVALID, "evidence from %s, finding %d (%s): %s", s.Repository, i+1, f.ChoiceID, what)
		}
		switch {
		case f.QuestionID == "" || f.ChoiceID == "":
			return where("question and choice IDs are required")
		case seen[f.QuestionID+"/"+f.ChoiceID]:
			return where("the choice appears twice")
		case f.Confidence != ConfidenceStrong && f.Confidence != ConfidencePartial:
			return where("confidence must be strong or partial, not " + f.Confidence)
		case len(f.Proofs) == 0:
			return where("a finding needs at least one proof")
		}
		seen[f.QuestionID+"/"+f.ChoiceID] = true
		for _, p := range f.Proofs {
			if p.Summary == "" || p.Line < 0 {
				return where("every proof needs a summary and a line that is not negative")
			}
		}
	}
	return nil
}
