package http

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/review"
)

// The route × role test: every route of the server's table, whatever
// files added it, is called by each kind of caller over the real socket,
// and the outcome is checked against the matrix below, written by hand.

type caller int

const (
	anonymous   caller = iota
	stranger           // signed in, no share of the workload
	viewer             // READONLY share
	contributor        // CONTRIBUTOR share
	owner              // OWNER share (the creator)
	admin              // administrator, no share
	callers
)

func (c caller) String() string {
	return [...]string{"anonymous", "stranger", "READONLY", "CONTRIBUTOR", "OWNER", "admin"}[c]
}

type outcome int

const (
	allowed     outcome = iota // authorization let the request through
	signInFirst                // 401, or a redirect to the sign-in page
	forbidden                  // 403 from authorization
	hidden                     // 404 "no such workload" from authorization
)

func (o outcome) String() string {
	return [...]string{"allowed", "sign in first", "forbidden", "hidden"}[o]
}

// expected is the access matrix: for each access level, what each caller
// gets, in caller order.
var expected = map[access][callers]outcome{
	public:        {allowed, allowed, allowed, allowed, allowed, allowed},
	signedIn:      {signInFirst, allowed, allowed, allowed, allowed, allowed},
	adminOnly:     {signInFirst, forbidden, forbidden, forbidden, forbidden, allowed},
	workloadRead:  {signInFirst, hidden, allowed, allowed, allowed, allowed},
	workloadWrite: {signInFirst, hidden, forbidden, allowed, allowed, allowed},
	workloadOwner: {signInFirst, hidden, forbidden, forbidden, allowed, allowed},
}

// authzWorld is the callers of the test: a user, an API token and a
// signed-in browser for each (none for anonymous).
type authzWorld struct {
	ts       *testServer
	users    [callers]*opslens.User
	tokens   [callers]string
	browsers [callers]*http.Client
	n        int // fixtures made, for unique names
}

func newAuthzWorld(t *testing.T) *authzWorld {
	ts := newTestServer(t)
	wd := &authzWorld{ts: ts}
	for c := stranger; c < callers; c++ {
		wd.users[c] = ts.user(strings.ToLower(c.String()), c == admin)
		wd.tokens[c] = ts.token(wd.users[c])
		wd.browsers[c] = ts.signIn(wd.users[c])
	}
	return wd
}

// fixture is what one request acts on, made fresh for each request that
// may change state (a DELETE must not spoil the next caller's request).
type fixture map[string]string

func (wd *authzWorld) fixture(c caller) fixture {
	ts, ctx := wd.ts, context.Background()
	wd.n++
	w := ts.workload(fmt.Sprintf("workload-%d", wd.n), wd.users[owner])
	ts.share(w, wd.users[viewer], opslens.RoleReadonly)
	ts.share(w, wd.users[contributor], opslens.RoleContributor)
	if _, err := ts.reviews.CreateMilestone(ctx, w, "baseline"); err != nil {
		ts.t.Fatal(err)
	}
	victim, err := ts.accounts.CreateUser(ctx, fmt.Sprintf("victim-%d", wd.n), "", false)
	if err != nil {
		ts.t.Fatal(err)
	}
	tokenUser := wd.users[owner]
	if wd.users[c] != nil {
		tokenUser = wd.users[c]
	}
	tok, _, err := ts.accounts.CreateToken(ctx, tokenUser.ID, "to revoke", 0)
	if err != nil {
		ts.t.Fatal(err)
	}
	repo := &opslens.Repository{WorkloadID: w.ID, Location: "https://git.example.com/acme/" + w.Name + ".git"}
	if err := ts.store.CreateRepository(ctx, repo); err != nil {
		ts.t.Fatal(err)
	}
	return fixture{
		"RepositoryId": itoa(repo.ID),
		"WorkloadId":   itoa(w.ID), "LensAlias": review.DefaultLens, "QuestionId": "OPS01", "MilestoneNumber": "1",
		"ShareId": itoa(wd.users[contributor].ID), "UserId": itoa(victim.ID), "TokenId": itoa(tok.ID),
	}
}

