package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/lens"
	"github.com/opslens/opslens/review"
)

// show prints a question with the draft's marks. The full header and
// description appear only when the question is first shown, so toggling
// practices does not scroll the context away.
func (s *session) show(ref lens.QuestionRef, d *draft, pos, total int, header bool) {
	q := ref.Question
	if header {
		rule := strings.Repeat("─", s.width)
		fmt.Fprintf(s.out, "\n%s\n", s.st.dim(rule))
		where := ref.Pillar.Name
		if q.Area() != "" {
			where += " / " + q.Area()
		}
		fmt.Fprintf(s.out, "%s  %s\n", s.st.dim(fmt.Sprintf("Question %d of %d", pos+1, total)), s.st.dim(where))
		fmt.Fprintf(s.out, "%s  %s\n", s.st.bold(q.ID), s.st.bold(q.Title))
		if q.Description != "" {
			fmt.Fprintf(s.out, "\n%s\n", wrap(q.Description, s.width, "  "))
		}
	}
	fmt.Fprintln(s.out)
	if d.qna {
		fmt.Fprintf(s.out, "  %s\n", s.st.dim(fmt.Sprintf("Question marked not applicable (%s); a makes it applicable again.", d.qreason)))
	}
	for i := range q.Choices {
		c := &q.Choices[i]
		mark := "[ ]"
		if d.selected[c.ID] {
			mark = s.st.wrap("32", "[x]")
		} else if r, ok := d.na[c.ID]; ok {
			mark = s.st.dim("[-]")
			defer fmt.Fprintf(s.out, "      %s\n", s.st.dim(fmt.Sprintf("%d is not applicable: %s", i+1, r)))
		}
		lvl := "      "
		if l := c.Level(); l != "" {
			lvl = s.st.level(l) + strings.Repeat(" ", 6-len(l))
		}
		title := c.Title
		if d.selected[c.ID] && d.fromEvidence[c.ID] {
			title += " " + s.st.dim("(selected from evidence; saving confirms it)")
		}
		fmt.Fprintf(s.out, "  %2d. %s %s %s\n", i+1, mark, lvl, title)
		s.showEvidence(c.ID)
	}
	if d.notes != "" {
		fmt.Fprintf(s.out, "  %s %s\n", s.st.dim("Notes:"), d.notes)
	}
	fmt.Fprintf(s.out, "%s\n", s.st.dim("1 3 5-7 toggle · ?N guidance · xN n/a · n notes · Enter save · s skip · b back · q quit · h help"))
}

func (s *session) help(q *lens.Question) {
	none := len(q.Choices)
	fmt.Fprintf(s.out, `Commands:
  1 3 5-7   toggle practices by number (%d is "None of these" when present)
  ?N        show the guidance of practice N: what it means, what good looks like, anti-patterns, steps
  ??        show the guidance of every practice of this question
  xN        mark practice N not applicable (asks for a reason), or undo that
  na        mark the whole question not applicable (asks for a reason); a undoes it
  n         write notes for this question
  l         list the practices again
  Enter     save and go to the next question (with nothing selected: leave it unanswered)
  s         skip without saving     b  save and go back     q  save and quit
`, none)
}

// reason asks for a not-applicable reason from a numbered list.
func (s *session) reason(prompt string) (opslens.Reason, bool) {
	fmt.Fprintln(s.out, prompt)
	for i, r := range opslens.Reasons {
		fmt.Fprintf(s.out, "  %d. %s\n", i+1, r)
	}
	fmt.Fprint(s.out, "Reason number (Enter cancels): ")
	line, _ := s.in.ReadString('\n')
	line = strings.TrimSpace(line)
	if line == "" {
		return "", false
	}
	if n, err := strconv.Atoi(line); err == nil && n >= 1 && n <= len(opslens.Reasons) {
		return opslens.Reasons[n-1], true
	}
	if r, err := opslens.ParseReason(line); err == nil {
		return r, true
	}
	fmt.Fprintf(s.out, "%q is not one of the listed reasons.\n", line)
	return "", false
}

// save writes the draft as the question's complete answer in one call, so
// the stored answer is never a mix of old and new choices.
func (s *session) save(ctx context.Context, q *lens.Question, d *draft) error {
	notes := d.notes
	ch := review.Change{Notes: &notes, ChoiceReasons: map[string]opslens.Reason{}}
	if d.qna {
		ch.NotApplicable, ch.Reason = true, d.qreason
	} else {
		ch.Applicable = true
	}
	for _, c := range q.Choices {
		switch _, na := d.na[c.ID]; {
		case d.selected[c.ID]:
			ch.Select = append(ch.Select, c.ID)
		case na:
			ch.ChoiceNA = append(ch.ChoiceNA, c.ID)
			ch.ChoiceReasons[c.ID] = d.na[c.ID]
		default:
			ch.Unselect = append(ch.Unselect, c.ID)
			ch.ChoiceApplies = append(ch.ChoiceApplies, c.ID)
		}
	}
	qr, err := s.svc.ApplyChange(ctx, s.w, s.alias, q.ID, ch)
	if err != nil {
		return err
	}
	s.saved = qr
	msg := fmt.Sprintf("Saved %s: risk %s", q.ID, s.st.risk(qr.Risk))
	if n := len(qr.Missing); n > 0 && qr.Risk != opslens.RiskNotApplicable {
		msg += fmt.Sprintf(", %d practice(s) missing", n)
	}
	fmt.Fprintln(s.out, msg+".")
	return nil
}

func (s *session) summary(ctx context.Context) error {
	res, err := s.svc.Evaluate(ctx, s.w)
	if err != nil {
		return err
	}
	c := review.Counts(res)
	fmt.Fprintf(s.out, "\n%s %s\n", s.st.bold(s.w.Name+":"), countsLine(c))
	name := shellQuote(s.w.Name)
	if c[opslens.RiskUnanswered] > 0 {
		fmt.Fprintf(s.out, "Continue later with: opslens review %s\n", name)
	}
	fmt.Fprintf(s.out, "Next: opslens plan %s · opslens milestone create %s <name> · opslens report %s --format html -f report.html\n", name, name, name)
	return nil
}

// showEvidence prints what scans found for a practice under its line: the
// confidence and the first proofs, one line each.
func (s *session) showEvidence(choiceID string) {
	ev, ok := s.evidence[choiceID]
	if !ok {
		return
	}
	for i, p := range ev.Proofs {
		if i == 2 {
			fmt.Fprintf(s.out, "         %s\n", s.st.dim(fmt.Sprintf("and %d more", len(ev.Proofs)-2)))
			break
		}
		line := fmt.Sprintf("%s: %s - %s", ev.Confidence, p.Location(), p.Summary)
		fmt.Fprintf(s.out, "         %s\n", s.st.dim(truncate(line, max(s.width-9, 20))))
	}
}
