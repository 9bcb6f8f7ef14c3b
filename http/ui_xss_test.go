package http

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/opslens/opslens"
)

// xssPayloads are stored in every text field a user can fill; no page may
// carry them raw.
var xssPayloads = []string{`<script>alert(1)</script>`, `"><img src=x onerror=alert(1)>`}

func TestUIEscapesUserText(t *testing.T) {
	for _, payload := range xssPayloads {
		t.Run(payload, func(t *testing.T) { checkEscaped(t, payload) })
	}
}

func checkEscaped(t *testing.T, payload string) {
	ts := newTestServer(t)
	root, ann, bob := ts.user("root", true), ts.user("ann", false), ts.user("bob", false)
	c, admin, bobC := ts.signIn(ann), ts.signIn(root), ts.signIn(bob)
	wf := url.Values{"name": {"wl " + payload}, "description": {payload}, "environment": {"PRODUCTION"},
		"owner": {payload}, "review_owner": {payload}, "locations": {payload}, "industry": {payload},
		"industry_type": {payload}, "tags": {"k" + payload + "=v" + payload}, "notes": {payload},
		"lens": {"operational-excellence"}}
	if res := ts.postForm(c, "/workloads", wf); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d %s", res.StatusCode, readBody(t, res))
	}
	w, err := ts.reviews.Workload(context.Background(), "wl "+payload)
	if err != nil {
		t.Fatal(err)
	}
	ts.share(w, bob, opslens.RoleContributor)
	ids, _ := ts.practices("OPS01")
	qpath := questionPath(w, "OPS01")
	answer := url.Values{"version": {"0"}, "choice": ids[:1], "notes": {payload}, "note_" + ids[0]: {payload}, "note_" + ids[1]: {payload}}
	for _, post := range []struct {
		who  *http.Client
		path string
		form url.Values
	}{
		{c, qpath, answer},
		{c, workloadPath(w, "/milestones"), url.Values{"name": {payload}}},
		{c, "/account/tokens", url.Values{"name": {payload}}},
	} {
		if res := ts.postForm(post.who, post.path, post.form); res.StatusCode >= 400 {
			t.Fatalf("%s: %d %s", post.path, res.StatusCode, readBody(t, res))
		}
	}
	// Pages that echo input back: refused forms and a conflict.
	echoes := []struct {
		who  *http.Client
		path string
		form url.Values
	}{
		{bobC, qpath, url.Values{"version": {"0"}, "notes": {payload}, "note_" + ids[2]: {payload}}},
		{admin, "/admin/users", url.Values{"name": {payload}, "password": {"long-enough-pw"}}},
		{c, workloadPath(w, "/shares"), url.Values{"user": {payload}, "role": {"READONLY"}}},
		{c, "/workloads", url.Values{"name": {payload}, "tags": {payload}, "priorities": {payload}, "environment": {"PRODUCTION"}}},
		{c, "/account/tokens", url.Values{"name": {payload}, "days": {payload}}},
		{c, workloadPath(w, "/milestones"), url.Values{"name": {strings.Repeat(payload, 10)}}},
	}
	for _, e := range echoes {
		res := ts.postForm(e.who, e.path, e.form)
		checkBody(t, "POST "+e.path, res, payload)
	}
	pages := []struct {
		who  *http.Client
		path string
	}{
		{c, "/"}, {c, "/?owner=" + url.QueryEscape(payload) + "&tag=" + url.QueryEscape(payload)},
		{c, workloadPath(w, "")}, {c, workloadPath(w, "/edit")}, {c, qpath}, {c, workloadPath(w, "/plan")},
		{c, workloadPath(w, "/milestones")}, {c, workloadPath(w, "/milestones/1")}, {c, workloadPath(w, "/diff?from=1&to=0")},
		{c, workloadPath(w, "/history")}, {c, workloadPath(w, "/shares")}, {c, "/account"}, {admin, "/admin/users"},
		{c, workloadPath(w, "/report.html")}, {c, "/no-such-page/" + url.PathEscape(payload)},
		{c, "/signin?next=" + url.QueryEscape(payload)},
	}
	for _, p := range pages {
		res := ts.do(p.who, mustReq(t, "GET", ts.http.URL+p.path))
		checkBody(t, "GET "+p.path, res, payload)
	}
	// The text is shown, escaped, rather than dropped.
	for _, path := range []string{"/", workloadPath(w, ""), workloadPath(w, "/edit"), qpath, workloadPath(w, "/milestones"), "/account"} {
		if _, body := ts.get(c, path); !strings.Contains(body, html.EscapeString(payload)) {
			t.Errorf("GET %s does not show the text escaped", path)
		}
	}
}

// checkBody fails if the payload appears unescaped. The page must show
// the text, escaped, where it echoes it, so a test that passes because the
// field was dropped is told apart by its own assertions elsewhere.
func checkBody(t *testing.T, what string, res *http.Response, payload string) {
	t.Helper()
	body := string(readBody(t, res))
	if strings.Contains(body, payload) || strings.Contains(body, "<img src=x") || strings.Contains(body, "<script>alert") {
		t.Errorf("%s (%d) carries the raw payload", what, res.StatusCode)
	}
}
