package evidence

import (
	"strings"

	"go.yaml.in/yaml/v4"
)

// Small helpers to read parsed YAML (and JSON read as YAML) without
// decoding into structs: detectors need line numbers, and foreign formats
// carry fields we do not model.

// get follows a path of mapping keys from n and returns the node found, or
// nil. Aliases are resolved; a document node is entered.
func get(n *yaml.Node, keys ...string) *yaml.Node {
	for _, k := range keys {
		n = deref(n)
		if n == nil || n.Kind != yaml.MappingNode {
			return nil
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == k {
				next = n.Content[i+1]
				break
			}
		}
		n = next
	}
	return deref(n)
}

// deref enters document nodes and resolves aliases.
func deref(n *yaml.Node) *yaml.Node {
	for n != nil && (n.Kind == yaml.DocumentNode || n.Kind == yaml.AliasNode) {
		if n.Kind == yaml.AliasNode {
			n = n.Alias
		} else if len(n.Content) > 0 {
			n = n.Content[0]
		} else {
			return nil
		}
	}
	return n
}

// str returns the value of a scalar node at the path, or "".
func str(n *yaml.Node, keys ...string) string {
	v := get(n, keys...)
	if v == nil || v.Kind != yaml.ScalarNode {
		return ""
	}
	return v.Value
}

// pairs calls fn for each key/value of a mapping node, in order.
func pairs(n *yaml.Node, fn func(key string, k, v *yaml.Node)) {
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		fn(n.Content[i].Value, n.Content[i], deref(n.Content[i+1]))
	}
}

// items returns the elements of a sequence node (nil for anything else).
func items(n *yaml.Node) []*yaml.Node {
	n = deref(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]*yaml.Node, 0, len(n.Content))
	for _, c := range n.Content {
		out = append(out, deref(c))
	}
	return out
}

// k8sKind returns the apiVersion and kind of a Kubernetes-style object.
func k8sKind(doc *yaml.Node) (apiVersion, kind string) {
	return str(doc, "apiVersion"), str(doc, "kind")
}

// walkNodes visits n and every node below it, depth first; fn returns false
// to skip a node's children.
func walkNodes(n *yaml.Node, fn func(*yaml.Node) bool) {
	if n == nil || !fn(n) {
		return
	}
	for _, c := range n.Content {
		walkNodes(c, fn)
	}
}

// scalarText joins every scalar value under n, for detectors that look at
// commands or scripts inside a structured file.
func scalarText(n *yaml.Node) string {
	var b strings.Builder
	walkNodes(n, func(c *yaml.Node) bool {
		if c.Kind == yaml.ScalarNode {
			b.WriteString(c.Value)
			b.WriteByte('\n')
		}
		return true
	})
	return b.String()
}
