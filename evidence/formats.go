package evidence

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"go.yaml.in/yaml/v4"
)

// YAML returns the documents of a YAML file (or a JSON file, which the YAML
// parser reads too and so yields line numbers), parsed once. Custom tags
// such as CloudFormation's !Ref stay on the nodes. Empty documents are
// dropped. A file that does not parse is warned about and returns an error.
func (t *Tree) YAML(p string) ([]*yaml.Node, error) {
	v, err := t.parsed(p, "YAML", parseYAML)
	if err != nil {
		return nil, err
	}
	return v.([]*yaml.Node), nil
}

func parseYAML(_ string, data []byte) (any, error) {
	docs, err := decodeYAML(data)
	if err == nil {
		return docs, nil
	}
	// JSON with tabs, or other constructs YAML reads differently: fall back
	// to the JSON decoder and rebuild nodes (without line numbers).
	if n := jsonNode(data); n != nil {
		return []*yaml.Node{n}, nil
	}
	if bytes.Contains(data, []byte("{{")) {
		// A Go template (a Helm chart's templates/, a generator's input) is
		// not YAML until rendered; failing to parse it is expected, not a
		// problem with the repository worth a warning.
		return nil, errTemplate
	}
	return nil, err
}

// errTemplate marks a file that is a template rather than YAML.
var errTemplate = errors.New("a template, not YAML until rendered")

// jsonNode decodes JSON into a YAML node tree, or returns nil.
func jsonNode(data []byte) (n *yaml.Node) {
	defer func() {
		if recover() != nil {
			n = nil
		}
	}()
	var v any
	if !json.Valid(data) || json.Unmarshal(data, &v) != nil {
		return nil
	}
	n = &yaml.Node{}
	if n.Encode(v) != nil {
		return nil
	}
	return n
}

func decodeYAML(data []byte) (docs []*yaml.Node, err error) {
	// The parser has had panics on hostile input in the past; a scan must
	// survive any file, so a panic becomes a parse error.
	defer func() {
		if r := recover(); r != nil {
			docs, err = nil, fmt.Errorf("parser failure: %v", r)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return nil, err
		}
		if len(n.Content) > 0 && !(n.Content[0].Kind == yaml.ScalarNode && n.Content[0].Tag == "!!null") {
			docs = append(docs, n.Content[0])
		}
	}
}

// HCL returns the syntax body of a Terraform/OpenTofu (HCL native syntax)
// file. It is parsed, never evaluated: expressions stay unevaluated.
func (t *Tree) HCL(p string) (*hclsyntax.Body, error) {
	v, err := t.parsed(p, "HCL", parseHCL)
	if err != nil {
		return nil, err
	}
	return v.(*hclsyntax.Body), nil
}

func parseHCL(p string, data []byte) (v any, err error) {
	// As for YAML: no file may end the scan, even one that finds a bug in
	// the parser.
	defer func() {
		if r := recover(); r != nil {
			v, err = nil, fmt.Errorf("parser failure: %v", r)
		}
	}()
	f, diags := hclsyntax.ParseConfig(data, p, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, errors.New(diags.Error())
	}
	body, ok := f.Body.(*hclsyntax.Body)
	if !ok {
		return nil, errors.New("unexpected HCL body type")
	}
	return body, nil
}
