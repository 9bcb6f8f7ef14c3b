package builtin_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/lens"
	"github.com/opslens/opslens/lens/builtin"
)

const referenceCSV = "../../../shared/reference/ops-2022-best-practices.csv"

func load(t *testing.T) *lens.Lens {
	t.Helper()
	l, err := builtin.OperationalExcellence()
	if err != nil {
		t.Fatalf("OperationalExcellence: %v", err)
	}
	return l
}

func TestStructure(t *testing.T) {
	l := load(t)
	if l.SchemaVersion != lens.SchemaVersion || l.Name != "Operational Excellence" {
		t.Errorf("schemaVersion, name = %q, %q", l.SchemaVersion, l.Name)
	}
	if l.Alias() != builtin.Alias || l.Version() != builtin.Version {
		t.Errorf("alias, version = %q, %q", l.Alias(), l.Version())
	}
	if len(l.Pillars) != 1 || l.Pillars[0].ID != builtin.PillarID {
		t.Fatalf("pillars = %d, first %q; want 1 %q", len(l.Pillars), l.Pillars[0].ID, builtin.PillarID)
	}
	qs := l.Pillars[0].Questions
	var ids []string
	for _, q := range qs {
		ids = append(ids, q.ID)
	}
	if want := []string{"OPS01", "OPS02", "OPS03", "OPS04", "OPS05", "OPS06", "OPS07", "OPS08", "OPS09", "OPS10", "OPS11"}; !reflect.DeepEqual(ids, want) {
		t.Fatalf("questions = %v, want %v", ids, want)
	}
	practices := 0
	for _, q := range qs {
		if q.Area() == "" || q.Description == "" || q.Title == "" {
			t.Errorf("%s: area %q, title %q, description empty: %v", q.ID, q.Area(), q.Title, q.Description == "")
		}
		nones := 0
		for i, c := range q.Choices {
			if c.IsNone() {
				nones++
				last := q.Choices[len(q.Choices)-1]
				if i != len(q.Choices)-1 || c.ID != q.ID+"_no" || c.Title != "None of these" || c.Ext != nil || c.Level() != "" {
					t.Errorf("%s: None choice %+v (last is %s)", q.ID, c, last.ID)
				}
				continue
			}
			practices++
			if !strings.HasPrefix(c.ID, q.ID+"_BP") {
				t.Errorf("%s: practice ID %q", q.ID, c.ID)
			}
		}
		if nones != 1 {
			t.Errorf("%s: %d None choices, want 1", q.ID, nones)
		}
	}
	if practices != 82 {
		t.Errorf("%d practices, want 82", practices)
	}
	if err := l.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}

	m, err := builtin.Lenses()
	if err != nil {
		t.Fatal(err)
	}
	if len(m) != 1 || m[builtin.Alias] != l {
		t.Errorf("Lenses() = %v, want only %s, the shared lens", m, builtin.Alias)
	}
}

type refRow struct {
	area, qid, qtitle, topic, bpID, bpTitle string
	level                                   lens.Level
}

// stray matches the tab and number pasted after one title in the CSV.
var stray = regexp.MustCompile(`\t[0-9]+$`)

func readReference(t *testing.T) []refRow {
	t.Helper()
	f, err := os.Open(referenceCSV)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("reference CSV %s is absent", referenceCSV)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("read %s: %v", referenceCSV, err)
	}
	header := []string{"area", "question_id", "question_title", "topic", "bp_id", "bp_title", "risk_if_missing"}
	if len(recs) == 0 || !reflect.DeepEqual(recs[0], header) {
		t.Fatalf("CSV header = %q, want %q", recs[0], header)
	}
	levels := map[string]lens.Level{"High": lens.LevelHigh, "Medium": lens.LevelMedium, "Low": lens.LevelLow}
	var rows []refRow
	for i, r := range recs[1:] {
		lv, ok := levels[strings.TrimSpace(r[6])]
		if !ok {
			t.Fatalf("CSV line %d: risk %q", i+2, r[6])
		}
		rows = append(rows, refRow{
			area: r[0], qid: r[1], qtitle: r[2], topic: r[3], bpID: r[4],
			bpTitle: stray.ReplaceAllString(r[5], ""), level: lv,
		})
	}
	return rows
}

