package report

import (
	"fmt"
	"strings"

	"github.com/johnfercher/maroto/v2/pkg/consts/fontstyle"
	"github.com/johnfercher/maroto/v2/pkg/core"
	"github.com/johnfercher/maroto/v2/pkg/props"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/review"
)

// Comparison is what changed between an earlier state of the review (a
// milestone) and the state the report shows: `opslens report --compare N`.
type Comparison struct {
	From       string       `json:"From"` // "milestone 2 (Q3 baseline)"
	FromCounts RiskCounts   `json:"FromCounts"`
	Resolved   []RiskChange `json:"Resolved"`
	Introduced []RiskChange `json:"Introduced"`
	Followed   []string     `json:"PracticesFollowed"` // "OPS05 Use configuration management systems"
	Dropped    []string     `json:"PracticesDropped"`
}

// RiskChange is a question whose risk changed.
type RiskChange struct {
	QuestionID string       `json:"QuestionId"`
	Title      string       `json:"QuestionTitle"`
	From       opslens.Risk `json:"From"`
	To         opslens.Risk `json:"To"`
}

// Compare adds to r the changes from an earlier state (labelled from).
func (r *Report) Compare(from string, d *review.Diff) {
	c := &Comparison{From: from, FromCounts: countsOf(d.FromCounts), Resolved: []RiskChange{}, Introduced: []RiskChange{},
		Followed: []string{}, Dropped: []string{}}
	for _, q := range d.Resolved {
		c.Resolved = append(c.Resolved, RiskChange{q.QuestionID, q.Title, q.From, q.To})
	}
	for _, q := range d.Introduced {
		c.Introduced = append(c.Introduced, RiskChange{q.QuestionID, q.Title, q.From, q.To})
	}
	for _, p := range d.Followed {
		c.Followed = append(c.Followed, p.QuestionID+" "+p.Choice.Title)
	}
	for _, p := range d.Dropped {
		c.Dropped = append(c.Dropped, p.QuestionID+" "+p.Choice.Title)
	}
	r.Comparison = c
}

// pdfComparison lays out the changes since the earlier state.
func pdfComparison(c *Comparison, now RiskCounts) []core.Row {
	rows := []core.Row{pdfHeading("Changes since "+c.From, 18),
		pdfPara(fmt.Sprintf("High risks: %d then, %d now. Medium risks: %d then, %d now. Unanswered: %d then, %d now.",
			c.FromCounts.High(), now.High(), c.FromCounts.Medium(), now.Medium(), c.FromCounts.Unanswered(), now.Unanswered()),
			props.Text{Size: 11, Bottom: 4})}
	for _, part := range []struct {
		title   string
		changes []RiskChange
	}{{"Risks resolved", c.Resolved}, {"Risks introduced", c.Introduced}} {
		if len(part.changes) == 0 {
			continue
		}
		rows = append(rows, pdfHeading(part.title, 13))
		for _, q := range part.changes {
			rows = append(rows, pdfPara(fmt.Sprintf("%s %s: %s → %s", q.QuestionID, q.Title, strings.ToLower(RiskLabel(q.From)), strings.ToLower(RiskLabel(q.To)))))
		}
	}
	for _, part := range []struct {
		title string
		items []string
	}{{"Practices now followed", c.Followed}, {"Practices no longer followed", c.Dropped}} {
		if len(part.items) == 0 {
			continue
		}
		rows = append(rows, pdfHeading(part.title, 13))
		for _, s := range part.items {
			rows = append(rows, pdfPara(s, props.Text{Size: 9.5, Left: 4, Bottom: 1}))
		}
	}
	if len(c.Resolved)+len(c.Introduced)+len(c.Followed)+len(c.Dropped) == 0 {
		rows = append(rows, pdfPara("Nothing changed.", props.Text{Size: 10, Style: fontstyle.Italic}))
	}
	return rows
}
