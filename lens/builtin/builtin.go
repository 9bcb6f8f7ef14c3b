// Package builtin assembles the lenses that ship inside the opslens binary.
//
// The Operational Excellence lens is built from two embedded sources:
// framework.json, the 2022-10-20 pillar's structure (IDs, titles, areas and
// risk levels, which are facts carried over as published), and one JSON file
// of guidance per question under content/, written by the opslens authors.
// Keeping them apart lets a test check the structure against the reference
// CSV while the prose evolves on its own.
package builtin

import (
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"strings"
	"sync"

	"github.com/opslens/opslens/lens"
)

// Alias names the built-in Operational Excellence lens. A future revision of
// the pillar ships under a new alias so that reviews made against this one
// keep their exact questions.
const Alias = "operational-excellence"

// Version is the date of the pillar revision the lens follows.
const Version = "2022-10-20"

// PillarID is the pillar ID used by the AWS tool for Operational Excellence.
const PillarID = "operationalExcellence"

//go:embed framework.json content/*.json
var files embed.FS

// Lenses returns every built-in lens by alias.
func Lenses() (map[string]*lens.Lens, error) {
	l, err := OperationalExcellence()
	if err != nil {
		return nil, err
	}
	return map[string]*lens.Lens{Alias: l}, nil
}

// OperationalExcellence returns the built-in lens. Callers must not modify
// it; it is built once and shared.
func OperationalExcellence() (*lens.Lens, error) { return loadOnce() }

var loadOnce = sync.OnceValues(build)

// content is the shape of content/OPSxx.json.
type content struct {
	ID          string `json:"id"`
	Description string `json:"description"`
	Practices   []struct {
		ID           string   `json:"id"`
		Summary      string   `json:"summary"`
		Good         string   `json:"good"`
		AntiPatterns []string `json:"antiPatterns"`
		Steps        []string `json:"steps"`
		Evidence     []string `json:"evidence"`
	} `json:"practices"`
}

// framework is the shape of framework.json: the pillar's questions and best
// practices as published (IDs, titles, areas, levels), one field per line.
type framework struct {
	Pillar    string `json:"pillar"`
	Revision  string `json:"revision"`
	Questions []struct {
		ID        string `json:"id"`
		Area      string `json:"area"`
		Topic     string `json:"topic"`
		Title     string `json:"title"`
		Practices []struct {
			ID    string     `json:"id"`
			Level lens.Level `json:"level"`
			Title string     `json:"title"`
		} `json:"practices"`
	} `json:"questions"`
}

// Practice is one best practice of the pillar with its question.
type Practice struct {
	Area, QuestionID, QuestionTitle, Topic, ID, Title string
	Level                                             lens.Level
}

// Practices returns the best practices of the embedded framework, in order.
func Practices() ([]Practice, error) {
	data, err := files.ReadFile("framework.json")
	if err != nil {
		return nil, err
	}
	var fw framework
	if err := json.Unmarshal(data, &fw); err != nil {
		return nil, fmt.Errorf("read built-in framework.json: %w", err)
	}
	var out []Practice
	for _, q := range fw.Questions {
		for _, p := range q.Practices {
			out = append(out, Practice{
				Area: q.Area, QuestionID: q.ID, QuestionTitle: q.Title, Topic: q.Topic,
				ID: p.ID, Title: p.Title, Level: p.Level,
			})
		}
	}
	return out, nil
}

func build() (*lens.Lens, error) {
	rows, err := Practices()
	if err != nil {
		return nil, err
	}
	l := &lens.Lens{
		SchemaVersion: lens.SchemaVersion,
		Name:          "Operational Excellence",
		Description: "The Operational Excellence pillar of the Well-Architected Framework, revision " + Version +
			": how a team organizes itself, prepares workloads for operation, runs them day to day and keeps " +
			"improving. Each choice is a best practice with its level of risk when missing and guidance written by the opslens authors.",
		Ext:     &lens.LensExt{Alias: Alias, Version: Version},
		Pillars: []lens.Pillar{{ID: PillarID, Name: "Operational Excellence"}},
	}
	p := &l.Pillars[0]
	var q *lens.Question
	var guide *content
	for _, r := range rows {
		if q == nil || q.ID != r.QuestionID {
			if q != nil {
				finish(q)
			}
			guide, err = readContent(r.QuestionID)
			if err != nil {
				return nil, err
			}
			p.Questions = append(p.Questions, lens.Question{
				ID: r.QuestionID, Title: r.QuestionTitle, Description: guide.Description,
				Ext: &lens.QuestionExt{Area: r.Area},
			})
			q = &p.Questions[len(p.Questions)-1]
		}
		ch, err := choice(r, guide)
		if err != nil {
			return nil, err
		}
		q.Choices = append(q.Choices, ch)
	}
	finish(q)
	if err := l.Validate(); err != nil {
		return nil, fmt.Errorf("built-in lens %s: %w", Alias, err)
	}
	return l, nil
}

// finish adds the "None of these" choice and the risk rules derived from the
// levels of the question's practices.
func finish(q *lens.Question) {
	q.RiskRules = lens.DeriveRiskRules(q.Choices)
	q.Choices = append(q.Choices, lens.Choice{ID: q.ID + "_no", Title: "None of these"})
}

func readContent(qid string) (*content, error) {
	name := path.Join("content", qid+".json")
	data, err := files.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("built-in guidance for %s: %w", qid, err)
	}
	var c content
	if err := json.Unmarshal(data, &c); err != nil {
		return nil, fmt.Errorf("built-in guidance %s: %w", name, err)
	}
	if c.ID != qid {
		return nil, fmt.Errorf("built-in guidance %s: id is %q, want %q", name, c.ID, qid)
	}
	return &c, nil
}

func choice(r Practice, c *content) (lens.Choice, error) {
	for _, g := range c.Practices {
		if g.ID != r.ID {
			continue
		}
		var steps strings.Builder
		for i, s := range g.Steps {
			if i > 0 {
				steps.WriteString("\n")
			}
			fmt.Fprintf(&steps, "%d. %s", i+1, s)
		}
		return lens.Choice{
			ID:              strings.ReplaceAll(r.ID, "-", "_"),
			Title:           r.Title,
			HelpfulResource: &lens.Resource{DisplayText: g.Summary},
			ImprovementPlan: &lens.Resource{DisplayText: steps.String()},
			Ext: &lens.ChoiceExt{
				BestPractice: r.ID,
				Level:        r.Level,
				Guidance: &lens.Guidance{
					Summary: g.Summary, Good: g.Good, AntiPatterns: g.AntiPatterns,
					Steps: g.Steps, Evidence: g.Evidence,
				},
			},
		}, nil
	}
	return lens.Choice{}, fmt.Errorf("built-in guidance for %s is missing from content/%s.json", r.ID, r.QuestionID)
}
