package evidence

import (
	"reflect"
	"strings"
	"testing"
)

// md trims the leading newline of a raw-string fixture.
func md(s string) []byte { return []byte(strings.TrimPrefix(s, "\n")) }

func mustDoc(t *testing.T, p string, src []byte) *docModel {
	t.Helper()
	d, err := buildDocModel(p, src)
	if err != nil {
		t.Fatalf("buildDocModel(%s): %v", p, err)
	}
	return d
}

type docSectionWant struct {
	heading string
	level   int
	line    int
	filled  bool
}

func docSectionsOf(d *docModel) []docSectionWant {
	var out []docSectionWant
	for _, s := range d.Sections[1:] {
		out = append(out, docSectionWant{s.Heading, s.Level, s.Line, s.Filled()})
	}
	return out
}

func TestDocModelMarkdown(t *testing.T) {
	tests := []struct {
		name      string
		path      string
		src       string
		title     string
		titleLine int
		sections  []docSectionWant
		totals    docCounts
		front     map[string]string
	}{
		{
			name: "front matter, numbered steps with commands, tasks, table, links",
			path: "runbooks/restart.md",
			src: `
---
title: Restart the worker
owner: team-a
tags: [ops, worker]
---
# Restart

See [the dashboard](https://grafana.example.com/d/1) first.

## Steps

1. Restart it:
   ` + "```bash" + `
   kubectl rollout restart deploy/worker
   ` + "```" + `
2. Watch https://status.example.com until green.

## Checks

- [x] queue drains
- [ ] alert resolves

| Key | Value |
|-----|-------|
| Team | payments |
`,
			title: "Restart the worker", titleLine: 2,
			sections: []docSectionWant{{"Restart", 1, 6, true}, {"Steps", 2, 10, true}, {"Checks", 2, 18, true}},
			// Header cells are words but not real words.
			totals: docCounts{Words: 18, RealWords: 16, ListItems: 4, Ordered: 2, Tasks: 2, Checked: 1, Links: 2, Tables: 1, TableRows: 1,
				CodeBlocks: 1, Commands: 1},
			front: map[string]string{"title": "Restart the worker", "owner": "team-a", "tags": "ops, worker"},
		},
		{
			name: "template placeholders are words but not real words",
			path: "docs/postmortem-template.md",
			src: `
# Postmortem: <title>

**Date:** YYYY-MM-DD

## Summary

<!-- what happened -->

## Impact

_Describe the customer impact._

## Root cause

TBD

## Timeline

| Time | Event |
|------|-------|
|      |       |

## Actions

- [ ] {{action}}
`,
			title: "Postmortem: <title>", titleLine: 1,
			sections: []docSectionWant{{"Postmortem: <title>", 1, 1, false}, {"Summary", 2, 5, false}, {"Impact", 2, 9, false},
				{"Root cause", 2, 13, false}, {"Timeline", 2, 17, false}, {"Actions", 2, 23, false}},
			totals: docCounts{Words: 10, RealWords: 0, ListItems: 1, Tasks: 1, Tables: 1, TableRows: 1, Placeholders: 6},
			front:  map[string]string{},
		},
		{
			name: "setext headings, no front matter, thematic break is not front matter",
			path: "README.md",
			src: `
---
Title
=====

Some text here for the readers.

Part
----

More words.
`,
			title: "Title", titleLine: 2,
			sections: []docSectionWant{{"Title", 1, 2, true}, {"Part", 2, 7, false}},
			totals:   docCounts{Words: 8, RealWords: 8},
			front:    map[string]string{},
		},
		{
			name: "TOML front matter",
			path: "docs/content/ops.md",
			src: `
+++
title = "Operations"
weight = 3
+++
Body text.
`,
			title: "Operations", titleLine: 2,
			totals: docCounts{Words: 2, RealWords: 2},
			front:  map[string]string{"title": "Operations", "weight": "3"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := mustDoc(t, tt.path, md(tt.src))
			if d.Title != tt.title || d.TitleLine != tt.titleLine {
				t.Errorf("title = %q:%d, want %q:%d", d.Title, d.TitleLine, tt.title, tt.titleLine)
			}
			if got := docSectionsOf(d); !reflect.DeepEqual(got, tt.sections) {
				t.Errorf("sections =\n%v\nwant\n%v", got, tt.sections)
			}
			if d.Totals != tt.totals {
				t.Errorf("totals =\n%+v\nwant\n%+v", d.Totals, tt.totals)
			}
			if !reflect.DeepEqual(d.Front.Values, tt.front) {
				t.Errorf("front = %v, want %v", d.Front.Values, tt.front)
			}
		})
	}
}

