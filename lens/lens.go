// Package lens reads, validates and writes lenses in the AWS Well-Architected
// custom lens JSON format (schemaVersion 2021-11-01), and evaluates their risk
// rules.
//
// opslens adds a few fields of its own (best-practice level, area, guidance).
// They live under an "opslens" key on the lens, question and choice objects so
// that the AWS field names stay untouched; Export with FormatAWS drops them for
// importers that reject unknown keys.
package lens

import (
	"strings"

	"github.com/opslens/opslens"
)

// SchemaVersion is the only custom lens schema AWS has published.
const SchemaVersion = "2021-11-01"

// Lens is a custom lens document.
type Lens struct {
	SchemaVersion string   `json:"schemaVersion"`
	Name          string   `json:"name"`
	Description   string   `json:"description,omitempty"`
	Pillars       []Pillar `json:"pillars"`
	Ext           *LensExt `json:"opslens,omitempty"`
}

// LensExt carries opslens metadata about the lens itself.
type LensExt struct {
	Alias   string `json:"alias,omitempty"`
	Version string `json:"version,omitempty"`
}

// Pillar groups questions.
type Pillar struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	Questions []Question `json:"questions"`
}

// Question is one review question with its choices and risk rules.
type Question struct {
	ID              string       `json:"id"`
	Title           string       `json:"title"`
	Description     string       `json:"description,omitempty"`
	HelpfulResource *Resource    `json:"helpfulResource,omitempty"`
	Choices         []Choice     `json:"choices"`
	RiskRules       []RiskRule   `json:"riskRules"`
	Ext             *QuestionExt `json:"opslens,omitempty"`
}

// QuestionExt carries the area of the Operational Excellence pillar
// (Organization, Prepare, Operate, Evolve) a question belongs to.
type QuestionExt struct {
	Area string `json:"area,omitempty"`
}

// Choice is an answer option; for opslens lenses, a best practice.
type Choice struct {
	ID                  string               `json:"id"`
	Title               string               `json:"title"`
	HelpfulResource     *Resource            `json:"helpfulResource,omitempty"`
	ImprovementPlan     *Resource            `json:"improvementPlan,omitempty"`
	AdditionalResources []AdditionalResource `json:"additionalResources,omitempty"`
	Ext                 *ChoiceExt           `json:"opslens,omitempty"`
}

// Resource is a display text with an optional link.
type Resource struct {
	DisplayText string `json:"displayText"`
	URL         string `json:"url,omitempty"`
}

// AdditionalResource is a list of extra links of one type
// (HELPFUL_RESOURCE or IMPROVEMENT_PLAN).
type AdditionalResource struct {
	Type    string     `json:"type"`
	Content []Resource `json:"content"`
}

// ChoiceExt carries the opslens best-practice metadata of a choice.
type ChoiceExt struct {
	BestPractice string    `json:"bestPractice,omitempty"`
	Level        Level     `json:"level,omitempty"`
	Guidance     *Guidance `json:"guidance,omitempty"`
}

// Guidance is what a facilitator needs to discuss a best practice.
type Guidance struct {
	Summary      string   `json:"summary,omitempty"`
	Good         string   `json:"good,omitempty"`
	AntiPatterns []string `json:"antiPatterns,omitempty"`
	Steps        []string `json:"steps,omitempty"`
	Evidence     []string `json:"evidence,omitempty"`
}

// RiskRule maps a condition over choice IDs to a risk.
type RiskRule struct {
	Condition string `json:"condition"`
	Risk      string `json:"risk"`
}

// Risk values used in risk rules.
const (
	RuleHigh   = "HIGH_RISK"
	RuleMedium = "MEDIUM_RISK"
	RuleNone   = "NO_RISK"
)

// Level is how much risk a best practice carries when it is missing.
type Level string

const (
	LevelHigh   Level = "HIGH"
	LevelMedium Level = "MEDIUM"
	LevelLow    Level = "LOW"
)

// Rank orders levels so that a smaller number comes first in a plan.
func (l Level) Rank() int {
	switch l {
	case LevelHigh:
		return 0
	case LevelMedium:
		return 1
	}
	return 2
}

// RuleRisk converts a risk rule's risk value to a question risk.
func RuleRisk(s string) opslens.Risk {
	switch s {
	case RuleHigh:
		return opslens.RiskHigh
	case RuleMedium:
		return opslens.RiskMedium
	}
	return opslens.RiskNone
}

// IsNone reports whether the choice is the "None of these" choice, which the
// AWS format marks by an ID ending in "_no".
func (c *Choice) IsNone() bool { return strings.HasSuffix(c.ID, "_no") }

// Level returns the choice's best-practice level, or "" when the lens does
// not say.
func (c *Choice) Level() Level {
	if c.Ext == nil {
		return ""
	}
	return c.Ext.Level
}

// Area returns the question's area, or "" when the lens does not say.
func (q *Question) Area() string {
	if q.Ext == nil {
		return ""
	}
	return q.Ext.Area
}

// Choice returns the choice with the given ID, or nil.
func (q *Question) Choice(id string) *Choice {
	for i := range q.Choices {
		if q.Choices[i].ID == id {
			return &q.Choices[i]
		}
	}
	return nil
}

// NoneChoice returns the question's "None of these" choice, or nil.
func (q *Question) NoneChoice() *Choice {
	for i := range q.Choices {
		if q.Choices[i].IsNone() {
			return &q.Choices[i]
		}
	}
	return nil
}

// Alias returns the lens alias recorded in the document, or "".
func (l *Lens) Alias() string {
	if l.Ext == nil {
		return ""
	}
	return l.Ext.Alias
}

// Version returns the lens version recorded in the document, or "".
func (l *Lens) Version() string {
	if l.Ext == nil {
		return ""
	}
	return l.Ext.Version
}

// QuestionRef locates a question within a lens.
type QuestionRef struct {
	Pillar   *Pillar
	Question *Question
	// Index is the question's position across the whole lens, from 0.
	Index int
}

// Questions returns every question in lens order.
func (l *Lens) Questions() []QuestionRef {
	var refs []QuestionRef
	for pi := range l.Pillars {
		p := &l.Pillars[pi]
		for qi := range p.Questions {
			refs = append(refs, QuestionRef{Pillar: p, Question: &p.Questions[qi], Index: len(refs)})
		}
	}
	return refs
}

// Question returns the question with the given ID.
func (l *Lens) Question(id string) (QuestionRef, bool) {
	for _, r := range l.Questions() {
		if r.Question.ID == id {
			return r, true
		}
	}
	return QuestionRef{}, false
}
