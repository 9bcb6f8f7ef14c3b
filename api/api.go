// Package api holds the JSON shapes opslens shows to programs: the CLI's
// `-o json` output and the HTTP API's bodies are the same values, built by
// the same functions, so a script can move from one to the other. Field
// names follow the AWS Well-Architected API where it has an equivalent
// (QuestionId, ChoiceAnswers, MilestoneNumber, NextToken…); fields of our
// own use the same style. Names here are a published interface: add
// fields, never rename them.
package api

// Error is the body of every failed API request.
type Error struct {
	Code    string `json:"Code"`
	Message string `json:"Message"`
	// Field names the request field at fault, when there is one.
	Field string `json:"Field,omitempty"`
	// Current is the stored state a stale write was refused against
	// (a 409), so the client can show what changed instead of
	// overwriting it.
	Current any `json:"Current,omitempty"`
}

// orEmpty keeps empty lists as [] rather than null in JSON.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
