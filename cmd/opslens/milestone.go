package main

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/api"
	"github.com/opslens/opslens/review"
)

func (a *app) milestoneCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "milestone",
		Aliases: []string{"milestones", "ms"},
		Short:   "Record, list, show and compare milestones",
		Long: `A milestone is an immutable, numbered snapshot of a workload's whole review:
its facts and every answer. Compare milestones to show progress over time.`,
	}
	cmd.AddCommand(a.milestoneCreateCmd(), a.milestoneListCmd(), a.milestoneShowCmd(), a.milestoneDiffCmd())
	return cmd
}

func (a *app) milestoneCreateCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "create <workload> <name>",
		Short:   "Record the review as it stands now",
		Example: `  opslens milestone create payments "Q3 baseline"`,
		Args:    args("workload", "name"),
		RunE: func(cmd *cobra.Command, argv []string) error {
			svc, w, err := a.workload(cmd.Context(), argv[0])
			if err != nil {
				return err
			}
			m, err := svc.CreateMilestone(cmd.Context(), w, argv[1])
			if err != nil {
				return err
			}
			res, err := svc.EvaluateSnapshot(cmd.Context(), m.Snapshot)
			if err != nil {
				return err
			}
			if a.jsonOut() {
				return a.printJSON(api.MilestoneOf(m, res))
			}
			fmt.Fprintf(a.out, "Recorded milestone %d %q for %s: %s\n", m.Number, m.Name, w.Name, countsLine(review.Counts(res)))
			return nil
		},
	}
}

func (a *app) milestoneListCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "list <workload>",
		Short:   "List a workload's milestones with their risk counts",
		Example: "  opslens milestone list payments",
		Args:    args("workload"),
		RunE: func(cmd *cobra.Command, argv []string) error {
			svc, w, err := a.workload(cmd.Context(), argv[0])
			if err != nil {
				return err
			}
			ms, err := svc.Milestones(cmd.Context(), w)
			if err != nil {
				return err
			}
			rows := []api.Milestone{}
			for _, m := range ms {
				res, err := svc.EvaluateSnapshot(cmd.Context(), m.Snapshot)
				if err != nil {
					return err
				}
				rows = append(rows, api.MilestoneOf(m, res))
			}
			if a.jsonOut() {
				return a.printJSON(rows)
			}
			if len(rows) == 0 {
				fmt.Fprintf(a.out, "No milestones for %s yet. Record one with: opslens milestone create %s <name>\n", w.Name, shellQuote(w.Name))
				return nil
			}
			tw := newTable(a.out)
			fmt.Fprintln(tw, "NUMBER\tNAME\tRECORDED\tHIGH\tMEDIUM\tNONE\tN/A\tUNANSWERED")
			for i, r := range rows {
				c := r.RiskCounts
				fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%d\t%d\t%d\t%d\n", r.MilestoneNumber, r.MilestoneName, ms[i].RecordedAt.Local().Format("2006-01-02 15:04"),
					c[opslens.RiskHigh], c[opslens.RiskMedium], c[opslens.RiskNone], c[opslens.RiskNotApplicable], c[opslens.RiskUnanswered])
			}
			return tw.Flush()
		},
	}
}

func (a *app) milestoneShowCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "show <workload> <number>",
		Short:   "Show the review recorded in a milestone",
		Example: "  opslens milestone show payments 1\n  opslens milestone show payments 1 -o json",
		Args:    args("workload", "number"),
		RunE: func(cmd *cobra.Command, argv []string) error {
			n, err := milestoneNumber(argv[1])
			if err != nil {
				return err
			}
			svc, w, err := a.workload(cmd.Context(), argv[0])
			if err != nil {
				return err
			}
			st, err := svc.StateAt(cmd.Context(), w, n)
			if err != nil {
				return err
			}
			if a.jsonOut() {
				return a.printJSON(st.Milestone)
			}
			fmt.Fprintf(a.out, "Milestone %d %q of %s, recorded %s\n%s\n", st.Milestone.Number, st.Milestone.Name, w.Name,
				st.Milestone.RecordedAt.Local().Format("2006-01-02 15:04"), countsLine(review.Counts(st.Results)))
			s := styleFor(a.out)
			for _, r := range st.Results {
				fmt.Fprintf(a.out, "\nLens %s\n", r.Alias)
				for _, q := range r.Questions() {
					fmt.Fprintf(a.out, "  %-8s %s %s\n", q.Question.ID, s.riskCell(q.Risk, 10), q.Question.Title)
				}
			}
			return nil
		},
	}
}

