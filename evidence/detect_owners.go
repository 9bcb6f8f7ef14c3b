package evidence

import (
	"context"
	"fmt"
	"path"
	"regexp"
	"strings"
)

// Ownership files: CODEOWNERS (GitHub and GitLab), Kubernetes/Prow and
// Chromium style OWNERS files, and Backstage catalog entries. They show that
// owners are recorded where the tooling enforces them (OPS02-BP05), that
// the workload's files have owners (OPS02-BP01), and, for entries over
// runbooks and procedures, that processes have owners (OPS02-BP02). Review
// files also route every change to its owners' review (OPS05-BP07).
//
// AUTHORS, MAINTAINERS and similar lists credit people; they assign nothing
// and are never read.

func init() {
	register(
		Detector{Name: "codeowners", Run: detectCodeowners},
		Detector{Name: "owners-files", Run: detectOwnersFiles},
		Detector{Name: "backstage", Run: detectBackstage},
	)
}

// codeownersPaths are the places GitHub (.github/, root, docs/) and GitLab
// (root, docs/, .gitlab/) read a CODEOWNERS file from; one anywhere else is
// ignored by both.
var codeownersPaths = []string{".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS"}

// ownerRule is one CODEOWNERS entry with the owners it ends up with.
type ownerRule struct {
	Line    int
	Pattern string
	Owners  []string
	Section string // GitLab section, "" outside one
}

func detectCodeowners(_ context.Context, t *Tree) []Hit {
	var out []Hit
	for _, p := range codeownersPaths {
		if !t.Has(p) {
			continue
		}
		v, err := t.parsed(p, "CODEOWNERS", func(_ string, data []byte) (any, error) {
			return parseCodeowners(string(data)), nil
		})
		if err != nil {
			continue
		}
		rules := v.([]ownerRule)
		out = append(out, codeownersHits(p, rules)...)
		if len(rules) > 0 {
			out = append(out, reviewHit(t, p, rules[0].Line, "CODEOWNERS asks the owners of each path to review changes"))
		}
	}
	return out
}

// reviewHit reports code review by owners (OPS05-BP07): strong together
// with a pull or merge request template that guides the review, partial
// alone.
func reviewHit(t *Tree, p string, line int, what string) Hit {
	if tmpl := reviewTemplate(t); tmpl != "" {
		return Hit{Practice: "OPS05-BP07", Confidence: Strong, Proof: Proof{Path: p, Line: line,
			Summary: fmt.Sprintf("%s, and the template %s structures each request.", what, tmpl)}}
	}
	return Hit{Practice: "OPS05-BP07", Confidence: Partial, Proof: Proof{Path: p, Line: line,
		Summary: what + "; no pull request template guides the review."}}
}

// reviewTemplate returns the first pull request (GitHub) or merge request
// (GitLab) template of the repository, or "".
func reviewTemplate(t *Tree) string {
	for _, f := range t.Files() {
		lower := strings.ToLower(f)
		dir, base := path.Split(lower)
		switch {
		case base == "pull_request_template.md" && (dir == "" || dir == ".github/" || dir == "docs/"),
			strings.HasPrefix(lower, ".github/pull_request_template/") && strings.HasSuffix(lower, ".md"),
			strings.HasPrefix(lower, ".gitlab/merge_request_templates/") && strings.HasSuffix(lower, ".md"):
			return f
		}
	}
	return ""
}

// gitlabSection matches a GitLab section header: [Name], ^[Optional],
// [Name][2] (approvals), optionally followed by default owners. A GitHub
// pattern such as "[Dd]ocs/" is not one: the bracket must end the name.
var gitlabSection = regexp.MustCompile(`^\^?\[([^\]]+)\](?:\[\d+\])?(?:\s+(.*))?$`)

// parseCodeowners returns the entries that have owners, either their own
// or their GitLab section's defaults. Entries without owners (which unset
// ownership) are dropped.
func parseCodeowners(text string) []ownerRule {
	var (
		rules    []ownerRule
		section  string
		defaults []string
	)
	for i, raw := range strings.Split(text, "\n") {
		line := strings.TrimSpace(raw)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if m := gitlabSection.FindStringSubmatch(line); m != nil {
			section, defaults = strings.TrimSpace(m[1]), ownerTokens(splitCodeownersLine(m[2]))
			continue
		}
		fields := splitCodeownersLine(line)
		if len(fields) == 0 {
			continue
		}
		owners := ownerTokens(fields[1:])
		if len(owners) == 0 && len(fields) == 1 {
			owners = defaults
		}
		if len(owners) > 0 {
			rules = append(rules, ownerRule{Line: i + 1, Pattern: fields[0], Owners: owners, Section: section})
		}
	}
	return rules
}

