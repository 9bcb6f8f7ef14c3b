package main

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// editWorkbook sets cells of the practice rows with the given IDs: column
// → value.
func editWorkbook(t *testing.T, path string, edits map[string]map[string]string) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Practices")
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		for col, v := range edits[r[1]] {
			if err := f.SetCellValue("Practices", col+strconv.Itoa(i+1), v); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
}

// A workbook answered offline imports back; an edit to a question someone
// changed in opslens since the export is refused and saves nothing.
func TestWorkbookRoundTripAndConflict(t *testing.T) {
	c := newCLI(t)
	c.ok("workload", "create", "payments")
	c.ok("answer", "payments", "OPS01", "--select", "BP01")
	path := filepath.Join(t.TempDir(), "payments.xlsx")
	c.ok("workbook", "export", "payments", "-f", path)
	editWorkbook(t, path, map[string]map[string]string{
		"OPS01_BP02": {"F": "Followed"},
		"OPS05_BP01": {"F": "Followed"},
	})
	contains(t, "import", c.ok("workbook", "import", "payments", path), "Saved 2 changed answer(s)")
	st := c.status("payments")
	if st.RiskCounts["UNANSWERED"] != 9 {
		t.Errorf("after the import: %v", st.RiskCounts)
	}

	c.ok("workbook", "export", "payments", "-f", path)
	c.ok("answer", "payments", "OPS01", "--select", "BP03") // someone answers in opslens meanwhile
	editWorkbook(t, path, map[string]map[string]string{"OPS01_BP04": {"F": "Followed"}, "OPS02_BP01": {"F": "Followed"}})
	before := c.ok("status", "payments", "-o", "json")
	r := c.runIn("", "workbook", "import", "payments", path)
	if r.code != 1 || !strings.Contains(r.stderr, "OPS01") || !strings.Contains(r.stderr, "changed since it was read") {
		t.Fatalf("a stale workbook: exit %d, %s", r.code, r.stderr)
	}
	if after := c.ok("status", "payments", "-o", "json"); after != before {
		t.Error("a refused import changed the review")
	}
	editWorkbook(t, path, map[string]map[string]string{"OPS02_BP01": {"F": "Sometimes"}})
	r = c.runIn("", "workbook", "import", "payments", path)
	if r.code != 2 || !strings.Contains(r.stderr, "Practices!F") {
		t.Errorf("a bad cell: exit %d, %s", r.code, r.stderr)
	}
}
