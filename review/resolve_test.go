package review

import (
	"testing"

	"github.com/opslens/opslens"
)

func TestResolveQuestion(t *testing.T) {
	b, tl := builtinLens(t), testLens(t)
	tests := []struct {
		name   string
		lens   string // "oe" or "tl"
		input  string
		want   string // question ID, or "" for an error
		index  int
		pillar string
		msg    []string // fragments of the error
	}{
		{name: "exact", lens: "oe", input: "OPS03", want: "OPS03", index: 2, pillar: "operationalExcellence"},
		{name: "lower case", lens: "oe", input: "ops03", want: "OPS03", index: 2, pillar: "operationalExcellence"},
		{name: "mixed case with spaces", lens: "oe", input: "  Ops11 ", want: "OPS11", index: 10, pillar: "operationalExcellence"},
		{name: "first by position", lens: "oe", input: "1", want: "OPS01", index: 0, pillar: "operationalExcellence"},
		{name: "position", lens: "oe", input: "3", want: "OPS03", index: 2, pillar: "operationalExcellence"},
		{name: "last by position", lens: "oe", input: "11", want: "OPS11", index: 10, pillar: "operationalExcellence"},
		{name: "position across pillars", lens: "tl", input: "3", want: "BQ1", index: 2, pillar: "beta"},
		{name: "ID in the second pillar", lens: "tl", input: "bq2", want: "BQ2", index: 3, pillar: "beta"},
		{name: "position zero", lens: "oe", input: "0", msg: []string{`"0"`, "run 'opslens lens show oe'"}},
		{name: "position past the end", lens: "oe", input: "12", msg: []string{`"12"`, "not in lens oe"}},
		{name: "negative position", lens: "oe", input: "-1", msg: []string{`"-1"`}},
		{name: "no zero padding", lens: "oe", input: "OPS3", want: "OPS03", index: 2, pillar: "operationalExcellence"},
		{name: "typo", lens: "oe", input: "OPX03", msg: []string{`"OPX03"`, "did you mean OPS03?"}},
		{name: "typo in lower case", lens: "oe", input: "osp02", msg: []string{"did you mean OPS02?"}},
		{name: "far off", lens: "oe", input: "deployment", msg: []string{"run 'opslens lens show oe' to list its questions"}},
		{name: "empty", lens: "oe", input: "", msg: []string{`""`}},
		{name: "typo in the test lens", lens: "tl", input: "BQ3", msg: []string{"did you mean BQ1 or BQ2?", "not in lens tl"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := b
			if tt.lens == "tl" {
				l = tl
			}
			ref, err := ResolveQuestion(l, tt.lens, tt.input)
			if tt.want == "" {
				errCode(t, err, opslens.ENOTFOUND, tt.msg...)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if ref.Question.ID != tt.want || ref.Index != tt.index || ref.Pillar.ID != tt.pillar {
				t.Errorf("got %s at %d in %s, want %s at %d in %s", ref.Question.ID, ref.Index, ref.Pillar.ID, tt.want, tt.index, tt.pillar)
			}
		})
	}
}

func TestResolveChoice(t *testing.T) {
	tl := testLens(t)
	bq2 := &tl.Pillars[1].Questions[1] // no "None of these"
	aq1 := &tl.Pillars[0].Questions[0]
	for _, tc := range []struct {
		name, input, want string
		q                 string // "AQ1" or "BQ2"
	}{
		{"exact", "AQ1_h1", "AQ1_h1", "AQ1"},
		{"upper case", "AQ1_H1", "AQ1_h1", "AQ1"},
		{"dash", "AQ1-m1", "AQ1_m1", "AQ1"},
		{"without prefix", "l1", "AQ1_l1", "AQ1"},
		{"without prefix upper case", "L1", "AQ1_l1", "AQ1"},
		{"none", "none", "AQ1_no", "AQ1"},
		{"None", "None", "AQ1_no", "AQ1"},
		{"no", "no", "AQ1_no", "AQ1"},
		{"none without a none choice", "none", "", "BQ2"},
		{"unknown", "h2", "", "AQ1"},
		{"other question", "BQ2_m", "", "AQ1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := aq1
			if tc.q == "BQ2" {
				q = bq2
			}
			c, err := ResolveChoice(q, tc.input)
			if tc.want == "" {
				errCode(t, err, opslens.ENOTFOUND, "of question "+tc.q)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.ID != tc.want {
				t.Errorf("got %s, want %s", c.ID, tc.want)
			}
			if c != q.Choice(c.ID) {
				t.Errorf("result does not point into the lens")
			}
		})
	}
}

func TestDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "abc", 3},
		{"abc", "", 3},
		{"same", "same", 0},
		{"kitten", "sitting", 3},
		{"sitting", "kitten", 3},
		{"flaw", "lawn", 2},
		{"gumbo", "gambol", 2},
		{"ab", "ba", 2},
		{"abc", "abcd", 1},
		{"abcd", "abc", 1},
		{"xabc", "abc", 1},
		{"abc", "xyz", 3},
		{"ops3", "ops03", 1},
		{"OPS01", "ops01", 3}, // case-sensitive; suggest lowers both sides
		{"héllo", "hello", 1}, // runes, not bytes
		{"日本語", "日本", 1},
		{"operational-excelence", "operational-excellence", 1},
	} {
		if got := distance(tc.a, tc.b); got != tc.want {
			t.Errorf("distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestSuggest(t *testing.T) {
	ids := []string{"OPS01", "OPS02", "OPS10"}
	for _, tc := range []struct {
		in         string
		candidates []string
		fallback   string
		want       string
	}{
		{"ops1", ids, "fb", "; did you mean OPS01 or OPS10?"}, // distance 1 from both: name both
		{"OPS02", ids, "fb", "; did you mean OPS02?"},         // exact
		{"ops100", ids, "fb", "; did you mean OPS10?"},        // distance 1
		{"o", ids, "fb", "; fb"},                              // distance 4 > limit 2
		{"xx", []string{"ab"}, "fb", "; did you mean ab?"},    // short inputs allow 2 edits
		{"xyz", []string{"ab"}, "fb", "; fb"},
		{"zzzzzzzz", ids, "", ""},
		{"anything", nil, "fb", "; fb"},
		{"anything", nil, "", ""},
	} {
		if got := suggest(tc.in, tc.candidates, tc.fallback); got != tc.want {
			t.Errorf("suggest(%q, %v, %q) = %q, want %q", tc.in, tc.candidates, tc.fallback, got, tc.want)
		}
	}
}
