package main

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
)

// TestServeFirstAdministrator follows an operator's first run: the server
// on an empty database says how to make the first administrator, the
// operator does so with a script-friendly password on stdin, and that
// user can sign in over HTTP at once, without a restart.
func TestServeFirstAdministrator(t *testing.T) {
	c := newCLI(t)
	srv := c.serve(nil)
	contains(t, "stderr of the first run", srv.stderr.String(), "no users yet", "user create NAME --admin")

	r := c.runIn("correct horse battery\n", "user", "create", "alice", "--admin", "--password-stdin")
	if r.code != 0 {
		t.Fatalf("user create: exit %d: %s", r.code, r.stderr)
	}
	b := browser(t)
	if res := srv.signIn(b, "alice", "wrong password"); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("sign in with a wrong password: status %d, want 401", res.StatusCode)
	}
	if code, _ := srv.get(b, "/", ""); code != http.StatusSeeOther {
		t.Errorf("dashboard before signing in: status %d, want 303 to the sign-in page", code)
	}
	if res := srv.signIn(b, "alice", "correct horse battery"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in: status %d, want 303", res.StatusCode)
	}
	if code, body := srv.get(b, "/", ""); code != http.StatusOK {
		t.Errorf("dashboard after signing in: status %d\n%s", code, body)
	}
	if code := srv.stop(); code != 0 {
		t.Errorf("exit code after SIGTERM = %d, want 0\nstderr:\n%s", code, srv.stderr)
	}

	again := c.serve(nil)
	if strings.Contains(again.stderr.String(), "no users yet") {
		t.Errorf("the first-administrator hint is printed although alice exists:\n%s", again.stderr)
	}
}

// freePort returns a port nobody listens on right now, so a test can name
// the address the server must use.
func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return fmt.Sprint(ln.Addr().(*net.TCPAddr).Port)
}

// TestServeSettings checks that each setting is read from its flag and its
// OPSLENS_* variable, the flag winning, by what a client can observe: the
// port answered on, the cookie's Secure attribute, the log format.
func TestServeSettings(t *testing.T) {
	port := freePort(t)
	tests := []struct {
		name       string
		env, args  []string
		wantPort   string // the port the server must listen on, if set
		wantSecure bool   // session cookies and HSTS for an https base URL
		wantJSON   bool   // JSON log lines
		wantProxy  bool   // the client address logged is X-Forwarded-For's
	}{
		{name: "defaults", args: []string{"--addr", "127.0.0.1:0"}},
		{name: "address from the environment", env: []string{"OPSLENS_ADDR=127.0.0.1:" + port}, wantPort: port},
		{name: "address flag over the environment", env: []string{"OPSLENS_ADDR=256.0.0.1:1"},
			args: []string{"--addr", "127.0.0.1:" + port}, wantPort: port},
		{name: "https base URL from the environment", env: []string{"OPSLENS_BASE_URL=https://opslens.example.com"}, wantSecure: true},
		{name: "https base URL flag behind a proxy", args: []string{"--base-url", "https://opslens.example.com", "--behind-proxy"},
			wantSecure: true, wantProxy: true},
		{name: "behind a proxy from the environment", env: []string{"OPSLENS_BEHIND_PROXY=true"}, wantProxy: true},
		{name: "http base URL flag over the environment", env: []string{"OPSLENS_BASE_URL=https://opslens.example.com"},
			args: []string{"--base-url", "http://opslens.internal:8080"}},
		{name: "json logs from the environment", env: []string{"OPSLENS_LOG_FORMAT=json"}, wantJSON: true},
		{name: "json log flag over the environment", env: []string{"OPSLENS_LOG_FORMAT=text"}, args: []string{"--log-format", "json"}, wantJSON: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCLI(t)
			c.admin("alice", "password-of-alice")
			srv := c.serve(tt.env, tt.args...)
			if tt.wantPort != "" && !strings.HasSuffix(srv.url, ":"+tt.wantPort) {
				t.Errorf("listening on %s, want port %s", srv.url, tt.wantPort)
			}
			res := srv.signIn(browser(t), "alice", "password-of-alice")
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("sign in: status %d", res.StatusCode)
			}
			cookie := res.Header.Get("Set-Cookie")
			if !strings.Contains(cookie, "opslens_session=") || !strings.Contains(cookie, "HttpOnly") {
				t.Errorf("session cookie %q: want an HttpOnly opslens_session", cookie)
			}
			if got := strings.Contains(cookie, "Secure"); got != tt.wantSecure {
				t.Errorf("cookie %q: Secure = %v, want %v", cookie, got, tt.wantSecure)
			}
			if got := res.Header.Get("Strict-Transport-Security") != ""; got != tt.wantSecure {
				t.Errorf("Strict-Transport-Security sent = %v, want %v", got, tt.wantSecure)
			}
			checkRequestLog(t, srv, tt.wantJSON, tt.wantProxy)
		})
	}
}

