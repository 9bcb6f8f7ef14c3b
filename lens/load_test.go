package lens_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/lens"
)

func mustExport(t testing.TB, l *lens.Lens, f lens.Format) []byte {
	t.Helper()
	data, err := l.Export(f)
	if err != nil {
		t.Fatalf("Export(%s): %v", f, err)
	}
	return data
}

func TestParseSyntaxErrors(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		line, col int
		msg       string
	}{
		{"bad value", `{"name": x}`, 1, 10, "invalid character 'x' looking for beginning of value"},
		{"bad value on line 3", "{\n  \"name\": \"a\",\n  \"pillars\": [}\n", 3, 15, "invalid character '}'"},
		{"trailing comma", `{"name": "a",}`, 1, 14, "invalid character '}' looking for beginning of object key"},
		{"missing colon", `{"name" "a"}`, 1, 9, "after object key"},
		{"single quotes", "{\n'name': 1}", 2, 1, "invalid character '\\''"},
		{"control character in string", "{\"name\": \"a\tb\"}", 1, 12, "in string literal"},
		{"CRLF lines", "{\r\n\"name\":\r\n nul}", 3, 5, "invalid character '}' in literal null"},
		{"truncated", `{"name": "a"`, 1, 13, "the document ends early"},
		{"truncated on line 3", "\n\n  {", 3, 4, "the document ends early"},
		{"empty", "", 1, 1, "the document ends early"},
		{"blank", " \n ", 2, 2, "the document ends early"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := lens.Parse([]byte(tt.in))
			if err == nil {
				t.Fatal("Parse succeeded")
			}
			if l != nil {
				t.Error("Parse returned a lens with its error")
			}
			msg := err.Error()
			if pos := fmt.Sprintf("line %d, column %d:", tt.line, tt.col); !strings.HasPrefix(msg, pos) {
				t.Errorf("error %q does not start with %q", msg, pos)
			}
			if !strings.Contains(msg, "malformed JSON") || !strings.Contains(msg, tt.msg) {
				t.Errorf("error %q does not say malformed JSON and %q", msg, tt.msg)
			}
		})
	}
}

func TestParseTypeErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		path string
		msg  string
	}{
		{"array lens", `[]`, "$", "is a JSON array but must be an object (line 1, column 1)"},
		{"string lens", ` "lens"`, "$", "is a JSON string but must be an object (line 1, column 2)"},
		{"name bool", `{"name": true}`, "$.name", "is a JSON bool but must be a string (line 1, column 10)"},
		{"pillars object", `{"pillars": {}}`, "$.pillars", "is a JSON object but must be an array (line 1, column 13)"},
		{"opslens array", `{"opslens": []}`, "$.opslens", "is a JSON array but must be an object (line 1, column 13)"},
		{"pillar number", `{"pillars": [null, 5]}`, "$.pillars[1]", "is a JSON number but must be an object (line 1, column 20)"},
		{"nested on line 6", `{
  "schemaVersion": "2021-11-01",
  "pillars": [
    {"id": "p01", "questions": [
      {"id": "q01"},
      {"id": "q02", "choices": [{"id": "c01"}, {"id": 7}]}
    ]}
  ]
}`, "$.pillars[0].questions[1].choices[1].id", "is a JSON number but must be a string (line 6, column 55)"},
		{"risk number", `{"pillars": [{"questions": [{"riskRules": [{"condition": "a", "risk": 1}]}]}]}`,
			"$.pillars[0].questions[0].riskRules[0].risk", "(line 1, column 71)"},
		{"after unknown keys", `{"extra": {"a": [1, {"b": 2}]}, "name": 3}`, "$.name", "(line 1, column 41)"},
		{"resource url", `{"pillars": [{"questions": [{"choices": [{"additionalResources": [{"content": [{}, {"url": false}]}]}]}]}]}`,
			"$.pillars[0].questions[0].choices[0].additionalResources[0].content[1].url", "is a JSON bool but must be a string (line 1, column 92)"},
		{"level number", `{"pillars": [{"questions": [{"choices": [{"opslens": {"level": 3}}]}]}]}`,
			"$.pillars[0].questions[0].choices[0].opslens.level", "(line 1, column 64)"},
		{"key case", `{"Name": 3}`, "$.Name", "must be a string"},
		{"name object", `{"name": {"a": [1]}}`, "$.name", "is a JSON object but must be a string (line 1, column 10)"},
		{"name array", `{"name": [1, 2]}`, "$.name", "is a JSON array but must be a string (line 1, column 10)"},
		{"long number", `{"name": 123456}`, "$.name", "is a JSON number but must be a string (line 1, column 10)"},
		{"pillars string", `{"pillars": "x"}`, "$.pillars", "is a JSON string but must be an array (line 1, column 13)"},
		{"question array", `{"pillars": [{"questions": [{}, []]}]}`, "$.pillars[0].questions[1]", "is a JSON array but must be an object (line 1, column 33)"},
		{"second error ignored", `{"pillars": [{"id": 1}], "name": 2}`, "$.pillars[0].id", "(line 1, column 21)"},
		{"escaped key", `{"na\u006de": 1}`, "$.name", "(line 1, column 15)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := lens.Parse([]byte(tt.in))
			if l != nil {
				t.Error("Parse returned a lens")
			}
			checkProblems(t, err, []want{{tt.path, tt.msg}})
		})
	}
}

