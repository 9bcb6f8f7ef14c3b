package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/evidence"
	"github.com/opslens/opslens/reviewfile"
)

func (a *app) initCmd() *cobra.Command {
	var file, name string
	var force bool
	cmd := &cobra.Command{
		Use:   "init [PATH...]",
		Short: "Write a review file for a repository, pre-filled from a scan",
		Long: `Scan the repositories (default: the current directory) and write a review
file, opslens.yaml, that keeps the workload's Operational Excellence
review with its code. Practices with strong evidence are selected; comments
above each question show the evidence found, so the team can confirm,
correct and complete the answers before committing the file. Questions
without evidence are left for people to answer.`,
		Example: `  opslens init
  opslens init . ../infra --name payments
  opslens init -f docs/opslens.yaml --force`,
		RunE: func(cmd *cobra.Command, paths []string) error {
			if len(paths) == 0 {
				paths = []string{"."}
			}
			if file == "" {
				file = filepath.Join(paths[0], reviewfile.DefaultPath)
			}
			if _, err := os.Stat(file); err == nil && !force {
				return opslens.Errorf(opslens.ECONFLICT, "%s already exists; edit it, or pass --force to write a new one", file)
			}
			if name == "" {
				var err error
				if name, err = defaultName(paths[0]); err != nil {
					return err
				}
			}
			if err := checkScanPaths(paths); err != nil {
				return err
			}
			rep, err := a.runScan(cmd.Context(), paths)
			if err != nil {
				return err
			}
			f, notes := initialFile(name, rep)
			out, err := reviewfile.EncodeWithNotes(f, notes)
			if err != nil {
				return err
			}
			if err := writeOutput(a.out, file, out); err != nil {
				return err
			}
			n := 0
			for _, q := range f.Questions {
				n += len(q.Selected)
			}
			fmt.Fprintf(a.err, "Wrote %s: %d practices selected from strong evidence across %d questions; review it, answer the rest, and commit it.\n",
				file, n, len(f.Questions))
			return nil
		},
	}
	cmd.Flags().StringVarP(&file, "file", "f", "", "review file to write (default PATH/opslens.yaml)")
	cmd.Flags().StringVar(&name, "name", "", "workload name (default: the directory's name)")
	cmd.Flags().BoolVar(&force, "force", false, "overwrite an existing review file")
	return cmd
}

// initialFile builds a review file from a scan: strong findings selected,
// every finding listed in a comment above its question.
func initialFile(name string, rep *evidence.Report) (*reviewfile.File, map[string][]string) {
	f := &reviewfile.File{Version: reviewfile.Version, Workload: reviewfile.Workload{Name: name, Environment: "production"}}
	notes := map[string][]string{}
	byQ := map[string]*reviewfile.Question{}
	var order []string
	for _, fd := range rep.Findings {
		q := byQ[fd.QuestionID]
		if q == nil {
			q = &reviewfile.Question{ID: fd.QuestionID}
			byQ[fd.QuestionID] = q
			order = append(order, fd.QuestionID)
		}
		short := fd.BestPracticeID[strings.LastIndex(fd.BestPracticeID, "-")+1:]
		if fd.Confidence == evidence.Strong {
			q.Selected = append(q.Selected, reviewfile.Ref{Value: short})
		}
		line := fmt.Sprintf("%s %s (%s)", short, fd.Title, fd.Confidence)
		if len(fd.Evidence) > 0 {
			line += ": " + scanProofPlace(fd.Evidence[0]) + " - " + fd.Evidence[0].Summary
		}
		notes[fd.QuestionID] = append(notes[fd.QuestionID], line)
	}
	for _, id := range order {
		f.Questions = append(f.Questions, *byQ[id])
	}
	return f, notes
}

