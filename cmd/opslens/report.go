package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/opslens/opslens/report"
	"github.com/opslens/opslens/review"
)

func (a *app) reportCmd() *cobra.Command {
	var format, file string
	var milestone, compare int
	var pf portfolioFlags
	cmd := &cobra.Command{
		Use:   "report <workload> | report --portfolio",
		Short: "Write a stakeholder report in Markdown, HTML, JSON or PDF",
		Long: `Write a report of a workload's review for stakeholders: the workload's facts,
risk counts per pillar and question, the improvement plan and the notes.

--format html writes one self-contained file with an SVG chart, fit to print.
--format pdf writes a printable PDF: a cover with the workload's facts, the
contents, the risk summary with a chart, every question, the improvement
plan with its steps and evidence, and the notes; fonts embedded, text
selectable, pages numbered.
--format json uses the AWS Well-Architected API's field names where they exist
(RiskCounts, QuestionId, ChoiceId, SelectedChoices, ...).
$SOURCE_DATE_EPOCH, when set, fixes the report's timestamp for reproducible output.

--portfolio reports on every workload (or those with --tag K=V and
--owner O) instead of one: their risk counts, the questions most often at
risk, the practices most often missing, and the reviews that need
attention: never answered, or no milestone in --stale-days days.`,
		Example: `  opslens report payments --format md > payments.md
  opslens report payments --format html -f payments.html
  opslens report payments --format pdf -f payments.pdf
  opslens report payments --format json --milestone 2
  opslens report --portfolio --tag team=payments --format html -f portfolio.html`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, argv []string) error {
			if pf.on {
				if len(argv) > 0 {
					return usageError{fmt.Errorf("--portfolio reports on many workloads: give no workload name")}
				}
				return a.portfolioReport(cmd, pf, format, file)
			}
			if len(argv) != 1 {
				return usageError{fmt.Errorf("name the workload to report on, or give --portfolio")}
			}
			render := map[string]func(*bytes.Buffer, *report.Report) error{
				"md":       func(b *bytes.Buffer, r *report.Report) error { return report.Markdown(b, r) },
				"markdown": func(b *bytes.Buffer, r *report.Report) error { return report.Markdown(b, r) },
				"html":     func(b *bytes.Buffer, r *report.Report) error { return report.HTML(b, r) },
				"json":     func(b *bytes.Buffer, r *report.Report) error { return report.JSON(b, r) },
				"pdf":      func(b *bytes.Buffer, r *report.Report) error { return report.PDF(b, r) },
			}
			f := strings.ToLower(format)
			if a.jsonOut() && !cmd.Flags().Changed("format") {
				f = "json"
			}
			fn, ok := render[f]
			if !ok {
				return usageError{fmt.Errorf("unknown --format %q: use md, html, json or pdf", format)}
			}
			if f == "pdf" && (file == "" || file == "-") && writerIsTerminal(a.out) {
				return usageError{fmt.Errorf("a PDF is binary: write it to a file with -f report.pdf, or redirect the output")}
			}
			at, err := reportTime()
			if err != nil {
				return err
			}
			svc, w, err := a.workload(cmd.Context(), argv[0])
			if err != nil {
				return err
			}
			st, err := svc.StateAt(cmd.Context(), w, milestone)
			if err != nil {
				return err
			}
			rep := report.Build(st, at)
			if compare > 0 {
				from, err := svc.StateAt(cmd.Context(), w, compare)
				if err != nil {
					return err
				}
				rep.Compare(from.Label, review.Compare(from.Results, st.Results))
			}
			var buf bytes.Buffer
			if err := fn(&buf, rep); err != nil {
				return fmt.Errorf("render %s report for %s: %w", f, w.Name, err)
			}
			if err := writeOutput(a.out, file, buf.Bytes()); err != nil {
				return err
			}
			if file != "" && file != "-" {
				fmt.Fprintf(a.err, "Wrote %s report for %s to %s.\n", f, w.Name, file)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "md", "md, html, json or pdf")
	cmd.Flags().StringVarP(&file, "file", "f", "", "write to this file instead of standard output")
	cmd.Flags().IntVar(&milestone, "milestone", 0, "report on this milestone instead of the current review")
	cmd.Flags().BoolVar(&pf.on, "portfolio", false, "report on many workloads instead of one")
	cmd.Flags().StringArrayVar(&pf.tags, "tag", nil, "with --portfolio: only workloads with this tag (K=V, repeatable)")
	cmd.Flags().StringVar(&pf.owner, "owner", "", "with --portfolio: only workloads of this owner")
	cmd.Flags().IntVar(&pf.staleDays, "stale-days", 90, "with --portfolio: a review without a milestone for this many days is stale")
	cmd.Flags().IntVar(&compare, "compare", 0, "add what changed since this milestone (in the PDF and JSON)")
	return cmd
}

// reportTime honours SOURCE_DATE_EPOCH (reproducible-builds.org) so reports
// can be diffed and checked into version control.
func reportTime() (time.Time, error) {
	v := os.Getenv("SOURCE_DATE_EPOCH")
	if v == "" {
		return time.Now().UTC(), nil
	}
	var sec int64
	if _, err := fmt.Sscanf(v, "%d", &sec); err != nil {
		return time.Time{}, usageError{fmt.Errorf("SOURCE_DATE_EPOCH=%q is not a number of seconds", v)}
	}
	return time.Unix(sec, 0).UTC(), nil
}

// writerIsTerminal reports whether w is an interactive terminal.
func writerIsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