func TestAgainstReference(t *testing.T) {
	rows := readReference(t)
	if len(rows) != 82 {
		t.Errorf("CSV has %d practices, want 82", len(rows))
	}
	l := load(t)

	// The lens, in the CSV's shape.
	var got []refRow
	for _, q := range l.Pillars[0].Questions {
		for _, c := range q.Choices {
			if c.IsNone() {
				continue
			}
			bp := ""
			if c.Ext != nil {
				bp = c.Ext.BestPractice
			}
			if want := strings.ReplaceAll(bp, "-", "_"); c.ID != want {
				t.Errorf("choice %s has best practice %q", c.ID, bp)
			}
			got = append(got, refRow{area: q.Area(), qid: q.ID, qtitle: q.Title, bpID: c.ID, bpTitle: c.Title, level: c.Level()})
		}
	}
	if len(got) != len(rows) {
		t.Errorf("lens has %d practices, CSV %d", len(got), len(rows))
	}
	for i := range min(len(got), len(rows)) {
		w := rows[i]
		w.bpID = strings.ReplaceAll(w.bpID, "-", "_")
		w.topic = ""
		if got[i] != w {
			t.Errorf("practice %d:\n lens %+v\n  CSV %+v", i, got[i], w)
		}
	}

	// Practices() exposes the embedded framework as published.
	ps, err := builtin.Practices()
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != len(rows) {
		t.Fatalf("Practices() has %d, CSV %d", len(ps), len(rows))
	}
	for i, p := range ps {
		w := rows[i]
		g := refRow{area: p.Area, qid: p.QuestionID, qtitle: p.QuestionTitle, topic: p.Topic, bpID: p.ID, bpTitle: p.Title, level: p.Level}
		if g != w {
			t.Errorf("Practices()[%d]:\n got %+v\n CSV %+v", i, g, w)
		}
	}
}

func TestGuidance(t *testing.T) {
	l := load(t)
	for _, q := range l.Pillars[0].Questions {
		for _, c := range q.Choices {
			if c.IsNone() {
				continue
			}
			t.Run(c.ID, func(t *testing.T) {
				if c.Ext == nil || c.Ext.Guidance == nil {
					t.Fatal("no guidance")
				}
				g := c.Ext.Guidance
				if strings.TrimSpace(g.Summary) == "" {
					t.Error("no summary")
				}
				if strings.TrimSpace(g.Good) == "" {
					t.Error("no description of good")
				}
				for name, list := range map[string][]string{"anti-patterns": g.AntiPatterns, "steps": g.Steps, "evidence": g.Evidence} {
					n := 3
					if name == "evidence" {
						n = 1
					}
					if len(list) < n {
						t.Errorf("%d %s, want %d or more", len(list), name, n)
					}
					for i, s := range list {
						if strings.TrimSpace(s) == "" {
							t.Errorf("%s[%d] is blank", name, i)
						}
					}
				}
				if c.HelpfulResource == nil || c.HelpfulResource.DisplayText != g.Summary {
					t.Error("helpful resource is not the summary")
				}
				if c.ImprovementPlan == nil || !strings.HasPrefix(c.ImprovementPlan.DisplayText, "1. "+g.Steps[0]) {
					t.Error("improvement plan does not list the steps")
				} else if n := strings.Count(c.ImprovementPlan.DisplayText, "\n") + 1; n != len(g.Steps) {
					t.Errorf("improvement plan has %d lines for %d steps", n, len(g.Steps))
				}
			})
		}
	}
}

// expectedRisk is the documented rule: HIGH when any HIGH practice is
// missing, else MEDIUM when any MEDIUM one is, else NONE.
func expectedRisk(q *lens.Question, followed func(string) bool) opslens.Risk {
	risk := opslens.RiskNone
	for _, c := range q.Choices {
		if followed(c.ID) {
			continue
		}
		switch c.Level() {
		case lens.LevelHigh:
			return opslens.RiskHigh
		case lens.LevelMedium:
			risk = opslens.RiskMedium
		}
	}
	return risk
}

func byLevel(q *lens.Question) map[lens.Level][]string {
	m := map[lens.Level][]string{}
	for _, c := range q.Choices {
		if !c.IsNone() {
			m[c.Level()] = append(m[c.Level()], c.ID)
		}
	}
	return m
}

func setOf(ids ...[]string) map[string]bool {
	m := map[string]bool{}
	for _, list := range ids {
		for _, id := range list {
			m[id] = true
		}
	}
	return m
}

func without(m map[string]bool, id string) func(string) bool {
	return func(x string) bool { return x != id && m[x] }
}

func checkRisks(t *testing.T, l *lens.Lens) {
	t.Helper()
	for _, ref := range l.Questions() {
		q := ref.Question
		lv := byLevel(q)
		H, M, L := lv[lens.LevelHigh], lv[lens.LevelMedium], lv[lens.LevelLow]
		if len(H)+len(M)+len(L) != len(q.Choices)-1 {
			t.Errorf("%s: a practice has no level", q.ID)
		}
		hm := setOf(H, M)
		all := setOf(H, M, L)
		type tc struct {
			name     string
			followed func(string) bool
			want     opslens.Risk
		}
		cases := []tc{
			{"all", func(id string) bool { return all[id] }, opslens.RiskNone},
			{"all and None", func(id string) bool { return all[id] || id == q.ID+"_no" }, opslens.RiskNone},
			{"HIGH and MEDIUM", func(id string) bool { return hm[id] }, opslens.RiskNone},
			{"nothing", func(string) bool { return false }, expectedRisk(q, func(string) bool { return false })},
			{"only None", func(id string) bool { return id == q.ID+"_no" }, expectedRisk(q, func(string) bool { return false })},
		}
		for _, id := range M {
			cases = append(cases, tc{"all but MEDIUM " + id, without(all, id), opslens.RiskMedium})
		}
		for _, id := range H {
			cases = append(cases, tc{"all but HIGH " + id, without(all, id), opslens.RiskHigh})
		}
		for _, id := range L {
			cases = append(cases, tc{"all but LOW " + id, without(all, id), opslens.RiskNone})
		}
		for _, c := range cases {
			got, err := q.Evaluate(c.followed)
			if err != nil {
				t.Fatalf("%s, %s: %v", q.ID, c.name, err)
			}
			if got != c.want {
				t.Errorf("%s, %s: risk %s, want %s", q.ID, c.name, got, c.want)
			}
		}

		// Exhaustively over the practices (at most 2^10 subsets).
		practices := q.Choices[:len(q.Choices)-1]
		for mask := 0; mask < 1<<len(practices); mask++ {
			followed := func(id string) bool {
				for i, c := range practices {
					if c.ID == id {
						return mask&(1<<i) != 0
					}
				}
				return false
			}
			got, err := q.Evaluate(followed)
			if err != nil {
				t.Fatalf("%s: %v", q.ID, err)
			}
			if want := expectedRisk(q, followed); got != want {
				t.Fatalf("%s, subset %b: risk %s, want %s", q.ID, mask, got, want)
			}
		}
	}
}

