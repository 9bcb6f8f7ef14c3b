package http

import (
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The browser tests drive Debian's chromium through chromedp, against the
// test server's real socket: what a user clicks, not what a handler
// returns. Without a browser they skip, unless OPSLENS_BROWSER_REQUIRED is
// set (CI sets it), where a missing browser fails.

var updateScreenshots = flag.Bool("update-screenshots", false, "write the web app's screenshots into docs/")

// browserPath finds a Chromium or Chrome binary.
func browserPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("OPSLENS_BROWSER_REQUIRED") != "" {
		t.Fatal("no chromium found, and OPSLENS_BROWSER_REQUIRED is set: install Debian's chromium package")
	}
	t.Skip("no chromium found: install it to run the browser tests")
	return ""
}

// newBrowser starts a headless browser with one tab; every call is a new
// browser profile, so two calls are two people.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(browserPath(t)),
		chromedp.NoSandbox, // CI runs as root, where Chromium's sandbox refuses to start
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() {
		cancelTimeout()
		cancel()
		cancelAlloc()
	})
	return ctx
}

// do runs browser steps and fails the test with the page's URL on error.
func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		t.Fatalf("browser at %s: %v", loc, err)
	}
}

// text returns the text of the first element matching a CSS selector.
func text(t *testing.T, ctx context.Context, css string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(css)))
	if err != nil {
		t.Fatalf("read %s: %v", css, err)
	}
	return strings.TrimSpace(s)
}

// browserSignIn signs a user in through the sign-in form.
func (ts *testServer) browserSignIn(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	do(t, ctx,
		chromedp.Navigate(ts.http.URL+"/signin"),
		chromedp.SendKeys(chromedp.CSS("#name"), name),
		chromedp.SendKeys(chromedp.CSS("#password"), "password-of-"+name),
		chromedp.Click(chromedp.CSS(`form[action="/signin"] button[type=submit]`)),
		// The sign-out button is on every page of a signed-in user and on
		// no page before: waiting for it waits for the sign-in to land.
		chromedp.WaitVisible(chromedp.CSS(`form[action="/signout"] button`)),
	)
}

// screenshot writes what the browser window shows to docs/<name>.png
// when -update-screenshots is given.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	if !*updateScreenshots {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("..", "docs", name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestBrowserSignIn(t *testing.T) {
	ts := newTestServer(t)
	ann := ts.user("ann", false)
	ts.workload("payments", ann)
	ctx := newBrowser(t)
	do(t, ctx, chromedp.Navigate(ts.http.URL+"/"))
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); !strings.Contains(loc, "/signin") {
		t.Fatalf("the portfolio without a session is at %s, want the sign-in page", loc)
	}
	ts.browserSignIn(t, ctx, "ann")
	if got := text(t, ctx, "main"); !strings.Contains(got, "payments") {
		t.Fatalf("the portfolio after sign-in does not list the workload:\n%s", got)
	}
}
