// Package query parses search queries.
package query

import "strings"

// Terms splits a query into lower-case terms.
func Terms(q string) []string { return strings.Fields(strings.ToLower(q)) }
