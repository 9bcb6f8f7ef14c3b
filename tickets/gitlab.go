package tickets

import (
	"encoding/json"
	"io"
	"strings"
)

// gitlabIssue is the body of GitLab's "create issue" API
// (POST /projects/:id/issues): labels are one comma-separated string.
type gitlabIssue struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	Labels      string `json:"labels"`
}

// WriteGitLab writes a JSON array of issue payloads, one per ticket, each
// ready to POST to /api/v4/projects/:id/issues (docs/tickets.md shows the
// loop). GitLab scoped labels read risk::high as "risk" set to "high".
func WriteGitLab(w io.Writer, ts []Ticket) error {
	out := make([]gitlabIssue, len(ts))
	for i, t := range ts {
		labels := make([]string, len(t.Labels))
		for j, l := range t.Labels {
			labels[j] = strings.Replace(l, "risk:", "risk::", 1)
		}
		out[i] = gitlabIssue{Title: t.Title, Description: t.Markdown(), Labels: strings.Join(labels, ",")}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
