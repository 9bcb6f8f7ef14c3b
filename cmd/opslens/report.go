package main

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/opslens/opslens/report"
)

func (a *app) reportCmd() *cobra.Command {
	var format, file string
	var milestone int
	cmd := &cobra.Command{
		Use:   "report <workload>",
		Short: "Write a stakeholder report in Markdown, HTML or JSON",
		Long: `Write a report of a workload's review for stakeholders: the workload's facts,
risk counts per pillar and question, the improvement plan and the notes.

--format html writes one self-contained file with an SVG chart, fit to print.
--format json uses the AWS Well-Architected API's field names where they exist
(RiskCounts, QuestionId, ChoiceId, SelectedChoices, ...).
$SOURCE_DATE_EPOCH, when set, fixes the report's timestamp for reproducible output.`,
		Example: `  opslens report payments --format md > payments.md
  opslens report payments --format html -f payments.html
  opslens report payments --format json --milestone 2`,
		Args: args("workload"),
		RunE: func(cmd *cobra.Command, argv []string) error {
			render := map[string]func(*bytes.Buffer, *report.Report) error{
				"md":       func(b *bytes.Buffer, r *report.Report) error { return report.Markdown(b, r) },
				"markdown": func(b *bytes.Buffer, r *report.Report) error { return report.Markdown(b, r) },
				"html":     func(b *bytes.Buffer, r *report.Report) error { return report.HTML(b, r) },
				"json":     func(b *bytes.Buffer, r *report.Report) error { return report.JSON(b, r) },
			}
			f := strings.ToLower(format)
			if a.jsonOut() && !cmd.Flags().Changed("format") {
				f = "json"
			}
			fn, ok := render[f]
			if !ok {
				return usageError{fmt.Errorf("unknown --format %q: use md, html or json", format)}
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
			var buf bytes.Buffer
			if err := fn(&buf, report.Build(st, at)); err != nil {
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
	cmd.Flags().StringVar(&format, "format", "md", "md, html or json")
	cmd.Flags().StringVarP(&file, "file", "f", "", "write to this file instead of standard output")
	cmd.Flags().IntVar(&milestone, "milestone", 0, "report on this milestone instead of the current review")
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
