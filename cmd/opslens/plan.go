package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/api"
	"github.com/opslens/opslens/lens"
	"github.com/opslens/opslens/review"
	"github.com/opslens/opslens/tickets"
)

func (a *app) planCmd() *cobra.Command {
	var milestone int
	var level string
	var ex exportFlags
	cmd := &cobra.Command{
		Use:   "plan <workload>",
		Short: "Show the improvement plan: every missing practice, highest risk first",
		Long: `Show the improvement plan of a workload: every best practice that an answered
question is missing, ordered HIGH before MEDIUM before LOW level, then by the
workload's pillar priorities, then by question order, each with its
improvement steps. Practices marked not applicable are left out.

--export turns the plan into tickets for a tracker, one per missing
practice (or per question with --per question), each with why it matters,
the steps, the evidence a scan found and a link back (--link): github
writes a shell script of 'gh issue create' commands, gitlab the JSON of
GitLab's issues API, jira-csv a CSV for Jira's importer, csv a plain CSV.
opslens remembers what it exported, so exporting again gives only the new
tickets (--all gives every one); the GitHub script also skips any ticket
whose key an issue of the repository already holds.`,
		Example: `  opslens plan payments
  opslens plan payments --level high
  opslens plan payments --milestone 1 -o json
  opslens plan payments --export github --out tickets.sh --link https://opslens.example.com && sh tickets.sh
  opslens plan payments --export jira-csv --per question --out plan.csv`,
		Args: args("workload"),
		RunE: func(cmd *cobra.Command, argv []string) error {
			var only lens.Level
			if level != "" {
				only = lens.Level(strings.ToUpper(level))
				if only != lens.LevelHigh && only != lens.LevelMedium && only != lens.LevelLow {
					return usageError{fmt.Errorf("unknown --level %q: use high, medium or low", level)}
				}
			}
			svc, w, err := a.workload(cmd.Context(), argv[0])
			if err != nil {
				return err
			}
			st, err := svc.StateAt(cmd.Context(), w, milestone)
			if err != nil {
				return err
			}
			var items []review.PlanItem
			for _, it := range review.PlanFor(st.Results, &st.Workload) {
				if only == "" || it.Level == only {
					items = append(items, it)
				}
			}
			if ex.target != "" {
				return a.exportPlan(cmd.Context(), svc, st, items, ex)
			}
			if a.jsonOut() {
				out := []api.PlanItem{}
				for i, it := range items {
					j := api.PlanItemOf(i+1, it)
					if ev, ok := st.Evidence[it.LensAlias][it.Choice.ID]; ok {
						j.Evidence = &ev
					}
					out = append(out, j)
				}
				return a.printJSON(out)
			}
			printPlan(a, st, items)
			return nil
		},
	}
	cmd.Flags().IntVar(&milestone, "milestone", 0, "plan as of this milestone")
	cmd.Flags().StringVar(&level, "level", "", "only practices of this level: high, medium or low")
	cmd.Flags().StringVar(&ex.target, "export", "", "write tickets instead: github, gitlab, jira-csv or csv")
	cmd.Flags().StringVar(&ex.per, "per", tickets.PerPractice, "with --export: one ticket per practice or per question")
	cmd.Flags().StringVar(&ex.out, "out", "", "with --export: write to this file (default: standard output)")
	cmd.Flags().StringVar(&ex.link, "link", os.Getenv("OPSLENS_BASE_URL"), "with --export: the opslens server's URL, for links back ($OPSLENS_BASE_URL)")
	cmd.Flags().BoolVar(&ex.all, "all", false, "with --export: include tickets exported before")
	return cmd
}

func printPlan(a *app, st *review.State, items []review.PlanItem) {
	s := styleFor(a.out)
	width := termWidth(a.out)
	unanswered := review.Counts(st.Results)[opslens.RiskUnanswered]
	fmt.Fprintf(a.out, "%s, %s: %d practice(s) to improve\n", s.bold("Improvement plan for "+st.Workload.Name), st.Label, len(items))
	if unanswered > 0 {
		fmt.Fprintf(a.out, "%s\n", s.dim(fmt.Sprintf("%d question(s) unanswered are not in the plan yet.", unanswered)))
	}
	if len(items) == 0 {
		return
	}
	cur := lens.Level("")
	for i, it := range items {
		if it.Level != cur {
			cur = it.Level
			fmt.Fprintf(a.out, "\n%s\n", s.level(cur)+s.bold(" level practices"))
		}
		fmt.Fprintf(a.out, "\n%2d. %s  %s\n", i+1, s.bold(it.Choice.ID), s.bold(it.Choice.Title))
		fmt.Fprintf(a.out, "    %s\n", s.dim(fmt.Sprintf("%s %s (question risk %s)", it.QuestionID, it.Question, riskLabel(it.QuestionRisk))))
		if ev, ok := st.Evidence[it.LensAlias][it.Choice.ID]; ok && len(ev.Proofs) > 0 {
			p := ev.Proofs[0]
			fmt.Fprintf(a.out, "    %s\n", s.dim(truncate(fmt.Sprintf("evidence (%s): %s - %s", ev.Confidence, p.Location(), p.Summary), max(width-4, 20))))
		}
		var steps []string
		if it.Choice.Ext != nil && it.Choice.Ext.Guidance != nil {
			steps = it.Choice.Ext.Guidance.Steps
		}
		if len(steps) > 0 {
			for j, step := range steps {
				body := wrap(step, width, "         ")
				fmt.Fprintf(a.out, "      %d. %s\n", j+1, strings.TrimLeft(body, " "))
			}
		} else if it.Choice.ImprovementPlan != nil {
			fmt.Fprintf(a.out, "%s\n", wrap(it.Choice.ImprovementPlan.DisplayText, width, "      "))
		}
	}
}
