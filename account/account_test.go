package account

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/sqlite"
)

func newService(t *testing.T) *Service {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return New(db)
}

func TestPasswordHash(t *testing.T) {
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q is not PHC argon2id with our parameters", h)
	}
	h2, _ := HashPassword("correct horse battery")
	if h == h2 {
		t.Fatal("two hashes of one password are equal: the salt is not random")
	}
	for _, tc := range []struct {
		hash, pw string
		ok       bool
	}{
		{h, "correct horse battery", true},
		{h, "correct horse batterY", false},
		{h, "", false},
		{"", "x", false},
		{"$argon2i$v=19$m=19456,t=2,p=1$AAAA$AAAA", "x", false},
		{strings.Replace(h, "m=19456", "m=999999999", 1), "correct horse battery", false},
		{"$argon2id$v=19$m=19456,t=2,p=1$!!$!!", "x", false},
	} {
		if got := CheckPassword(tc.hash, tc.pw); got != tc.ok {
			t.Errorf("CheckPassword(%q, %q) = %v, want %v", tc.hash, tc.pw, got, tc.ok)
		}
	}
}

func FuzzCheckPassword(f *testing.F) {
	h, _ := HashPassword("pw-seed-1234")
	f.Add(h, "pw-seed-1234")
	f.Add("$argon2id$v=19$m=1,t=1,p=1$$", "")
	f.Fuzz(func(t *testing.T, hash, pw string) {
		CheckPassword(hash, pw) // must not panic or hang on any stored value
	})
}

func TestAuthenticate(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	if _, err := s.CreateUser(ctx, "ann", "short", false); opslens.ErrorCode(err) != opslens.EINVALID {
		t.Fatalf("short password: %v", err)
	}
	u, err := s.CreateUser(ctx, "ann", "a long enough password", true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(ctx, "ANN", "a long enough password"); err != nil {
		t.Fatalf("right password: %v", err)
	}
	for _, tc := range [][2]string{{"ann", "wrong password!"}, {"nobody", "a long enough password"}} {
		_, err := s.Authenticate(ctx, tc[0], tc[1])
		if opslens.ErrorCode(err) != opslens.EUNAUTHORIZED || err.Error() != "wrong user name or password" {
			t.Fatalf("sign in %v: %v; want the same unauthorized error for both", tc, err)
		}
	}
	u2, err := s.SetPassword(ctx, u.ID, "another long password")
	if err != nil {
		t.Fatal(err)
	}
	if !u2.PasswordChangedAt.After(u.PasswordChangedAt) {
		t.Fatal("a new password must move PasswordChangedAt")
	}
	if _, err := s.Authenticate(ctx, "ann", "a long enough password"); err == nil {
		t.Fatal("the old password still works")
	}
}

func TestTokens(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	u, _ := s.CreateUser(ctx, "ci-bot", "", false)
	tok, secret, err := s.CreateToken(ctx, u.ID, "pipeline", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(secret, TokenPrefix) || len(secret) < 40 || !strings.HasPrefix(secret, tok.Prefix) || tok.Hash == secret {
		t.Fatalf("token %+v secret %q", tok, secret)
	}
	got, err := s.AuthenticateToken(ctx, secret)
	if err != nil || got.ID != u.ID {
		t.Fatalf("authenticate token: %v %v", got, err)
	}
	for _, bad := range []string{"", "olt_nope", secret + "x", "Bearer " + secret} {
		if _, err := s.AuthenticateToken(ctx, bad); opslens.ErrorCode(err) != opslens.EUNAUTHORIZED {
			t.Errorf("token %q: %v, want unauthorized", bad, err)
		}
	}
	if err := s.RevokeToken(ctx, u.ID, tok.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AuthenticateToken(ctx, secret); opslens.ErrorCode(err) != opslens.EUNAUTHORIZED {
		t.Fatalf("revoked token: %v", err)
	}
	// A user without a password cannot sign in with an empty one.
	if _, err := s.Authenticate(ctx, "ci-bot", ""); err == nil {
		t.Fatal("a password-less user signed in")
	}
}
