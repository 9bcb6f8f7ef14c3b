package http

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/opslens/opslens"
)

// apiRoutes is the JSON API under /api/v1: one operation for each thing
// the web app can do, named and shaped after the AWS Well-Architected API
// where it has an equivalent. Each api_*.go file adds its resource's
// routes here.
func (s *Server) apiRoutes() []route {
	var all []route
	for _, part := range [][]route{
		s.apiMeRoutes(),
		s.apiWorkloadRoutes(),
		s.apiReviewRoutes(),
		s.apiMilestoneRoutes(),
		s.apiShareRoutes(),
		s.apiRepositoryRoutes(),
		s.apiTemplateRoutes(),
		s.apiAuditRoutes(),
		s.apiLensRoutes(),
		s.apiUserRoutes(),
		s.apiOpenAPIRoutes(),
	} {
		all = append(all, part...)
	}
	return all
}

// decodeJSON reads a request body into v, strictly: unknown fields, a
// second value or a body over the limit are errors that name the problem.
func decodeJSON(r *request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return opslens.Errorf(opslens.EINVALID, "the body must be JSON (Content-Type: application/json), not %s", ct)
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		var ute *json.UnmarshalTypeError
		switch {
		case errors.As(err, &mbe):
			return opslens.Errorf(opslens.EINVALID, "the body is larger than %d bytes", mbe.Limit)
		case errors.Is(err, io.EOF):
			return opslens.Errorf(opslens.EINVALID, "the body is empty; send a JSON object")
		case errors.As(err, &ute):
			return invalidField(ute.Field, "field %s must be %s, not %s", ute.Field, ute.Type, ute.Value)
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
			return invalidField(f, "unknown field %q", f)
		}
		return opslens.Errorf(opslens.EINVALID, "the body is not valid JSON: %v", err)
	}
	if dec.More() {
		return opslens.Errorf(opslens.EINVALID, "the body holds more than one JSON value")
	}
	return nil
}

// page is the AWS-style pagination of list operations: MaxResults (1 to
// max) and an opaque NextToken from the previous page.
type page struct {
	offset, size int
}

func readPage(r *request, defaultSize, maxSize int) (page, error) {
	p := page{size: defaultSize}
	q := r.URL.Query()
	if v := q.Get("MaxResults"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxSize {
			return p, invalidField("MaxResults", "MaxResults must be a number from 1 to %d", maxSize)
		}
		p.size = n
	}
	if t := q.Get("NextToken"); t != "" {
		b, err := base64.RawURLEncoding.DecodeString(t)
		n, err2 := strconv.Atoi(strings.TrimPrefix(string(b), "o:"))
		if err != nil || err2 != nil || n < 0 || !strings.HasPrefix(string(b), "o:") {
			return p, invalidField("NextToken", "NextToken is not one this server gave")
		}
		p.offset = n
	}
	return p, nil
}

// pageOf returns the page's part of items (never nil, so JSON shows [])
// and the token of the next page.
func pageOf[T any](p page, items []T) ([]T, string) {
	from, to, next := p.slice(len(items))
	out := make([]T, 0, to-from)
	return append(out, items[from:to]...), next
}

// queryInt reads an optional positive number from the query (0 when
// absent).
func queryInt(r *request, name string) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, invalidField(name, "%s %q is not a positive number", name, v)
	}
	return n, nil
}

// slice returns the page's part of n items and the token of the next page
// ("" on the last).
func (p page) slice(n int) (from, to int, next string) {
	from = min(p.offset, n)
	to = min(from+p.size, n)
	if to < n {
		next = base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprintf("o:%d", to)))
	}
	return from, to, next
}

// ifMatch reads the version a write is based on: the If-Match header
// ("3" or the ETag "\"3\"") or, failing that, the body's ClientVersion.
// nil means the client did not say, and the write applies to whatever is
// stored.
func ifMatch(r *request, body *int64) (*int64, error) {
	h := strings.Trim(strings.TrimPrefix(r.Header.Get("If-Match"), "W/"), `"`)
	if h == "" {
		return body, nil
	}
	v, err := strconv.ParseInt(h, 10, 64)
	if err != nil || v < 0 {
		return nil, invalidField("If-Match", "If-Match must be the version you read, as returned in the ETag header")
	}
	return &v, nil
}

// setETag tells the client the version of what it read.
func setETag(w http.ResponseWriter, version int64) {
	w.Header().Set("ETag", `"`+strconv.FormatInt(version, 10)+`"`)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
