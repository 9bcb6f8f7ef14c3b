package storetest

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/opslens/opslens"
)

var userTests = []test{
	{"CreateGetList", testUserCreateGetList},
	{"Duplicate", testUserDuplicate},
	{"InvalidName", testUserInvalidName},
	{"Update", testUserUpdate},
	{"LastAdmin", testUserLastAdmin},
	{"DeleteCascades", testUserDeleteCascades},
	{"Tokens", testTokens},
	{"TokenExpiry", testTokenExpiry},
	{"Sessions", testSessions},
}

func createUser(t *testing.T, s opslens.Store, name string, admin bool) *opslens.User {
	t.Helper()
	u := &opslens.User{Name: name, Admin: admin, PasswordHash: "hash-of-" + name}
	must(t, s.CreateUser(t.Context(), u), "create user "+name)
	return u
}

func testUserCreateGetList(t *testing.T, s opslens.Store) {
	before := time.Now()
	ann := createUser(t, s, "ann", true)
	createUser(t, s, "Bob.Smith@example.com", false)
	if ann.ID == 0 || ann.Version != 1 {
		t.Fatalf("created user: ID %d, Version %d; want an ID and version 1", ann.ID, ann.Version)
	}
	checkStamp(t, "CreatedAt", ann.CreatedAt, before, time.Now())
	got, err := s.User(t.Context(), "ANN")
	must(t, err, "user by name, other case")
	if got.ID != ann.ID || !got.Admin || got.PasswordHash != "hash-of-ann" || !got.CreatedAt.Equal(ann.CreatedAt) {
		t.Fatalf("user read back: %+v, want %+v", got, ann)
	}
	byID, err := s.UserByID(t.Context(), ann.ID)
	must(t, err, "user by ID")
	if byID.Name != "ann" {
		t.Fatalf("user by ID: %q", byID.Name)
	}
	all, err := s.Users(t.Context())
	must(t, err, "list users")
	if len(all) != 2 || all[0].Name != "ann" || all[1].Name != "Bob.Smith@example.com" {
		t.Fatalf("users: %v", names(all))
	}
	_, err = s.User(t.Context(), "nobody")
	wantCode(t, err, opslens.ENOTFOUND, "unknown user")
	_, err = s.UserByID(t.Context(), 9999)
	wantCode(t, err, opslens.ENOTFOUND, "unknown user ID")
}

func names(us []*opslens.User) []string {
	var out []string
	for _, u := range us {
		out = append(out, u.Name)
	}
	return out
}

func testUserDuplicate(t *testing.T, s opslens.Store) {
	createUser(t, s, "ann", false)
	err := s.CreateUser(t.Context(), &opslens.User{Name: "Ann"})
	wantCode(t, err, opslens.ECONFLICT, "user name taken in another case")
}

func testUserInvalidName(t *testing.T, s opslens.Store) {
	for _, n := range []string{"", "a", "has space", "semi;colon", string(bytes.Repeat([]byte("x"), 65))} {
		err := s.CreateUser(t.Context(), &opslens.User{Name: n})
		wantCode(t, err, opslens.EINVALID, "user name "+n)
	}
	users, err := s.Users(t.Context())
	must(t, err, "list users")
	if len(users) != 0 {
		t.Fatalf("invalid users were stored: %v", names(users))
	}
}

func testUserUpdate(t *testing.T, s opslens.Store) {
	createUser(t, s, "root", true)
	u := createUser(t, s, "ann", false)
	got, err := s.UpdateUser(t.Context(), u.ID, func(u *opslens.User) error {
		u.PasswordHash = "new-hash"
		u.Admin = true
		return nil
	})
	must(t, err, "update user")
	if got.Version != 2 || !got.Admin || got.PasswordHash != "new-hash" || !got.PasswordChangedAt.After(u.PasswordChangedAt) {
		t.Fatalf("updated user: %+v; want version 2, admin, new hash and a later PasswordChangedAt", got)
	}
	// A copy read before the update is stale.
	_, err = s.UpdateUser(t.Context(), u.ID, func(cur *opslens.User) error {
		*cur = *u
		return nil
	})
	wantCode(t, err, opslens.ECONFLICT, "stale user write")
	_, err = s.UpdateUser(t.Context(), 9999, func(*opslens.User) error { return nil })
	wantCode(t, err, opslens.ENOTFOUND, "update unknown user")
}

func testUserLastAdmin(t *testing.T, s opslens.Store) {
	root := createUser(t, s, "root", true)
	_, err := s.UpdateUser(t.Context(), root.ID, func(u *opslens.User) error {
		u.Admin = false
		return nil
	})
	wantCode(t, err, opslens.ECONFLICT, "demote the last administrator")
	wantCode(t, s.DeleteUser(t.Context(), root.ID), opslens.ECONFLICT, "delete the last administrator")
	other := createUser(t, s, "other", true)
	must(t, s.DeleteUser(t.Context(), root.ID), "delete an administrator while another remains")
	if _, err := s.User(t.Context(), "root"); opslens.ErrorCode(err) != opslens.ENOTFOUND {
		t.Fatalf("deleted user still found: %v", err)
	}
	wantCode(t, s.DeleteUser(t.Context(), other.ID), opslens.ECONFLICT, "delete the new last administrator")
}

