package http

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestUIBrowserQuestion drives the question page in headless Chromium:
// saving with app.js updates the risk badge without a page load, and the
// j shortcut moves to the next question.
func TestUIBrowserQuestion(t *testing.T) {
	const chromium = "/usr/bin/chromium"
	if _, err := os.Stat(chromium); err != nil || testing.Short() {
		t.Skip("needs Chromium at " + chromium)
	}
	ts := newTestServer(t)
	ann := ts.user("ann", false)
	w := ts.workload("payments", ann)
	_, none := ts.practices("OPS01")

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium), chromedp.NoSandbox)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 30*time.Second)
	defer cancel()

	err := chromedp.Do(ctx,
		chromedp.Navigate(ts.http.URL+"/signin?next="+questionPath(w, "OPS01")),
		chromedp.SendKeys("#name", "ann"),
		chromedp.SendKeys("#password", "password-of-ann"),
		chromedp.Submit("#password"),
		chromedp.WaitVisible("#risk-badge"),
		chromedp.Evaluate[chromedp.Void](`window.notReloaded = "yes"`),
		chromedp.Click("#c-"+none),
		chromedp.Click("#save"),
		chromedp.WaitVisible(".flash"),
	)
	if err != nil {
		t.Fatal(err)
	}
	badge, err := chromedp.Run(ctx, chromedp.Text("#risk-badge"))
	if err != nil {
		t.Fatal(err)
	}
	marker, err := chromedp.Run(ctx, chromedp.Evaluate[string](`String(window.notReloaded)`))
	if err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`document.activeElement.blur()`),
		chromedp.KeyEvent("j"),
		chromedp.WaitVisible("#prev-question"),
	)
	if err != nil {
		t.Fatal(err)
	}
	location, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(badge) != riskLabel("HIGH") || marker != "yes" {
		t.Fatalf("after saving: badge %q, page kept: %q", badge, marker)
	}
	if !strings.HasSuffix(location, "/questions/OPS02") {
		t.Fatalf("j went to %s", location)
	}
	if a := ts.storedAnswer(w, "OPS01"); a.Risk != "HIGH" {
		t.Fatalf("stored risk %s", a.Risk)
	}
}