// splitCodeownersLine splits at unescaped blanks, keeps "\ " and "\#"
// inside a pattern, and stops at a comment.
func splitCodeownersLine(line string) []string {
	var (
		fields []string
		cur    strings.Builder
	)
	flush := func() {
		if cur.Len() > 0 {
			fields = append(fields, cur.String())
			cur.Reset()
		}
	}
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == '\\' && i+1 < len(line):
			i++
			cur.WriteByte(line[i])
		case c == ' ' || c == '\t':
			flush()
		case c == '#' && cur.Len() == 0:
			flush()
			return fields
		default:
			cur.WriteByte(c)
		}
	}
	flush()
	return fields
}

// ownerTokens keeps the tokens that name an owner: @user, @org/team,
// GitLab's @@role, or an email address.
func ownerTokens(tokens []string) []string {
	var out []string
	for _, tok := range tokens {
		if strings.Contains(tok, "@") && len(tok) > 1 {
			out = append(out, tok)
		}
	}
	return out
}

// catchAll reports whether a pattern covers every file of the repository.
func catchAll(pattern string) bool {
	switch pattern {
	case "*", "/", "/*", "**", "/**", "**/*", "/**/*":
		return true
	}
	return false
}

func codeownersHits(p string, rules []ownerRule) []Hit {
	if len(rules) == 0 {
		return nil // only comments, or patterns without owners
	}
	var out []Hit
	first := rules[0]
	out = append(out, Hit{Practice: "OPS02-BP05", Confidence: Strong, Proof: Proof{Path: p, Line: first.Line,
		Summary: fmt.Sprintf("CODEOWNERS assigns owners to %s (%s), so changes to those paths request their review.", plural(len(rules), "path pattern"), ownerList(rules))}})
	if all := catchAllRule(rules); all != nil {
		out = append(out, Hit{Practice: "OPS02-BP01", Confidence: Strong, Proof: Proof{Path: p, Line: all.Line,
			Summary: fmt.Sprintf("CODEOWNERS rule %q makes %s the owners of every file not matched by a later rule.", all.Pattern, joinNames(all.Owners))}})
	} else {
		out = append(out, Hit{Practice: "OPS02-BP01", Confidence: Partial, Proof: Proof{Path: p, Line: first.Line,
			Summary: fmt.Sprintf("CODEOWNERS assigns owners to %s, but no rule covers the whole tree.", plural(len(rules), "path pattern"))}})
	}
	for _, r := range rules {
		if h, ok := processOwnerHit(p, r); ok {
			out = append(out, h)
		}
	}
	return out
}

func catchAllRule(rules []ownerRule) *ownerRule {
	for i := range rules {
		if catchAll(rules[i].Pattern) {
			return &rules[i]
		}
	}
	return nil
}

// processWords mark paths that hold operating procedures; ownerDocDirs paths
// that hold documentation in general, which may or may not include them.
var (
	processWords = []string{"runbook", "playbook", "procedure", "incident-response", "incident_response", "oncall", "on-call", "on_call", "postmortem", "post-mortem", "sop/"}
	ownerDocDirs = map[string]bool{"docs": true, "doc": true, "documentation": true, "wiki": true, "handbook": true}
)

// processOwnerHit turns an entry over runbooks or playbooks into strong
// evidence that processes have owners, one over documentation into partial.
func processOwnerHit(p string, r ownerRule) (Hit, bool) {
	pattern := strings.ToLower(r.Pattern)
	owners := joinNames(r.Owners)
	for _, w := range processWords {
		if strings.Contains(pattern, w) {
			return Hit{Practice: "OPS02-BP02", Confidence: Strong, Proof: Proof{Path: p, Line: r.Line,
				Summary: fmt.Sprintf("CODEOWNERS makes %s the owners of the operating procedures under %q.", owners, r.Pattern)}}, true
		}
	}
	for _, seg := range strings.Split(strings.Trim(pattern, "/*"), "/") {
		if ownerDocDirs[seg] {
			return Hit{Practice: "OPS02-BP02", Confidence: Partial, Proof: Proof{Path: p, Line: r.Line,
				Summary: fmt.Sprintf("CODEOWNERS makes %s the owners of the documentation under %q.", owners, r.Pattern)}}, true
		}
	}
	return Hit{}, false
}

// ownerList names up to three distinct owners of the rules.
func ownerList(rules []ownerRule) string {
	seen := map[string]bool{}
	var names []string
	for _, r := range rules {
		for _, o := range r.Owners {
			if !seen[o] {
				seen[o] = true
				names = append(names, o)
			}
		}
	}
	if len(names) > 3 {
		return strings.Join(names[:3], ", ") + fmt.Sprintf(" and %d more", len(names)-3)
	}
	return joinNames(names)
}

// joinNames renders "a", "a and b", "a, b and c".
func joinNames(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
