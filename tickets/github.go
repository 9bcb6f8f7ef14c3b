package tickets

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// Meta describes an export in the header of the files written.
type Meta struct {
	Workload, Version, Date string
}

// githubLabelColors: red for high risk, amber for medium, grey for the
// rest, so a board sorts itself at a glance.
var githubLabelColors = map[string]string{"risk:high": "b60205", "risk:medium": "fbca04"}

// WriteGitHub writes a POSIX shell script of `gh` commands that files the
// tickets in the repository of the directory it runs in (or GH_REPO). It
// creates the labels first (--force updates one that exists), and files
// each ticket only if no issue, open or closed, already holds its key, so
// running it twice files nothing new.
func WriteGitHub(w io.Writer, ts []Ticket, m Meta) error {
	var b strings.Builder
	fmt.Fprintf(&b, "#!/bin/sh\n# %d ticket(s) from the improvement plan of workload %s, by opslens %s on %s.\n", len(ts), m.Workload, m.Version, m.Date)
	b.WriteString(`# Run it in a clone of the repository (or with GH_REPO=owner/name) after
# 'gh auth login'. An issue is created only if none carries its opslens key.
set -eu

file() {
	key=$1
	shift
	found=$(gh issue list --state all --search "\"$key\" in:body" --json number --jq length)
	if [ "$found" != 0 ]; then
		echo "already filed: $key"
		return 0
	fi
	gh issue create "$@" --body-file -
}

`)
	var labels []string
	for _, t := range ts {
		for _, l := range t.Labels {
			if !slices.Contains(labels, l) {
				labels = append(labels, l)
			}
		}
	}
	for _, l := range labels {
		color := githubLabelColors[l]
		if color == "" {
			color = "ededed"
		}
		fmt.Fprintf(&b, "gh label create %s --color %s --force >/dev/null\n", shellQuote(l), color)
	}
	for i, t := range ts {
		body := t.Markdown()
		delim := fmt.Sprintf("OPSLENS_TICKET_%d", i+1)
		for strings.Contains(body, delim) { // a line equal to it would end the body early
			delim += "_"
		}
		fmt.Fprintf(&b, "\nfile %s --title %s", shellQuote(t.Key), shellQuote(t.Title))
		for _, l := range t.Labels {
			fmt.Fprintf(&b, " --label %s", shellQuote(l))
		}
		fmt.Fprintf(&b, " <<'%s'\n%s%s\n", delim, body, delim)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// shellQuote quotes s for a POSIX shell: in single quotes nothing is
// special but the single quote itself.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
