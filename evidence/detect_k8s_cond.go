package evidence

import (
	"strconv"
	"strings"

	"go.yaml.in/yaml/v4"
)

// A tiny evaluator for the conditions of Helm templates ({{- if and
// .Values.autoscaling.enabled (not .Values.keda.enabled) }}), over a
// chart's values. It knows value references, literals, not/and/or/eq/ne/
// empty and parentheses; anything else (.Capabilities, include, variables)
// is unknown, and callers treat unknown as "may be on".

// k8sCondVal is the value of a condition term.
type k8sCondVal struct {
	known bool
	truth bool
	s     string // scalar text, for eq/ne
}

// k8sEvalCond returns 1 when cond holds with the chart's values (env laid
// over the defaults), 0 when it does not, -1 when it cannot be told.
func k8sEvalCond(c *k8sChart, cond string, env *k8sValues) int {
	if strings.Contains(cond, "|") || strings.Contains(cond, ":=") {
		return -1
	}
	toks := k8sCondTokens(cond)
	v, rest := k8sEvalExpr(c, env, toks, 0)
	switch {
	case len(rest) > 0 || !v.known:
		return -1
	case v.truth:
		return 1
	}
	return 0
}

// k8sCondTokens splits a condition into words, strings and parentheses.
func k8sCondTokens(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '(' || c == ')':
			out = append(out, string(c))
			i++
		case c == '"' || c == '`':
			j := i + 1
			for j < len(s) && s[j] != c {
				if s[j] == '\\' && c == '"' {
					j++
				}
				j++
			}
			out = append(out, s[i:min(j+1, len(s))])
			i = j + 1
		default:
			j := i
			for j < len(s) && !strings.ContainsRune(" \t\n\r()\"`", rune(s[j])) {
				j++
			}
			out = append(out, s[i:j])
			i = j
		}
	}
	return out
}

// k8sEvalExpr evaluates a function call or a single term.
func k8sEvalExpr(c *k8sChart, env *k8sValues, toks []string, depth int) (k8sCondVal, []string) {
	if len(toks) == 0 || depth > 20 {
		return k8sCondVal{}, nil
	}
	if fn := toks[0]; k8sCondFunc(fn) {
		var args []k8sCondVal
		rest := toks[1:]
		for len(rest) > 0 && rest[0] != ")" {
			var a k8sCondVal
			a, rest = k8sEvalTerm(c, env, rest, depth+1)
			args = append(args, a)
		}
		return k8sApply(fn, args), rest
	}
	return k8sEvalTerm(c, env, toks, depth+1)
}

// k8sCondFunc reports a function name: a bare identifier that is not a
// literal (gt, int, hasKey, include… are functions whose value is unknown).
func k8sCondFunc(w string) bool {
	if w == "" || w == "true" || w == "false" || w == "nil" {
		return false
	}
	c := w[0]
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// k8sEvalTerm evaluates one term: a parenthesised expression, a value
// reference or a literal.
func k8sEvalTerm(c *k8sChart, env *k8sValues, toks []string, depth int) (k8sCondVal, []string) {
	t := toks[0]
	switch {
	case t == "(":
		v, rest := k8sEvalExpr(c, env, toks[1:], depth)
		if len(rest) > 0 && rest[0] == ")" {
			rest = rest[1:]
		}
		return v, rest
	case strings.HasPrefix(t, ".Values."):
		n := c.valueAt(strings.Split(strings.TrimPrefix(t, ".Values."), "."), env)
		return k8sNodeVal(n), toks[1:]
	case t == "true" || t == "false":
		return k8sCondVal{known: true, truth: t == "true", s: t}, toks[1:]
	case strings.HasPrefix(t, `"`) || strings.HasPrefix(t, "`"):
		s := strings.Trim(t, "\"`")
		return k8sCondVal{known: true, truth: s != "", s: s}, toks[1:]
	}
	if f, err := strconv.ParseFloat(t, 64); err == nil {
		return k8sCondVal{known: true, truth: f != 0, s: t}, toks[1:]
	}
	return k8sCondVal{}, toks[1:]
}

// k8sNodeVal is the truth of a values node as Go templates see it.
func k8sNodeVal(n *yaml.Node) k8sCondVal {
	n = deref(n)
	if n == nil {
		return k8sCondVal{known: true}
	}
	switch n.Kind {
	case yaml.ScalarNode:
		v := n.Value
		falsy := n.Tag == "!!null" || v == "" || v == "false" || v == "0" || v == "~" || v == "null"
		return k8sCondVal{known: true, truth: !falsy, s: v}
	case yaml.MappingNode, yaml.SequenceNode:
		return k8sCondVal{known: true, truth: len(n.Content) > 0}
	}
	return k8sCondVal{}
}

// k8sApply applies a template function to evaluated arguments.
func k8sApply(fn string, args []k8sCondVal) k8sCondVal {
	switch fn {
	case "not", "empty":
		if len(args) != 1 || !args[0].known {
			return k8sCondVal{}
		}
		return k8sCondVal{known: true, truth: !args[0].truth}
	case "and", "or":
		want := fn == "or" // the value that decides: any true for or, any false for and
		all := true
		for _, a := range args {
			if a.known && a.truth == want {
				return k8sCondVal{known: true, truth: want}
			}
			all = all && a.known
		}
		if !all || len(args) == 0 {
			return k8sCondVal{}
		}
		return k8sCondVal{known: true, truth: !want}
	case "eq", "ne":
		if len(args) != 2 || !args[0].known || !args[1].known {
			return k8sCondVal{}
		}
		return k8sCondVal{known: true, truth: (args[0].s == args[1].s) == (fn == "eq")}
	}
	return k8sCondVal{}
}
