// Package reviewfile is the review-as-code format: an opslens.yaml file kept
// in a workload's repository that records the workload's facts and, per
// question, the practices the team follows, what does not apply and why,
// and the risks it accepts, with who accepted them and until when.
//
// The format is versioned (version: 1) and strict: unknown keys, duplicate
// keys and bad values are errors that name their line. docs/review-file.md
// documents it. The package parses and writes the file, turns it into
// answers of the built-in lens (Answers, FromReview) and checks it against a
// scan (Check).
package reviewfile

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"

	"go.yaml.in/yaml/v4"

	"github.com/opslens/opslens"
)

// Version is the format version this opslens reads and writes.
const Version = 1

// DefaultPath is where init writes the file and check looks for it.
const DefaultPath = "opslens.yaml"

// maxSize bounds the file read: a review of 11 questions is a few KB.
const maxSize = 1 << 20

// File is a parsed review file.
type File struct {
	Version   int       `yaml:"version"`
	Workload  Workload  `yaml:"workload"`
	Lens      string    `yaml:"lens,omitempty"`
	Questions Questions `yaml:"questions,omitempty"`
}

// Workload holds the workload's facts, with the CLI's field names.
type Workload struct {
	Name                string            `yaml:"name"`
	Description         string            `yaml:"description,omitempty"`
	Environment         string            `yaml:"environment,omitempty"`
	Owner               string            `yaml:"owner,omitempty"`
	ReviewOwner         string            `yaml:"review-owner,omitempty"`
	Locations           []string          `yaml:"locations,omitempty"`
	ArchitecturalDesign string            `yaml:"architectural-design,omitempty"`
	Industry            string            `yaml:"industry,omitempty"`
	IndustryType        string            `yaml:"industry-type,omitempty"`
	Tags                map[string]string `yaml:"tags,omitempty"`
	Notes               string            `yaml:"notes,omitempty"`
	PillarPriorities    []string          `yaml:"pillar-priorities,omitempty"`
}

// Question is the answer to one question. Practice references may be
// written as BP04, OPS05-BP04 or OPS05_BP04.
type Question struct {
	ID            string      `yaml:"-"`
	Line          int         `yaml:"-"`
	Selected      []Ref       `yaml:"selected,omitempty"`
	None          bool        `yaml:"none,omitempty"`
	NotApplicable *Acceptance `yaml:"not-applicable,omitempty"`
	Practices     Practices   `yaml:"practices,omitempty"`
	Notes         string      `yaml:"notes,omitempty"`
	AcceptedRisk  *Acceptance `yaml:"accepted-risk,omitempty"`
}

// Practice holds what the file says about one practice besides selection.
type Practice struct {
	Ref           Ref         `yaml:"-"`
	NotApplicable *Acceptance `yaml:"not-applicable,omitempty"`
	Notes         string      `yaml:"notes,omitempty"`
}

// Acceptance is a decision someone owns: a not-applicable mark (Reason is
// one of the AWS reasons) or an accepted risk (Reason is not used). By and
// Until are optional; an Until in the past makes the decision expired.
type Acceptance struct {
	Reason opslens.Reason `yaml:"reason,omitempty"`
	By     string         `yaml:"by,omitempty"`
	Until  Date           `yaml:"until,omitempty"`
	Note   string         `yaml:"note,omitempty"`
	Line   int            `yaml:"-"`
}

// Expired reports whether the decision's Until date has passed at now.
func (a *Acceptance) Expired(now time.Time) bool {
	return a != nil && !a.Until.IsZero() && now.After(a.Until.AddDate(0, 0, 1))
}

// Ref is a practice reference with the line it was written on.
type Ref struct {
	Value string
	Line  int
}

// UnmarshalYAML accepts a scalar and keeps its line.
func (r *Ref) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode || strings.TrimSpace(n.Value) == "" {
		return lineErr(n, "a practice must be written as an ID such as BP04")
	}
	r.Value, r.Line = strings.TrimSpace(n.Value), n.Line
	return nil
}

// MarshalYAML writes the reference as a plain scalar.
func (r Ref) MarshalYAML() (any, error) { return r.Value, nil }

// Date is a calendar day, written YYYY-MM-DD.
type Date struct{ time.Time }

// UnmarshalYAML accepts YYYY-MM-DD only: a date that could be read two
// ways must not silently decide when an acceptance expires.
func (d *Date) UnmarshalYAML(n *yaml.Node) error {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(n.Value))
	if n.Kind != yaml.ScalarNode || err != nil {
		return lineErr(n, fmt.Sprintf("date %q must be written as YYYY-MM-DD", n.Value))
	}
	d.Time = t
	return nil
}

// MarshalYAML writes the date as YYYY-MM-DD.
func (d Date) MarshalYAML() (any, error) { return d.Format(time.DateOnly), nil }

// IsZero lets omitempty drop unset dates.
func (d Date) IsZero() bool { return d.Time.IsZero() }

// UnmarshalYAML decodes the mapping strictly and keeps its line.
func (a *Acceptance) UnmarshalYAML(n *yaml.Node) error {
	type plain Acceptance
	var p plain
	if err := n.Load(&p, yaml.WithKnownFields()); err != nil {
		return err
	}
	*a = Acceptance(p)
	a.Line = n.Line
	if a.Reason != "" {
		r, err := opslens.ParseReason(string(a.Reason))
		if err != nil {
			return lineErr(n, err.Error())
		}
		a.Reason = r
	}
	return nil
}

