package account

import (
	"context"

	"github.com/opslens/opslens"
)

// UserEdit is a change to a user: each non-nil field is set. Version,
// when set, is the user's version the change was made against.
type UserEdit struct {
	Password *string
	Admin    *bool
	Version  *int64
}

// StaleUserError is the ECONFLICT of an edit made against an old version;
// it carries the stored user so a front end can show it.
type StaleUserError struct {
	Current opslens.User
	err     *opslens.Error
}

func (e *StaleUserError) Error() string { return e.err.Error() }
func (e *StaleUserError) Unwrap() error { return e.err }

// UpdateUser applies an edit in one store transaction, so a password and
// an administrator flag change together or not at all (the store refuses
// to leave no administrator).
func (s *Service) UpdateUser(ctx context.Context, id int64, e UserEdit) (*opslens.User, error) {
	var hash string
	if e.Password != nil {
		if err := opslens.ValidatePassword(*e.Password); err != nil {
			return nil, err
		}
		h, err := HashPassword(*e.Password)
		if err != nil {
			return nil, err
		}
		hash = h
	}
	return s.store.UpdateUser(ctx, id, func(u *opslens.User) error {
		if e.Version != nil && *e.Version != u.Version {
			return &StaleUserError{Current: *u, err: opslens.Errorf(opslens.ECONFLICT,
				"user %s was changed by someone else (now version %d); read it again", u.Name, u.Version)}
		}
		if hash != "" {
			u.PasswordHash = hash
		}
		if e.Admin != nil {
			u.Admin = *e.Admin
		}
		return nil
	})
}
