// Package evidence reads a workload's repositories and reports, per best
// practice of the built-in Operational Excellence lens, the traces that show
// the practice is at least partly followed: pipeline files, infrastructure
// code, alert rules, dashboards, runbooks, ownership files and git history.
//
// The specification is the evidence-signals table (docs/evidence.md keeps our
// reading of it). Three rules shape the package:
//   - A finding always carries proof: a file with a line or key path, or a
//     git-history figure, and one sentence saying what it shows.
//   - Absence proves nothing: practices without a trace are reported as "no
//     evidence found", never as missing.
//   - Nothing from the scanned repository is executed, no network is used,
//     and no file outside the repository is opened (files are read through
//     os.Root, symlinks are not followed out).
//
// A detector is a small function over a Tree (the repository's file list and
// cached parsed contents). Each lives in its own detect_*.go file with its own
// fixtures and golden file under testdata/.
package evidence

import (
	"context"
	"strings"
)

// Confidence says how much a finding proves.
type Confidence string

const (
	// Strong: the file does the thing the practice asks for.
	Strong Confidence = "strong"
	// Partial: intent, or a part of the practice (an unfilled template, a
	// linter configuration that nothing runs).
	Partial Confidence = "partial"
)

// rank orders confidences so that merging keeps the stronger one.
func (c Confidence) rank() int {
	switch c {
	case Strong:
		return 2
	case Partial:
		return 1
	}
	return 0
}

// Proof is one piece of evidence: a place in the repository and one sentence
// saying what it shows. Path is slash-separated and relative to the
// repository root; Line is 1-based and 0 when the proof is a whole file or a
// history figure; KeyPath locates a value inside a structured file
// (spec.strategy.canary) when that says more than a line.
type Proof struct {
	// Repository is set when a scan covers several repositories.
	Repository string `json:"Repository,omitempty"`
	Path       string `json:"Path"`
	Line       int    `json:"Line,omitempty"`
	KeyPath    string `json:"KeyPath,omitempty"`
	Summary    string `json:"Summary"`
}

// Hit is what a detector reports: one proof for one practice.
type Hit struct {
	Practice   string // best-practice ID, e.g. OPS05-BP04
	Confidence Confidence
	Proof      Proof
}

// Detector looks for the traces of one practice or one kind of source.
// Run must only read the tree (it runs concurrently with other detectors),
// must not panic on any file content, and reports problems with files
// through t.Warn rather than failing.
type Detector struct {
	Name string
	Run  func(ctx context.Context, t *Tree) []Hit
}

// detectors is the registry; each detect_*.go file adds its detectors from
// an init function so that adding one touches a single file.
var detectors []Detector

func register(d ...Detector) { detectors = append(detectors, d...) }

// Detectors returns the registered detectors, for listing and tests.
func Detectors() []Detector { return append([]Detector(nil), detectors...) }

// questionOf returns OPS05 for OPS05-BP04.
func questionOf(practice string) string {
	q, _, _ := strings.Cut(practice, "-")
	return q
}

// choiceOf returns the built-in lens's choice ID, OPS05_BP04 for OPS05-BP04.
func choiceOf(practice string) string { return strings.ReplaceAll(practice, "-", "_") }