func testUserDeleteCascades(t *testing.T, s opslens.Store) {
	createUser(t, s, "root", true)
	ann := createUser(t, s, "ann", false)
	w := createWorkload(t, s, "payments", builtinLens)
	must(t, s.PutShare(t.Context(), &opslens.Share{WorkloadID: w.ID, UserID: ann.ID, PermissionType: opslens.RoleOwner}), "share")
	tok := &opslens.Token{UserID: ann.ID, Name: "ci", Hash: "h1", Prefix: "olt_ab"}
	must(t, s.CreateToken(t.Context(), tok), "create token")
	must(t, s.DeleteUser(t.Context(), ann.ID), "delete user")
	shares, err := s.Shares(t.Context(), w.ID)
	must(t, err, "shares")
	if len(shares) != 0 {
		t.Fatalf("shares of a deleted user remain: %+v", shares)
	}
	_, _, err = s.TokenByHash(t.Context(), "h1")
	wantCode(t, err, opslens.ENOTFOUND, "token of a deleted user")
}

func testTokens(t *testing.T, s opslens.Store) {
	ann := createUser(t, s, "ann", false)
	bob := createUser(t, s, "bob", false)
	t1 := &opslens.Token{UserID: ann.ID, Name: "ci", Hash: "hash-1", Prefix: "olt_1"}
	t2 := &opslens.Token{UserID: ann.ID, Name: "laptop", Hash: "hash-2", Prefix: "olt_2"}
	must(t, s.CreateToken(t.Context(), t1), "create token 1")
	must(t, s.CreateToken(t.Context(), t2), "create token 2")
	wantCode(t, s.CreateToken(t.Context(), &opslens.Token{UserID: bob.ID, Name: "x", Hash: "hash-1"}), opslens.ECONFLICT, "duplicate hash")
	wantCode(t, s.CreateToken(t.Context(), &opslens.Token{UserID: 9999, Name: "x", Hash: "hash-9"}), opslens.ENOTFOUND, "token of an unknown user")
	wantCode(t, s.CreateToken(t.Context(), &opslens.Token{UserID: bob.ID, Name: "", Hash: "hash-8"}), opslens.EINVALID, "token without a name")

	tok, u, err := s.TokenByHash(t.Context(), "hash-1")
	must(t, err, "token by hash")
	if tok.ID != t1.ID || u.ID != ann.ID || tok.LastUsedAt.IsZero() {
		t.Fatalf("token by hash: %+v of user %q; want token %d of ann with its use recorded", tok, u.Name, t1.ID)
	}
	list, err := s.Tokens(t.Context(), ann.ID)
	must(t, err, "list tokens")
	if len(list) != 2 || list[0].ID != t2.ID || list[1].ID != t1.ID || list[1].LastUsedAt.IsZero() {
		t.Fatalf("tokens newest first with the use recorded: %+v", list)
	}
	// A user cannot revoke another user's token.
	wantCode(t, s.DeleteToken(t.Context(), bob.ID, t1.ID), opslens.ENOTFOUND, "revoke another user's token")
	must(t, s.DeleteToken(t.Context(), ann.ID, t1.ID), "revoke token")
	_, _, err = s.TokenByHash(t.Context(), "hash-1")
	wantCode(t, err, opslens.ENOTFOUND, "revoked token")
	if _, _, err := s.TokenByHash(t.Context(), "hash-2"); err != nil {
		t.Fatalf("the other token stopped working: %v", err)
	}
}

func testTokenExpiry(t *testing.T, s opslens.Store) {
	ann := createUser(t, s, "ann", false)
	old := &opslens.Token{UserID: ann.ID, Name: "old", Hash: "h-old", ExpiresAt: time.Now().Add(-time.Minute)}
	fresh := &opslens.Token{UserID: ann.ID, Name: "fresh", Hash: "h-fresh", ExpiresAt: time.Now().Add(time.Hour)}
	must(t, s.CreateToken(t.Context(), old), "create expired token")
	must(t, s.CreateToken(t.Context(), fresh), "create token")
	_, _, err := s.TokenByHash(t.Context(), "h-old")
	wantCode(t, err, opslens.ENOTFOUND, "expired token")
	if _, _, err := s.TokenByHash(t.Context(), "h-fresh"); err != nil {
		t.Fatalf("unexpired token: %v", err)
	}
}

func testSessions(t *testing.T, s opslens.Store) {
	ctx := context.Background()
	must(t, s.CommitSession(ctx, "tok-a", []byte("data-a"), time.Now().Add(time.Hour)), "commit session")
	must(t, s.CommitSession(ctx, "tok-old", []byte("x"), time.Now().Add(-time.Second)), "commit expired session")
	data, ok, err := s.FindSession(ctx, "tok-a")
	must(t, err, "find session")
	if !ok || string(data) != "data-a" {
		t.Fatalf("find session: %q %v", data, ok)
	}
	must(t, s.CommitSession(ctx, "tok-a", []byte("data-b"), time.Now().Add(time.Hour)), "recommit session")
	if data, _, _ := s.FindSession(ctx, "tok-a"); string(data) != "data-b" {
		t.Fatalf("recommitted session holds %q", data)
	}
	if _, ok, err := s.FindSession(ctx, "tok-old"); ok || err != nil {
		t.Fatalf("expired session found: %v %v", ok, err)
	}
	must(t, s.DeleteExpiredSessions(ctx), "delete expired sessions")
	must(t, s.DeleteSession(ctx, "tok-a"), "delete session")
	if _, ok, _ := s.FindSession(ctx, "tok-a"); ok {
		t.Fatal("deleted session found")
	}
	must(t, s.DeleteSession(ctx, "never-existed"), "deleting an unknown session is not an error")
}
