package reviewfile

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v4"
)

// schema lists the keys each mapping of the file may hold. Checking keys
// against it before decoding gives messages that say where a key is wrong
// and which keys are allowed there, instead of naming Go types.
type schema struct {
	keys map[string]*schema // allowed keys and the schema of their values
	any  *schema            // for mappings keyed by IDs: the schema of every value
}

var (
	acceptanceSchema = &schema{keys: map[string]*schema{"reason": nil, "by": nil, "until": nil, "note": nil}}
	practiceSchema   = &schema{keys: map[string]*schema{"not-applicable": acceptanceSchema, "notes": nil}}
	questionSchema   = &schema{keys: map[string]*schema{
		"selected": nil, "none": nil, "not-applicable": acceptanceSchema, "notes": nil,
		"accepted-risk": acceptanceSchema, "practices": {any: practiceSchema},
	}}
	workloadSchema = &schema{keys: map[string]*schema{
		"name": nil, "description": nil, "environment": nil, "owner": nil, "review-owner": nil,
		"locations": nil, "architectural-design": nil, "industry": nil, "industry-type": nil,
		"tags": nil, "notes": nil, "pillar-priorities": nil,
	}}
	fileSchema = &schema{keys: map[string]*schema{
		"version": nil, "workload": workloadSchema, "lens": nil, "questions": {any: questionSchema},
	}}
)

// checkKeys walks a mapping node and reports every key its schema does not
// allow, with its line and path.
func checkKeys(n *yaml.Node, s *schema, path string) []string {
	if n == nil || s == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	var probs []string
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if s.any != nil {
			probs = append(probs, checkKeys(v, s.any, path+"."+k.Value)...)
			continue
		}
		sub, ok := s.keys[k.Value]
		if !ok {
			probs = append(probs, fmt.Sprintf("line %d: unknown key %q in %s (allowed: %s)",
				k.Line, k.Value, strings.TrimPrefix(path, "."), strings.Join(slices.Sorted(mapKeys(s.keys)), ", ")))
			continue
		}
		probs = append(probs, checkKeys(v, sub, path+"."+k.Value)...)
	}
	return probs
}

func mapKeys(m map[string]*schema) func(yield func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// flatten turns the decoder's nested errors into one message per problem.
func flatten(err error) []string {
	var one *yaml.LoadError
	if errors.As(err, &one) && one.Unwrap() == nil && one.Mark.Line > 0 {
		msg := one.Message
		if one.ContextMsg != "" {
			msg += " (" + one.ContextMsg + ")"
		}
		return []string{fmt.Sprintf("line %d: %s", one.Mark.Line, msg)}
	}
	var le *yaml.LoadErrors
	if errors.As(err, &le) {
		var out []string
		for _, e := range le.Errors {
			msgs := []string{e.Message}
			if c := e.Unwrap(); c != nil {
				msgs = flatten(c)
			}
			for _, m := range msgs {
				if e.Mark.Line > 0 && !strings.HasPrefix(m, "line ") {
					m = fmt.Sprintf("line %d: %s", e.Mark.Line, m)
				}
				out = append(out, m)
			}
		}
		return out
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []string
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []string{plainTypes.Replace(strings.TrimPrefix(err.Error(), "yaml: "))}
}

// plainTypes says in the file's terms what the decoder calls Go types.
var plainTypes = strings.NewReplacer(
	"cannot construct", "found",
	"into []reviewfile.Ref", "where a list of practice IDs such as [BP01, BP02] belongs",
	"into []string", "where a list such as [a, b] belongs",
	"into map[string]string", "where a mapping of names to text belongs",
	"into bool", "where true or false belongs",
	"into int", "where a whole number belongs",
	"into string", "where text belongs",
	"into reviewfile.Workload", "where the workload's fields belong",
	"into reviewfile.Acceptance", "where reason, by, until and note belong",
	"into reviewfile.plain", "where a mapping belongs",
	"into reviewfile.File", "where the file's top-level mapping belongs",
	"!!str", "text", "!!seq", "a list", "!!map", "a mapping", "!!int", "a number", "!!bool", "true/false",
)
