// Package workbook exports a lens review as an XLSX workbook and reads it
// back, for people who answer offline in a spreadsheet: one row per
// practice with stable IDs and drop-down lists for status and reason, one
// row per question for applicability and notes. Reading validates every
// cell and reports each bad one by sheet, row and column, so a workbook
// is either taken whole or not at all.
package workbook

import (
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/lens"
)

// Sheet names, and the labels of the drop-down lists.
const (
	sheetQuestions = "Questions"
	sheetPractices = "Practices"
	sheetAbout     = "About"

	statusSelected      = "Followed"
	statusUnselected    = "Not followed"
	statusNotApplicable = "Not applicable"
	applicableYes       = "Yes"
	applicableNo        = "No"
)

var statusOf = map[string]opslens.ChoiceStatus{
	statusSelected: opslens.ChoiceSelected, statusUnselected: opslens.ChoiceUnselected, statusNotApplicable: opslens.ChoiceNotApplicable,
}

var questionHeader = []any{"Question ID", "Question", "Applicable", "Reason (if not applicable)", "Notes", "Version (do not edit)"}
var practiceHeader = []any{"Question ID", "Practice ID", "Best practice", "Practice", "Level", "Status", "Reason (if not applicable)", "Notes"}

// Meta identifies the review a workbook holds.
type Meta struct {
	Workload, LensAlias, Version, Date string
}

// Write writes the answers of a lens review (the stored ones; questions
// never answered come out as applicable and unanswered) as a workbook.
func Write(w io.Writer, l *lens.Lens, answers []opslens.Answer, m Meta) error {
	f := excelize.NewFile()
	defer f.Close()
	byQuestion := map[string]opslens.Answer{}
	for _, a := range answers {
		byQuestion[a.QuestionID] = a
	}
	if err := f.SetSheetName("Sheet1", sheetQuestions); err != nil {
		return err
	}
	for _, s := range []string{sheetPractices, sheetAbout} {
		if _, err := f.NewSheet(s); err != nil {
			return err
		}
	}
	if err := writeQuestions(f, l, byQuestion); err != nil {
		return err
	}
	n, err := writePractices(f, l, byQuestion)
	if err != nil {
		return err
	}
	if err := writeAbout(f, m); err != nil {
		return err
	}
	if err := dropDowns(f, len(l.Questions()), n); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

func writeQuestions(f *excelize.File, l *lens.Lens, answers map[string]opslens.Answer) error {
	if err := f.SetSheetRow(sheetQuestions, "A1", &questionHeader); err != nil {
		return err
	}
	for i, ref := range l.Questions() {
		a, answered := answers[ref.Question.ID]
		applicable, reason := applicableYes, ""
		if answered && !a.IsApplicable {
			applicable, reason = applicableNo, string(a.Reason)
		}
		row := []any{ref.Question.ID, ref.Question.Title, applicable, reason, a.Notes, a.Version}
		if err := f.SetSheetRow(sheetQuestions, "A"+strconv.Itoa(i+2), &row); err != nil {
			return err
		}
	}
	return nil
}

func writePractices(f *excelize.File, l *lens.Lens, answers map[string]opslens.Answer) (int, error) {
	if err := f.SetSheetRow(sheetPractices, "A1", &practiceHeader); err != nil {
		return 0, err
	}
	n := 0
	for _, ref := range l.Questions() {
		q := ref.Question
		states := map[string]opslens.ChoiceAnswer{}
		for _, c := range answers[q.ID].Choices {
			states[c.ChoiceID] = c
		}
		for _, c := range q.Choices {
			st := states[c.ID]
			status := statusUnselected
			switch st.Status {
			case opslens.ChoiceSelected:
				status = statusSelected
			case opslens.ChoiceNotApplicable:
				status = statusNotApplicable
			}
			bp, level := c.ID, ""
			if c.Ext != nil {
				bp, level = c.Ext.BestPractice, string(c.Ext.Level)
			}
			row := []any{q.ID, c.ID, bp, c.Title, level, status, string(st.Reason), st.Notes}
			n++
			if err := f.SetSheetRow(sheetPractices, "A"+strconv.Itoa(n+1), &row); err != nil {
				return 0, err
			}
		}
	}
	return n, nil
}

func writeAbout(f *excelize.File, m Meta) error {
	rows := [][]any{
		{"Workload", m.Workload}, {"Lens", m.LensAlias}, {"Exported", m.Date}, {"By", "opslens " + m.Version},
		{"How to use", "Change Status, Reason and Notes on the Practices sheet, and Applicable, Reason and Notes on the Questions sheet; keep the IDs and versions. Then: opslens workbook import " + m.Workload + " FILE."},
	}
	for i, r := range rows {
		if err := f.SetSheetRow(sheetAbout, "A"+strconv.Itoa(i+1), &r); err != nil {
			return err
		}
	}
	return nil
}

// dropDowns adds the lists people pick from, so most mistakes cannot be
// typed in the first place.
func dropDowns(f *excelize.File, questions, practices int) error {
	reasons := make([]string, 0, len(opslens.Reasons))
	for _, r := range opslens.Reasons {
		reasons = append(reasons, string(r))
	}
	for _, d := range []struct {
		sheet, cells string
		list         []string
	}{
		{sheetQuestions, fmt.Sprintf("C2:C%d", questions+1), []string{applicableYes, applicableNo}},
		{sheetQuestions, fmt.Sprintf("D2:D%d", questions+1), reasons},
		{sheetPractices, fmt.Sprintf("F2:F%d", practices+1), []string{statusSelected, statusUnselected, statusNotApplicable}},
		{sheetPractices, fmt.Sprintf("G2:G%d", practices+1), reasons},
	} {
		dv := excelize.NewDataValidation(true)
		dv.Sqref = d.cells
		if err := dv.SetDropList(d.list); err != nil {
			return err
		}
		if err := f.AddDataValidation(d.sheet, dv); err != nil {
			return err
		}
	}
	return nil
}
