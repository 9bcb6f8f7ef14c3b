package opslens

import (
	"strings"
	"time"
	"unicode/utf8"
)

// SourceTemplate marks a choice a review template set: settled once for
// the whole organisation (the incident process is company-wide, say), so
// a team sees where the answer came from and may still change it.
const SourceTemplate = "TEMPLATE"

// Template holds pre-written answers of some questions of a lens, which
// workloads created from it start with.
type Template struct {
	ID          int64     `json:"TemplateId"`
	Name        string    `json:"TemplateName"`
	Description string    `json:"Description,omitempty"`
	LensAlias   string    `json:"LensAlias"`
	Answers     []Answer  `json:"Answers"`
	CreatedAt   time.Time `json:"CreatedAt"`
}

// Validate checks a template before it is stored. Whether its questions
// and choices belong to the lens is the service's to check: the store
// does not know lenses.
func (t *Template) Validate() error {
	if n := utf8.RuneCountInString(strings.TrimSpace(t.Name)); n < 3 || n > 100 {
		return Errorf(EINVALID, "template name must be 3 to 100 characters")
	}
	if t.LensAlias == "" {
		return Errorf(EINVALID, "template %q names no lens", t.Name)
	}
	if len(t.Answers) == 0 {
		return Errorf(EINVALID, "template %q holds no answer", t.Name)
	}
	return ValidateAnswers(t.Answers)
}

// Audit actions of templates.
const (
	AuditTemplateCreate = "template.create"
	AuditTemplateDelete = "template.delete"
)