func (a *app) checkCmd() *cobra.Command {
	var file, failOn, sarifFile, mdFile string
	cmd := &cobra.Command{
		Use:   "check [PATH...]",
		Short: "Check a review file against a fresh scan, for CI",
		Long: `Evaluate the review file (default PATH/opslens.yaml) together with a fresh
scan of the repositories (default: the current directory): print each
question's risk, the improvement plan, and where the file and the evidence
disagree — practices the file selects but no repository shows (for
practices that live in code), and strong evidence for practices the file
does not claim — plus not-applicable marks and accepted risks whose date
has passed.

--fail-on sets what makes the check fail (exit code 5): high, medium
(medium or worse), unanswered, drift (disagreements and expired
decisions), comma-separated; the default is none, so the check only
reports. A HIGH or MEDIUM risk the file accepts (accepted-risk with a date
still ahead) does not fail high or medium.`,
		Example: `  opslens check --fail-on high,drift
  opslens check . ../infra -f opslens.yaml --markdown summary.md --sarif check.sarif
  opslens check -o json`,
		RunE: func(cmd *cobra.Command, paths []string) error {
			return a.runCheck(cmd.Context(), paths, checkOptions{file: file, failOn: failOn, sarif: sarifFile, markdown: mdFile})
		},
	}
	cmd.Flags().StringVarP(&file, "file", "f", "", "review file (default PATH/opslens.yaml)")
	cmd.Flags().StringVar(&failOn, "fail-on", "none", "fail (exit 5) on: high, medium, unanswered, drift (comma-separated)")
	cmd.Flags().StringVar(&sarifFile, "sarif", "", "also write the findings as SARIF 2.1.0 to this file")
	cmd.Flags().StringVar(&mdFile, "markdown", "", "also write a Markdown summary (for a pull-request comment) to this file")
	return cmd
}

// policyFailed is the check's verdict, not a malfunction: it has its own
// exit code so CI can tell the two apart.
type policyFailed struct {
	n      int
	policy string
}

func (e policyFailed) Error() string {
	return fmt.Sprintf("check failed: %d finding(s) violate --fail-on %s", e.n, e.policy)
}

func (a *app) printCheck(file string, res *reviewfile.Result) {
	s := styleFor(a.out)
	fmt.Fprintf(a.out, "%s %s (%s): %s\n", s.bold("Workload"), res.Workload, file, countsLine(res.Counts))
	tw := newTable(a.out)
	fmt.Fprintln(tw, "QUESTION\tRISK\tTITLE")
	for _, q := range res.Results.Questions() {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", q.Question.ID, s.risk(q.Risk), q.Question.Title)
	}
	tw.Flush()
	if len(res.Plan) > 0 {
		fmt.Fprintf(a.out, "\n%s: %d missing practices in answered questions (run 'opslens plan' on an imported review for all)\n", s.bold("Improvement plan"), len(res.Plan))
		for _, it := range res.Plan[:min(len(res.Plan), 5)] {
			fmt.Fprintf(a.out, "  %-6s %s %s\n", it.Level, it.Choice.ID, it.Choice.Title)
		}
	}
	if len(res.Drift) > 0 {
		fmt.Fprintf(a.out, "\n%s (%d)\n", s.bold("Review file and evidence disagree"), len(res.Drift))
		for _, d := range res.Drift {
			fmt.Fprintf(a.out, "  %s %s: %s\n", d.BestPracticeID, d.Title, driftLine(file, d))
		}
	}
	if len(res.Decisions) > 0 {
		fmt.Fprintf(a.out, "\n%s\n", s.bold("Decisions"))
		for _, d := range res.Decisions {
			fmt.Fprintf(a.out, "  %s\n", decisionLine(file, d))
		}
	}
	if res.Passed() {
		fmt.Fprintf(a.out, "\n%s\n", s.bold("Check passed."))
		return
	}
	fmt.Fprintf(a.out, "\n%s\n", s.bold("Check failed:"))
	for _, f := range res.Failures {
		fmt.Fprintf(a.out, "  - %s\n", f)
	}
}

func driftLine(file string, d reviewfile.Drift) string {
	if d.Kind == reviewfile.ClaimedWithoutEvidence {
		return fmt.Sprintf("selected at %s:%d, but the scan found no trace of it", file, d.Line)
	}
	line := "strong evidence, not selected in the review file"
	if len(d.Evidence) > 0 {
		p := d.Evidence[0]
		line += fmt.Sprintf(" (%s", p.Path)
		if p.Line > 0 {
			line += fmt.Sprintf(":%d", p.Line)
		}
		line += ": " + p.Summary + ")"
	}
	return line
}

