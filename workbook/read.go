package workbook

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/lens"
)

// CellError is one bad cell: where it is and what is wrong.
type CellError struct {
	Sheet  string
	Row    int
	Column string
	Msg    string
}

func (e CellError) Error() string { return fmt.Sprintf("%s!%s%d: %s", e.Sheet, e.Column, e.Row, e.Msg) }

// Read parses a workbook written by Write (possibly edited) into whole
// answers for the lens, each with the Version it was exported at. Every
// bad cell is reported; an error means nothing was read.
func Read(r io.Reader, l *lens.Lens) ([]opslens.Answer, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, opslens.Errorf(opslens.EINVALID, "not an XLSX workbook: %v", err)
	}
	defer f.Close()
	var errs []CellError
	answers, errs := readQuestions(f, l, errs)
	errs = readPractices(f, l, answers, errs)
	if len(errs) > 0 {
		lines := make([]string, len(errs))
		for i, e := range errs {
			lines[i] = e.Error()
		}
		return nil, opslens.Errorf(opslens.EINVALID, "the workbook has %d bad cell(s); nothing was changed:\n  %s", len(errs), strings.Join(lines, "\n  "))
	}
	out := make([]opslens.Answer, 0, len(answers))
	for _, ref := range l.Questions() {
		if a, ok := answers[ref.Question.ID]; ok {
			out = append(out, *a)
		}
	}
	return out, nil
}

func rows(f *excelize.File, sheet string, errs []CellError) ([][]string, []CellError) {
	rs, err := f.GetRows(sheet)
	if err != nil {
		return nil, append(errs, CellError{sheet, 1, "A", "the sheet is missing: use a workbook opslens exported"})
	}
	if len(rs) > 0 {
		rs = rs[1:] // the header
	}
	return rs, errs
}

func cell(r []string, i int) string {
	if i < len(r) {
		return strings.TrimSpace(r[i])
	}
	return ""
}

func readQuestions(f *excelize.File, l *lens.Lens, errs []CellError) (map[string]*opslens.Answer, []CellError) {
	rs, errs := rows(f, sheetQuestions, errs)
	answers := map[string]*opslens.Answer{}
	for i, r := range rs {
		n := i + 2
		bad := func(col, format string, args ...any) {
			errs = append(errs, CellError{sheetQuestions, n, col, fmt.Sprintf(format, args...)})
		}
		id := cell(r, 0)
		if id == "" && strings.Join(r, "") == "" {
			continue // an empty row
		}
		if _, ok := l.Question(id); !ok {
			bad("A", "%q is not a question of lens %s", id, l.Name)
			continue
		}
		if answers[id] != nil {
			bad("A", "question %s appears twice", id)
			continue
		}
		a := &opslens.Answer{QuestionID: id, IsApplicable: true, Notes: cell(r, 4)}
		switch cell(r, 2) {
		case applicableYes, "":
		case applicableNo:
			a.IsApplicable = false
			a.Reason = opslens.ReasonNone
			if v := cell(r, 3); v != "" {
				if !slices.Contains(opslens.Reasons, opslens.Reason(v)) {
					bad("D", "reason %q is not one of the list", v)
				}
				a.Reason = opslens.Reason(v)
			}
		default:
			bad("C", "%q: pick Yes or No", cell(r, 2))
		}
		if v := cell(r, 5); v != "" {
			ver, err := strconv.ParseInt(v, 10, 64)
			if err != nil || ver < 0 {
				bad("F", "version %q was changed: it must stay the number opslens wrote", v)
			}
			a.Version = ver
		}
		answers[id] = a
	}
	return answers, errs
}

func readPractices(f *excelize.File, l *lens.Lens, answers map[string]*opslens.Answer, errs []CellError) []CellError {
	rs, errs := rows(f, sheetPractices, errs)
	seen := map[string]bool{}
	for i, r := range rs {
		n := i + 2
		bad := func(col, format string, args ...any) {
			errs = append(errs, CellError{sheetPractices, n, col, fmt.Sprintf(format, args...)})
		}
		qid, cid := cell(r, 0), cell(r, 1)
		if qid == "" && cid == "" && strings.Join(r, "") == "" {
			continue
		}
		ref, ok := l.Question(qid)
		if !ok {
			bad("A", "%q is not a question of lens %s", qid, l.Name)
			continue
		}
		if ref.Question.Choice(cid) == nil {
			bad("B", "%q is not a practice of %s", cid, qid)
			continue
		}
		if seen[cid] {
			bad("B", "practice %s appears twice", cid)
			continue
		}
		seen[cid] = true
		status, ok := statusOf[cell(r, 5)]
		if !ok {
			bad("F", "status %q: pick %s, %s or %s", cell(r, 5), statusSelected, statusUnselected, statusNotApplicable)
			continue
		}
		c := opslens.ChoiceAnswer{ChoiceID: cid, Status: status, Notes: cell(r, 7)}
		if v := cell(r, 6); v != "" {
			if status != opslens.ChoiceNotApplicable {
				bad("G", "a reason is only for a practice that is not applicable")
			} else if !slices.Contains(opslens.Reasons, opslens.Reason(v)) {
				bad("G", "reason %q is not one of the list", v)
			}
			c.Reason = opslens.Reason(v)
		}
		a := answers[qid]
		if a == nil {
			bad("A", "question %s has no row on the Questions sheet", qid)
			continue
		}
		if status != opslens.ChoiceUnselected || c.Notes != "" {
			a.Choices = append(a.Choices, c)
		}
	}
	return errs
}

// Changed returns the edited answers that differ from the stored ones:
// what an import saves. A question never answered that comes back
// applicable with nothing chosen and no notes is not a change.
func Changed(stored, edited []opslens.Answer) []opslens.Answer {
	byID := map[string]opslens.Answer{}
	for _, a := range stored {
		byID[a.QuestionID] = a
	}
	var out []opslens.Answer
	for _, e := range edited {
		s, ok := byID[e.QuestionID]
		if !ok {
			s = opslens.Answer{QuestionID: e.QuestionID, IsApplicable: true}
		}
		if !same(s, e) {
			out = append(out, e)
		}
	}
	return out
}

func same(a, b opslens.Answer) bool {
	if a.IsApplicable != b.IsApplicable || a.Notes != b.Notes || (!a.IsApplicable && a.Reason != b.Reason) {
		return false
	}
	key := func(x opslens.Answer) []string {
		var out []string
		for _, c := range x.Choices {
			if c.Status != opslens.ChoiceUnselected || c.Notes != "" {
				out = append(out, c.ChoiceID+"|"+string(c.Status)+"|"+string(c.Reason)+"|"+c.Notes)
			}
		}
		slices.Sort(out)
		return out
	}
	return slices.Equal(key(a), key(b))
}
