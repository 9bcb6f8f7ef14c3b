package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/lens"
	"github.com/opslens/opslens/review"
)

func (a *app) reviewCmd() *cobra.Command {
	var lensAlias, question string
	var all, create bool
	cmd := &cobra.Command{
		Use:   "review <workload>",
		Short: "Walk through the questions interactively, as in a review workshop",
		Long: `Walk through a workload's questions one at a time, with each best practice's
guidance at hand, the way a facilitator runs a review workshop. Only the
unanswered questions are shown unless --all or --question is given. Every
question is saved as soon as you move on, so quitting loses nothing.

At the prompt, type practice numbers to toggle them (1 3 5-7), then Enter to
save and go on. Type h for all commands.`,
		Example: `  opslens review payments
  opslens review payments --all
  opslens review payments --question OPS05
  opslens review new-service --create`,
		Args: args("workload"),
		RunE: func(cmd *cobra.Command, argv []string) error {
			ctx := cmd.Context()
			svc, err := a.service(ctx)
			if err != nil {
				return err
			}
			in := bufio.NewReader(a.in)
			w, err := svc.Workload(ctx, argv[0])
			if opslens.ErrorCode(err) == opslens.ENOTFOUND && !create && isTerminal(a.in) {
				fmt.Fprintf(a.out, "Workload %s does not exist. Create it? [Y/n] ", argv[0])
				line, _ := in.ReadString('\n')
				create = strings.TrimSpace(strings.ToLower(line)) == "" || strings.HasPrefix(strings.ToLower(line), "y")
			}
			if opslens.ErrorCode(err) == opslens.ENOTFOUND && create {
				w = &opslens.Workload{Name: strings.TrimSpace(argv[0]), Environment: opslens.EnvProduction}
				if err = svc.CreateWorkload(ctx, w); err == nil {
					fmt.Fprintf(a.out, "Created workload %s (PRODUCTION, lens %s). Change its details with 'opslens workload update'.\n", w.Name, strings.Join(w.Lenses, ", "))
				}
			}
			if err != nil {
				return err
			}
			alias, l, err := svc.LensFor(ctx, w, lensAlias)
			if err != nil {
				return err
			}
			var refs []lens.QuestionRef
			if question != "" {
				ref, err := review.ResolveQuestion(l, alias, question)
				if err != nil {
					return err
				}
				refs = []lens.QuestionRef{ref}
			} else {
				refs = l.Questions()
			}
			sets, err := svc.Evidence(ctx, w, alias)
			if err != nil {
				return err
			}
			s := &session{app: a, svc: svc, w: w, alias: alias, l: l, in: in, st: styleFor(a.out), width: termWidth(a.out),
				onlyOpen: !all && question == "", evidence: review.EvidenceByChoice(sets)}
			return s.run(ctx, refs)
		},
	}
	cmd.Flags().StringVar(&lensAlias, "lens", "", "lens to review (default: the workload's first lens)")
	cmd.Flags().StringVarP(&question, "question", "q", "", "review only this question")
	cmd.Flags().BoolVar(&all, "all", false, "walk every question, answered or not")
	cmd.Flags().BoolVar(&create, "create", false, "create the workload (PRODUCTION, default lens) if it does not exist")
	return cmd
}

// session is one interactive walk through a lens review.
type session struct {
	*app
	svc      *review.Service
	w        *opslens.Workload
	alias    string
	l        *lens.Lens
	in       *bufio.Reader
	st       style
	width    int
	onlyOpen bool
	// saved is the result of the latest save, so run can refresh its view
	// of that question without reloading the whole review.
	saved *review.QuestionResult
	// evidence found by scans, shown next to each practice.
	evidence map[string]review.ChoiceEvidence
}

// draft is the answer being edited for one question.
type draft struct {
	selected map[string]bool
	// fromEvidence marks selections a scan made that no person confirmed;
	// saving the question confirms them.
	fromEvidence map[string]bool
	na           map[string]opslens.Reason
	notes        string
	qna          bool
	qreason      opslens.Reason
}

