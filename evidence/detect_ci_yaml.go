package evidence

import (
	"path"
	"strings"

	"go.yaml.in/yaml/v4"
)

// YAML helpers shared by the CI system parsers.

// ciScalarStart returns the file line of a scalar's first content line: a
// block scalar (| or >) starts on the line after its indicator.
func ciScalarStart(n *yaml.Node) int {
	if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return n.Line + 1
	}
	return n.Line
}

// ciRunSteps turns a script (a scalar, or a list of scalars and nested
// lists as GitLab allows) into one run step per logical command line.
func ciRunSteps(p string, n *yaml.Node, cond ciCond) []ciStep {
	n = deref(n)
	if n == nil {
		return nil
	}
	var out []ciStep
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return nil
		}
		for _, l := range ciScriptLines(n.Value, ciScalarStart(n)) {
			out = append(out, ciStep{Path: p, Line: l.Line, Kind: ciRun, Text: l.Text, Cond: cond})
		}
	case yaml.SequenceNode:
		for _, c := range n.Content {
			out = append(out, ciRunSteps(p, c, cond)...)
		}
	}
	return out
}

// ciStrings returns the values of a scalar or a list of scalars.
func ciStrings(n *yaml.Node) []string {
	n = deref(n)
	if n == nil {
		return nil
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" || n.Value == "" {
			return nil
		}
		return []string{n.Value}
	case yaml.SequenceNode:
		var out []string
		for _, c := range items(n) {
			if c != nil && c.Kind == yaml.ScalarNode && c.Value != "" {
				out = append(out, c.Value)
			}
		}
		return out
	}
	return nil
}

// ciKeyLine returns the line of a mapping key, or of the mapping.
func ciKeyLine(n *yaml.Node, key string) int {
	n = deref(n)
	if n == nil {
		return 0
	}
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				return n.Content[i].Line
			}
		}
	}
	return n.Line
}

// ciImageStep returns an image step for a node that is an image name or a
// mapping with a name/image key.
func ciImageStep(p string, n *yaml.Node) []ciStep {
	n = deref(n)
	if n == nil {
		return nil
	}
	img := ""
	switch n.Kind {
	case yaml.ScalarNode:
		img = n.Value
	case yaml.MappingNode:
		img = ciOr(str(n, "name"), str(n, "image"))
	}
	if img == "" {
		return nil
	}
	return []ciStep{{Path: p, Line: n.Line, Kind: ciImage, Text: img}}
}

// ciYAMLDocs parses a candidate file, returning nil when it does not parse
// (the warning is recorded by the cached parser) or when its aliases expand
// beyond ciMaxExpanded nodes: the parsers follow aliases, and a file of
// nested aliases ("billion laughs") would otherwise never finish.
func ciYAMLDocs(t *Tree, p string) []*yaml.Node {
	docs, err := t.YAML(p)
	if err != nil {
		return nil
	}
	memo := map[*yaml.Node]int{}
	total := 0
	for _, d := range docs {
		total += ciExpandedSize(d, memo, 0)
		if total > ciMaxExpanded {
			t.Warn(p, "not read as a pipeline: its YAML aliases expand to more than %d nodes", ciMaxExpanded)
			return nil
		}
	}
	return docs
}

// ciMaxExpanded bounds the nodes a CI file may expand to through aliases;
// real pipelines stay far below.
const ciMaxExpanded = 200_000

// ciExpandedSize counts the nodes under n with aliases expanded, memoised
// so that the count itself stays linear.
func ciExpandedSize(n *yaml.Node, memo map[*yaml.Node]int, depth int) int {
	if n == nil {
		return 0
	}
	if v, ok := memo[n]; ok {
		return v
	}
	if depth > 1000 {
		return ciMaxExpanded + 1
	}
	size := 1
	if n.Kind == yaml.AliasNode {
		size += ciExpandedSize(n.Alias, memo, depth+1)
	}
	for _, c := range n.Content {
		size += ciExpandedSize(c, memo, depth+1)
		if size > ciMaxExpanded {
			break
		}
	}
	memo[n] = size
	return size
}

// ciExt reports whether p ends in .yml or .yaml.
func ciYAMLExt(p string) bool {
	e := strings.ToLower(path.Ext(p))
	return e == ".yml" || e == ".yaml"
}

// ciFileBase is a file name without its extension.
func ciFileBase(p string) string {
	b := path.Base(p)
	return strings.TrimSuffix(b, path.Ext(b))
}

// ciMerged returns a mapping with YAML merge keys (<<: *anchor) applied:
// the mapping's own keys first, then those it merges in. CI files lean on
// anchors to share job templates.
func ciMerged(n *yaml.Node) *yaml.Node { return ciMergedDepth(n, 0) }

func ciMergedDepth(n *yaml.Node, depth int) *yaml.Node {
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode || depth > 8 {
		return n
	}
	var merges []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "<<" && n.Content[i].Tag != "!!str" {
			merges = append(merges, n.Content[i+1])
		}
	}
	if len(merges) == 0 {
		return n
	}
	out := &yaml.Node{Kind: yaml.MappingNode, Line: n.Line, Column: n.Column, Tag: n.Tag}
	own := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value != "<<" {
			own[n.Content[i].Value] = true
			out.Content = append(out.Content, n.Content[i], n.Content[i+1])
		}
	}
	var sources []*yaml.Node
	for _, m := range merges {
		m = deref(m)
		if m != nil && m.Kind == yaml.SequenceNode {
			sources = append(sources, items(m)...)
		} else {
			sources = append(sources, m)
		}
	}
	for _, src := range sources {
		src = ciMergedDepth(src, depth+1)
		if src == nil || src.Kind != yaml.MappingNode {
			continue
		}
		for i := 0; i+1 < len(src.Content); i += 2 {
			if k := src.Content[i].Value; !own[k] {
				own[k] = true
				out.Content = append(out.Content, src.Content[i], src.Content[i+1])
			}
		}
	}
	return out
}