// checkRequestLog makes a request with a known request ID and finds the
// log line of that request in the server's standard error, in the format
// asked for, with the client address a trusted proxy forwarded or the
// connection's.
func checkRequestLog(t *testing.T, srv *serverProc, wantJSON, behindProxy bool) {
	t.Helper()
	const id, forwarded = "e2e-request-0001", "203.0.113.9"
	client := "127.0.0.1"
	if behindProxy {
		client = forwarded
	}
	req, err := http.NewRequest("GET", srv.url+"/healthz", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Request-Id", id)
	req.Header.Set("X-Forwarded-For", forwarded)
	if res := srv.do(http.DefaultClient, req); res.Header.Get("X-Request-Id") != id {
		t.Errorf("X-Request-Id answered %q, want the client's %q", res.Header.Get("X-Request-Id"), id)
	}
	if code := srv.stop(); code != 0 { // flushes the log
		t.Fatalf("exit code after SIGTERM = %d, want 0", code)
	}
	found := false
	for _, line := range strings.Split(strings.TrimSpace(srv.stderr.String()), "\n") {
		var rec map[string]any
		isJSON := json.Unmarshal([]byte(line), &rec) == nil
		if wantJSON && !isJSON {
			t.Errorf("log line is not JSON: %s", line)
			continue
		}
		if wantJSON && rec["msg"] == "request" && rec["request_id"] == id && rec["client"] == client {
			found = true
		}
		if !wantJSON && strings.Contains(line, "msg=request") && strings.Contains(line, "request_id="+id) &&
			strings.Contains(line, "client="+client) {
			found = true
		}
	}
	if !found {
		t.Errorf("no log line of the request with request_id %s from client %s (json: %v):\n%s", id, client, wantJSON, srv.stderr)
	}
}

// TestServeBadSettings: a wrong setting stops the server before it listens,
// with a message naming the setting and the usage exit code.
func TestServeBadSettings(t *testing.T) {
	tests := []struct {
		name      string
		env, args []string
		wantCode  int
		wantErr   string
	}{
		{"log format flag", nil, []string{"--log-format", "xml"}, exitUsage, "log-format"},
		{"log format variable", []string{"OPSLENS_LOG_FORMAT=xml"}, nil, exitUsage, "log-format"},
		{"base URL", []string{"OPSLENS_BASE_URL=ftp://example.com"}, nil, exitUsage, "base URL"},
		{"TLS key without certificate", nil, []string{"--tls-key", "key.pem"}, exitUsage, "certificate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, listening := newCLI(t).startServe(tt.env, tt.args...)
			if listening {
				t.Fatalf("the server started with a bad setting")
			}
			if srv.code != tt.wantCode || !strings.Contains(srv.stderr.String(), tt.wantErr) {
				t.Errorf("exit %d, want %d with a message about %q; stderr:\n%s", srv.code, tt.wantCode, tt.wantErr, srv.stderr)
			}
		})
	}
}

// TestServeOperations checks what a load balancer and Prometheus read.
func TestServeOperations(t *testing.T) {
	c := newCLI(t)
	c.ok("workload", "create", "web")
	c.ok("workload", "create", "batch")
	srv := c.serve(nil)
	tests := []struct {
		path  string
		wants []string
	}{
		{"/healthz", []string{`"Status": "ok"`}},
		{"/readyz", []string{`"Status": "ready"`}},
		// The request counter counts the two requests above by route.
		{"/metrics", []string{`opslens_http_requests_total{code="200",method="GET",route="Healthz"} 1`,
			`opslens_http_requests_total{code="200",method="GET",route="Readyz"} 1`,
			"opslens_workloads 2", "opslens_http_request_duration_seconds_bucket", `opslens_questions{risk="UNANSWERED"} 22`}},
	}
	for _, tt := range tests {
		code, body := srv.get(http.DefaultClient, tt.path, "")
		if code != http.StatusOK {
			t.Errorf("GET %s: status %d\n%s", tt.path, code, body)
		}
		contains(t, "GET "+tt.path, body, tt.wants...)
	}
}
