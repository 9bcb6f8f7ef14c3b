package evidence

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strings"
	"unicode"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/opslens/opslens/lens/builtin"
)

// SARIF output, for GitHub code scanning and other tools that read SARIF
// 2.1.0. Each practice with evidence is a rule; each proof is a result of
// level "note" at the proof's file and line. Evidence is not a problem to
// fix, so nothing is a warning or an error: the results show reviewers
// where a practice is visible in the code.

// InformationURI is where the SARIF output says the tool is documented.
const InformationURI = "https://github.com/opslens/opslens"

// fingerprintKey names opslens's partial fingerprint, so code scanning
// matches a proof across runs: the practice, file and line hashed.
const fingerprintKey = "opslensProof/v1"

// WriteSARIF writes the report as an indented SARIF 2.1.0 log.
func WriteSARIF(w io.Writer, rep *Report) error {
	log, err := SARIF(rep)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(log); err != nil {
		return fmt.Errorf("write SARIF: %w", err)
	}
	return nil
}

// SARIF converts the report: one run per scanned repository, with the
// rules of the practices that have evidence there and one result per proof
// that names a file. Proofs without a file (git-history figures) have no
// place code scanning can show, so they stay in the JSON report only.
func SARIF(rep *Report) (*sarif.Report, error) {
	info, err := practiceInfo()
	if err != nil {
		return nil, err
	}
	log := sarif.NewReport()
	for _, repo := range rep.Repositories {
		run := sarif.NewRunWithInformationURI(rep.Tool, InformationURI)
		if rep.Version != "" {
			run.Tool.Driver.WithVersion(rep.Version)
		}
		if len(rep.Repositories) > 1 {
			run.WithAutomationDetails(sarif.NewRunAutomationDetails().WithID(rep.Tool + "/" + repo.Name + "/"))
		}
		for _, f := range rep.Findings {
			addFindingResults(run, f, info[f.BestPracticeID], repoKey(rep, repo))
		}
		log.AddRun(run)
	}
	return log, nil
}

// repoKey is the Repository value of the proofs that belong to repo: set
// only when the scan covered several repositories.
func repoKey(rep *Report, repo Repository) string {
	if len(rep.Repositories) > 1 {
		return repo.Path
	}
	return ""
}

// addFindingResults adds the finding's rule to the run and a result for
// each of its proofs in the repository.
func addFindingResults(run *sarif.Run, f Finding, p builtin.Practice, repo string) {
	var proofs []Proof
	for _, pr := range f.Evidence {
		if pr.Repository == repo && pr.Path != "" {
			proofs = append(proofs, pr)
		}
	}
	if len(proofs) == 0 {
		return
	}
	rule := run.AddRule(f.BestPracticeID).
		WithName(ruleName(f.Title)).
		WithDescription(f.Title).
		WithFullDescription(sarif.NewMultiformatMessageString().WithText(fmt.Sprintf(
			"Best practice %s of question %s (%s), Operational Excellence pillar.", f.BestPracticeID, f.QuestionID, p.QuestionTitle))).
		WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel("note")).
		WithProperties(sarif.NewPropertyBag().
			WithTags([]string{"well-architected", "operational-excellence", f.QuestionID}).
			Add("precision", precisionOf(f.Confidence)).
			Add("confidence", string(f.Confidence)))
	rule.Help = ruleHelp(f)
	idx := run.GetRuleIndex(f.BestPracticeID)
	for _, pr := range proofs {
		region := sarif.NewRegion()
		if pr.Line > 0 {
			region.WithStartLine(pr.Line)
		}
		loc := sarif.NewPhysicalLocation().WithArtifactLocation(sarif.NewSimpleArtifactLocation(fileURI(pr.Path)))
		if pr.Line > 0 {
			loc.WithRegion(region)
		}
		res := sarif.NewRuleResult(f.BestPracticeID).
			WithRuleIndex(idx).
			WithLevel("note").
			WithMessage(sarif.NewTextMessage(fmt.Sprintf("%s %s (%s evidence): %s", f.BestPracticeID, f.Title, f.Confidence, pr.Summary))).
			AddLocation(sarif.NewLocationWithPhysicalLocation(loc)).
			WithPartialFingerprints(map[string]string{fingerprintKey: proofFingerprint(f.BestPracticeID, pr)})
		run.AddResult(res)
	}
}

func ruleHelp(f Finding) *sarif.MultiformatMessageString {
	meaning := "a file in the repository does what the practice asks"
	if f.Confidence == Partial {
		meaning = "the repository shows intent or a part of the practice, not all of it"
	}
	text := fmt.Sprintf("opslens found traces of %s (%s) in this repository. Confidence: %s, meaning %s. "+
		"Each result points at one proof. Evidence supports an answer in the review; a person still confirms it, "+
		"and practices without traces are not reported as missing.", f.BestPracticeID, f.Title, f.Confidence, meaning)
	md := fmt.Sprintf("opslens found traces of **%s** (%s) in this repository.\n\n**Confidence: %s**: %s.\n\n"+
		"Each result points at one proof. Evidence supports an answer in the review; a person still confirms it, "+
		"and practices without traces are not reported as missing.", f.BestPracticeID, f.Title, f.Confidence, meaning)
	return sarif.NewMultiformatMessageString().WithText(text).WithMarkdown(md)
}

// precisionOf maps confidence to the precision property code scanning
// shows.
func precisionOf(c Confidence) string {
	if c == Strong {
		return "high"
	}
	return "medium"
}

// ruleName turns a practice title into a rule name: "Use version control"
// becomes UseVersionControl.
func ruleName(title string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(title, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		r := []rune(w)
		b.WriteString(strings.ToUpper(string(r[0])) + string(r[1:]))
	}
	return b.String()
}

// fileURI makes a relative URI reference from a slash-separated path,
// escaping each segment (blanks, '#', bytes that are not UTF-8).
func fileURI(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}

// proofFingerprint is stable across runs for the same practice, file and
// line, whatever the summary's wording.
func proofFingerprint(practice string, p Proof) string {
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%s\x00%d", practice, p.Path, p.Line)))
	return hex.EncodeToString(sum[:16])
}

// practiceInfo returns the built-in lens's practices by ID.
func practiceInfo() (map[string]builtin.Practice, error) {
	ps, err := builtin.Practices()
	if err != nil {
		return nil, err
	}
	out := make(map[string]builtin.Practice, len(ps))
	for _, p := range ps {
		out[p.ID] = p
	}
	return out, nil
}
