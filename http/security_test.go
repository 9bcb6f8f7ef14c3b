package http

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/opslens/opslens/api"
)

// A form posted from another site is refused before any handler runs, and
// nothing is stored; the same form from our own pages works.
func TestCrossSiteFormsRefused(t *testing.T) {
	ts := newTestServer(t)
	ann := ts.user("ann", false)
	c := ts.signIn(ann)
	for _, tc := range []struct {
		name, header, value string
	}{
		{"fetch metadata", "Sec-Fetch-Site", "cross-site"},
		{"origin of another site", "Origin", "https://attacker.example"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest("POST", ts.http.URL+"/workloads", strings.NewReader(url.Values{"name": {"forged"}, "environment": {"PRODUCTION"}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set(tc.header, tc.value)
			res := ts.do(c, req)
			if res.StatusCode != http.StatusForbidden {
				t.Fatalf("cross-site form: status %d, want 403", res.StatusCode)
			}
			if _, err := ts.reviews.Workload(context.Background(), "forged"); err == nil {
				t.Fatal("a cross-site form created a workload")
			}
		})
	}
}

// Guessing passwords is slowed per client address and per user name: the
// sixth attempt in a row is refused with 429 and Retry-After, even with the
// right password.
func TestSignInRateLimit(t *testing.T) {
	ts := newTestServerWith(t, Config{SignInBurst: 5})
	ts.user("ann", false)
	c := ts.browser()
	for i := 1; i <= 5; i++ {
		res := ts.postForm(c, "/signin", url.Values{"name": {"ann"}, "password": {"guess-" + strconv.Itoa(i)}})
		if res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("attempt %d: status %d, want 401", i, res.StatusCode)
		}
	}
	res := ts.postForm(c, "/signin", url.Values{"name": {"ann"}, "password": {"password-of-ann"}})
	retry, _ := strconv.Atoi(res.Header.Get("Retry-After"))
	if res.StatusCode != http.StatusTooManyRequests || retry < 1 {
		t.Fatalf("sixth attempt: status %d, Retry-After %q; want 429 with a delay", res.StatusCode, res.Header.Get("Retry-After"))
	}
	if body := string(readBody(t, res)); !strings.Contains(body, "too many sign-in attempts") {
		t.Fatalf("the 429 page does not say why:\n%s", body)
	}
}

// Sessions end: after their lifetime, and when the password changes.
func TestSessionEnds(t *testing.T) {
	t.Run("lifetime", func(t *testing.T) {
		ts := newTestServerWith(t, Config{SessionLifetime: time.Second})
		c := ts.signIn(ts.user("ann", false))
		if res := ts.do(c, mustReq(t, "GET", ts.http.URL+"/")); res.StatusCode != http.StatusOK {
			t.Fatalf("fresh session: %d", res.StatusCode)
		}
		time.Sleep(1100 * time.Millisecond)
		res := ts.do(c, mustReq(t, "GET", ts.http.URL+"/"))
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/signin") {
			t.Fatalf("expired session: %d to %q, want a redirect to sign in", res.StatusCode, res.Header.Get("Location"))
		}
	})
	t.Run("password change", func(t *testing.T) {
		ts := newTestServer(t)
		ann := ts.user("ann", false)
		c := ts.signIn(ann)
		if _, err := ts.accounts.SetPassword(context.Background(), ann.ID, "a brand new password"); err != nil {
			t.Fatal(err)
		}
		res := ts.do(c, mustReq(t, "GET", ts.http.URL+"/"))
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("a session from before the password change still works: %d", res.StatusCode)
		}
	})
}

// Every response carries the security headers; the CSP allows no inline
// script or style.
func TestSecurityHeaders(t *testing.T) {
	ts := newTestServer(t)
	for _, path := range []string{"/signin", "/api/v1/me", "/healthz", "/static/app.css", "/no-such-page"} {
		res := ts.do(http.DefaultClient, mustReq(t, "GET", ts.http.URL+path))
		csp := res.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		for h, want := range map[string]string{"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff"} {
			if got := res.Header.Get(h); got != want {
				t.Errorf("%s: %s = %q, want %q", path, h, got, want)
			}
		}
		if res.Header.Get("X-Request-Id") == "" {
			t.Errorf("%s: no request ID", path)
		}
	}
}

// An internal failure (here: the database is gone) is answered with a
// fixed message and the request ID, never the error text.
func TestInternalErrorsHidden(t *testing.T) {
	ts := newTestServer(t)
	tok := ts.token(ts.user("ann", false))
	ts.store.Close()
	var e api.Error
	res := ts.api("GET", "/api/v1/workloads", tok, nil, &e)
	id := res.Header.Get("X-Request-Id")
	if res.StatusCode != http.StatusInternalServerError || e.Code != "internal" || !strings.Contains(e.Message, id) {
		t.Fatalf("status %d, body %+v, request ID %s", res.StatusCode, e, id)
	}
	if strings.Contains(strings.ToLower(e.Message), "sql") || strings.Contains(e.Message, "closed") {
		t.Fatalf("internal error text reached the client: %q", e.Message)
	}
}
