package evidence

import (
	"context"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"

	"go.yaml.in/yaml/v4"
)

// OWNERS files and Backstage catalog entries: the two ownership records
// besides CODEOWNERS that tools act on (Prow and Gerrit route reviews by
// OWNERS; Backstage shows and queries a component's owner).

// ownersFile is what an OWNERS file records.
type ownersFile struct {
	Style     string   // "Kubernetes-style" (YAML) or "Chromium-style" (one entry a line)
	Approvers []string // people or aliases (OWNERS_ALIASES), as written
	Reviewers []string
	Line      int // first line naming a person
}

// people renders "approvers (a, b) and reviewers (c)".
func (o *ownersFile) people() string {
	var parts []string
	if len(o.Approvers) > 0 {
		parts = append(parts, "approvers ("+fewNames(o.Approvers)+")")
	}
	if len(o.Reviewers) > 0 {
		parts = append(parts, "reviewers ("+fewNames(o.Reviewers)+")")
	}
	return strings.Join(parts, " and ")
}

// fewNames names up to three entries and counts the rest.
func fewNames(names []string) string {
	if len(names) > 3 {
		return strings.Join(names[:3], ", ") + fmt.Sprintf(" and %d more", len(names)-3)
	}
	return joinNames(names)
}

func detectOwnersFiles(_ context.Context, t *Tree) []Hit {
	files := t.Match(func(p string) bool { return path.Base(p) == "OWNERS" })
	if len(files) == 0 {
		return nil
	}
	// The shallowest file first: the root one, when it exists, says the most.
	sort.SliceStable(files, func(i, j int) bool {
		return strings.Count(files[i], "/") < strings.Count(files[j], "/")
	})
	for _, p := range files {
		v, err := t.parsed(p, "OWNERS", parseOwnersFile)
		if err != nil || v.(*ownersFile) == nil {
			continue
		}
		o := v.(*ownersFile)
		return append(ownersFileHits(p, o, len(files)), reviewHit(t, p, o.Line, "The OWNERS file asks its approvers to review changes"))
	}
	return nil
}

func ownersFileHits(p string, o *ownersFile, total int) []Hit {
	others := ""
	if total > 1 {
		others = fmt.Sprintf(" (one of %d OWNERS files)", total)
	}
	out := []Hit{{Practice: "OPS02-BP05", Confidence: Strong, Proof: Proof{Path: p, Line: o.Line,
		Summary: fmt.Sprintf("%s OWNERS file names %s for %s, who review and approve changes there%s.", o.Style, o.people(), ownersScope(p), others)}}}
	if path.Dir(p) == "." {
		out = append(out, Hit{Practice: "OPS02-BP01", Confidence: Strong, Proof: Proof{Path: p, Line: o.Line,
			Summary: fmt.Sprintf("The root OWNERS file makes its %s the owners of the whole repository.", o.people())}})
	} else {
		out = append(out, Hit{Practice: "OPS02-BP01", Confidence: Partial, Proof: Proof{Path: p, Line: o.Line,
			Summary: fmt.Sprintf("OWNERS files give parts of the tree owners, starting with %s, but none at the root covers all of it.", ownersScope(p))}})
	}
	return out
}

// ownersScope describes where an OWNERS file applies.
func ownersScope(p string) string {
	if d := path.Dir(p); d != "." {
		return d + "/"
	}
	return "the whole repository"
}

// parseOwnersFile reads a Kubernetes/Prow OWNERS file (YAML with approvers,
// reviewers, or filters of them) or a Chromium/Gerrit one (an email a line,
// per-file rules). It returns a nil *ownersFile for a file that names
// nobody: empty lists, or prose that happens to be called OWNERS.
func parseOwnersFile(_ string, data []byte) (any, error) {
	if docs, err := decodeYAML(data); err == nil && len(docs) > 0 && docs[0].Kind == yaml.MappingNode {
		return prowOwners(docs[0]), nil
	}
	return chromiumOwners(string(data)), nil
}