// Questions keeps questions in file order.
type Questions []Question

// UnmarshalYAML reads the questions mapping in order, keeping lines.
func (qs *Questions) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return lineErr(n, "questions must be a mapping from question IDs (OPS01…) to answers")
	}
	var errs []error
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		q := Question{ID: strings.TrimSpace(k.Value), Line: k.Line}
		type plain Question
		var p plain
		if err := v.Load(&p, yaml.WithKnownFields()); err != nil {
			errs = append(errs, err)
			continue
		}
		p.ID, p.Line = q.ID, q.Line
		*qs = append(*qs, Question(p))
	}
	return errors.Join(errs...)
}

// MarshalYAML writes the questions as a mapping in their order.
func (qs Questions) MarshalYAML() (any, error) {
	m := &yaml.Node{Kind: yaml.MappingNode}
	for _, q := range qs {
		var v yaml.Node
		type plain Question
		if err := v.Encode(plain(q)); err != nil {
			return nil, err
		}
		m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: q.ID}, &v)
	}
	return m, nil
}

// Practices keeps practice entries in file order.
type Practices []Practice

// UnmarshalYAML reads the practices mapping in order, keeping lines.
func (ps *Practices) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return lineErr(n, "practices must be a mapping from practice IDs (BP01…) to details")
	}
	var errs []error
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		type plain Practice
		var p plain
		if err := v.Load(&p, yaml.WithKnownFields()); err != nil {
			errs = append(errs, err)
			continue
		}
		p.Ref = Ref{Value: strings.TrimSpace(k.Value), Line: k.Line}
		*ps = append(*ps, Practice(p))
	}
	return errors.Join(errs...)
}

// MarshalYAML writes the practices as a mapping in their order.
func (ps Practices) MarshalYAML() (any, error) {
	m := &yaml.Node{Kind: yaml.MappingNode}
	for _, p := range ps {
		var v yaml.Node
		type plain Practice
		if err := v.Encode(plain(p)); err != nil {
			return nil, err
		}
		m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: p.Ref.Value}, &v)
	}
	return m, nil
}

func lineErr(n *yaml.Node, msg string) error {
	return fmt.Errorf("line %d: %s", n.Line, msg)
}

// Parse reads a review file. name is used in messages. Every problem the
// YAML decoder finds is reported, each with its line.
func Parse(name string, data []byte) (*File, error) {
	if len(data) > maxSize {
		return nil, opslens.Errorf(opslens.EINVALID, "%s: %d bytes is larger than the %d-byte limit for a review file", name, len(data), maxSize)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, opslens.Errorf(opslens.EINVALID, "%s is empty; create one with 'opslens init'", name)
	}
	var doc yaml.Node
	if err := yaml.Load(data, &doc, yaml.WithUniqueKeys()); err != nil {
		return nil, opslens.Errorf(opslens.EINVALID, "%s: %s", name, strings.Join(flatten(err), "\n  "))
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind != yaml.MappingNode {
		return nil, opslens.Errorf(opslens.EINVALID, "%s: line %d: a review file is a mapping with version, workload and questions", name, root.Line)
	}
	if probs := checkKeys(root, fileSchema, ""); len(probs) > 0 {
		return nil, opslens.Errorf(opslens.EINVALID, "%s: %s", name, strings.Join(probs, "\n  "))
	}
	var f File
	if err := root.Load(&f, yaml.WithKnownFields()); err != nil {
		return nil, opslens.Errorf(opslens.EINVALID, "%s: %s", name, strings.Join(flatten(err), "\n  "))
	}
	if err := f.validate(); err != nil {
		return nil, opslens.Errorf(opslens.EINVALID, "%s: %s", name, err)
	}
	return &f, nil
}

// validate checks what the schema cannot: the version, the required name,
// and that a question does not say two contradicting things.
func (f *File) validate() error {
	var probs []string
	switch {
	case f.Version == 0:
		probs = append(probs, fmt.Sprintf("version is missing: add 'version: %d' at the top", Version))
	case f.Version > Version:
		probs = append(probs, fmt.Sprintf("version %d is newer than this opslens understands (%d): upgrade opslens", f.Version, Version))
	case f.Version < 0:
		probs = append(probs, fmt.Sprintf("version %d is not a format version", f.Version))
	}
	if strings.TrimSpace(f.Workload.Name) == "" {
		probs = append(probs, "workload.name is required")
	}
	seen := map[string]int{}
	for _, q := range f.Questions {
		if prev, ok := seen[strings.ToUpper(q.ID)]; ok {
			probs = append(probs, fmt.Sprintf("line %d: question %s is already answered on line %d", q.Line, q.ID, prev))
		}
		seen[strings.ToUpper(q.ID)] = q.Line
		if q.None && len(q.Selected) > 0 {
			probs = append(probs, fmt.Sprintf("line %d: question %s selects practices and 'none' at once", q.Line, q.ID))
		}
		if q.NotApplicable != nil && (len(q.Selected) > 0 || q.None) {
			probs = append(probs, fmt.Sprintf("line %d: question %s is marked not applicable but also answered", q.Line, q.ID))
		}
		if q.AcceptedRisk != nil && q.AcceptedRisk.Reason != "" {
			probs = append(probs, fmt.Sprintf("line %d: accepted-risk takes by, until and note, not reason", q.AcceptedRisk.Line))
		}
	}
	if len(probs) > 0 {
		return errors.New(strings.Join(probs, "\n  "))
	}
	return nil
}
