package wellarchitected

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/opslens/opslens"
)

// ExportMeta names what an export script records.
type ExportMeta struct {
	Workload, LensAlias, Version, Date string
}

// choiceUpdate is the AWS API's ChoiceUpdate.
type choiceUpdate struct {
	Status string `json:"Status"`
	Reason string `json:"Reason,omitempty"`
	Notes  string `json:"Notes,omitempty"`
}

// WriteUpdateAnswers writes a POSIX shell script of `aws wellarchitected
// update-answer` commands, one per answered question, that records the
// answers in an AWS workload reviewed with this lens imported as a custom
// lens (`opslens lens export --format aws`). The workload ID and the lens
// ARN come from the environment, so one script serves any account.
func WriteUpdateAnswers(w io.Writer, answers []opslens.Answer, m ExportMeta) error {
	var b strings.Builder
	fmt.Fprintf(&b, "#!/bin/sh\n# The answers of workload %s, lens %s, by opslens %s on %s, as AWS Well-Architected Tool updates.\n", m.Workload, m.LensAlias, m.Version, m.Date)
	b.WriteString(`# Import the lens into the AWS tool first ('opslens lens export ` + m.LensAlias + ` --format aws',
# then 'aws wellarchitected import-lens' and 'create-lens-version'), associate it
# with the workload, and run this with WORKLOAD_ID and LENS_ALIAS (the lens ARN) set.
set -eu
: "${WORKLOAD_ID:?set WORKLOAD_ID to the AWS workload ID}"
: "${LENS_ALIAS:?set LENS_ALIAS to the ARN of the imported lens}"
`)
	for _, a := range answers {
		line, err := updateAnswer(a)
		if err != nil {
			return err
		}
		b.WriteString(line)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func updateAnswer(a opslens.Answer) (string, error) {
	selected := []string{}
	updates := map[string]choiceUpdate{}
	for _, c := range a.Choices {
		if c.Status == opslens.ChoiceSelected {
			selected = append(selected, c.ChoiceID)
		}
		if c.Status == opslens.ChoiceNotApplicable || c.Notes != "" {
			updates[c.ChoiceID] = choiceUpdate{Status: string(c.Status), Reason: string(c.Reason), Notes: c.Notes}
		}
	}
	sel, err := json.Marshal(selected)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\naws wellarchitected update-answer --workload-id \"$WORKLOAD_ID\" --lens-alias \"$LENS_ALIAS\" --question-id %s \\\n  --selected-choices %s",
		shellQuote(a.QuestionID), shellQuote(string(sel)))
	if len(updates) > 0 {
		u, err := json.Marshal(updates)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(&b, " \\\n  --choice-updates %s", shellQuote(string(u)))
	}
	if a.Notes != "" {
		fmt.Fprintf(&b, " \\\n  --notes %s", shellQuote(a.Notes))
	}
	if a.IsApplicable {
		b.WriteString(" \\\n  --is-applicable")
	} else {
		fmt.Fprintf(&b, " \\\n  --no-is-applicable --reason %s", shellQuote(string(reasonOrNone(a.Reason))))
	}
	b.WriteString(" >/dev/null\n")
	return b.String(), nil
}

func reasonOrNone(r opslens.Reason) opslens.Reason {
	if r == "" {
		return opslens.ReasonNone
	}
	return r
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
