// Package tickets turns an improvement plan into issues for the trackers
// teams work in: a shell script of `gh issue create` commands for GitHub,
// the JSON the GitLab issues API takes, a CSV for Jira's importer, or a
// plain CSV. opslens writes files and needs no network; the script and
// the API calls are run by the team, with its own credentials.
//
// Every ticket has a stable key (the workload's ID, the lens and the
// practice or question), so the store can tell which tickets were filed
// already (Store.ClaimTicketExports) and the GitHub script can check the
// repository before creating one.
package tickets

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/lens"
	"github.com/opslens/opslens/review"
)

// What one ticket covers.
const (
	PerPractice = "practice" // one ticket per missing practice (default)
	PerQuestion = "question" // one per question, listing its missing practices
)

// Ticket is one issue to file, in a form each tracker's writer renders.
type Ticket struct {
	Key        string
	Title      string
	Labels     []string
	Priority   lens.Level // the highest level among its practices
	QuestionID string
	Workload   string
	Facts      []string   // one line each: workload, question, risk, level
	Practices  []Practice // one, or every missing practice of the question
	Link       string     // the question's page in opslens, when known
}

// Practice is a missing practice with what to do about it.
type Practice struct {
	ID, BestPracticeID, Title string
	Level                     lens.Level
	Why                       string   // the improvement plan's text
	Steps                     []string // our implementation steps
	Evidence                  []string // one line per proof a scan found
}

// Input is what Build needs: the workload, its plan (review.Plan) and the
// evidence of its lens reviews (review.State.Evidence).
type Input struct {
	Workload *opslens.Workload
	Items    []review.PlanItem
	Evidence map[string]map[string]review.ChoiceEvidence
	Per      string // PerPractice or PerQuestion; "" is PerPractice
	// LinkBase is the opslens server's URL (https://opslens.example.com);
	// empty leaves links out.
	LinkBase string
}

// Build makes the tickets of a plan, in plan order (highest level first).
func Build(in Input) ([]Ticket, error) {
	switch in.Per {
	case "", PerPractice:
		out := make([]Ticket, 0, len(in.Items))
		for _, it := range in.Items {
			t := in.ticket(it, it.Choice.ID, []review.PlanItem{it})
			t.Title = fmt.Sprintf("%s %s (%s)", practiceID(it), it.Choice.Title, in.Workload.Name)
			out = append(out, t)
		}
		return out, nil
	case PerQuestion:
		// Plan order puts a question's most important practice first, so
		// each group's first item gives the ticket's priority.
		var groups [][]review.PlanItem
		index := map[string]int{}
		for _, it := range in.Items {
			k := it.LensAlias + "/" + it.QuestionID
			i, ok := index[k]
			if !ok {
				i = len(groups)
				index[k] = i
				groups = append(groups, nil)
			}
			groups[i] = append(groups[i], it)
		}
		out := make([]Ticket, 0, len(groups))
		for _, g := range groups {
			t := in.ticket(g[0], g[0].QuestionID, g)
			t.Title = fmt.Sprintf("%s %s: %d practice%s missing (%s)", g[0].QuestionID, g[0].Question, len(g), plural(len(g)), in.Workload.Name)
			out = append(out, t)
		}
		return out, nil
	}
	return nil, opslens.Errorf(opslens.EINVALID, "--per %q: use practice or question", in.Per)
}

// ticket builds the ticket of one or more plan items of one question.
func (in Input) ticket(first review.PlanItem, subject string, items []review.PlanItem) Ticket {
	w := in.Workload
	t := Ticket{
		Key:        "opslens:" + strconv.FormatInt(w.ID, 10) + ":" + first.LensAlias + ":" + subject,
		QuestionID: first.QuestionID,
		Workload:   w.Name,
		Priority:   first.Level, // items come in plan order: the first is the highest
		Labels:     []string{"opslens", "risk:" + strings.ToLower(string(first.QuestionRisk)), first.QuestionID},
		Facts: []string{
			"Workload: " + w.Name,
			"Question: " + first.QuestionID + " " + first.Question,
			"Question risk: " + strings.ToLower(string(first.QuestionRisk)),
			"Highest practice level: " + strings.ToLower(string(first.Level)),
		},
	}
	if in.LinkBase != "" {
		t.Link = strings.TrimRight(in.LinkBase, "/") + "/workloads/" + strconv.FormatInt(w.ID, 10) +
			"/lenses/" + first.LensAlias + "/questions/" + first.QuestionID
	}
	for _, it := range items {
		t.Practices = append(t.Practices, in.practice(it))
	}
	return t
}

func (in Input) practice(it review.PlanItem) Practice {
	p := Practice{ID: it.Choice.ID, BestPracticeID: practiceID(it), Title: it.Choice.Title, Level: it.Level}
	// The built-in lens's guidance says why in a summary and how in
	// steps; a custom lens may only have the AWS format's improvement
	// plan text.
	if g := guidance(it); g != nil && (g.Summary != "" || len(g.Steps) > 0) {
		p.Why, p.Steps = g.Summary, g.Steps
	} else if it.Choice.ImprovementPlan != nil {
		p.Why = it.Choice.ImprovementPlan.DisplayText
	}
	if ev, ok := in.Evidence[it.LensAlias][it.Choice.ID]; ok {
		for _, pr := range ev.Proofs {
			loc := pr.Path
			if pr.Line > 0 {
				loc += ":" + strconv.Itoa(pr.Line)
			}
			p.Evidence = append(p.Evidence, fmt.Sprintf("%s evidence in %s, %s: %s", ev.Confidence, pr.Repository, loc, pr.Summary))
		}
	}
	return p
}

func guidance(it review.PlanItem) *lens.Guidance {
	if it.Choice.Ext == nil {
		return nil
	}
	return it.Choice.Ext.Guidance
}

func practiceID(it review.PlanItem) string {
	if it.Choice.Ext != nil && it.Choice.Ext.BestPractice != "" {
		return it.Choice.Ext.BestPractice
	}
	return it.Choice.ID
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// Keys returns the tickets' keys, in order.
func Keys(ts []Ticket) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Key
	}
	return out
}

// Only keeps the tickets whose keys are listed, in their order.
func Only(ts []Ticket, keys []string) []Ticket {
	keep := make(map[string]bool, len(keys))
	for _, k := range keys {
		keep[k] = true
	}
	var out []Ticket
	for _, t := range ts {
		if keep[t.Key] {
			out = append(out, t)
		}
	}
	return out
}
