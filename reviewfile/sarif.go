package reviewfile

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/opslens/opslens"
)

// checkRules are the SARIF rules of 'opslens check', each with help text
// that says what to do about a result.
var checkRules = []struct{ id, short, help string }{
	{"opslens/high-risk", "Question at HIGH risk",
		"A High-level practice of this question is missing. Adopt it, or record an accepted-risk with an owner and an end date in the review file."},
	{"opslens/medium-risk", "Question at MEDIUM risk",
		"A Medium-level practice of this question is missing. Plan it, or record an accepted-risk with an owner and an end date."},
	{"opslens/unanswered", "Question not answered",
		"The review file does not answer this question yet. Select the practices the team follows, or 'none: true'."},
	{"opslens/claimed-without-evidence", "Practice claimed without evidence",
		"The review file selects a practice that lives in code, but the scanned repositories show no trace of it. Point the scan at the repository that holds it, or correct the claim."},
	{"opslens/evidence-not-claimed", "Evidence for a practice the review does not claim",
		"The scan found strong evidence of this practice, but the review file does not select it. Confirm it by adding it to 'selected'."},
	{"opslens/expired-decision", "Decision past its end date",
		"A not-applicable mark or accepted risk has passed its 'until' date. Decide again and update or remove the date."},
}

// SARIF renders a check result as SARIF 2.1.0 for code-scanning services:
// risks and decisions point at the review file, evidence not claimed at
// the evidence. file is the review file's path as given to check.
func SARIF(file string, res *Result, version string) ([]byte, error) {
	run := sarif.NewRunWithInformationURI("opslens", "https://github.com/opslens/opslens")
	run.Tool.Driver.Version = &version
	for _, r := range checkRules {
		run.AddRule(r.id).WithName(r.short).
			WithShortDescription(sarif.NewMultiformatMessageString().WithText(r.short)).
			WithHelp(sarif.NewMultiformatMessageString().WithText(r.help))
	}
	uri := filepath.ToSlash(file)
	lines := questionLines(res)
	add := func(rule, level, msg, path string, line int) {
		loc := sarif.NewPhysicalLocation().WithArtifactLocation(sarif.NewSimpleArtifactLocation(path))
		if line > 0 {
			loc = loc.WithRegion(sarif.NewRegion().WithStartLine(line))
		}
		sum := sha256.Sum256([]byte(rule + "\x00" + msg))
		run.CreateResultForRule(rule).WithLevel(level).WithMessage(sarif.NewTextMessage(msg)).
			AddLocation(sarif.NewLocationWithPhysicalLocation(loc)).
			WithPartialFingerprints(map[string]string{"opslens/v1": hex.EncodeToString(sum[:16])})
	}
	for _, q := range res.Results.Questions() {
		id := q.Question.ID
		switch q.Risk {
		case opslens.RiskHigh:
			add("opslens/high-risk", "error", fmt.Sprintf("%s is at HIGH risk: %s", id, q.Question.Title), uri, lines[id])
		case opslens.RiskMedium:
			add("opslens/medium-risk", "warning", fmt.Sprintf("%s is at MEDIUM risk: %s", id, q.Question.Title), uri, lines[id])
		case opslens.RiskUnanswered:
			add("opslens/unanswered", "note", fmt.Sprintf("%s is not answered: %s", id, q.Question.Title), uri, lines[id])
		}
	}
	for _, d := range res.Drift {
		msg := fmt.Sprintf("%s %s: %s", d.BestPracticeID, d.Title, driftText(d.Kind))
		if d.Kind == ClaimedWithoutEvidence {
			add("opslens/claimed-without-evidence", "warning", msg, uri, d.Line)
			continue
		}
		path, line := uri, lines[d.QuestionID]
		if len(d.Evidence) > 0 && d.Evidence[0].Path != "" {
			path, line = d.Evidence[0].Path, d.Evidence[0].Line
		}
		add("opslens/evidence-not-claimed", "note", msg, path, line)
	}
	for _, d := range res.Decisions {
		if d.Expired {
			add("opslens/expired-decision", "warning",
				fmt.Sprintf("%s of %s expired on %s", d.Kind, d.target(), d.Until), uri, d.Line)
		}
	}
	rep := sarif.NewReport().AddRun(run)
	var b bytes.Buffer
	if err := rep.PrettyWrite(&b); err != nil {
		return nil, fmt.Errorf("write SARIF: %w", err)
	}
	return b.Bytes(), nil
}

// questionLines maps question IDs to their line in the file, from the
// decisions and drift that carry lines; questions without one point at
// the file as a whole.
func questionLines(res *Result) map[string]int {
	out := map[string]int{}
	for id, line := range res.lines {
		out[id] = line
	}
	return out
}