var wildcard = regexp.MustCompile(`\{(\$|\w+)(\.\.\.)?\}`)

// pathOf fills a route pattern's wildcards from a fixture; a wildcard the
// fixture does not know gets a plain value.
func pathOf(pattern string, f fixture) string {
	p := wildcard.ReplaceAllStringFunc(pattern, func(m string) string {
		name := wildcard.FindStringSubmatch(m)[1]
		if v, ok := f[name]; ok {
			return v
		}
		if name == "$" { // {$}: the exact path
			return ""
		}
		return "x"
	})
	if strings.HasSuffix(p, "/static/") {
		p += "app.css"
	}
	return p
}

// call makes rt's request as caller c: API routes with a token and a JSON
// body, web routes from the caller's browser with an empty form.
func (wd *authzWorld) call(rt route, c caller, path string) *http.Response {
	ts := wd.ts
	safe := rt.method == http.MethodGet || rt.method == http.MethodHead
	var body string
	if !safe {
		body = "{}"
		if !rt.api {
			body = ""
		}
	}
	req, err := http.NewRequest(rt.method, ts.http.URL+path, strings.NewReader(body))
	if err != nil {
		ts.t.Fatal(err)
	}
	client := ts.browser()
	switch {
	case rt.api && !safe:
		req.Header.Set("Content-Type", "application/json")
	case !rt.api && !safe:
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	if c != anonymous && rt.api {
		req.Header.Set("Authorization", "Bearer "+wd.tokens[c])
	}
	if c != anonymous && !rt.api {
		client = wd.browsers[c]
		if !safe { // a form post may end its session (sign out): use a new one
			client = ts.signIn(wd.users[c])
		}
	}
	return ts.do(client, req)
}

// classify tells authorization's answers from the handler's: only the
// errors of authorize (or the redirect to sign in) count as refusals.
func classify(t *testing.T, res *http.Response) outcome {
	body := string(readBody(t, res))
	switch {
	case res.StatusCode == http.StatusSeeOther && strings.HasPrefix(res.Header.Get("Location"), "/signin?next="):
		return signInFirst
	case res.StatusCode == http.StatusUnauthorized && strings.Contains(body, errSignInRequired.Message):
		return signInFirst
	case res.StatusCode == http.StatusForbidden &&
		(strings.Contains(body, errForbidden.Message) || strings.Contains(body, errAdminOnly.Message)):
		return forbidden
	case res.StatusCode == http.StatusNotFound && strings.Contains(body, errWorkloadNotFound.Message):
		return hidden
	}
	return allowed
}

func TestAuthorizationMatrix(t *testing.T) {
	wd := newAuthzWorld(t)
	if len(wd.ts.table) < 10 {
		t.Fatalf("the route table has %d routes", len(wd.ts.table))
	}
	shared := wd.fixture(owner) // for requests that change nothing
	for _, rt := range wd.ts.table {
		want, ok := expected[rt.access]
		if !ok {
			t.Errorf("%s %s: access %s is not in the test's matrix; add a row", rt.method, rt.pattern, rt.access)
			continue
		}
		t.Run(rt.method+" "+rt.pattern, func(t *testing.T) {
			for c := anonymous; c < callers; c++ {
				f := shared
				if rt.method != http.MethodGet && rt.method != http.MethodHead {
					f = wd.fixture(c)
				}
				path := pathOf(rt.pattern, f)
				res := wd.call(rt, c, path)
				if got := classify(t, res); got != want[c] {
					t.Errorf("%s %s (%s) as %s: %s (status %d), want %s\n%s",
						rt.method, path, rt.access, c, got, res.StatusCode, want[c], truncate(string(readBody(t, res)), 300))
				}
			}
		})
	}
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}
