package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestUserTokenAndPassword drives the account commands against a running
// server, since what they promise is seen over HTTP: a token printed once
// that works as a Bearer token, and a password change that ends the user's
// sessions at once.
func TestUserTokenAndPassword(t *testing.T) {
	c := newCLI(t)
	c.admin("alice", "password-of-alice")
	if r := c.runIn("password-of-bob\n", "user", "create", "bob", "--password-stdin"); r.code != 0 {
		t.Fatalf("user create bob: exit %d: %s", r.code, r.stderr)
	}
	srv := c.serve(nil)

	out := c.ok("user", "token", "bob", "--name", "ci")
	token := strings.TrimSpace(out)
	if !strings.HasPrefix(token, "olt_") || strings.Count(out, "\n") != 1 {
		t.Fatalf("user token printed %q, want one line with an olt_ token", out)
	}
	// Only the hash is kept: nothing the CLI lists shows the secret again.
	for _, args := range [][]string{{"user", "list"}, {"user", "list", "-o", "json"}} {
		if got := c.ok(args...); strings.Contains(got, token[4:]) {
			t.Errorf("opslens %v shows the token secret again:\n%s", args, got)
		}
	}
	if code, body := srv.get(http.DefaultClient, "/api/v1/workloads", token); code != http.StatusOK {
		t.Errorf("ListWorkloads with bob's token: status %d\n%s", code, body)
	}
	if code, _ := srv.get(http.DefaultClient, "/api/v1/workloads", token+"x"); code != http.StatusUnauthorized {
		t.Errorf("ListWorkloads with a wrong token: status %d, want 401", code)
	}

	b := browser(t)
	srv.signIn(b, "bob", "password-of-bob")
	if code, _ := srv.get(b, "/", ""); code != http.StatusOK {
		t.Fatalf("bob's dashboard: status %d", code)
	}
	if r := c.runIn("new-password-of-bob\n", "user", "password", "bob", "--password-stdin"); r.code != 0 {
		t.Fatalf("user password: exit %d: %s", r.code, r.stderr)
	}
	if code, _ := srv.get(b, "/", ""); code != http.StatusSeeOther {
		t.Errorf("bob's dashboard after the password change: status %d, want 303 to sign in again", code)
	}
	if res := srv.signIn(browser(t), "bob", "password-of-bob"); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("sign in with the old password: status %d, want 401", res.StatusCode)
	}
	if res := srv.signIn(browser(t), "bob", "new-password-of-bob"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("sign in with the new password: status %d, want 303", res.StatusCode)
	}

	c.ok("user", "delete", "bob")
	if code, _ := srv.get(http.DefaultClient, "/api/v1/workloads", token); code != http.StatusUnauthorized {
		t.Errorf("ListWorkloads with a deleted user's token: status %d, want 401", code)
	}
}

// TestUserCommandErrors: each refusal has a clear message and the exit
// code scripts can test, and changes nothing.
func TestUserCommandErrors(t *testing.T) {
	tests := []struct {
		name     string
		stdin    string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"delete the last administrator", "", []string{"user", "delete", "alice"}, exitError, "last administrator"},
		{"demote the last administrator", "", []string{"user", "admin", "alice", "false"}, exitError, "last administrator"},
		{"a name taken", "pw-of-alice-2\n", []string{"user", "create", "ALICE", "--password-stdin"}, exitError, "already exists"},
		{"a bad name", "pw\n", []string{"user", "create", "no spaces please", "--password-stdin"}, exitUsage, "name"},
		{"no terminal and no --password-stdin", "", []string{"user", "create", "carol"}, exitUsage, "--password-stdin"},
		{"password of nobody", "pw\n", []string{"user", "password", "nobody", "--password-stdin"}, exitNotFound, "nobody"},
		{"token of nobody", "", []string{"user", "token", "nobody"}, exitNotFound, "nobody"},
		{"admin flag not a boolean", "", []string{"user", "admin", "alice", "maybe"}, exitUsage, "maybe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCLI(t)
			c.admin("alice", "password-of-alice")
			before := c.ok("user", "list", "-o", "json")
			r := c.runIn(tt.stdin, tt.args...)
			if r.code != tt.wantCode || !strings.Contains(r.stderr, tt.wantErr) {
				t.Errorf("exit %d, want %d with %q; stderr: %s", r.code, tt.wantCode, tt.wantErr, r.stderr)
			}
			if after := c.ok("user", "list", "-o", "json"); after != before {
				t.Errorf("a refused command changed the users:\nbefore %s\nafter %s", before, after)
			}
		})
	}
}

// TestUserLastAdministratorHandover: once another administrator exists the
// first may step down and be deleted; the list shows who is what.
func TestUserLastAdministratorHandover(t *testing.T) {
	c := newCLI(t)
	c.admin("alice", "password-of-alice")
	c.ok("user", "create", "bot", "--no-password")
	c.ok("user", "admin", "bot", "true")
	c.ok("user", "admin", "alice", "false")
	var users []struct {
		Name  string `json:"UserName"`
		Admin bool
	}
	if err := json.Unmarshal([]byte(c.ok("user", "list", "-o", "json")), &users); err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, u := range users {
		got[u.Name] = u.Admin
	}
	if len(got) != 2 || got["alice"] || !got["bot"] {
		t.Errorf("users after the handover: %v, want alice not admin and bot admin", got)
	}
	c.ok("user", "delete", "alice")
	if stderr := c.fail(exitError, "user", "delete", "bot"); !strings.Contains(stderr, "last administrator") {
		t.Errorf("deleting the last administrator: %s", stderr)
	}
}
