package lens

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// Limits of the AWS Well-Architected Tool for custom lenses. opslens enforces
// the same ones so every lens it accepts also imports into the AWS tool.
const (
	MaxBytes             = 500 * 1024
	MaxPillars           = 10
	MaxQuestionsByPillar = 20
	MaxChoices           = 15
	MaxRiskRules         = 3
	MaxTitle             = 128
	MaxDescription       = 2048
	MaxDisplayText       = 2048
	MinIDLen             = 3
	MaxIDLen             = 128
)

var idPattern = regexp.MustCompile(`^[A-Za-z0-9_]+$`)

// Problem is one violation found in a lens, located by a JSON path such as
// $.pillars[0].questions[2].choices[1].id.
type Problem struct {
	Path    string `json:"path"`
	Message string `json:"message"`
}

func (p Problem) String() string { return p.Path + ": " + p.Message }

// ValidationError lists every problem of an invalid lens.
type ValidationError struct {
	Problems []Problem
}

func (e *ValidationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "invalid lens: %d problem", len(e.Problems))
	if len(e.Problems) != 1 {
		b.WriteString("s")
	}
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}

type checker struct{ probs []Problem }

func (c *checker) add(path, format string, args ...any) {
	c.probs = append(c.probs, Problem{Path: path, Message: fmt.Sprintf(format, args...)})
}

func (c *checker) id(path, id string) {
	switch {
	case id == "":
		c.add(path, "is required")
	case len(id) < MinIDLen || len(id) > MaxIDLen:
		c.add(path, "%q is %d characters; IDs must be %d to %d", id, len(id), MinIDLen, MaxIDLen)
	case !idPattern.MatchString(id):
		c.add(path, "%q may contain only letters, digits and underscores", id)
	}
}

func (c *checker) text(path, s string, max int, required bool) {
	if required && strings.TrimSpace(s) == "" {
		c.add(path, "is required")
	}
	if n := len([]rune(s)); n > max {
		c.add(path, "is %d characters; the limit is %d", n, max)
	}
}

func (c *checker) resource(path string, r *Resource) {
	if r == nil {
		return
	}
	c.text(path+".displayText", r.DisplayText, MaxDisplayText, false)
	if r.URL != "" {
		u, err := url.Parse(r.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			c.add(path+".url", "%q is not an http(s) URL", r.URL)
		}
	}
}

// Validate checks a lens against the custom-lens schema and the AWS limits.
// It returns a *ValidationError listing every problem, or nil.
func (l *Lens) Validate() error {
	c := &checker{}
	if l.SchemaVersion != SchemaVersion {
		c.add("$.schemaVersion", "is %q; the supported version is %q", l.SchemaVersion, SchemaVersion)
	}
	c.text("$.name", l.Name, MaxTitle, true)
	c.text("$.description", l.Description, MaxDescription, false)
	switch n := len(l.Pillars); {
	case n == 0:
		c.add("$.pillars", "at least one pillar is required")
	case n > MaxPillars:
		c.add("$.pillars", "has %d pillars; the limit is %d", n, MaxPillars)
	}
	pillarIDs := map[string]string{}
	questionIDs := map[string]string{}
	for pi := range l.Pillars {
		p := &l.Pillars[pi]
		pp := fmt.Sprintf("$.pillars[%d]", pi)
		c.id(pp+".id", p.ID)
		if prev, dup := pillarIDs[p.ID]; dup && p.ID != "" {
			c.add(pp+".id", "%q is already used by %s", p.ID, prev)
		}
		pillarIDs[p.ID] = pp
		c.text(pp+".name", p.Name, MaxTitle, true)
		switch n := len(p.Questions); {
		case n == 0:
			c.add(pp+".questions", "at least one question is required")
		case n > MaxQuestionsByPillar:
			c.add(pp+".questions", "has %d questions; the limit is %d per pillar", n, MaxQuestionsByPillar)
		}
		for qi := range p.Questions {
			q := &p.Questions[qi]
			qp := fmt.Sprintf("%s.questions[%d]", pp, qi)
			c.id(qp+".id", q.ID)
			if prev, dup := questionIDs[q.ID]; dup && q.ID != "" {
				c.add(qp+".id", "%q is already used by %s", q.ID, prev)
			}
			questionIDs[q.ID] = qp
			c.question(qp, q)
		}
	}
	if len(c.probs) > 0 {
		return &ValidationError{Problems: c.probs}
	}
	return nil
}