func TestDocModelFields(t *testing.T) {
	d := mustDoc(t, "runbooks/x.md", md(`
# X

**Owner:** team-payments
Status: <fill in>
See https://example.com: it works.

| Service | Owner | Tier |
|---|---|---|
| orders | team-orders | 1 |
`))
	if v, line, ok := d.field("owner"); !ok || v != "team-payments" || line != 3 {
		t.Errorf("owner = %q:%d %v", v, line, ok)
	}
	if _, _, ok := d.field("status"); ok {
		t.Error("a placeholder status must not count as a field")
	}
	if _, _, ok := d.field("see https"); ok {
		t.Error("a URL is not a field")
	}
	if v, _, ok := docOwner(d); !ok || v != "team-payments" {
		t.Errorf("docOwner = %q %v", v, ok)
	}
	d = mustDoc(t, "runbooks/y.md", md("# Y\n\n| Service | Owner |\n|---|---|\n| orders | team-orders |\n"))
	if v, _, ok := docOwner(d); !ok || v != "team-orders" {
		t.Errorf("docOwner from an Owner column = %q %v", v, ok)
	}
}

func TestDocModelLineFormats(t *testing.T) {
	rst := md(`
:owner: storage
:status: draft

=====
Title
=====

Intro paragraph with https://example.com/link.

Steps
-----

#. First step::

     pg_dump orders > orders.sql

#. Second step.
* [x] done item

Sub
~~~

=====  ===========
Sev    Meaning
=====  ===========
SEV1   Everything is down for all
SEV2   Part is down for many
=====  ===========

.. a comment that the template left
`)
	d := mustDoc(t, "docs/x.rst", rst)
	want := []docSectionWant{{"Title", 1, 5, true}, {"Steps", 2, 10, true}, {"Sub", 3, 20, true}}
	if got := docSectionsOf(d); !reflect.DeepEqual(got, want) {
		t.Errorf("rst sections = %v, want %v", got, want)
	}
	if d.Front.Values["owner"] != "storage" || d.Front.Values["status"] != "draft" {
		t.Errorf("rst field list = %v", d.Front.Values)
	}
	if d.Totals.Ordered != 2 || d.Totals.Tasks != 1 || d.Totals.Checked != 1 || d.Totals.Commands != 1 || d.Totals.Links != 1 {
		t.Errorf("rst totals = %+v", d.Totals)
	}
	if len(d.Tables) != 1 || !reflect.DeepEqual(d.Tables[0].Header, []string{"Sev", "Meaning"}) || len(d.Tables[0].Rows) != 2 {
		t.Errorf("rst table = %+v", d.Tables)
	}
	if d.Totals.Placeholders == 0 {
		t.Error("the rST comment should count as a placeholder")
	}

	adoc := md(`
= Drain a node
:owner: platform

== Steps

. Cordon it.
. Drain it:
+
[source,bash]
----
kubectl drain NODE
----

== Levels

|===
| Level | Meaning

| SEV1 | Everything down
| SEV2 | Partly down
|===

// TODO: add rollback
`)
	d = mustDoc(t, "ops/drain.adoc", adoc)
	want = []docSectionWant{{"Drain a node", 1, 1, false}, {"Steps", 2, 4, true}, {"Levels", 2, 14, true}}
	if got := docSectionsOf(d); !reflect.DeepEqual(got, want) {
		t.Errorf("adoc sections = %v, want %v", got, want)
	}
	if d.Front.Values["owner"] != "platform" || d.Totals.Ordered != 2 || d.Totals.Commands != 1 {
		t.Errorf("adoc = front %v totals %+v", d.Front.Values, d.Totals)
	}
	if len(d.Tables) != 1 || len(d.Tables[0].Rows) != 2 || d.Tables[0].Header[0] != "Level" {
		t.Errorf("adoc table = %+v", d.Tables)
	}
}

func TestDocFrontMatter(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		keys    []string
		wantErr bool
		body    string
	}{
		{"yaml", "---\nOwner: a\nlast_reviewed: 2024-01-01\n---\n# T\n", []string{"owner", "last reviewed"}, false, "\n\n\n\n# T\n"},
		{"yaml with dots end", "---\na: 1\n...\nx\n", []string{"a"}, false, "\n\n\nx\n"},
		{"bom and crlf", "\ufeff---\r\nteam: b\r\n---\r\nx", []string{"team"}, false, "\n\n\nx"},
		{"unterminated is a thematic break", "---\nnot: front\n", nil, false, "---\nnot: front\n"},
		{"a list is not front matter", "---\n- a\n- b\n---\nx\n", nil, false, "---\n- a\n- b\n---\nx\n"},
		{"a banner between rules is not front matter", "---\n<p align=center>Logo</p>\n---\nx\n", nil, false, "---\n<p align=center>Logo</p>\n---\nx\n"},
		{"a scalar key that does not parse", "---\ntitle: [\n---\nx\n", nil, true, "\n\n\nx\n"},
		{"bad yaml keeps the body", "---\na: [\n---\nx\n", nil, true, "\n\n\nx\n"},
		{"empty", "---\n---\nx\n", nil, false, "\n\nx\n"},
		{"toml", "+++\ntitle = 'T'\ntags = ['a', 'b']\n+++\n", []string{"tags", "title"}, false, "\n\n\n\n"},
		{"none", "# T\n", nil, false, "# T\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, body, err := splitDocFrontMatter([]byte(tt.src))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if !reflect.DeepEqual(f.Keys, tt.keys) {
				t.Errorf("keys = %q, want %q", f.Keys, tt.keys)
			}
			if string(body) != tt.body {
				t.Errorf("body = %q, want %q", body, tt.body)
			}
		})
	}
}

