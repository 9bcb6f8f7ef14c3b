package reviewfile

import (
	"bytes"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v4"
)

// header opens every file opslens writes, so a reader who finds it in a
// repository knows what it is and where its format is described.
const header = `# opslens review file: the Operational Excellence review of this workload,
# kept with its code. Format: docs/review-file.md in the opslens repository.
# 'opslens check' compares it with a fresh scan of the repository;
# 'opslens workload import' loads it into a shared opslens database.
`

// Encode writes the file as YAML with a header comment.
func Encode(f *File) ([]byte, error) { return EncodeWithNotes(f, nil) }

// EncodeWithNotes writes the file like Encode, with comment lines above
// questions (keyed by question ID): what 'opslens init' uses to show the
// evidence behind each pre-selection, and what it found only partly.
func EncodeWithNotes(f *File, notes map[string][]string) ([]byte, error) {
	var doc yaml.Node
	if err := doc.Encode(f); err != nil {
		return nil, fmt.Errorf("encode review file: %w", err)
	}
	if qs := get(&doc, "questions"); qs != nil {
		for i := 0; i+1 < len(qs.Content); i += 2 {
			if lines := notes[qs.Content[i].Value]; len(lines) > 0 {
				qs.Content[i].HeadComment = "# " + strings.Join(lines, "\n# ")
			}
		}
	}
	flowLists(&doc)
	body, err := yaml.Dump(&doc, yaml.WithIndent(2), yaml.WithLineWidth(-1))
	if err != nil {
		return nil, fmt.Errorf("encode review file: %w", err)
	}
	var b bytes.Buffer
	b.WriteString(header)
	b.Write(body)
	return b.Bytes(), nil
}

// flowLists writes lists of plain values on one line ([BP01, BP02]) and
// everything else as blocks, which reads best in review diffs.
func flowLists(n *yaml.Node) {
	if n.Kind == yaml.SequenceNode {
		flat := true
		for _, c := range n.Content {
			flat = flat && c.Kind == yaml.ScalarNode
		}
		if flat {
			n.Style |= yaml.FlowStyle
		}
	}
	if n.Kind == yaml.MappingNode {
		n.Style &^= yaml.FlowStyle
	}
	for _, c := range n.Content {
		flowLists(c)
	}
}

// get returns the value of key in a mapping node (entering a document).
func get(n *yaml.Node, key string) *yaml.Node {
	if n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
		n = n.Content[0]
	}
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}
