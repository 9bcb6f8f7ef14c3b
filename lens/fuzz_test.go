package lens_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/lens"
	"github.com/opslens/opslens/lens/builtin"
)

func FuzzParse(f *testing.F) {
	// Valid lenses in both formats, including the built-in one.
	bl, err := builtin.OperationalExcellence()
	if err != nil {
		f.Fatal(err)
	}
	for _, l := range []*lens.Lens{baseLens(), richLens(), bl} {
		f.Add(mustExport(f, l, lens.FormatAWS))
		f.Add(mustExport(f, l, lens.FormatOpslens))
	}
	compact, _ := json.Marshal(baseLens())
	f.Add(compact)

	// Broken ones.
	for _, s := range []string{
		"",
		"{",
		"}",
		"null",
		"[]",
		`"lens"`,
		"{}",
		"{} }",
		`{"name": x}`,
		`{"pillars": {}}`,
		`{"pillars": [null, 5]}`,
		`{"pillars": [{"questions": [{"choices": [{"opslens": {"level": 3}}]}]}]}`,
		`{"schemaVersion": "2021-11-01", "name": "n", "pillars": [{"id": "p01", "name": "p", "questions": [` +
			`{"id": "q01", "title": "t", "choices": [{"id": "q01_no", "title": "none"}],` +
			`"riskRules": [{"condition": "!q01_no \u0026\u0026 (q01_no || q01_no)", "risk": "NO_RISK"}, {"condition": "default", "risk": "HIGH_RISK"}]}]}]}`,
		`{"schemaVersion": "2021-11-01", "name": "n", "pillars": [{"id": "p01", "name": "p", "questions": [` +
			`{"id": "q01", "title": "t", "choices": [{"id": "q01_a", "title": "a"}], "riskRules": [{"condition": "q01_a &", "risk": "NO_RISK"}]}]}]}`,
		strings.Repeat("[", 20000),
		`{"name": "\ud800", "Name": "dup", "NAME": 1}`,
	} {
		f.Add([]byte(s))
	}
	withTrailer := append(mustExport(f, baseLens(), lens.FormatOpslens), ']')
	f.Add(withTrailer)

	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := lens.Parse(data)
		if (l == nil) == (err == nil) {
			t.Fatalf("Parse returned lens %v and error %v", l != nil, err)
		}
		if err != nil {
			var ve *lens.ValidationError
			if errors.As(err, &ve) {
				if len(ve.Problems) == 0 {
					t.Fatal("ValidationError without problems")
				}
				for _, p := range ve.Problems {
					if !strings.HasPrefix(p.Path, "$") || p.Message == "" {
						t.Fatalf("bad problem %q: %q", p.Path, p.Message)
					}
				}
			}
			return
		}
		if err := l.Validate(); err != nil {
			t.Fatalf("Parse accepted a lens that Validate rejects: %v", err)
		}
		want := riskSample(t, l)
		for _, f := range []lens.Format{lens.FormatOpslens, lens.FormatAWS} {
			out, err := l.Export(f)
			if err != nil {
				t.Fatalf("Export(%s): %v", f, err)
			}
			if len(out) > lens.MaxBytes {
				// Indentation can push a lens near the limit over it.
				continue
			}
			back, err := lens.Parse(out)
			if err != nil {
				t.Fatalf("Parse(Export(%s)): %v\n%s", f, err, out)
			}
			if again, _ := back.Export(f); !bytes.Equal(again, out) {
				t.Fatalf("Export(%s) is not stable across a re-parse", f)
			}
			if got := riskSample(t, back); !equalRisks(got, want) {
				t.Fatalf("Export(%s) changes risks: %v, want %v", f, got, want)
			}
			if f == lens.FormatAWS {
				var doc any
				if err := json.Unmarshal(out, &doc); err != nil {
					t.Fatal(err)
				}
				if found := findKey(doc, "$", "opslens"); len(found) > 0 {
					t.Fatalf("AWS export has opslens keys at %v", found)
				}
			}
		}
	})
}