func TestDerivedRiskRules(t *testing.T) {
	l := load(t)
	for _, ref := range l.Questions() {
		q := ref.Question
		if want := lens.DeriveRiskRules(q.Choices); !reflect.DeepEqual(q.RiskRules, want) {
			t.Errorf("%s: rules %v, want the derived %v", q.ID, q.RiskRules, want)
		}
		if n := len(q.RiskRules); n == 0 || n > lens.MaxRiskRules || q.RiskRules[n-1].Condition != "default" {
			t.Errorf("%s: rules %v", q.ID, q.RiskRules)
		}
	}
	checkRisks(t, l)
}

func TestExportAWS(t *testing.T) {
	l := load(t)
	data, err := l.Export(lens.FormatAWS)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) >= lens.MaxBytes {
		t.Errorf("AWS export is %d bytes, limit %d", len(data), lens.MaxBytes)
	}
	if bytes.Contains(data, []byte(`"opslens"`)) {
		t.Error("AWS export has opslens fields")
	}
	back, err := lens.Parse(data)
	if err != nil {
		t.Fatalf("Parse(AWS export): %v", err)
	}
	if len(back.Questions()) != 11 {
		t.Errorf("re-parsed AWS export has %d questions", len(back.Questions()))
	}
	// The AWS lens has no levels, but its rules must still give the same
	// answers as the opslens one.
	for i, ref := range back.Questions() {
		orig := l.Questions()[i].Question
		if !reflect.DeepEqual(ref.Question.RiskRules, orig.RiskRules) {
			t.Errorf("%s: rules changed in the AWS export", orig.ID)
		}
		for mask := 0; mask < 1<<len(orig.Choices); mask++ {
			followed := func(id string) bool {
				for i, c := range orig.Choices {
					if c.ID == id {
						return mask&(1<<i) != 0
					}
				}
				return false
			}
			a, err1 := ref.Question.Evaluate(followed)
			b, err2 := orig.Evaluate(followed)
			if a != b || err1 != nil || err2 != nil {
				t.Fatalf("%s, subset %b: AWS %s (%v), opslens %s (%v)", orig.ID, mask, a, err1, b, err2)
			}
		}
	}
}

func TestExportOpslensRoundTrip(t *testing.T) {
	l := load(t)
	data, err := l.Export(lens.FormatOpslens)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) > lens.MaxBytes {
		t.Errorf("opslens export is %d bytes, limit %d", len(data), lens.MaxBytes)
	}
	back, err := lens.Parse(data)
	if err != nil {
		t.Fatalf("Parse(opslens export): %v", err)
	}
	if !reflect.DeepEqual(back, l) {
		t.Error("Parse(Export(builtin)) differs from the built-in lens")
	}
	checkRisks(t, back)
}

// The embedded content files must not carry guidance for practices the
// framework does not have.
func TestContentMatchesFramework(t *testing.T) {
	ps, err := builtin.Practices()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{}
	for _, p := range ps {
		want[p.QuestionID] = append(want[p.QuestionID], p.ID)
	}
	for qid, ids := range want {
		data, err := os.ReadFile(fmt.Sprintf("content/%s.json", qid))
		if err != nil {
			t.Fatal(err)
		}
		var c struct {
			ID        string `json:"id"`
			Practices []struct {
				ID string `json:"id"`
			} `json:"practices"`
		}
		if err := json.Unmarshal(data, &c); err != nil {
			t.Fatalf("%s: %v", qid, err)
		}
		var got []string
		for _, p := range c.Practices {
			got = append(got, p.ID)
		}
		if c.ID != qid || !reflect.DeepEqual(got, ids) {
			t.Errorf("content/%s.json: id %q, practices %v; want %v", qid, c.ID, got, ids)
		}
	}
	files, err := os.ReadDir("content")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(want) {
		t.Errorf("content/ has %d files for %d questions", len(files), len(want))
	}
}