func milestoneNumber(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 0, usageError{fmt.Errorf("milestone number %q must be a positive integer (see 'opslens milestone list')", s)}
	}
	return n, nil
}

func (a *app) milestoneDiffCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "diff <workload> <from> [to]",
		Short: "Show what changed between two milestones, or a milestone and now",
		Example: `  opslens milestone diff payments 1      # milestone 1 to now
  opslens milestone diff payments 1 2
  opslens milestone diff payments 1 2 -o json`,
		Args: rangeArgs(2, "workload", "from", "to"),
		RunE: func(cmd *cobra.Command, argv []string) error {
			from, err := milestoneNumber(argv[1])
			if err != nil {
				return err
			}
			to := 0
			if len(argv) == 3 && argv[2] != "now" {
				if to, err = milestoneNumber(argv[2]); err != nil {
					return err
				}
			}
			svc, w, err := a.workload(cmd.Context(), argv[0])
			if err != nil {
				return err
			}
			fs, err := svc.StateAt(cmd.Context(), w, from)
			if err != nil {
				return err
			}
			ts, err := svc.StateAt(cmd.Context(), w, to)
			if err != nil {
				return err
			}
			d := review.Compare(fs.Results, ts.Results)
			if a.jsonOut() {
				return a.printJSON(api.DiffOf(fs.Label, ts.Label, d))
			}
			printDiff(a, fs, ts, d)
			return nil
		},
	}
}

func printDiff(a *app, fs, ts *review.State, d *review.Diff) {
	s := styleFor(a.out)
	fmt.Fprintf(a.out, "%s\n", s.bold(fmt.Sprintf("%s: %s -> %s", ts.Workload.Name, fs.Label, ts.Label)))
	fc, tc := d.FromCounts, d.ToCounts
	fmt.Fprintf(a.out, "  High risks:   %d -> %d (%d removed, %d added)\n", fc[opslens.RiskHigh], tc[opslens.RiskHigh], d.HighRemoved, d.HighAdded)
	fmt.Fprintf(a.out, "  Medium risks: %d -> %d (%d removed, %d added)\n", fc[opslens.RiskMedium], tc[opslens.RiskMedium], d.MediumRemoved, d.MediumAdded)
	fmt.Fprintf(a.out, "  Unanswered:   %d -> %d\n", fc[opslens.RiskUnanswered], tc[opslens.RiskUnanswered])
	if d.Empty() {
		fmt.Fprintln(a.out, "\nNo changes.")
		return
	}
	section := func(title string, cs []review.QuestionChange) {
		if len(cs) == 0 {
			return
		}
		fmt.Fprintf(a.out, "\n%s (%d)\n", s.bold(title), len(cs))
		for _, c := range cs {
			fmt.Fprintf(a.out, "  %-8s %s -> %s  %s\n", c.QuestionID, s.risk(c.From), s.risk(c.To), c.Title)
		}
	}
	section("Risks resolved", d.Resolved)
	section("Risks introduced", d.Introduced)
	section("Other changes", d.Other)
	practices := func(title string, ps []review.PracticeChange) {
		if len(ps) == 0 {
			return
		}
		fmt.Fprintf(a.out, "\n%s (%d)\n", s.bold(title), len(ps))
		for _, p := range ps {
			fmt.Fprintf(a.out, "  %-12s %-7s %s\n", p.Choice.ID, p.Level, p.Choice.Title)
		}
	}
	practices("Practices newly followed", d.Followed)
	practices("Practices dropped", d.Dropped)
	for _, l := range d.LensesAdded {
		fmt.Fprintf(a.out, "\nLens %s was applied.\n", l)
	}
	for _, l := range d.LensesRemoved {
		fmt.Fprintf(a.out, "\nLens %s was removed.\n", l)
	}
}
