package http

import (
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/review"
)

// An owner registers a git URL but not a directory on the server; an
// administrator registers a directory, scans it with the server's worker,
// and follows the scan on the page until its evidence is recorded.
//
// The git URL has no schedule: the server's scheduler would otherwise
// queue a scan of it too, and the page would keep following that one.
func TestUIRepositoriesAndScans(t *testing.T) {
	ts := newTestServerWith(t, Config{}, withScans(1))
	root, ann := ts.user("root", true), ts.user("ann", false)
	w := ts.workload("payments", ann)
	c, admin := ts.signIn(ann), ts.signIn(root)
	page := workloadPath(w, "/repositories")

	if res := ts.postForm(c, page, url.Values{"location": {"https://git.example.com/acme/payments.git"}}); res.StatusCode != 303 {
		t.Fatalf("register a git URL: %d\n%s", res.StatusCode, readBody(t, res))
	}
	res := ts.postForm(c, page, url.Values{"location": {"/etc"}})
	if body := string(readBody(t, res)); res.StatusCode != 403 || !strings.Contains(body, "only administrators") {
		t.Fatalf("an owner registering a directory: %d\n%s", res.StatusCode, body)
	}
	res = ts.postForm(c, page, url.Values{"location": {"https://git.example.com/x.git"}, "every": {"5m"}})
	if body := string(readBody(t, res)); res.StatusCode != 400 || !strings.Contains(body, "too short") || !strings.Contains(body, `value="5m"`) {
		t.Fatalf("a five-minute schedule: %d\n%s", res.StatusCode, body)
	}
	dir, err := filepath.Abs("testdata/service")
	if err != nil {
		t.Fatal(err)
	}
	if res := ts.postForm(admin, page, url.Values{"location": {dir}, "apply": {"on"}}); res.StatusCode != 303 {
		t.Fatalf("an administrator registering a directory: %d\n%s", res.StatusCode, readBody(t, res))
	}
	repos, err := ts.store.Repositories(t.Context(), w.ID)
	if err != nil || len(repos) != 2 {
		t.Fatalf("repositories: %+v %v", repos, err)
	}
	local := repos[0] // by location: the directory sorts before https
	if res := ts.postForm(c, page+"/"+strconv.FormatInt(local.ID, 10)+"/scan", nil); res.StatusCode != 303 {
		t.Fatalf("scan now: %d\n%s", res.StatusCode, readBody(t, res))
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		_, body := ts.get(c, page)
		if strings.Contains(body, "practices with evidence") {
			if strings.Contains(body, `http-equiv="refresh"`) {
				t.Error("the page still reloads itself after the scan finished")
			}
			break
		}
		if !strings.Contains(body, `http-equiv="refresh"`) {
			t.Fatalf("while the scan waits or runs the page does not reload itself:\n%s", body)
		}
		if time.Now().After(deadline) {
			t.Fatalf("the scan did not finish in 30 s:\n%s", body)
		}
		time.Sleep(100 * time.Millisecond)
	}
	sets, err := ts.store.Evidence(t.Context(), w.ID, "operational-excellence")
	if err != nil || len(sets) != 1 || sets[0].Repository != dir {
		t.Fatalf("evidence: %+v %v", sets, err)
	}
	if res := ts.postForm(c, page+"/"+strconv.FormatInt(local.ID, 10)+"/delete", nil); res.StatusCode != 303 {
		t.Fatalf("remove: %d", res.StatusCode)
	}
	if _, body := ts.get(c, workloadPath(w, "/history")); !strings.Contains(body, "repository.delete") || !strings.Contains(body, "job:scan") {
		t.Errorf("history lacks the removal or the scan's evidence")
	}
}

// A viewer sees the repositories but no button to scan, register or remove.
func TestUIRepositoriesReadOnly(t *testing.T) {
	ts := newTestServer(t)
	ann, vic := ts.user("ann", false), ts.user("vic", false)
	w := ts.workload("payments", ann)
	ts.share(w, vic, opslens.RoleReadonly)
	if err := ts.store.CreateRepository(t.Context(), &opslens.Repository{WorkloadID: w.ID, Location: "https://git.example.com/<b>x</b>.git"}); err != nil {
		t.Fatal(err)
	}
	res, body := ts.get(ts.signIn(vic), workloadPath(w, "/repositories"))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("viewer: %d", res.StatusCode)
	}
	for _, absent := range []string{"Scan now", "Remove", "Register a repository", "<b>x</b>"} {
		if strings.Contains(body, absent) {
			t.Errorf("the viewer's page shows %q", absent)
		}
	}
	if !strings.Contains(body, "&lt;b&gt;x&lt;/b&gt;") {
		t.Errorf("the location is not shown escaped")
	}
	if !strings.Contains(body, "runs no scan queue") {
		t.Errorf("a server without a queue does not say so")
	}
}

