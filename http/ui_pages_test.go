package http

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/review"
)

// get fetches a page with a browser client.
func (ts *testServer) get(c *http.Client, path string) (*http.Response, string) {
	ts.t.Helper()
	res := ts.do(c, mustReq(ts.t, "GET", ts.http.URL+path))
	return res, string(readBody(ts.t, res))
}

// questionPath is the web page of a question of the built-in lens.
func questionPath(w *opslens.Workload, qid string) string {
	return workloadPath(w, "/lenses/"+review.DefaultLens+"/questions/"+qid)
}

// practices returns the practice IDs of a built-in question, without
// "None of these", and the ID of "None of these".
func (ts *testServer) practices(qid string) (ids []string, none string) {
	ts.t.Helper()
	l, err := ts.reviews.Lens(context.Background(), review.DefaultLens)
	if err != nil {
		ts.t.Fatal(err)
	}
	ref, ok := l.Question(qid)
	if !ok {
		ts.t.Fatalf("no question %s", qid)
	}
	for _, c := range ref.Question.Choices {
		if c.IsNone() {
			none = c.ID
		} else {
			ids = append(ids, c.ID)
		}
	}
	return ids, none
}

// storedAnswer reads the stored answer of a built-in question.
func (ts *testServer) storedAnswer(w *opslens.Workload, qid string) opslens.Answer {
	ts.t.Helper()
	as, err := ts.store.Answers(context.Background(), w.ID, review.DefaultLens)
	if err != nil {
		ts.t.Fatal(err)
	}
	for _, a := range as {
		if a.QuestionID == qid {
			return a
		}
	}
	return opslens.Answer{QuestionID: qid, IsApplicable: true}
}

func TestUIPagesRender(t *testing.T) {
	ts := newTestServer(t)
	root, ann := ts.user("root", true), ts.user("ann", false)
	w := ts.workload("payments", ann)
	ann1 := ts.signIn(ann)
	if res := ts.postForm(ann1, workloadPath(w, "/milestones"), url.Values{"name": {"baseline"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("record milestone: %d", res.StatusCode)
	}
	ids, _ := ts.practices("OPS01")
	if res := ts.postForm(ann1, questionPath(w, "OPS01"), url.Values{"version": {"0"}, "choice": ids[:1]}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("answer: %d %s", res.StatusCode, readBody(t, res))
	}
	admin := ts.signIn(root)
	for _, tc := range []struct {
		who  *http.Client
		path string
		want string
	}{
		{ann1, "/", "payments"},
		{ann1, "/?sort=risk&risk=MEDIUM&env=production&owner=&tag=", "Portfolio"},
		{ann1, "/workloads/new", "Create workload"},
		{ann1, workloadPath(w, ""), "1 of 11 questions answered"},
		{ann1, workloadPath(w, "/edit"), `value="payments"`},
		{ann1, questionPath(w, "OPS01"), "Keyboard shortcuts"},
		{ann1, questionPath(w, "OPS02"), `rel="prev"`},
		{ann1, workloadPath(w, "/plan"), "Improvement plan"},
		{ann1, workloadPath(w, "/milestones"), "baseline"},
		{ann1, workloadPath(w, "/milestones/1"), "Milestone 1: baseline"},
		{ann1, workloadPath(w, "/diff?from=1&to=0"), "Practices now followed"},
		{ann1, workloadPath(w, "/diff"), "Changes from milestone 1"},
		{ann1, workloadPath(w, "/history"), "answer.update"},
		{ann1, workloadPath(w, "/shares"), "ann"},
		{ann1, "/lenses", "operational-excellence"},
		{ann1, "/account", "API tokens"},
		{admin, "/admin/users", "Make administrator"},
		{admin, "/lenses", "Import a lens"},
		{admin, workloadPath(w, ""), "payments"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			res, body := ts.get(tc.who, tc.path)
			if res.StatusCode != http.StatusOK || !strings.Contains(body, tc.want) {
				t.Fatalf("status %d, want 200 with %q\n%s", res.StatusCode, tc.want, body)
			}
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
				t.Errorf("content type %q", ct)
			}
		})
	}
}