func (s *session) run(ctx context.Context, refs []lens.QuestionRef) error {
	current, err := s.svc.Evaluate(ctx, s.w)
	if err != nil {
		return err
	}
	results := map[string]review.QuestionResult{}
	for _, r := range current {
		if r.Alias == s.alias {
			for _, q := range r.Questions() {
				results[q.Question.ID] = q
			}
		}
	}
	var todo []lens.QuestionRef
	for _, r := range refs {
		if !s.onlyOpen || results[r.Question.ID].Risk == opslens.RiskUnanswered {
			todo = append(todo, r)
		}
	}
	if len(todo) == 0 {
		fmt.Fprintf(s.out, "Every question of %s is answered. Use --all to revisit them, or see 'opslens plan %s'.\n", s.w.Name, shellQuote(s.w.Name))
		return nil
	}
	fmt.Fprintf(s.out, "%s: %d question(s) to review with lens %s. Type h at the prompt for help.\n", s.st.bold(s.w.Name), len(todo), s.alias)
	for i := 0; i < len(todo); {
		qr := results[todo[i].Question.ID]
		step, err := s.ask(ctx, todo[i], qr, i, len(todo))
		if err != nil {
			return err
		}
		if step == 0 {
			break
		}
		if updated, ok := s.lastSaved(); ok {
			results[updated.Question.ID] = updated
		}
		i += step
		if i < 0 {
			i = 0
		}
	}
	return s.summary(ctx)
}

func (s *session) lastSaved() (review.QuestionResult, bool) {
	if s.saved == nil {
		return review.QuestionResult{}, false
	}
	r := *s.saved
	s.saved = nil
	return r, true
}

func newDraft(qr review.QuestionResult) *draft {
	d := &draft{selected: map[string]bool{}, na: map[string]opslens.Reason{}, notes: qr.Answer.Notes, fromEvidence: map[string]bool{}}
	if qr.Answered && !qr.Answer.IsApplicable {
		d.qna, d.qreason = true, qr.Answer.Reason
	}
	for _, c := range qr.Answer.Choices {
		switch c.Status {
		case opslens.ChoiceSelected:
			d.selected[c.ChoiceID] = true
			d.fromEvidence[c.ChoiceID] = c.Source == opslens.SourceEvidence
		case opslens.ChoiceNotApplicable:
			d.na[c.ChoiceID] = c.Reason
		}
	}
	return d
}

// unconfirmed reports whether the draft holds selections a scan made that
// no person has confirmed yet.
func (d *draft) unconfirmed() bool {
	for id, from := range d.fromEvidence {
		if from && d.selected[id] {
			return true
		}
	}
	return false
}