// riskSample evaluates each question with nothing, everything, and each
// single choice followed.
func riskSample(t *testing.T, l *lens.Lens) [][]opslens.Risk {
	t.Helper()
	var out [][]opslens.Risk
	for _, ref := range l.Questions() {
		q := ref.Question
		var rs []opslens.Risk
		eval := func(followed func(string) bool) {
			r, err := q.Evaluate(followed)
			if err != nil {
				t.Fatalf("question %s of a valid lens: %v", q.ID, err)
			}
			rs = append(rs, r)
		}
		eval(func(string) bool { return false })
		eval(func(string) bool { return true })
		for _, c := range q.Choices {
			eval(func(id string) bool { return id == c.ID })
			eval(func(id string) bool { return id != c.ID })
		}
		out = append(out, rs)
	}
	return out
}

func equalRisks(a, b [][]opslens.Risk) bool {
	return slices.EqualFunc(a, b, slices.Equal)
}

var choiceIDPattern = regexp.MustCompile(`^[A-Za-z0-9_]+$`)

func FuzzParseCondition(f *testing.F) {
	for _, s := range []string{
		"default", " default ", "Default", "a", "!a", "a && b", "a || b && c", "!a && b", "!(a || b)",
		"(a || b) && !(c && d) || e", "a&&b||!c", "\ta\n&&\r\n b", "OPS01_BP01 && OPS01_BP02",
		"", "a &&", "&& a", "a & b", "a | b", "(a", "a)", "a b", "!", "a && default", "()", "a && é",
		"\u00a0default", "a && \xff", "a &&& b", "(((((a)))))", strings.Repeat("(", 1000),
		strings.Repeat("!", 99) + "a", strings.Repeat("(", 99) + "a" + strings.Repeat(")", 99),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		c, err := lens.ParseCondition(src)
		if (c == nil) == (err == nil) {
			t.Fatalf("ParseCondition returned condition %v and error %v", c != nil, err)
		}
		if err != nil {
			var ce *lens.ConditionError
			if !errors.As(err, &ce) {
				t.Fatalf("error %v is a %T", err, err)
			}
			if ce.Column < 1 || ce.Column > len(src)+1 || ce.Condition != src || ce.Msg == "" {
				t.Fatalf("bad error for %q: column %d, condition %q, msg %q", src, ce.Column, ce.Condition, ce.Msg)
			}
			_ = err.Error()
			return
		}
		if c.String() != src {
			t.Fatalf("String() = %q, want %q", c.String(), src)
		}
		c2, err := lens.ParseCondition(c.String())
		if err != nil {
			t.Fatalf("re-parse of %q: %v", c.String(), err)
		}
		if !slices.Equal(c2.Choices(), c.Choices()) || c2.IsDefault() != c.IsDefault() {
			t.Fatalf("re-parse changed choices %q to %q", c.Choices(), c2.Choices())
		}
		seen := map[string]bool{}
		for _, id := range c.Choices() {
			if !choiceIDPattern.MatchString(id) || id == "default" || seen[id] {
				t.Fatalf("bad or repeated choice ID %q in %q", id, c.Choices())
			}
			seen[id] = true
		}
		if !c.IsDefault() && len(c.Choices()) == 0 {
			t.Fatalf("%q mentions no choice", src)
		}
		allTrue := func(string) bool { return true }
		allFalse := func(string) bool { return false }
		odd := func(id string) bool {
			for i, x := range c.Choices() {
				if x == id {
					return i%2 == 1
				}
			}
			t.Fatalf("Eval asked about %q, which Choices() does not list", id)
			return false
		}
		// Wrapping in !( ) must negate the result, unless it hits the
		// nesting limit.
		neg, err := lens.ParseCondition("!(" + src + ")")
		if err != nil && !c.IsDefault() && !strings.Contains(err.Error(), "nested more than") {
			t.Fatalf("%q parses but !(%s) does not: %v", src, src, err)
		}
		if c.IsDefault() || err != nil {
			neg = nil
		}
		for _, fn := range []func(string) bool{allTrue, allFalse, odd} {
			v := c.Eval(fn)
			if c.IsDefault() && !v {
				t.Fatal("default does not hold")
			}
			if neg != nil && neg.Eval(fn) == v {
				t.Fatalf("!(%s) evaluates like %s", src, src)
			}
		}
	})
}