func decisionLine(file string, d reviewfile.Decision) string {
	target := d.QuestionID
	if d.ChoiceID != "" {
		target = d.ChoiceID
	}
	line := fmt.Sprintf("%s:%d %s %s", file, d.Line, d.Kind, target)
	if d.By != "" {
		line += " by " + d.By
	}
	switch {
	case d.Expired:
		line += " EXPIRED on " + d.Until
	case d.Until != "":
		line += " until " + d.Until
	}
	return line
}

// checkMarkdown renders the result for a pull-request comment.
func checkMarkdown(file string, res *reviewfile.Result) string {
	var b strings.Builder
	verdict := "passed"
	if !res.Passed() {
		verdict = "failed"
	}
	fmt.Fprintf(&b, "## opslens check %s: %s\n\n", verdict, res.Workload)
	fmt.Fprintf(&b, "Risks: %s.\n\n", countsLine(res.Counts))
	b.WriteString("| Question | Risk | Title |\n|---|---|---|\n")
	for _, q := range res.Results.Questions() {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", q.Question.ID, q.Risk, mdCell(q.Question.Title))
	}
	if len(res.Failures) > 0 {
		b.WriteString("\n### Why it failed\n\n")
		for _, f := range res.Failures {
			fmt.Fprintf(&b, "- %s\n", mdCell(f))
		}
	}
	if len(res.Drift) > 0 {
		b.WriteString("\n### Review file and evidence disagree\n\n")
		for _, d := range res.Drift {
			fmt.Fprintf(&b, "- **%s** %s: %s\n", d.BestPracticeID, mdCell(d.Title), mdCell(driftLine(file, d)))
		}
	}
	if len(res.Decisions) > 0 {
		b.WriteString("\n### Decisions\n\n")
		for _, d := range res.Decisions {
			fmt.Fprintf(&b, "- %s\n", mdCell(decisionLine(file, d)))
		}
	}
	return b.String()
}

// mdCell keeps text from breaking a Markdown table or list.
func mdCell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "<", "&lt;", ">", "&gt;").Replace(s)
}

// checkOptions are the check command's flags.
type checkOptions struct{ file, failOn, sarif, markdown string }

// runCheck evaluates the review file against a fresh scan, writes the
// outputs asked for, and fails with policyFailed when the policy does.
func (a *app) runCheck(ctx context.Context, paths []string, o checkOptions) error {
	policies, err := reviewfile.ParsePolicies(o.failOn)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	if o.file == "" {
		o.file = filepath.Join(paths[0], reviewfile.DefaultPath)
	}
	f, err := a.readReviewFile(o.file)
	if err != nil {
		return err
	}
	alias, l, err := a.fileLens(ctx, f)
	if err != nil {
		return err
	}
	if err := checkScanPaths(paths); err != nil {
		return err
	}
	rep, err := a.runScan(ctx, paths)
	if err != nil {
		return err
	}
	res, err := reviewfile.Check(f, alias, l, rep, policies, time.Now())
	if err != nil {
		return opslens.Errorf(opslens.EINVALID, "%s: %s", o.file, err)
	}
	if err := a.writeCheckFiles(o, res); err != nil {
		return err
	}
	if a.jsonOut() {
		if err := a.printJSON(res); err != nil {
			return err
		}
	} else {
		a.printCheck(o.file, res)
	}
	if !res.Passed() {
		return policyFailed{len(res.Failures), o.failOn}
	}
	return nil
}

// writeCheckFiles writes the Markdown summary and the SARIF file when asked.
func (a *app) writeCheckFiles(o checkOptions, res *reviewfile.Result) error {
	if o.markdown != "" {
		if err := writeOutput(a.out, o.markdown, []byte(checkMarkdown(o.file, res))); err != nil {
			return err
		}
	}
	if o.sarif != "" {
		data, err := reviewfile.SARIF(o.file, res, versionString())
		if err != nil {
			return err
		}
		return writeOutput(a.out, o.sarif, data)
	}
	return nil
}
