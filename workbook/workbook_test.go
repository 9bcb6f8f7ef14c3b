package workbook

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/lens"
	"github.com/opslens/opslens/lens/builtin"
)

func oe(t *testing.T) *lens.Lens {
	t.Helper()
	all, err := builtin.Lenses()
	if err != nil {
		t.Fatal(err)
	}
	return all[builtin.Alias]
}

var stored = []opslens.Answer{
	{QuestionID: "OPS01", IsApplicable: true, Version: 3, Notes: "From planning", Choices: []opslens.ChoiceAnswer{
		{ChoiceID: "OPS01_BP01", Status: opslens.ChoiceSelected},
		{ChoiceID: "OPS01_BP05", Status: opslens.ChoiceNotApplicable, Reason: opslens.ReasonOutOfScope, Notes: "no threats"}}},
	{QuestionID: "OPS02", IsApplicable: false, Reason: opslens.ReasonBusinessPriorities, Version: 1},
}

// export writes the stored answers and opens the workbook for editing.
func export(t *testing.T) *excelize.File {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, oe(t), stored, Meta{Workload: "payments", LensAlias: builtin.Alias, Version: "test", Date: "2026-11-24"}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func read(t *testing.T, f *excelize.File) ([]opslens.Answer, error) {
	t.Helper()
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return Read(&b, oe(t))
}

func set(t *testing.T, f *excelize.File, sheet, cellRef, v string) {
	t.Helper()
	if err := f.SetCellValue(sheet, cellRef, v); err != nil {
		t.Fatal(err)
	}
}

// An untouched workbook reads back as the stored answers: nothing changed.
func TestUnchangedRoundTrip(t *testing.T) {
	got, err := read(t, export(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(oe(t).Questions()) {
		t.Fatalf("%d answers read, want one per question", len(got))
	}
	if ch := Changed(stored, got); len(ch) != 0 {
		t.Fatalf("an untouched workbook changed %+v", ch)
	}
}

// Edits come back as whole answers carrying the exported versions, and
// only the questions edited count as changed.
func TestEdits(t *testing.T) {
	f := export(t)
	set(t, f, sheetPractices, "F"+row(t, f, sheetPractices, 1, "OPS01_BP02"), statusSelected)
	set(t, f, sheetPractices, "H"+row(t, f, sheetPractices, 1, "OPS01_BP02"), "since Q3")
	set(t, f, sheetQuestions, "C"+row(t, f, sheetQuestions, 0, "OPS03"), applicableNo)
	set(t, f, sheetQuestions, "D"+row(t, f, sheetQuestions, 0, "OPS03"), string(opslens.ReasonArchitectureConstraints))
	got, err := read(t, f)
	if err != nil {
		t.Fatal(err)
	}
	ch := Changed(stored, got)
	if len(ch) != 2 || ch[0].QuestionID != "OPS01" || ch[1].QuestionID != "OPS03" {
		t.Fatalf("changed: %+v", ch)
	}
	if ch[0].Version != 3 || len(ch[0].Choices) != 3 || ch[0].Choices[1].ChoiceID != "OPS01_BP02" || ch[0].Choices[1].Notes != "since Q3" || ch[0].Notes != "From planning" {
		t.Errorf("OPS01: %+v", ch[0])
	}
	if ch[1].IsApplicable || ch[1].Reason != opslens.ReasonArchitectureConstraints || ch[1].Version != 0 {
		t.Errorf("OPS03: %+v", ch[1])
	}
}

// Every bad cell is reported by sheet, row and column, and nothing is read.
func TestBadCells(t *testing.T) {
	f := export(t)
	bp02 := row(t, f, sheetPractices, 1, "OPS01_BP02")
	bp01 := row(t, f, sheetPractices, 1, "OPS01_BP01")
	set(t, f, sheetPractices, "F"+bp02, "Done")
	set(t, f, sheetPractices, "G"+bp01, string(opslens.ReasonOther))
	set(t, f, sheetPractices, "B"+row(t, f, sheetPractices, 1, "OPS01_BP03"), "OPS01_BP99")
	set(t, f, sheetQuestions, "F"+row(t, f, sheetQuestions, 0, "OPS01"), "three")
	set(t, f, sheetQuestions, "C"+row(t, f, sheetQuestions, 0, "OPS04"), "Maybe")
	set(t, f, sheetQuestions, "A"+row(t, f, sheetQuestions, 0, "OPS11"), "OPS12")
	_, err := read(t, f)
	if opslens.ErrorCode(err) != opslens.EINVALID {
		t.Fatalf("err = %v", err)
	}
	for _, want := range []string{
		"Practices!F" + bp02 + `: status "Done"`, "Practices!G" + bp01 + ": a reason is only for", `"OPS01_BP99" is not a practice`,
		"Questions!F2: version \"three\"", `Questions!C5: "Maybe"`, `Questions!A12: "OPS12" is not a question`, "6 bad cell(s)",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error does not say %q:\n%v", want, err)
		}
	}
}

// row finds the row number (as text) of the row whose column col (0 or 1)
// holds id.
func row(t *testing.T, f *excelize.File, sheet string, col int, id string) string {
	t.Helper()
	rs, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rs {
		if len(r) > col && r[col] == id {
			return strconv.Itoa(i + 1)
		}
	}
	t.Fatalf("%s not found on %s", id, sheet)
	return ""
}