func TestParseTrailingData(t *testing.T) {
	base := mustExport(t, baseLens(), lens.FormatOpslens)
	lines := bytes.Count(base, []byte("\n"))
	tests := []struct {
		name    string
		trailer string
		pos     string // "" when the trailer is acceptable
	}{
		{"newline", "\n", ""},
		{"whitespace", " \t\r\n\n ", ""},
		{"brace", "}", fmt.Sprintf("line %d, column 1:", lines+1)},
		{"bracket", "\n  ]", fmt.Sprintf("line %d, column 3:", lines+2)},
		{"second object", "{}", fmt.Sprintf("line %d, column 1:", lines+1)},
		{"second lens", string(base), fmt.Sprintf("line %d, column 1:", lines+1)},
		{"garbage", "  x", fmt.Sprintf("line %d, column 3:", lines+1)},
		{"number", "1", fmt.Sprintf("line %d, column 1:", lines+1)},
		{"NUL", "\x00", fmt.Sprintf("line %d, column 1:", lines+1)},
		{"no-break space", "\u00a0", fmt.Sprintf("line %d, column 1:", lines+1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := lens.Parse(append(bytes.Clone(base), tt.trailer...))
			if tt.pos == "" {
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				return
			}
			if err == nil || l != nil {
				t.Fatalf("Parse accepted trailing %q", tt.trailer)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, tt.pos) || !strings.Contains(msg, "unexpected data after the lens object") {
				t.Errorf("error = %q, want %q... unexpected data after the lens object", msg, tt.pos)
			}
		})
	}
}

// findKey returns the JSON paths of every object key named key in v.
func findKey(v any, path, key string) []string {
	var found []string
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if k == key {
				found = append(found, path+"."+k)
			}
			found = append(found, findKey(x, path+"."+k, key)...)
		}
	case []any:
		for i, x := range v {
			found = append(found, findKey(x, fmt.Sprintf("%s[%d]", path, i), key)...)
		}
	}
	return found
}

// riskTable evaluates every question of l for every subset of its choices
// (up to 2^12 of them), keyed by question ID.
func riskTable(t testing.TB, l *lens.Lens) map[string][]opslens.Risk {
	t.Helper()
	table := map[string][]opslens.Risk{}
	for _, ref := range l.Questions() {
		q := ref.Question
		n := min(len(q.Choices), 12)
		for mask := 0; mask < 1<<n; mask++ {
			followed := func(id string) bool {
				for i := range n {
					if q.Choices[i].ID == id {
						return mask&(1<<i) != 0
					}
				}
				return false
			}
			r, err := q.Evaluate(followed)
			if err != nil {
				t.Fatalf("question %s: %v", q.ID, err)
			}
			table[q.ID] = append(table[q.ID], r)
		}
	}
	return table
}

// richLens is baseLens with a second pillar whose rules use every operator.
func richLens() *lens.Lens {
	l := baseLens()
	q := question("q02")
	q.RiskRules = []lens.RiskRule{
		{Condition: "(q02_a || q02_c) && !q02_no", Risk: lens.RuleNone},
		{Condition: "q02_b || !(q02_a && q02_c)", Risk: lens.RuleHigh},
		{Condition: " default ", Risk: lens.RuleMedium},
	}
	l.Pillars = append(l.Pillars, lens.Pillar{ID: "pillar_two", Name: "Pillar <two> & more", Questions: []lens.Question{q, question("q03")}})
	return l
}

