package evidence

import (
	"sort"
	"strings"
)

// Environment names as they appear in paths and object names
// (overlays/prod, values-staging.yaml, app-dev), normalised so that prod,
// production and prd are one environment.

var k8sEnvAliases = map[string]string{
	"dev": "dev", "develop": "dev", "development": "dev", "devel": "dev",
	"test": "test", "testing": "test", "tst": "test",
	"qa": "qa", "uat": "uat", "sit": "sit",
	"stage": "staging", "staging": "staging", "stg": "staging",
	"preprod": "preprod", "preproduction": "preprod", "pprod": "preprod",
	"prod": "prod", "production": "prod", "prd": "prod", "live": "prod",
	"sandbox": "sandbox", "sbx": "sandbox",
	"perf": "perf", "performance": "perf",
	"int": "int", "integration": "int",
	"demo": "demo", "local": "local", "nonprod": "nonprod",
}

// k8sEnvTokens splits a path or name into lower-case words.
func k8sEnvTokens(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == '/' || r == '.' || r == '-' || r == '_' || r == ' ' || r == ':'
	})
}

// k8sEnvOf returns the normalised environment a name or path speaks of,
// the deepest (last) one when several do, or "".
func k8sEnvOf(s string) string { return k8sEnvOfPath(s) }

// k8sEnvOfPath is k8sEnvOf ignoring the given words (such as "values").
func k8sEnvOfPath(s string, ignore ...string) string {
	toks := k8sEnvTokens(s)
	for i := len(toks) - 1; i >= 0; i-- {
		tok := toks[i]
		skip := false
		for _, w := range ignore {
			skip = skip || tok == w
		}
		if env := k8sEnvAliases[tok]; env != "" && !skip {
			if i > 0 && (toks[i-1] == "pre" || toks[i-1] == "non") && env == "prod" {
				return toks[i-1] + "prod"
			}
			return env
		}
	}
	return ""
}

// k8sEnvSet collects environment names with the first place each was seen.
type k8sEnvSet struct {
	first map[string]k8sEnvSeen
}

type k8sEnvSeen struct {
	Path string
	Line int
}

func (s *k8sEnvSet) add(env, p string, line int) {
	if env == "" {
		return
	}
	if s.first == nil {
		s.first = map[string]k8sEnvSeen{}
	}
	if _, ok := s.first[env]; !ok {
		s.first[env] = k8sEnvSeen{p, line}
	}
}

// Names returns the environments in a stable order (by where first seen).
func (s *k8sEnvSet) Names() []string {
	var out []string
	for e := range s.first {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := s.first[out[i]], s.first[out[j]]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return out[i] < out[j]
	})
	return out
}

func (s *k8sEnvSet) Len() int { return len(s.first) }

// First returns where the first environment (in Names order) was seen.
func (s *k8sEnvSet) First() k8sEnvSeen {
	n := s.Names()
	if len(n) == 0 {
		return k8sEnvSeen{}
	}
	return s.first[n[0]]
}