func TestDocText(t *testing.T) {
	strip := []struct{ in, want string }{
		{"TBD", ""},
		{"<fill in>", ""},
		{"N/A", ""},
		{"{{ service_name }} owns it", "owns it"},
		{"[Describe the impact here]", ""},
		{"YYYY-MM-DD HH:MM", ""},
		{"…", ""},
		{"Restart the worker", "Restart the worker"},
	}
	for _, s := range strip {
		if got := docStrip(s.in); got != s.want {
			t.Errorf("docStrip(%q) = %q, want %q", s.in, got, s.want)
		}
	}
	commands := []struct {
		lang, code string
		want       int
	}{
		{"bash", "# comment\nkubectl get pods\n\nhelm rollback x\n", 2},
		{"", "$ make deploy\nsome output\n", 1},
		{"yaml", "apiVersion: v1\nkind: Pod\n", 0},
		{"text", "aws s3 ls\n./scripts/fix.sh\n", 2},
	}
	for _, c := range commands {
		if got := docCommandLines(c.lang, c.code); got != c.want {
			t.Errorf("docCommandLines(%q, %q) = %d, want %d", c.lang, c.code, got, c.want)
		}
	}
	long := strings.Repeat("Nothing operational in this filler sentence at all. ", 10)
	for _, s := range []string{"Alerts go to the on-call; roll back with helm; escalate after 5 minutes", long + "Alerts go to the on-call; roll back with helm; escalate after 5 minutes"} {
		if got := docOpsTopics(s); !reflect.DeepEqual(got, []string{"alerts", "on-call", "rollback"}) {
			t.Errorf("docOpsTopics(%d bytes) = %v", len(s), got)
		}
	}
	if got := docStride("Spoofing and tampering; no denial-of-service"); !reflect.DeepEqual(got, []string{"spoofing", "tampering", "denial of service"}) {
		t.Errorf("docStride = %v", got)
	}
	if k, v, ok := docFieldLine("**Owning team:** payments"); ok {
		t.Errorf("emphasis markers are gone before field parsing, got %q %q", k, v)
	}
	if k, v, ok := docFieldLine("Owning team: payments"); !ok || k != "owning team" || v != "payments" {
		t.Errorf("docFieldLine = %q %q %v", k, v, ok)
	}
}

// FuzzDocFrontMatter: any input splits without panicking, and the body
// keeps the line count of the input (line numbers stay those of the file).
func FuzzDocFrontMatter(f *testing.F) {
	for _, s := range []string{"---\na: 1\n---\nx\n", "+++\na = 1\n+++\n", "---\n- [\n---\n", "\ufeff---\r\n---\r\n", "---", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, body, _ := splitDocFrontMatter(data)
		data = []byte(strings.TrimPrefix(string(data), "\ufeff"))
		if strings.Count(string(body), "\n") != strings.Count(string(data), "\n") {
			t.Fatalf("line count changed: %q -> %q", data, body)
		}
	})
}

// FuzzDocModel: no input makes a builder panic, and the model stays
// coherent (preamble first, sections in line order, counts not negative).
func FuzzDocModel(f *testing.F) {
	seeds := []string{
		"# T\n\n1. a\n2. b\n\n| a | b |\n|---|---|\n| c | d |\n",
		"---\ntitle: x\n---\n## S\n- [ ] t\n<!-- c -->\n",
		"Title\n=====\n\n.. code-block:: bash\n\n   ls\n\n+---+---+\n| a | b |\n+===+===+\n| c | d |\n+---+---+\n",
		"= T\n:owner: a\n\n|===\n| a | b\n\n| c | d\n|===\n----\nx\n",
	}
	for i, s := range seeds {
		f.Add(uint8(i), []byte(s))
	}
	f.Fuzz(func(t *testing.T, kind uint8, data []byte) {
		var d *docModel
		switch kind % 3 {
		case 0:
			d = buildMarkdownDoc("x.md", data)
		case 1:
			d = buildLineDoc("x.rst", "rst", data)
		default:
			d = buildLineDoc("x.adoc", "asciidoc", data)
		}
		classifyDoc(d)
		if len(d.Sections) == 0 || d.Sections[0].Level != 0 {
			t.Fatal("the preamble must come first")
		}
		for i := 2; i < len(d.Sections); i++ {
			if d.Sections[i].Line < d.Sections[i-1].Line {
				t.Fatalf("sections out of order: %+v", d.Sections)
			}
		}
		if d.Totals.Words < 0 || d.Totals.RealWords > d.Totals.Words {
			t.Fatalf("bad totals %+v", d.Totals)
		}
	})
}
