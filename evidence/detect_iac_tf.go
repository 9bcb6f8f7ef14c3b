package evidence

import (
	"path"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"go.yaml.in/yaml/v4"
)

// Terraform/OpenTofu loading for the resource model. Files are parsed with
// the shared HCL cache and never evaluated; the raw bytes are kept so that
// non-literal expressions can be shown as written.

// isTFFile reports Terraform/OpenTofu configuration in HCL syntax.
func isTFFile(p string) bool {
	return (strings.HasSuffix(p, ".tf") || strings.HasSuffix(p, ".tofu")) && !iacGenerated(p)
}

// isTFJSONFile reports Terraform/OpenTofu configuration in JSON syntax.
func isTFJSONFile(p string) bool {
	return (strings.HasSuffix(p, ".tf.json") || strings.HasSuffix(p, ".tofu.json")) && !iacGenerated(p)
}

// isTFVarsFile reports variable definition files (per-environment values).
func isTFVarsFile(p string) bool {
	return (strings.HasSuffix(p, ".tfvars") || strings.HasSuffix(p, ".tfvars.json")) && !iacGenerated(p)
}

// iacSource returns a file's bytes, read once per scan.
func iacSource(t *Tree, p string) []byte {
	v, err := t.parsed(p, "iac-source", func(_ string, data []byte) (any, error) { return data, nil })
	if err != nil {
		return nil
	}
	return v.([]byte)
}

func loadTerraform(t *Tree, m *iacModel) {
	files := t.Match(isTFFile)
	bodies := inParallel(files, func(p string) *hclsyntax.Body {
		body, err := t.HCL(p)
		if err != nil {
			return nil
		}
		iacSource(t, p)
		return body
	})
	for i, p := range files {
		if bodies[i] == nil {
			continue
		}
		m.TFFiles = append(m.TFFiles, p)
		m.addTFBody(p, bodies[i], iacSource(t, p))
	}
	for _, p := range t.Match(isTFJSONFile) {
		docs, err := t.YAML(p)
		if err != nil || len(docs) == 0 {
			continue
		}
		m.TFFiles = append(m.TFFiles, p)
		m.addTFJSON(p, docs[0])
	}
}

// addTFBody adds the declarations of one parsed .tf file.
func (m *iacModel) addTFBody(p string, body *hclsyntax.Body, src []byte) {
	dir := path.Dir(p)
	for _, b := range body.Blocks {
		v := iacValue{src: src, body: b.Body}
		r := &iacResource{Tool: iacTerraform, Kind: b.Type, Path: p, Line: b.TypeRange.Start.Line, Body: v, Decl: v, scope: dir}
		switch {
		case (b.Type == "resource" || b.Type == "data") && len(b.Labels) == 2:
			r.Type, r.Name = b.Labels[0], b.Labels[1]
			r.KeyPath = r.Type + "." + r.Name
			if b.Type == "data" {
				r.KeyPath = "data." + r.KeyPath
			}
		case b.Type == "module" && len(b.Labels) == 1:
			r.Name = b.Labels[0]
			r.Type = v.Get("source").Text()
			r.KeyPath = "module." + r.Name
		case b.Type == "provider" && len(b.Labels) == 1:
			r.Type = b.Labels[0]
			r.Name = r.Type
			if alias, ok := v.Get("alias").Str(); ok {
				r.Name = alias
			}
			r.KeyPath = "provider." + r.Type
		case b.Type == "terraform" && len(b.Labels) == 0:
			r.Type, r.Name, r.KeyPath = "terraform", "terraform", "terraform"
		case b.Type == "locals":
			for name, a := range b.Body.Attributes {
				addScoped(m.locals, dir, name, iacValue{src: src, expr: a.Expr})
			}
			continue
		case b.Type == "variable" && len(b.Labels) == 1:
			if d, ok := b.Body.Attributes["default"]; ok {
				addScoped(m.vars, dir, b.Labels[0], iacValue{src: src, expr: d.Expr})
			}
			r.Type, r.Name, r.KeyPath = "variable", b.Labels[0], "var."+b.Labels[0]
		default:
			continue
		}
		m.Resources = append(m.Resources, r)
	}
	if line := workspaceRef(body); line > 0 {
		m.Workspaces = append(m.Workspaces, iacLoc{p, line})
	}
}

// addScoped records a local value (or a variable's default) under its
// module directory.
func addScoped(into map[string]map[string]iacValue, dir, name string, v iacValue) {
	if into[dir] == nil {
		into[dir] = map[string]iacValue{}
	}
	into[dir][name] = v
}

// workspaceRef returns the first line that reads terraform.workspace, the
// sign of one configuration deployed once per workspace (environment).
func workspaceRef(body *hclsyntax.Body) int {
	line := 0
	hclsyntax.VisitAll(body, func(n hclsyntax.Node) hcl.Diagnostics {
		e, ok := n.(*hclsyntax.ScopeTraversalExpr)
		if !ok || line > 0 {
			return nil
		}
		if e.Traversal.RootName() == "terraform" && len(e.Traversal) > 1 {
			if a, ok := e.Traversal[1].(hcl.TraverseAttr); ok && a.Name == "workspace" {
				line = e.SrcRange.Start.Line
			}
		}
		return nil
	})
	return line
}

// addTFJSON adds the declarations of a Terraform JSON file: the same block
// kinds as objects ("resource": {"type": {"name": {...}}}), where a block
// may also be written as an array of objects.
func (m *iacModel) addTFJSON(p string, doc *yaml.Node) {
	dir := path.Dir(p)
	add := func(kind, typ, name string, line int, body *yaml.Node) {
		if bs := items(body); bs != nil {
			if len(bs) == 0 {
				return
			}
			body = bs[0]
		}
		v := iacValue{node: body}
		r := &iacResource{Tool: iacTerraform, Kind: kind, Type: typ, Name: name, Path: p, Line: line, Body: v, Decl: v, scope: dir}
		switch kind {
		case "resource":
			r.KeyPath = typ + "." + name
		case "data":
			r.KeyPath = "data." + typ + "." + name
		case "module":
			r.Type = v.Get("source").Text()
			r.KeyPath = "module." + name
		case "provider":
			r.KeyPath = "provider." + typ
		}
		m.Resources = append(m.Resources, r)
	}
	pairs(doc, func(kind string, _, v *yaml.Node) {
		switch kind {
		case "resource", "data":
			pairs(v, func(typ string, _, byName *yaml.Node) {
				pairs(byName, func(name string, k, body *yaml.Node) { add(kind, typ, name, k.Line, body) })
			})
		case "module":
			pairs(v, func(name string, k, body *yaml.Node) { add(kind, "", name, k.Line, body) })
		case "provider":
			pairs(v, func(name string, k, body *yaml.Node) { add(kind, name, name, k.Line, body) })
		}
	})
}
