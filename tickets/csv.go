package tickets

import (
	"encoding/csv"
	"io"
	"strings"

	"github.com/opslens/opslens/lens"
)

// jiraPriority maps a practice's level to Jira's default priorities.
var jiraPriority = map[lens.Level]string{lens.LevelHigh: "High", lens.LevelMedium: "Medium", lens.LevelLow: "Low"}

// WriteJiraCSV writes a CSV for Jira's CSV importer: one row per ticket,
// with the description in Jira's wiki markup and one Labels column per
// label (Jira takes repeated columns as a list). Labels cannot hold
// spaces or colons there, so risk:high becomes risk-high.
func WriteJiraCSV(w io.Writer, ts []Ticket) error {
	most := 0
	for _, t := range ts {
		most = max(most, len(t.Labels))
	}
	head := []string{"Summary", "Issue Type", "Priority", "Description"}
	for range most {
		head = append(head, "Labels")
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, t := range ts {
		row := []string{t.Title, "Task", jiraPriority[t.Priority], t.Body(jiraWiki)}
		for i := range most {
			l := ""
			if i < len(t.Labels) {
				l = strings.NewReplacer(":", "-", " ", "-").Replace(t.Labels[i])
			}
			row = append(row, l)
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteCSV writes a plain CSV for spreadsheets and other trackers: one row
// per ticket, the steps and evidence as lines within their cells.
func WriteCSV(w io.Writer, ts []Ticket) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"Key", "Workload", "Question", "Practices", "Priority", "Title", "Labels", "Steps", "Evidence", "Link"}); err != nil {
		return err
	}
	for _, t := range ts {
		var ids, steps, evidence []string
		for _, p := range t.Practices {
			ids = append(ids, p.BestPracticeID)
			for _, s := range p.Steps {
				steps = append(steps, p.BestPracticeID+": "+s)
			}
			for _, e := range p.Evidence {
				evidence = append(evidence, p.BestPracticeID+": "+e)
			}
		}
		row := []string{t.Key, t.Workload, t.QuestionID, strings.Join(ids, " "), strings.ToLower(string(t.Priority)), t.Title,
			strings.Join(t.Labels, " "), strings.Join(steps, "\n"), strings.Join(evidence, "\n"), t.Link}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
