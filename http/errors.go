package http

import (
	"errors"
	"net/http"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/account"
	"github.com/opslens/opslens/api"
	"github.com/opslens/opslens/review"
)

// statusOf is the HTTP front end's one mapping table from the root error
// codes to status codes. A code missing here is a 500.
var statusOf = map[string]int{
	opslens.EINVALID:      http.StatusBadRequest,
	opslens.ENOTFOUND:     http.StatusNotFound,
	opslens.ECONFLICT:     http.StatusConflict,
	opslens.EUNAVAILABLE:  http.StatusServiceUnavailable,
	opslens.EUNAUTHORIZED: http.StatusUnauthorized,
	opslens.EFORBIDDEN:    http.StatusForbidden,
	opslens.ETOOMANY:      http.StatusTooManyRequests,
	opslens.EINTERNAL:     http.StatusInternalServerError,
}

// httpStatus returns the status for err.
func httpStatus(err error) int {
	if s, ok := statusOf[opslens.ErrorCode(err)]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// publicError is what a web user or API client may see of err: the
// message of an application error, and for anything else (a bug, a broken
// disk) a fixed sentence with the request ID, while the real error goes to
// the log.
func publicError(err error, requestID string) api.Error {
	code := opslens.ErrorCode(err)
	if code == opslens.EINTERNAL {
		return api.Error{Code: code, Message: "internal error; the server log has the details under request ID " + requestID}
	}
	var e *opslens.Error
	errors.As(err, &e)
	out := api.Error{Code: code, Message: e.Message}
	var fe *fieldError
	if errors.As(err, &fe) {
		out.Field = fe.field
	}
	var se *staleError
	var ce *review.ConflictError
	var ue *account.StaleUserError
	switch {
	case errors.As(err, &se):
		out.Current = se.current
	case errors.As(err, &ce):
		out.Current = ce.Current
	case errors.As(err, &ue):
		out.Current = ue.Current
	}
	return out
}

// staleError is a conflict with the stored state a client should see,
// in the API's shape (a 409's Current).
type staleError struct {
	current any
	err     error
}

func (e *staleError) Error() string { return e.err.Error() }
func (e *staleError) Unwrap() error { return e.err }

// fieldError names the request field an error is about.
type fieldError struct {
	field string
	err   error
}

func (e *fieldError) Error() string { return e.err.Error() }
func (e *fieldError) Unwrap() error { return e.err }

// invalidField returns an EINVALID error about one field of a request.
func invalidField(field, format string, args ...any) error {
	return &fieldError{field: field, err: opslens.Errorf(opslens.EINVALID, format, args...)}
}

// Errors of the front end itself, in the root vocabulary.
var (
	errSignInRequired = opslens.Errorf(opslens.EUNAUTHORIZED, "sign in first: this needs a session or an API token")
	errForbidden      = opslens.Errorf(opslens.EFORBIDDEN, "your role does not allow this")
	errAdminOnly      = opslens.Errorf(opslens.EFORBIDDEN, "only administrators can do this")
)

// withField names the request field an invalid-input error of the domain
// is about; other errors pass unchanged.
func withField(field string, err error) error {
	var fe *fieldError
	if opslens.ErrorCode(err) != opslens.EINVALID || errors.As(err, &fe) {
		return err
	}
	return &fieldError{field: field, err: err}
}

// fieldOf returns the request field an error names, if any.
func fieldOf(err error) string {
	var fe *fieldError
	if errors.As(err, &fe) {
		return fe.field
	}
	return ""
}