func prowOwners(doc *yaml.Node) *ownersFile {
	o := &ownersFile{Style: "Kubernetes-style"}
	collect := func(n *yaml.Node, key string, into *[]string) {
		for _, it := range items(get(n, key)) {
			if it.Kind == yaml.ScalarNode && strings.TrimSpace(it.Value) != "" {
				*into = append(*into, strings.TrimSpace(it.Value))
				if o.Line == 0 || it.Line < o.Line {
					o.Line = it.Line
				}
			}
		}
	}
	both := func(n *yaml.Node) {
		collect(n, "approvers", &o.Approvers)
		collect(n, "reviewers", &o.Reviewers)
	}
	both(doc)
	pairs(get(doc, "filters"), func(_ string, _, v *yaml.Node) { both(v) })
	if len(o.Approvers)+len(o.Reviewers) == 0 {
		return nil
	}
	return o
}

var (
	ownerEmail   = regexp.MustCompile(`^[^@\s=]+@[^@\s=]+\.[^@\s=]+$`)
	perFileEmail = regexp.MustCompile(`^per-file\s+\S+\s*=\s*(.+)$`)
)

// chromiumOwners lists the people of a Chromium-style OWNERS file. Every
// person listed approves, so all count as approvers.
func chromiumOwners(text string) *ownersFile {
	o := &ownersFile{Style: "Chromium-style"}
	for i, raw := range strings.Split(text, "\n") {
		line := strings.TrimSpace(raw)
		if c := strings.Index(line, "#"); c >= 0 {
			line = strings.TrimSpace(line[:c])
		}
		var people []string
		if m := perFileEmail.FindStringSubmatch(line); m != nil {
			people = strings.Split(m[1], ",")
		} else {
			people = []string{line}
		}
		for _, p := range people {
			if p = strings.TrimSpace(p); ownerEmail.MatchString(p) {
				o.Approvers = append(o.Approvers, p)
				if o.Line == 0 {
					o.Line = i + 1
				}
			}
		}
	}
	if len(o.Approvers) == 0 {
		return nil
	}
	return o
}

// backstageOwned are the catalog kinds that describe the workload and carry
// an owner. Templates belong to the scaffolder, Groups and Users are the
// owners themselves, Locations only point elsewhere.
var backstageOwned = map[string]bool{"Component": true, "API": true, "Resource": true, "System": true, "Domain": true}

// backstageCandidate selects the YAML files that may hold catalog entries:
// catalog-info.yaml and its variants, files in catalog or .backstage
// directories, and YAML files at the root.
func backstageCandidate(p string) bool {
	ext := path.Ext(p)
	if ext != ".yaml" && ext != ".yml" {
		return false
	}
	base := strings.ToLower(path.Base(p))
	if path.Dir(p) == "." || strings.Contains(base, "catalog") || strings.Contains(base, "backstage") {
		return true
	}
	for _, seg := range strings.Split(path.Dir(p), "/") {
		switch strings.ToLower(seg) {
		case "catalog", ".backstage", "backstage":
			return true
		}
	}
	return false
}

func detectBackstage(_ context.Context, t *Tree) []Hit {
	var out []Hit
	for _, p := range t.Match(backstageCandidate) {
		docs, err := t.YAML(p)
		if err != nil {
			continue
		}
		for _, doc := range docs {
			api, kind := k8sKind(doc)
			owner := get(doc, "spec", "owner")
			if !strings.HasPrefix(api, "backstage.io/") || !backstageOwned[kind] || owner == nil ||
				owner.Kind != yaml.ScalarNode || strings.TrimSpace(owner.Value) == "" {
				continue
			}
			entity := fmt.Sprintf("%s %q", kind, str(doc, "metadata", "name"))
			proof := Proof{Path: p, Line: owner.Line, KeyPath: "spec.owner"}
			proof.Summary = fmt.Sprintf("Backstage catalog entry %s names %q as its owner.", entity, owner.Value)
			out = append(out, Hit{Practice: "OPS02-BP01", Confidence: Strong, Proof: proof})
			proof.Summary = fmt.Sprintf("The Backstage service catalog records %q as the owner of %s.", owner.Value, entity)
			out = append(out, Hit{Practice: "OPS02-BP05", Confidence: Strong, Proof: proof})
		}
	}
	return out
}