func (c *checker) question(qp string, q *Question) {
	c.text(qp+".title", q.Title, MaxTitle, true)
	c.text(qp+".description", q.Description, MaxDescription, false)
	c.resource(qp+".helpfulResource", q.HelpfulResource)
	switch n := len(q.Choices); {
	case n == 0:
		c.add(qp+".choices", "at least one choice is required")
	case n > MaxChoices:
		c.add(qp+".choices", "has %d choices; the limit is %d per question", n, MaxChoices)
	}
	choiceIDs := map[string]string{}
	nones := 0
	for ci := range q.Choices {
		ch := &q.Choices[ci]
		cp := fmt.Sprintf("%s.choices[%d]", qp, ci)
		c.id(cp+".id", ch.ID)
		if prev, dup := choiceIDs[ch.ID]; dup && ch.ID != "" {
			c.add(cp+".id", "%q is already used by %s", ch.ID, prev)
		}
		choiceIDs[ch.ID] = cp
		c.text(cp+".title", ch.Title, MaxTitle, true)
		c.resource(cp+".helpfulResource", ch.HelpfulResource)
		if ch.IsNone() {
			nones++
			if nones == 2 {
				c.add(cp+".id", "a question may have only one \"None of these\" choice (ID ending in _no)")
			}
		} else if ch.ImprovementPlan == nil || strings.TrimSpace(ch.ImprovementPlan.DisplayText) == "" {
			c.add(cp+".improvementPlan", "is required for every choice except \"None of these\"")
		}
		c.resource(cp+".improvementPlan", ch.ImprovementPlan)
		for ai, ar := range ch.AdditionalResources {
			ap := fmt.Sprintf("%s.additionalResources[%d]", cp, ai)
			if ar.Type != "HELPFUL_RESOURCE" && ar.Type != "IMPROVEMENT_PLAN" {
				c.add(ap+".type", "is %q; use HELPFUL_RESOURCE or IMPROVEMENT_PLAN", ar.Type)
			}
			for ri := range ar.Content {
				c.resource(fmt.Sprintf("%s.content[%d]", ap, ri), &ar.Content[ri])
			}
		}
		if ch.Ext != nil && ch.Ext.Level != "" {
			switch ch.Ext.Level {
			case LevelHigh, LevelMedium, LevelLow:
			default:
				c.add(cp+".opslens.level", "is %q; use HIGH, MEDIUM or LOW", ch.Ext.Level)
			}
		}
	}
	c.rules(qp, q, choiceIDs)
}

func (c *checker) rules(qp string, q *Question, choiceIDs map[string]string) {
	rp := qp + ".riskRules"
	switch n := len(q.RiskRules); {
	case n == 0:
		c.add(rp, "at least one risk rule, the \"default\" one, is required")
		return
	case n > MaxRiskRules:
		c.add(rp, "has %d rules; the limit is %d", n, MaxRiskRules)
	}
	defaults := 0
	risks := map[string]bool{}
	for ri, r := range q.RiskRules {
		p := fmt.Sprintf("%s[%d]", rp, ri)
		switch r.Risk {
		case RuleHigh, RuleMedium, RuleNone:
			if risks[r.Risk] {
				c.add(p+".risk", "%s is used by more than one rule", r.Risk)
			}
			risks[r.Risk] = true
		default:
			c.add(p+".risk", "is %q; use HIGH_RISK, MEDIUM_RISK or NO_RISK", r.Risk)
		}
		cond, err := ParseCondition(r.Condition)
		if err != nil {
			c.add(p+".condition", "%v", err)
			continue
		}
		if cond.IsDefault() {
			defaults++
			if ri != len(q.RiskRules)-1 {
				c.add(p+".condition", "the \"default\" rule must come last: rules after it could never apply")
			}
			continue
		}
		for _, id := range cond.Choices() {
			if _, ok := choiceIDs[id]; !ok {
				c.add(p+".condition", "refers to %q, which is not a choice of question %q", id, q.ID)
			}
		}
	}
	if defaults == 0 {
		c.add(rp, "a rule with condition \"default\" is required")
	} else if defaults > 1 {
		c.add(rp, "only one rule may have condition \"default\"")
	}
}