func TestUIDownloads(t *testing.T) {
	ts := newTestServer(t)
	ann := ts.user("ann", false)
	w := ts.workload("Payments API", ann)
	c := ts.signIn(ann)
	for _, tc := range []struct{ path, ctype, file, want string }{
		{workloadPath(w, "/report.md"), "text/markdown", "payments-api-report.md", "Payments API"},
		{workloadPath(w, "/report.html"), "text/html", "payments-api-report.html", "<html"},
		{workloadPath(w, "/report.json"), "application/json", "payments-api-report.json", `"WorkloadName": "Payments API"`},
		{workloadPath(w, "/report.pdf"), "application/pdf", "payments-api-report.pdf", "%PDF-"},
		{"/lenses/operational-excellence/export", "application/json", "operational-excellence-opslens.json", `"opslens"`},
		{"/lenses/operational-excellence/export?format=aws", "application/json", "operational-excellence-aws.json", `"pillars"`},
	} {
		t.Run(tc.path, func(t *testing.T) {
			res, body := ts.get(c, tc.path)
			if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), tc.ctype) {
				t.Fatalf("status %d type %q", res.StatusCode, res.Header.Get("Content-Type"))
			}
			if cd := res.Header.Get("Content-Disposition"); cd != `attachment; filename="`+tc.file+`"` {
				t.Errorf("Content-Disposition %q", cd)
			}
			if !strings.Contains(body, tc.want) {
				t.Errorf("body lacks %q", tc.want)
			}
		})
	}
}

func TestUIDashboardFilterAndSort(t *testing.T) {
	ts := newTestServer(t)
	ann := ts.user("ann", false)
	c := ts.signIn(ann)
	create := func(name, owner, env, tags string) {
		res := ts.postForm(c, "/workloads", url.Values{"name": {name}, "owner": {owner}, "environment": {env},
			"tags": {tags}, "lens": {review.DefaultLens}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("create %s: %d %s", name, res.StatusCode, readBody(t, res))
		}
	}
	create("alpha", "team-a", "PRODUCTION", "tier=gold")
	create("bravo", "team-b", "PREPRODUCTION", "tier=silver\ncost=low")
	create("charlie", "team-a", "PRODUCTION", "")
	bravo, _ := ts.reviews.Workload(context.Background(), "bravo")
	_, none := ts.practices("OPS01")
	ts.postForm(c, questionPath(bravo, "OPS01"), url.Values{"version": {"0"}, "choice": {none}})
	for _, tc := range []struct {
		query string
		want  []string // workload names in page order
	}{
		{"", []string{"alpha", "bravo", "charlie"}},
		{"?owner=team-a", []string{"alpha", "charlie"}},
		{"?env=PREPRODUCTION", []string{"bravo"}},
		{"?tag=tier", []string{"alpha", "bravo"}},
		{"?tag=tier%3Dgold", []string{"alpha"}},
		{"?risk=HIGH", []string{"bravo"}},
		{"?risk=NONE", []string{"alpha", "charlie"}},
		{"?sort=risk", []string{"bravo", "alpha", "charlie"}},
	} {
		t.Run(tc.query, func(t *testing.T) {
			res, body := ts.get(c, "/"+tc.query)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d", res.StatusCode)
			}
			var got []string
			for _, name := range []string{"alpha", "bravo", "charlie"} {
				if strings.Contains(body, ">"+name+"</a>") {
					got = append(got, name)
				}
			}
			sortByIndex(got, body)
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Fatalf("rows %v, want %v", got, tc.want)
			}
		})
	}
	if res, body := ts.get(c, "/?sort=sideways"); res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "sideways") {
		t.Fatalf("bad sort: %d", res.StatusCode)
	}
	if _, body := ts.get(c, "/"); !strings.Contains(body, "High: 1;") || !strings.Contains(body, `role="img"`) {
		t.Fatalf("chart text alternative missing:\n%s", body)
	}
}

// sortByIndex orders names by where they first appear in body.
func sortByIndex(names []string, body string) {
	for i := range names {
		for j := i + 1; j < len(names); j++ {
			if strings.Index(body, ">"+names[j]+"</a>") < strings.Index(body, ">"+names[i]+"</a>") {
				names[i], names[j] = names[j], names[i]
			}
		}
	}
}
