package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/api"
	"github.com/opslens/opslens/review"
)

func (a *app) answerCmd() *cobra.Command {
	var (
		lensAlias, reason, choiceReason, notes string
		sel, unsel, na, applies, choiceNotes   []string
		none, clear, questionNA, applicable    bool
	)
	cmd := &cobra.Command{
		Use:   "answer <workload> <question>",
		Short: "Answer a question: select practices, mark them not applicable, add notes",
		Long: `Answer one question of a workload's review from the command line or a script.

Choices can be written as their full ID (OPS05_BP03), the best-practice ID
(OPS05-BP03), or just BP03; "none" selects "None of these". Flags combine:
--clear runs first, then question applicability, then choice changes, then
notes. The question's new risk is printed.

Reasons for not applicable: OUT_OF_SCOPE, BUSINESS_PRIORITIES,
ARCHITECTURE_CONSTRAINTS, OTHER, NONE.`,
		Example: `  opslens answer payments OPS01 --select BP01,BP02,BP03
  opslens answer payments OPS05 --select BP01 --na-choice BP08 --choice-reason ARCHITECTURE_CONSTRAINTS
  opslens answer payments OPS07 --none --notes "No runbooks yet; see ticket OPS-123"
  opslens answer payments OPS11 --question-na --reason BUSINESS_PRIORITIES
  opslens answer payments OPS02 --clear`,
		Args: args("workload", "question"),
		RunE: func(cmd *cobra.Command, argv []string) error {
			ch := review.Change{
				Clear: clear, NotApplicable: questionNA, Applicable: applicable,
				Select: splitList(sel), Unselect: splitList(unsel),
				ChoiceNA: splitList(na), ChoiceApplies: splitList(applies),
			}
			if none {
				ch.Select = append(ch.Select, "none")
			}
			var err error
			if reason != "" {
				if !questionNA {
					return usageError{fmt.Errorf("--reason applies only with --question-na; for choices use --choice-reason")}
				}
				if ch.Reason, err = opslens.ParseReason(reason); err != nil {
					return err
				}
			}
			if choiceReason != "" {
				if len(ch.ChoiceNA) == 0 {
					return usageError{fmt.Errorf("--choice-reason applies only with --na-choice")}
				}
				if ch.ChoiceReason, err = opslens.ParseReason(choiceReason); err != nil {
					return err
				}
			}
			if cmd.Flags().Changed("notes") {
				ch.Notes = &notes
			}
			if len(choiceNotes) > 0 {
				ch.ChoiceNotes = map[string]string{}
				for _, cn := range choiceNotes {
					id, text, ok := strings.Cut(cn, "=")
					if !ok {
						return usageError{fmt.Errorf("--choice-note %q must be CHOICE=text", cn)}
					}
					ch.ChoiceNotes[id] = text
				}
			}
			if !ch.Clear && !ch.NotApplicable && !ch.Applicable && len(ch.Select)+len(ch.Unselect)+len(ch.ChoiceNA)+len(ch.ChoiceApplies) == 0 && ch.Notes == nil && ch.ChoiceNotes == nil {
				return usageError{fmt.Errorf("nothing to change: pass --select, --none, --unselect, --na-choice, --question-na, --notes or --clear (or use 'opslens review %s' to answer interactively)", argv[0])}
			}
			svc, w, err := a.workload(cmd.Context(), argv[0])
			if err != nil {
				return err
			}
			qr, err := svc.ApplyChange(cmd.Context(), w, lensAlias, argv[1], ch)
			if err != nil {
				return err
			}
			if a.jsonOut() {
				return a.printJSON(api.AnswerOf(qr))
			}
			printAnswer(a, qr)
			return nil
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&lensAlias, "lens", "", "lens of the review (default: the workload's first lens)")
	fs.StringSliceVarP(&sel, "select", "s", nil, "choices to select (comma-separated or repeated)")
	fs.StringSliceVarP(&unsel, "unselect", "u", nil, "choices to unselect")
	fs.BoolVar(&none, "none", false, `select "None of these" (clears other selections)`)
	fs.StringSliceVar(&na, "na-choice", nil, "choices that do not apply to this workload")
	fs.StringVar(&choiceReason, "choice-reason", "", "reason for --na-choice")
	fs.StringSliceVar(&applies, "applicable-choice", nil, "choices to mark applicable again")
	fs.BoolVar(&questionNA, "question-na", false, "mark the whole question not applicable")
	fs.StringVar(&reason, "reason", "", "reason for --question-na")
	fs.BoolVar(&applicable, "applicable", false, "mark the question applicable again")
	fs.StringVar(&notes, "notes", "", "notes for the question (replaces earlier notes)")
	fs.StringArrayVar(&choiceNotes, "choice-note", nil, "notes for one choice as CHOICE=text (repeatable)")
	fs.BoolVar(&clear, "clear", false, "reset the question to unanswered first")
	return cmd
}

func printAnswer(a *app, qr *review.QuestionResult) {
	s := styleFor(a.out)
	fmt.Fprintf(a.out, "%s  %s\nRisk: %s\n", s.bold(qr.Question.ID), qr.Question.Title, s.risk(qr.Risk))
	if qr.Answer.Notes != "" {
		fmt.Fprintf(a.out, "Notes: %s\n", qr.Answer.Notes)
	}
	if !qr.Answer.IsApplicable {
		fmt.Fprintf(a.out, "Not applicable (%s)\n", qr.Answer.Reason)
		return
	}
	for _, c := range qr.Question.Choices {
		st := qr.Answer.Choice(c.ID)
		mark := "[ ]"
		switch st.Status {
		case opslens.ChoiceSelected:
			mark = "[x]"
		case opslens.ChoiceNotApplicable:
			mark = "[-]"
		}
		lvl := string(c.Level())
		fmt.Fprintf(a.out, "  %s %-12s %-7s %s\n", mark, c.ID, lvl, c.Title)
		if st.Status == opslens.ChoiceNotApplicable {
			fmt.Fprintf(a.out, "%27s%s\n", "", s.dim("not applicable: "+string(st.Reason)))
		}
		if st.Notes != "" {
			fmt.Fprintf(a.out, "%27s%s\n", "", s.dim("notes: "+st.Notes))
		}
	}
	if len(qr.Missing) > 0 && qr.Answered {
		fmt.Fprintf(a.out, "%d practice(s) missing; see 'opslens plan'.\n", len(qr.Missing))
	}
}

func (a *app) statusCmd() *cobra.Command {
	var milestone int
	cmd := &cobra.Command{
		Use:   "status <workload>",
		Short: "Show the risk of every question of a workload's review",
		Example: `  opslens status payments
  opslens status payments --milestone 2 -o json`,
		Args: args("workload"),
		RunE: func(cmd *cobra.Command, argv []string) error {
			svc, w, err := a.workload(cmd.Context(), argv[0])
			if err != nil {
				return err
			}
			st, err := svc.StateAt(cmd.Context(), w, milestone)
			if err != nil {
				return err
			}
			if a.jsonOut() {
				type lensJSON struct {
					LensAlias  string
					RiskCounts review.RiskCounts
					Answers    []api.Answer
				}
				out := struct {
					WorkloadName string
					State        string
					RiskCounts   review.RiskCounts
					LensReviews  []lensJSON
				}{WorkloadName: w.Name, State: st.Label, RiskCounts: review.Counts(st.Results), LensReviews: []lensJSON{}}
				for _, r := range st.Results {
					lj := lensJSON{LensAlias: r.Alias, RiskCounts: r.Counts, Answers: []api.Answer{}}
					for _, q := range r.Questions() {
						aj := api.AnswerOf(&q)
						aj.Evidence = api.QuestionEvidence(st, r.Alias, q.Question)
						lj.Answers = append(lj.Answers, aj)
					}
					out.LensReviews = append(out.LensReviews, lj)
				}
				return a.printJSON(out)
			}
			s := styleFor(a.out)
			fmt.Fprintf(a.out, "%s, %s: %s\n", s.bold(w.Name), st.Label, countsLine(review.Counts(st.Results)))
			for _, r := range st.Results {
				fmt.Fprintf(a.out, "\nLens %s\n", r.Alias)
				if len(st.Evidence[r.Alias]) > 0 {
					printStatusWithEvidence(a, s, st, r)
					continue
				}
				fmt.Fprintf(a.out, "%-9s %-11s %-9s %s\n", "QUESTION", "RISK", "FOLLOWED", "TITLE")
				for _, q := range r.Questions() {
					fmt.Fprintf(a.out, "%-9s %s %-9s %s\n", q.Question.ID, s.riskCell(q.Risk, 11), followedCell(q), q.Question.Title)
				}
			}
			return nil
		},
	}
	cmd.Flags().IntVar(&milestone, "milestone", 0, "show the state recorded in this milestone")
	return cmd
}

// printStatusWithEvidence is status with an EVIDENCE column: how many of
// the question's practices scans found evidence for, and how many
// selections still await a person's confirmation.
func printStatusWithEvidence(a *app, s style, st *review.State, r *review.LensResult) {
	fmt.Fprintf(a.out, "%-9s %-11s %-9s %-22s %s\n", "QUESTION", "RISK", "FOLLOWED", "EVIDENCE", "TITLE")
	for _, q := range r.Questions() {
		strong, partial, unconfirmed := 0, 0, 0
		for id, ev := range api.QuestionEvidence(st, r.Alias, q.Question) {
			if ev.Confidence == opslens.ConfidenceStrong {
				strong++
			} else {
				partial++
			}
			if c := q.Answer.Choice(id); c.Source == opslens.SourceEvidence && c.Status == opslens.ChoiceSelected {
				unconfirmed++
			}
		}
		ev := "-"
		if strong+partial > 0 {
			ev = fmt.Sprintf("%d strong, %d partial", strong, partial)
		}
		if unconfirmed > 0 {
			ev += fmt.Sprintf(" (%d to confirm)", unconfirmed)
		}
		fmt.Fprintf(a.out, "%-9s %s %-9s %-22s %s\n", q.Question.ID, s.riskCell(q.Risk, 11), followedCell(q), ev, q.Question.Title)
	}
}

// followedCell shows how many practices an answered question follows.
func followedCell(q review.QuestionResult) string {
	if !q.Answered || q.Risk == opslens.RiskNotApplicable {
		return "-"
	}
	total := 0
	for _, c := range q.Question.Choices {
		if !c.IsNone() {
			total++
		}
	}
	return fmt.Sprintf("%d/%d", total-len(q.Missing), total)
}