// ask shows one question and handles commands until the user moves on. It
// returns +1 to go forward, -1 to go back and 0 to stop.
func (s *session) ask(ctx context.Context, ref lens.QuestionRef, qr review.QuestionResult, pos, total int) (int, error) {
	q := ref.Question
	d := newDraft(qr)
	dirty := false
	s.show(ref, d, pos, total, true)
	for {
		fmt.Fprint(s.out, s.st.bold("> "))
		line, err := s.in.ReadString('\n')
		if err != nil && line == "" {
			if err == io.EOF {
				if dirty {
					fmt.Fprintln(s.out, "\nInput ended; unsaved changes to this question were dropped.")
				}
				return 0, nil
			}
			return 0, err
		}
		cmd := strings.TrimSpace(line)
		lower := strings.ToLower(cmd)
		switch {
		case cmd == "":
			// Nothing changed: keep the stored answer, or none; but Enter on
			// selections a scan made is a person accepting them, so save.
			if !dirty && !d.unconfirmed() {
				return 1, nil
			}
			if !d.qna && len(d.selected) == 0 {
				fmt.Fprintln(s.out, "Select at least one practice, or the last number for \"None of these\"; s skips the question.")
				continue
			}
			if err := s.save(ctx, q, d); err != nil {
				fmt.Fprintf(s.out, "%s %v\n", s.st.risk(opslens.RiskHigh), err)
				continue
			}
			return 1, nil
		case lower == "s" || lower == "skip":
			return 1, nil
		case lower == "b" || lower == "back":
			if dirty {
				if err := s.save(ctx, q, d); err != nil {
					return 0, err
				}
			}
			return -1, nil
		case lower == "q" || lower == "quit":
			if dirty && (d.qna || len(d.selected) > 0) {
				if err := s.save(ctx, q, d); err != nil {
					return 0, err
				}
			}
			return 0, nil
		case lower == "h" || lower == "help" || cmd == "?":
			s.help(q)
		case lower == "??" || lower == "g":
			printQuestionGuide(s.out, s.st, ref, s.width)
		case strings.HasPrefix(cmd, "?"):
			if c := s.choiceAt(q, strings.TrimPrefix(cmd, "?")); c != nil {
				printChoiceGuide(s.out, s.st, c, s.width)
			}
		case lower == "l" || lower == "list":
			s.show(ref, d, pos, total, false)
		case lower == "n" || lower == "notes":
			fmt.Fprintf(s.out, "Notes (one line; empty keeps %q, - clears): ", truncate(d.notes, 40))
			text, _ := s.in.ReadString('\n')
			switch text = strings.TrimSpace(text); text {
			case "":
			case "-":
				d.notes, dirty = "", true
			default:
				d.notes, dirty = text, true
			}
		case lower == "na":
			r, ok := s.reason("Why does this question not apply to the workload?")
			if ok {
				d.qna, d.qreason, dirty = true, r, true
				fmt.Fprintln(s.out, "Question marked not applicable; Enter saves it.")
			}
		case lower == "a" || lower == "applicable":
			d.qna, dirty = false, true
			s.show(ref, d, pos, total, false)
		case strings.HasPrefix(lower, "x"):
			c := s.choiceAt(q, cmd[1:])
			if c == nil {
				continue
			}
			if c.IsNone() {
				fmt.Fprintln(s.out, "\"None of these\" cannot be marked not applicable; use na for the whole question.")
				continue
			}
			if _, ok := d.na[c.ID]; ok {
				delete(d.na, c.ID)
			} else if r, ok := s.reason("Why does " + c.ID + " not apply?"); ok {
				d.na[c.ID] = r
				delete(d.selected, c.ID)
			}
			dirty = true
			s.show(ref, d, pos, total, false)
		default:
			nums, err := parseNumbers(cmd, len(q.Choices))
			if err != nil {
				fmt.Fprintf(s.out, "%v. Type h for help.\n", err)
				continue
			}
			for _, n := range nums {
				toggle(q, d, &q.Choices[n-1])
			}
			dirty = true
			s.show(ref, d, pos, total, false)
		}
	}
}

// toggle flips a choice, keeping "None of these" exclusive as the AWS tool does.
func toggle(q *lens.Question, d *draft, c *lens.Choice) {
	if d.selected[c.ID] {
		delete(d.selected, c.ID)
		return
	}
	if c.IsNone() {
		d.selected = map[string]bool{}
	} else if none := q.NoneChoice(); none != nil {
		delete(d.selected, none.ID)
	}
	delete(d.na, c.ID)
	d.selected[c.ID] = true
}

func (s *session) choiceAt(q *lens.Question, arg string) *lens.Choice {
	n, err := strconv.Atoi(strings.TrimSpace(arg))
	if err != nil || n < 1 || n > len(q.Choices) {
		fmt.Fprintf(s.out, "Give a practice number from 1 to %d.\n", len(q.Choices))
		return nil
	}
	return &q.Choices[n-1]
}

// parseNumbers reads "1 3,5-7" into choice numbers within 1..max.
func parseNumbers(text string, max int) ([]int, error) {
	var out []int
	for _, f := range strings.FieldsFunc(text, func(r rune) bool { return r == ' ' || r == ',' }) {
		lo, hi, isRange := strings.Cut(f, "-")
		a, err := strconv.Atoi(lo)
		if err != nil {
			return nil, fmt.Errorf("%q is not a practice number or command", f)
		}
		b := a
		if isRange {
			if b, err = strconv.Atoi(hi); err != nil {
				return nil, fmt.Errorf("%q is not a range like 3-5", f)
			}
		}
		if a < 1 || b > max || a > b {
			return nil, fmt.Errorf("%q is out of range: practices are numbered 1 to %d", f, max)
		}
		for n := a; n <= b; n++ {
			out = append(out, n)
		}
	}
	return out, nil
}

func truncate(s string, n int) string {
	if len([]rune(s)) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
