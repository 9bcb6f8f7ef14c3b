package opslens

import (
	"errors"
	"fmt"
)

// Error codes classify failures so the CLI (and later the HTTP API) can map
// them to exit codes and status codes without matching on message text.
const (
	EINVALID  = "invalid"   // the caller's input is wrong
	ENOTFOUND = "not_found" // a named thing does not exist
	ECONFLICT = "conflict"  // the request clashes with stored state
	// EUNAVAILABLE: the store could not serve the request in time (a
	// database busy with other writers beyond the wait limit); retrying
	// later can succeed, and nothing was changed.
	EUNAVAILABLE = "unavailable"
	EINTERNAL    = "internal" // a bug or an environment failure
	// EUNAUTHORIZED: the caller did not prove who they are (no session,
	// a wrong password, an unknown token).
	EUNAUTHORIZED = "unauthorized"
	// EFORBIDDEN: the caller is known but may not do this.
	EFORBIDDEN = "forbidden"
	// ETOOMANY: the caller made too many attempts (sign-in); retry later.
	ETOOMANY = "too_many_requests"
)

// Error is an application error with a code and a message meant for users.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the given code.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, or
// EINTERNAL for any other non-nil error.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}