func TestExportAWS(t *testing.T) {
	l := richLens()
	data := mustExport(t, l, lens.FormatAWS)

	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("AWS export is not JSON: %v", err)
	}
	if found := findKey(doc, "$", "opslens"); len(found) > 0 {
		t.Errorf("AWS export has opslens keys at %v", found)
	}
	if !bytes.Contains(data, []byte(`"condition": "q01_a && q01_b"`)) {
		t.Error("AWS export escapes && in conditions")
	}
	if !bytes.HasSuffix(data, []byte("}\n")) {
		t.Error("AWS export does not end with a newline")
	}

	back, err := lens.Parse(data)
	if err != nil {
		t.Fatalf("Parse(AWS export): %v", err)
	}
	if back.Ext != nil || back.Pillars[0].Questions[0].Ext != nil || back.Pillars[0].Questions[0].Choices[0].Ext != nil {
		t.Error("re-parsed AWS export has extension fields")
	}
	if !reflect.DeepEqual(riskTable(t, back), riskTable(t, l)) {
		t.Error("re-parsed AWS export evaluates risks differently")
	}
	// Everything but the extension fields survives.
	strip := deepCopy(t, l)
	strip.Ext = nil
	for _, ref := range strip.Questions() {
		ref.Question.Ext = nil
		for i := range ref.Question.Choices {
			ref.Question.Choices[i].Ext = nil
		}
	}
	if !reflect.DeepEqual(back, strip) {
		t.Error("re-parsed AWS export differs from the lens without extensions")
	}
	// Export must not strip the lens it is called on.
	if !reflect.DeepEqual(l, richLens()) {
		t.Error("Export(FormatAWS) modified the lens")
	}
	// The opslens format keeps them.
	var full any
	if err := json.Unmarshal(mustExport(t, l, lens.FormatOpslens), &full); err != nil {
		t.Fatal(err)
	}
	if len(findKey(full, "$", "opslens")) == 0 {
		t.Error("opslens export has no opslens keys")
	}
}

func TestExportOpslensRoundTrip(t *testing.T) {
	for name, l := range map[string]*lens.Lens{"base": baseLens(), "rich": richLens()} {
		t.Run(name, func(t *testing.T) {
			data := mustExport(t, l, lens.FormatOpslens)
			back, err := lens.Parse(data)
			if err != nil {
				t.Fatalf("Parse(Export): %v", err)
			}
			if !reflect.DeepEqual(back, l) {
				got, _ := json.Marshal(back)
				exp, _ := json.Marshal(l)
				t.Errorf("round trip differs:\n got %s\nwant %s", got, exp)
			}
			if again := mustExport(t, back, lens.FormatOpslens); !bytes.Equal(again, data) {
				t.Error("second export differs from the first")
			}
		})
	}
}

func TestParseFormat(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want lens.Format
		ok   bool
	}{
		{"aws", lens.FormatAWS, true},
		{"opslens", lens.FormatOpslens, true},
		{"AWS", "", false},
		{"", "", false},
		{"json", "", false},
	} {
		got, err := lens.ParseFormat(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseFormat(%q) = %q, %v", tt.in, got, err)
		}
	}
}

func TestParseReturnsValidationError(t *testing.T) {
	l := deepCopy(t, baseLens())
	l.Pillars[0].Questions[0].RiskRules[0].Condition = "q01_a &&& q01_b"
	_, err := lens.Parse(mustExport(t, l, lens.FormatOpslens))
	var ve *lens.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error = %v, want a *lens.ValidationError", err)
	}
	checkProblems(t, err, []want{{rr + "[0].condition", `column 9: unexpected character "&"`}})
}

func TestLensAccessors(t *testing.T) {
	l := richLens()
	if l.Alias() != "test" || l.Version() != "1" {
		t.Errorf("Alias, Version = %q, %q", l.Alias(), l.Version())
	}
	refs := l.Questions()
	var ids []string
	for i, r := range refs {
		if r.Index != i {
			t.Errorf("question %s has Index %d, want %d", r.Question.ID, r.Index, i)
		}
		ids = append(ids, r.Pillar.ID+"/"+r.Question.ID)
	}
	if want := []string{"pillar_one/q01", "pillar_two/q02", "pillar_two/q03"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("Questions() = %v, want %v", ids, want)
	}
	if r, ok := l.Question("q03"); !ok || r.Index != 2 || r.Pillar.ID != "pillar_two" {
		t.Errorf("Question(q03) = %+v, %v", r, ok)
	}
	if _, ok := l.Question("nope"); ok {
		t.Error("Question(nope) found")
	}
	q := refs[0].Question
	if q.Area() != "Prepare" || q.Choice("q01_b").Level() != lens.LevelMedium || q.Choice("q01_x") != nil {
		t.Error("Area, Choice or Level wrong")
	}
	if nc := q.NoneChoice(); nc == nil || nc.ID != "q01_no" || !nc.IsNone() || nc.Level() != "" {
		t.Errorf("NoneChoice() = %+v", nc)
	}
	empty := &lens.Lens{}
	if empty.Alias() != "" || empty.Version() != "" || (&lens.Question{}).Area() != "" || (&lens.Question{}).NoneChoice() != nil {
		t.Error("accessors on an empty lens")
	}
	if lens.LevelHigh.Rank() >= lens.LevelMedium.Rank() || lens.LevelMedium.Rank() >= lens.LevelLow.Rank() {
		t.Error("Rank does not order HIGH < MEDIUM < LOW")
	}
}
