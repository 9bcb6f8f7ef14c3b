package http

import (
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/review"
)

// The review workshop in a real browser: create a workload, answer by
// clicking and see the risk change without a reload, mark a question not
// applicable, record a milestone and see the diff, move on with the
// keyboard.
func TestBrowserReviewWorkshop(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	ts := newTestServer(t)
	ts.user("ann", false)
	ctx := newBrowser(t)
	ts.browserSignIn(t, ctx, "ann")

	// Create a workload through the form.
	do(t, ctx,
		chromedp.Navigate(ts.http.URL+"/workloads/new"),
		chromedp.SendKeys(chromedp.CSS("#name"), "checkout"),
		chromedp.SendKeys(chromedp.CSS("#owner"), "team-checkout"),
		chromedp.Click(chromedp.CSS(`form[action="/workloads"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#facts")), // only the workload page has it
	)
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	m := regexp.MustCompile(`/workloads/(\d+)$`).FindStringSubmatch(loc)
	if m == nil {
		t.Fatalf("after creating, the browser is at %s, want the workload page", loc)
	}
	w, err := ts.reviews.Workload(t.Context(), "checkout")
	if err != nil {
		t.Fatalf("the form did not create the workload: %v", err)
	}

	// Answer OPS01 by clicking: every practice but one.
	ids, _ := ts.practices("OPS01")
	do(t, ctx, chromedp.Navigate(ts.http.URL+questionPath(w, "OPS01")), chromedp.WaitVisible(chromedp.CSS("#risk-badge")),
		chromedp.Evaluate[chromedp.Void](`window.notReloaded = "yes"`))
	if got := text(t, ctx, "#risk-badge"); got != riskLabel(opslens.RiskUnanswered) {
		t.Fatalf("badge of an unanswered question: %q", got)
	}
	for _, id := range ids[:len(ids)-1] {
		do(t, ctx, chromedp.Click(chromedp.CSS("#c-"+id)))
	}
	do(t, ctx, chromedp.Click(chromedp.CSS("#save")), chromedp.WaitVisible(chromedp.CSS(".flash")))
	stored := ts.storedAnswer(w, "OPS01")
	if stored.Risk == "" || stored.Risk == opslens.RiskUnanswered {
		t.Fatalf("stored answer after clicking: %+v", stored)
	}
	if got := text(t, ctx, "#risk-badge"); got != riskLabel(stored.Risk) {
		t.Fatalf("badge %q after saving, stored risk %s", got, stored.Risk)
	}
	if marker, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`String(window.notReloaded)`)); marker != "yes" {
		t.Fatal("saving reloaded the page; app.js should have swapped it in")
	}

	// Move on with the keyboard, then mark OPS02 not applicable.
	do(t, ctx, chromedp.Evaluate[chromedp.Void](`document.activeElement.blur()`), chromedp.KeyEvent("j"),
		chromedp.WaitVisible(chromedp.CSS("#prev-question")))
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); !strings.HasSuffix(loc, "/questions/OPS02") {
		t.Fatalf("j went to %s, want OPS02", loc)
	}
	do(t, ctx,
		chromedp.Click(chromedp.CSS("#question-na")),
		chromedp.SetValue(chromedp.CSS("#question-reason"), string(opslens.ReasonBusinessPriorities)),
		chromedp.Click(chromedp.CSS("#save")), chromedp.WaitVisible(chromedp.CSS(".flash")),
	)
	if got := text(t, ctx, "#risk-badge"); got != riskLabel(opslens.RiskNotApplicable) {
		t.Fatalf("badge after marking not applicable: %q", got)
	}
	if a := ts.storedAnswer(w, "OPS02"); a.IsApplicable || a.Reason != opslens.ReasonBusinessPriorities {
		t.Fatalf("stored OPS02: %+v", a)
	}

	// Record a milestone, change an answer, and see the change in the diff.
	do(t, ctx,
		chromedp.Navigate(ts.http.URL+workloadPath(w, "/milestones")),
		chromedp.SendKeys(chromedp.CSS("#milestone-name"), "workshop 1"),
		chromedp.Submit(chromedp.CSS("#milestone-name")),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	)
	ms, err := ts.reviews.Milestones(t.Context(), w)
	if err != nil || len(ms) != 1 || ms[0].Name != "workshop 1" {
		t.Fatalf("milestones after the form: %v %v", ms, err)
	}
	do(t, ctx, chromedp.Navigate(ts.http.URL+questionPath(w, "OPS01")), chromedp.WaitVisible(chromedp.CSS("#risk-badge")),
		chromedp.Click(chromedp.CSS("#c-"+ids[len(ids)-1])),
		chromedp.Click(chromedp.CSS("#save")), chromedp.WaitVisible(chromedp.CSS(".flash")),
		chromedp.Navigate(ts.http.URL+workloadPath(w, "/diff?from=1&to=0")),
		chromedp.WaitVisible(chromedp.CSS("main h1")),
	)
	diff := text(t, ctx, "main")
	if !strings.Contains(diff, "Practices now followed") || !strings.Contains(diff, "OPS01") {
		t.Fatalf("the diff since the milestone does not show the new practice:\n%s", diff)
	}
}

// Two people edit the same answer: the second save is refused, shows who
// changed it and what they saved, and nothing of the first is lost.
func TestBrowserConflict(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	ts := newTestServer(t)
	ann, bob := ts.user("ann", false), ts.user("bob", false)
	w := ts.workload("payments", ann)
	ts.share(w, bob, opslens.RoleContributor)
	ids, _ := ts.practices("OPS01")
	annCtx, bobCtx := newBrowser(t), newBrowser(t)
	ts.browserSignIn(t, annCtx, "ann")
	ts.browserSignIn(t, bobCtx, "bob")
	do(t, annCtx, chromedp.Navigate(ts.http.URL+questionPath(w, "OPS01")), chromedp.WaitVisible(chromedp.CSS("#save")))
	do(t, bobCtx, chromedp.Navigate(ts.http.URL+questionPath(w, "OPS01")), chromedp.WaitVisible(chromedp.CSS("#save")))
	do(t, annCtx, chromedp.Click(chromedp.CSS("#c-"+ids[0])), chromedp.Click(chromedp.CSS("#save")), chromedp.WaitVisible(chromedp.CSS(".flash")))
	do(t, bobCtx, chromedp.Click(chromedp.CSS("#c-"+ids[1])), chromedp.Click(chromedp.CSS("#save")), chromedp.WaitVisible(chromedp.CSS("#conflict-title")))
	if got := text(t, bobCtx, "#conflict-title"); !strings.Contains(got, "ann") {
		t.Fatalf("conflict title %q does not name who changed the answer", got)
	}
	stored := ts.storedAnswer(w, "OPS01")
	if sel := stored.Selected(); len(sel) != 1 || sel[0] != ids[0] {
		t.Fatalf("stored selection %v, want ann's %s alone", sel, ids[0])
	}
	// Bob's unsaved choice is still ticked in his form.
	checked, err := chromedp.Run(bobCtx, chromedp.Evaluate[bool](`document.getElementById("c-`+ids[1]+`").checked`))
	if err != nil || !checked {
		t.Fatalf("bob's choice was lost from the form: %v %v", checked, err)
	}
}

// A viewer sees the question but cannot change it.
func TestBrowserViewerCannotEdit(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	ts := newTestServer(t)
	ann, vic := ts.user("ann", false), ts.user("vic", false)
	w := ts.workload("payments", ann)
	ts.share(w, vic, opslens.RoleReadonly)
	ctx := newBrowser(t)
	ts.browserSignIn(t, ctx, "vic")
	do(t, ctx, chromedp.Navigate(ts.http.URL+questionPath(w, "OPS01")), chromedp.WaitVisible(chromedp.CSS("#risk-badge")))
	disabled, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!document.getElementById("save") || document.getElementById("save").disabled || document.querySelector("#answer-form fieldset[disabled]") !== null`))
	if err != nil || !disabled {
		t.Fatalf("a viewer can press save: %v", err)
	}
	// Even a forged post (the browser's own fetch, same origin) is refused.
	status, err := chromedp.Run(ctx, chromedp.Evaluate[int](`(async () => (await fetch(location.href, {method: "POST", body: new URLSearchParams({version: "0", choice: "`+mustFirst(ts.practices("OPS01"))+`"})})).status)()`,
		chromedp.EvalAwaitPromise))
	if err != nil || status != 403 {
		t.Fatalf("a viewer's post: status %d, %v; want 403", status, err)
	}
	if a := ts.storedAnswer(w, "OPS01"); a.Version != 0 {
		t.Fatalf("a viewer changed the answer: %+v", a)
	}
}

func mustFirst(ids []string, _ string) string { return ids[0] }

// TestBrowserScreenshots renders the README's screenshots from a small,
// varied portfolio: go test ./http -run Screenshots -update-screenshots.
func TestBrowserScreenshots(t *testing.T) {
	if !*updateScreenshots {
		t.Skip("only with -update-screenshots")
	}
	ts := newTestServer(t)
	ann := ts.user("ann", false)
	teams := []struct {
		name, owner string
		env         opslens.Environment
		answer      int // how many questions get every practice but the last
	}{
		{"checkout", "team-payments", opslens.EnvProduction, 6},
		{"payments-api", "team-payments", opslens.EnvProduction, 9},
		{"search", "team-discovery", opslens.EnvProduction, 3},
		{"recommendations", "team-discovery", opslens.EnvPreproduction, 0},
		{"identity", "team-platform", opslens.EnvProduction, 11},
	}
	var first *opslens.Workload
	for _, tm := range teams {
		w := ts.workload(tm.name, ann)
		if first == nil {
			first = w
		}
		_, err := ts.reviews.UpdateWorkload(t.Context(), w, func(w *opslens.Workload) error {
			w.Owner, w.Environment = tm.owner, tm.env
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for i := 1; i <= tm.answer; i++ {
			qid := "OPS" + twoDigits(i)
			ids, _ := ts.practices(qid)
			keep := ids[i%4:] // the first practices are mostly the high-risk ones
			if _, err := ts.reviews.ApplyChange(t.Context(), w, review.DefaultLens, qid, review.Change{Select: keep}); err != nil {
				t.Fatal(err)
			}
		}
	}
	ctx := newBrowser(t)
	ts.browserSignIn(t, ctx, "ann")
	do(t, ctx, chromedp.Navigate(ts.http.URL+"/"), chromedp.WaitVisible(chromedp.CSS("main h1")))
	screenshot(t, ctx, "screenshot-dashboard")
	do(t, ctx, chromedp.Navigate(ts.http.URL+questionPath(first, "OPS05")), chromedp.WaitVisible(chromedp.CSS("#risk-badge")))
	screenshot(t, ctx, "screenshot-question")
}

func twoDigits(i int) string { return string(rune('0'+i/10)) + string(rune('0'+i%10)) }
