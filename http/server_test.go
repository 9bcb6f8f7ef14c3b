package http

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/jobs"
	"github.com/opslens/opslens/review"
	"github.com/opslens/opslens/sqlite"
)

// testServer is a server on a temporary SQLite database, listening on a
// real socket.
type testServer struct {
	*Server
	t     *testing.T
	store *sqlite.DB
	http  *httptest.Server
}

func newTestServer(t *testing.T) *testServer { return newTestServerWith(t, Config{}) }

// serverOption adds to a test server what some tests need.
type serverOption func(t *testing.T, db *sqlite.DB, svc *review.Service, cfg *Config)

// withScans gives the server a real job queue on its database, running
// that many scans at once (0: queue only).
func withScans(workers int) serverOption {
	return func(t *testing.T, db *sqlite.DB, svc *review.Service, cfg *Config) {
		q, err := jobs.Open(t.Context(), db, svc, jobs.Config{Workers: workers, WorkDir: t.TempDir(), Version: "test", Name: "test-worker"})
		if err != nil {
			t.Fatal(err)
		}
		if err := q.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			q.Stop(ctx)
		})
		cfg.Scans = q
	}
}

// newTestServerWith starts a test server with some settings changed.
func newTestServerWith(t *testing.T, cfg Config, opts ...serverOption) *testServer {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "opslens.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	svc, err := review.NewService(db)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range opts {
		o(t, db, svc, &cfg)
	}
	cfg.Logger, cfg.Version = testLogger(t), "test"
	if cfg.SignInBurst == 0 {
		// Tests sign many users in from one address; the sign-in rate
		// limit has its own test (which sets the burst) and must not fail
		// the others.
		cfg.SignInBurst = 10000
	}
	s, err := New(db, svc, cfg)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(s.Handler())
	t.Cleanup(hs.Close)
	return &testServer{Server: s, t: t, store: db, http: hs}
}

// user creates a user with the password "password-of-<name>".
func (ts *testServer) user(name string, admin bool) *opslens.User {
	ts.t.Helper()
	u, err := ts.accounts.CreateUser(context.Background(), name, "password-of-"+name, admin)
	if err != nil {
		ts.t.Fatal(err)
	}
	return u
}

// token returns a new API token of u.
func (ts *testServer) token(u *opslens.User) string {
	ts.t.Helper()
	_, secret, err := ts.accounts.CreateToken(context.Background(), u.ID, "test", 0)
	if err != nil {
		ts.t.Fatal(err)
	}
	return secret
}

// workload creates a workload owned by owner.
func (ts *testServer) workload(name string, owner *opslens.User) *opslens.Workload {
	ts.t.Helper()
	ctx := opslens.WithActor(context.Background(), opslens.Actor{Name: owner.Name, UserID: owner.ID})
	w := &opslens.Workload{Name: name, Environment: opslens.EnvProduction, Lenses: []string{review.DefaultLens}}
	if err := ts.reviews.CreateWorkload(ctx, w); err != nil {
		ts.t.Fatal(err)
	}
	return w
}

// share gives u a role on w.
func (ts *testServer) share(w *opslens.Workload, u *opslens.User, role opslens.Role) {
	ts.t.Helper()
	if _, err := ts.accounts.Share(context.Background(), w.ID, u.Name, role); err != nil {
		ts.t.Fatal(err)
	}
}

// browser is an HTTP client with a cookie jar that does not follow
// redirects, as a test of forms wants.
func (ts *testServer) browser() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// signIn signs u in on a new browser and returns it.
func (ts *testServer) signIn(u *opslens.User) *http.Client {
	ts.t.Helper()
	c := ts.browser()
	res := ts.postForm(c, "/signin", url.Values{"name": {u.Name}, "password": {"password-of-" + u.Name}})
	if res.StatusCode != http.StatusSeeOther {
		ts.t.Fatalf("sign in %s: status %d", u.Name, res.StatusCode)
	}
	return c
}

// forget drops every key's history.
// postForm posts a form as a browser on this site does (same origin).
func (ts *testServer) postForm(c *http.Client, path string, form url.Values) *http.Response {
	ts.t.Helper()
	req, _ := http.NewRequest("POST", ts.http.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return ts.do(c, req)
}

// api calls the JSON API with a token ("" for none) and decodes the
// response body into out when out is not nil.
func (ts *testServer) api(method, path, token string, body any, out any) *http.Response {
	ts.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = strings.NewReader(string(b))
	}
	req, _ := http.NewRequest(method, ts.http.URL+path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res := ts.do(http.DefaultClient, req)
	if out != nil {
		if err := json.Unmarshal(readBody(ts.t, res), out); err != nil {
			ts.t.Fatalf("%s %s: decode body: %v", method, path, err)
		}
	}
	return res
}

func (ts *testServer) do(c *http.Client, req *http.Request) *http.Response {
	ts.t.Helper()
	res, err := c.Do(req)
	if err != nil {
		ts.t.Fatal(err)
	}
	ts.t.Cleanup(func() { res.Body.Close() })
	return res
}

// readBody reads a response body once; later calls get the same bytes.
func readBody(t *testing.T, res *http.Response) []byte {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	res.Body = io.NopCloser(strings.NewReader(string(b)))
	return b
}

func TestSignInAndDashboard(t *testing.T) {
	ts := newTestServer(t)
	ann := ts.user("ann", false)
	ts.workload("payments", ann)
	c := ts.browser()
	res := ts.do(c, mustReq(t, "GET", ts.http.URL+"/"))
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/signin?next=") {
		t.Fatalf("dashboard without a session: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	bad := ts.postForm(c, "/signin", url.Values{"name": {"ann"}, "password": {"wrong password"}})
	if bad.StatusCode != http.StatusUnauthorized || !strings.Contains(string(readBody(t, bad)), "wrong user name or password") {
		t.Fatalf("wrong password: %d", bad.StatusCode)
	}
	c = ts.signIn(ann)
	res = ts.do(c, mustReq(t, "GET", ts.http.URL+"/"))
	body := string(readBody(t, res))
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "payments") {
		t.Fatalf("dashboard: %d\n%s", res.StatusCode, body)
	}
}

func TestAPITokenAndVisibility(t *testing.T) {
	ts := newTestServer(t)
	ann, bob := ts.user("ann", false), ts.user("bob", false)
	w := ts.workload("payments", ann)
	var me opslens.User
	if res := ts.api("GET", "/api/v1/me", ts.token(ann), nil, &me); res.StatusCode != 200 || me.Name != "ann" {
		t.Fatalf("me: %d %+v", res.StatusCode, me)
	}
	if res := ts.api("GET", "/api/v1/me", "", nil, nil); res.StatusCode != 401 || res.Header.Get("WWW-Authenticate") == "" {
		t.Fatalf("no token: %d", res.StatusCode)
	}
	path := "/api/v1/workloads/" + itoa(w.ID)
	if res := ts.api("GET", path, ts.token(bob), nil, nil); res.StatusCode != 404 {
		t.Fatalf("a workload not shared with bob: %d, want 404", res.StatusCode)
	}
	ts.share(w, bob, opslens.RoleReadonly)
	if res := ts.api("GET", path, ts.token(bob), nil, nil); res.StatusCode != 200 || res.Header.Get("ETag") != `"1"` {
		t.Fatalf("shared workload: %d etag %q", res.StatusCode, res.Header.Get("ETag"))
	}
}

func mustReq(t *testing.T, method, url string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// testLogger logs to the test's output, shown when a test fails.
func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

type tWriter struct{ t *testing.T }

func (w tWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}
