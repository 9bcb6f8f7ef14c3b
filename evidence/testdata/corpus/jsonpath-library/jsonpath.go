// Package jsonpath evaluates JSONPath expressions over decoded JSON values.
package jsonpath

import "errors"

// ErrSyntax reports a malformed expression.
var ErrSyntax = errors.New("jsonpath: syntax error")

// Get returns the value at path in doc.
func Get(path string, doc any) (any, error) {
	if path == "" || path[0] != '$' {
		return nil, ErrSyntax
	}
	return doc, nil
}