// The portfolio report from the dashboard covers only the workloads the
// caller can see.
func TestUIPortfolioReportVisibility(t *testing.T) {
	ts := newTestServer(t)
	ann, bob := ts.user("ann", false), ts.user("bob", false)
	ts.workload("payments", ann)
	ts.workload("secret-ledger", bob)
	_, page := ts.get(ts.signIn(ann), "/")
	if !strings.Contains(page, `href="/portfolio/report.pdf"`) {
		t.Error("the dashboard does not link to the portfolio report")
	}
	for _, f := range []string{"md", "html", "json"} {
		res, body := ts.get(ts.signIn(ann), "/portfolio/report."+f)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, "payments") || strings.Contains(body, "secret-ledger") {
			t.Errorf("%s: status %d, payments shown %v, secret-ledger shown %v", f, res.StatusCode, strings.Contains(body, "payments"), strings.Contains(body, "secret-ledger"))
		}
	}
	res, body := ts.get(ts.signIn(ann), "/portfolio/report.pdf")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(body, "%PDF-") {
		t.Errorf("pdf: %d", res.StatusCode)
	}
}

// The new-workload form offers the templates, and a workload made with one
// starts with its answers.
func TestUICreateFromTemplate(t *testing.T) {
	ts := newTestServer(t)
	ann := ts.user("ann", false)
	ref := ts.workload("reference", ann)
	if _, err := ts.reviews.ApplyChange(t.Context(), ref, "", "OPS10", review.Change{Select: []string{"OPS10_BP01"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.reviews.TemplateFrom(t.Context(), ref, "", "company-wide", "settled once", []string{"OPS10"}); err != nil {
		t.Fatal(err)
	}
	c := ts.signIn(ann)
	_, form := ts.get(c, "/workloads/new")
	if !strings.Contains(form, `<option value="company-wide">company-wide: settled once</option>`) {
		t.Fatalf("the form does not offer the template:\n%s", form)
	}
	res := ts.postForm(c, "/workloads", url.Values{"name": {"payments"}, "environment": {"PRODUCTION"}, "lens": {"operational-excellence"}, "template": {"company-wide"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d\n%s", res.StatusCode, readBody(t, res))
	}
	w, err := ts.reviews.Workload(t.Context(), "payments")
	if err != nil {
		t.Fatal(err)
	}
	if a := ts.storedAnswer(w, "OPS10"); len(a.Choices) != 1 || a.Choices[0].Source != opslens.SourceTemplate {
		t.Errorf("OPS10 of the new workload: %+v", a)
	}
}

// The workload form sets and shows the profile.
func TestUIProfile(t *testing.T) {
	ts := newTestServer(t)
	ann := ts.user("ann", false)
	c := ts.signIn(ann)
	res := ts.postForm(c, "/workloads", url.Values{"name": {"payments"}, "environment": {"PRODUCTION"}, "lens": {"operational-excellence"},
		"profile_regulated": {"yes"}, "profile_change": {"daily"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d\n%s", res.StatusCode, readBody(t, res))
	}
	w, err := ts.reviews.Workload(t.Context(), "payments")
	if err != nil || w.Profile["regulated"] != "yes" || w.Profile["change"] != "daily" {
		t.Fatalf("profile %v (%v)", w.Profile, err)
	}
	_, form := ts.get(c, workloadPath(w, "/edit"))
	if !strings.Contains(form, `<option value="daily" selected>daily</option>`) {
		t.Error("the edit form does not show the profile")
	}
	res = ts.postForm(c, "/workloads", url.Values{"name": {"ledger"}, "environment": {"PRODUCTION"}, "lens": {"operational-excellence"}, "profile_teams": {"many"}})
	if body := string(readBody(t, res)); res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "one, several") {
		t.Errorf("a bad profile answer: %d", res.StatusCode)
	}
}
