// Package account holds the use cases of people and access: users and
// their passwords, API tokens, and who may see or change which workload.
// Front ends (the CLI's user commands, the web server) call it rather than
// the store, so the rules live in one place.
package account

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"sync"
	"time"

	"github.com/opslens/opslens"
)

// Service manages users, tokens and shares over a store.
type Service struct {
	store opslens.Store
	// Now is the clock; tests replace it.
	Now func() time.Time

	dummyOnce sync.Once
	dummy     string // a hash checked for unknown users, so timing does not tell them apart
}

// New returns a Service over store.
func New(store opslens.Store) *Service { return &Service{store: store, Now: time.Now} }

// CreateUser creates a user with a password (empty: a user who can only
// use tokens an administrator makes, or sign in after a password is set).
func (s *Service) CreateUser(ctx context.Context, name, password string, admin bool) (*opslens.User, error) {
	if err := opslens.ValidateUserName(name); err != nil {
		return nil, err
	}
	u := &opslens.User{Name: name, Admin: admin}
	if password != "" {
		if err := opslens.ValidatePassword(password); err != nil {
			return nil, err
		}
		h, err := HashPassword(password)
		if err != nil {
			return nil, err
		}
		u.PasswordHash = h
	}
	if err := s.store.CreateUser(ctx, u); err != nil {
		return nil, err
	}
	return u, nil
}

// errSignIn is the one answer to every failed sign-in: saying whether the
// user exists would help someone guessing names.
var errSignIn = opslens.Errorf(opslens.EUNAUTHORIZED, "wrong user name or password")

// Authenticate checks a user name and password. It takes the same time
// whether or not the user exists.
func (s *Service) Authenticate(ctx context.Context, name, password string) (*opslens.User, error) {
	u, err := s.store.User(ctx, name)
	if opslens.ErrorCode(err) == opslens.ENOTFOUND || (err == nil && u.PasswordHash == "") {
		CheckPassword(s.dummyHash(), password)
		return nil, errSignIn
	}
	if err != nil {
		return nil, err
	}
	if !CheckPassword(u.PasswordHash, password) {
		return nil, errSignIn
	}
	return u, nil
}

func (s *Service) dummyHash() string {
	s.dummyOnce.Do(func() { s.dummy, _ = HashPassword("not a password anyone has") })
	return s.dummy
}

// SetPassword replaces a user's password; sessions signed in before it end.
func (s *Service) SetPassword(ctx context.Context, id int64, password string) (*opslens.User, error) {
	if err := opslens.ValidatePassword(password); err != nil {
		return nil, err
	}
	h, err := HashPassword(password)
	if err != nil {
		return nil, err
	}
	return s.store.UpdateUser(ctx, id, func(u *opslens.User) error {
		u.PasswordHash = h
		return nil
	})
}

// SetAdmin grants or takes away administration.
func (s *Service) SetAdmin(ctx context.Context, id int64, admin bool) (*opslens.User, error) {
	return s.store.UpdateUser(ctx, id, func(u *opslens.User) error {
		u.Admin = admin
		return nil
	})
}

// User, UserByID, Users and DeleteUser pass through to the store.
func (s *Service) User(ctx context.Context, name string) (*opslens.User, error) {
	return s.store.User(ctx, name)
}
func (s *Service) UserByID(ctx context.Context, id int64) (*opslens.User, error) {
	return s.store.UserByID(ctx, id)
}
func (s *Service) Users(ctx context.Context) ([]*opslens.User, error) { return s.store.Users(ctx) }
func (s *Service) DeleteUser(ctx context.Context, id int64) error     { return s.store.DeleteUser(ctx, id) }

// TokenPrefix starts every API token, so secret scanners (and people)
// recognise one in a log or a commit.
const TokenPrefix = "olt_"

// CreateToken makes an API token for a user and returns it with its
// secret, which is never shown again. ttl 0 means no expiry.
func (s *Service) CreateToken(ctx context.Context, userID int64, name string, ttl time.Duration) (*opslens.Token, string, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 100 {
		return nil, "", opslens.Errorf(opslens.EINVALID, "token name must be 1 to 100 characters")
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return nil, "", err
	}
	secret := TokenPrefix + base64.RawURLEncoding.EncodeToString(raw)
	t := &opslens.Token{UserID: userID, Name: name, Hash: hashToken(secret), Prefix: secret[:len(TokenPrefix)+6]}
	if ttl > 0 {
		t.ExpiresAt = s.Now().Add(ttl).UTC()
	}
	if err := s.store.CreateToken(ctx, t); err != nil {
		return nil, "", err
	}
	return t, secret, nil
}

func hashToken(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// AuthenticateToken returns the user of a token secret.
func (s *Service) AuthenticateToken(ctx context.Context, secret string) (*opslens.User, error) {
	if !strings.HasPrefix(secret, TokenPrefix) {
		return nil, opslens.Errorf(opslens.EUNAUTHORIZED, "not an opslens API token")
	}
	_, u, err := s.store.TokenByHash(ctx, hashToken(secret))
	if opslens.ErrorCode(err) == opslens.ENOTFOUND {
		return nil, opslens.Errorf(opslens.EUNAUTHORIZED, "%s", err.Error())
	}
	return u, err
}

// Tokens and RevokeToken act on one user's own tokens.
func (s *Service) Tokens(ctx context.Context, userID int64) ([]*opslens.Token, error) {
	return s.store.Tokens(ctx, userID)
}
func (s *Service) RevokeToken(ctx context.Context, userID, tokenID int64) error {
	return s.store.DeleteToken(ctx, userID, tokenID)
}

// Share grants the named user a role on a workload.
func (s *Service) Share(ctx context.Context, workloadID int64, userName string, role opslens.Role) (*opslens.Share, error) {
	if role.Rank() == 0 {
		return nil, opslens.Errorf(opslens.EINVALID, "unknown permission type %q: use OWNER, CONTRIBUTOR or READONLY", role)
	}
	u, err := s.store.User(ctx, userName)
	if err != nil {
		return nil, err
	}
	sh := &opslens.Share{WorkloadID: workloadID, UserID: u.ID, PermissionType: role}
	if err := s.store.PutShare(ctx, sh); err != nil {
		return nil, err
	}
	return sh, nil
}

// Unshare, Shares and Role pass through to the store.
func (s *Service) Unshare(ctx context.Context, workloadID, userID int64) error {
	return s.store.DeleteShare(ctx, workloadID, userID)
}
func (s *Service) Shares(ctx context.Context, workloadID int64) ([]opslens.Share, error) {
	return s.store.Shares(ctx, workloadID)
}

// Role returns what u may do with a workload: an administrator may do
// everything (OWNER), others what their share says ("" for nothing).
func (s *Service) Role(ctx context.Context, workloadID int64, u *opslens.User) (opslens.Role, error) {
	if u.Admin {
		return opslens.RoleOwner, nil
	}
	return s.store.Role(ctx, workloadID, u.ID)
}

// History returns the audit events of a workload, newest first.
func (s *Service) History(ctx context.Context, f opslens.AuditFilter) ([]opslens.AuditEvent, error) {
	return s.store.AuditEvents(ctx, f)
}
