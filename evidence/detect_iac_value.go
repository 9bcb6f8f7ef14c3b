package evidence

import (
	"fmt"
	"math/big"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"go.yaml.in/yaml/v4"
)

// iacValue is one attribute, nested block or value inside an
// infrastructure-as-code resource, whatever the source format: a Terraform
// block body or (unevaluated) expression, or a YAML/JSON node of a
// CloudFormation template or a Terraform JSON file. The zero value is an
// absent value, so lookups chain without nil checks:
//
//	r.Attr("deployment_circuit_breaker", "rollback").Bool()
//
// Expressions are never evaluated beyond literals: a value that needs
// variables, functions or references is reported by its source text.
type iacValue struct {
	src  []byte               // bytes of the HCL file, for expression text
	body *hclsyntax.Body      // a Terraform block body
	expr hclsyntax.Expression // a Terraform attribute expression
	node *yaml.Node           // a YAML/JSON value
	rng  *hcl.Range           // where body starts (blocks), for Line
	blks []*hclsyntax.Block   // every block of the looked-up type, for All
}

// Exists reports whether the value is present.
func (v iacValue) Exists() bool { return v.body != nil || v.expr != nil || v.node != nil }

// Line is the 1-based line where the value starts, 0 when absent.
func (v iacValue) Line() int {
	switch {
	case v.expr != nil:
		return v.expr.Range().Start.Line
	case v.rng != nil:
		return v.rng.Start.Line
	case v.body != nil:
		return v.body.SrcRange.Start.Line
	case v.node != nil:
		return v.node.Line
	}
	return 0
}

// Get follows a path of keys: attributes or nested blocks of a Terraform
// body (the first block of a type), keys of an HCL object expression, or
// mapping keys of a YAML node.
func (v iacValue) Get(keys ...string) iacValue {
	for _, k := range keys {
		v = v.get1(k)
		if !v.Exists() {
			return iacValue{}
		}
	}
	return v
}

func (v iacValue) get1(k string) iacValue {
	switch {
	case v.body != nil:
		if a, ok := v.body.Attributes[k]; ok {
			return iacValue{src: v.src, expr: a.Expr}
		}
		blks := hclBlocks(v.body, k)
		if len(blks) > 0 {
			return iacValue{src: v.src, body: blks[0].Body, rng: &blks[0].TypeRange, blks: blks}
		}
	case v.expr != nil:
		if obj, ok := unwrapHCL(v.expr).(*hclsyntax.ObjectConsExpr); ok {
			for _, it := range obj.Items {
				if hclKey(it.KeyExpr) == k {
					return iacValue{src: v.src, expr: it.ValueExpr}
				}
			}
		}
	case v.node != nil:
		if n := get(v.node, k); n != nil {
			return iacValue{node: n}
		}
	}
	return iacValue{}
}

// hclBlocks returns the nested blocks of a type, counting the content of
// dynamic "type" { content { ... } } blocks as blocks of that type: what
// they generate has the same shape.
func hclBlocks(body *hclsyntax.Body, typ string) []*hclsyntax.Block {
	var out []*hclsyntax.Block
	for _, b := range body.Blocks {
		switch {
		case b.Type == typ:
			out = append(out, b)
		case b.Type == "dynamic" && len(b.Labels) == 1 && b.Labels[0] == typ:
			for _, c := range b.Body.Blocks {
				if c.Type == "content" {
					out = append(out, &hclsyntax.Block{Type: typ, Body: c.Body, TypeRange: b.TypeRange})
				}
			}
		}
	}
	return out
}

// All returns every element under key: each nested block of that type, or
// the elements of a list value, or the single value when it is not a list.
func (v iacValue) All(key string) []iacValue {
	c := v.get1(key)
	if len(c.blks) > 0 {
		out := make([]iacValue, 0, len(c.blks))
		for _, b := range c.blks {
			out = append(out, iacValue{src: v.src, body: b.Body, rng: &b.TypeRange})
		}
		return out
	}
	return c.Items()
}

// Items returns the elements of a list value; a value that is not a list is
// its own single element (YAML and Terraform JSON write a lone block as an
// object), and an absent value has none.
func (v iacValue) Items() []iacValue {
	switch {
	case v.expr != nil:
		if tup, ok := unwrapHCL(v.expr).(*hclsyntax.TupleConsExpr); ok {
			out := make([]iacValue, 0, len(tup.Exprs))
			for _, e := range tup.Exprs {
				out = append(out, iacValue{src: v.src, expr: e})
			}
			return out
		}
	case v.node != nil && v.node.Kind == yaml.SequenceNode:
		var out []iacValue
		for _, n := range items(v.node) {
			if n != nil {
				out = append(out, iacValue{node: n})
			}
		}
		return out
	}
	if v.Exists() {
		return []iacValue{v}
	}
	return nil
}

// Keys returns the attribute and block names of a body, the literal keys of
// an object expression, or the keys of a mapping, in source order.
func (v iacValue) Keys() []string {
	var out []string
	switch {
	case v.body != nil:
		for _, a := range sortedAttrs(v.body) {
			out = append(out, a.Name)
		}
		for _, b := range v.body.Blocks {
			out = append(out, b.Type)
		}
	case v.expr != nil:
		if obj, ok := unwrapHCL(v.expr).(*hclsyntax.ObjectConsExpr); ok {
			for _, it := range obj.Items {
				if k := hclKey(it.KeyExpr); k != "" {
					out = append(out, k)
				}
			}
		}
	case v.node != nil:
		pairs(v.node, func(k string, _, _ *yaml.Node) { out = append(out, k) })
	}
	return out
}

// Str returns the value as a string when it is a literal: an HCL expression
// that evaluates without any context, or an untagged YAML scalar.
func (v iacValue) Str() (string, bool) {
	switch {
	case v.expr != nil:
		return hclLiteral(v.expr)
	case v.node != nil && v.node.Kind == yaml.ScalarNode && !yamlCustomTag(v.node.Tag):
		if v.node.Tag == "!!null" {
			return "", false
		}
		return v.node.Value, true
	}
	return "", false
}

// Text returns the literal value, or else how the value is written: the
// source text of an HCL expression (var.topic_arn, "${local.name}-alarm"),
// a tagged YAML scalar with its tag (!Ref AlarmTopic), or the scalars of a
// YAML collection joined by spaces ({"Fn::Sub": "..."} becomes Fn::Sub ...).
func (v iacValue) Text() string {
	if s, ok := v.Str(); ok {
		return s
	}
	switch {
	case v.expr != nil:
		r := v.expr.Range()
		if r.Start.Byte >= 0 && r.End.Byte <= len(v.src) && r.Start.Byte <= r.End.Byte {
			return string(v.src[r.Start.Byte:r.End.Byte])
		}
	case v.body != nil:
		r := v.body.SrcRange
		if r.Start.Byte >= 0 && r.End.Byte <= len(v.src) && r.Start.Byte <= r.End.Byte {
			return string(v.src[r.Start.Byte:r.End.Byte])
		}
	case v.node != nil:
		if v.node.Kind == yaml.ScalarNode {
			return strings.TrimSpace(v.node.Tag + " " + v.node.Value)
		}
		var parts []string
		walkNodes(v.node, func(n *yaml.Node) bool {
			if n.Kind == yaml.ScalarNode {
				if yamlCustomTag(n.Tag) {
					parts = append(parts, n.Tag)
				}
				parts = append(parts, n.Value)
			} else if yamlCustomTag(n.Tag) {
				parts = append(parts, n.Tag)
			}
			return true
		})
		return strings.Join(parts, " ")
	}
	return ""
}

// Bool reads a literal boolean (true, "true", "True"); ok is false when the
// value is absent or not a literal boolean.
func (v iacValue) Bool() (val, ok bool) {
	s, lit := v.Str()
	if !lit {
		return false, false
	}
	switch strings.ToLower(s) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// True reports whether the value is the literal true.
func (v iacValue) True() bool {
	b, ok := v.Bool()
	return ok && b
}

// Refs returns the logical names of the resources the value refers to:
// Terraform addresses (aws_sns_topic.alerts, module.alerts) and
// CloudFormation logical IDs (from Ref, Fn::GetAtt and Fn::Sub, long and
// short forms). Nothing is resolved; callers look the names up.
func (v iacValue) Refs() []string {
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	switch {
	case v.expr != nil:
		for _, tr := range v.expr.Variables() {
			add(tfAddress(tr))
		}
	case v.body != nil:
		for _, a := range sortedAttrs(v.body) {
			for _, r := range (iacValue{src: v.src, expr: a.Expr}).Refs() {
				add(r)
			}
		}
	case v.node != nil:
		cfnRefs(v.node, add)
	}
	return out
}

// tfAddress turns a traversal into the address of what it names:
// aws_sns_topic.alerts.arn → aws_sns_topic.alerts, data.aws_iam_role.x.arn →
// data.aws_iam_role.x, module.m.out → module.m, var.x → var.x.
func tfAddress(tr hcl.Traversal) string {
	root := tr.RootName()
	var names []string
	for _, step := range tr[1:] {
		if a, ok := step.(hcl.TraverseAttr); ok {
			names = append(names, a.Name)
		} else {
			break
		}
	}
	want := 1
	if root == "data" {
		want = 2
	}
	if len(names) < want {
		return root
	}
	return root + "." + strings.Join(names[:want], ".")
}

// cfnRefs reports the logical IDs named by intrinsic functions under n.
func cfnRefs(n *yaml.Node, add func(string)) {
	walkNodes(n, func(c *yaml.Node) bool {
		switch {
		case c.Kind == yaml.ScalarNode && (c.Tag == "!Ref" || c.Tag == "!GetAtt"):
			add(strings.SplitN(c.Value, ".", 2)[0])
		case c.Kind == yaml.SequenceNode && c.Tag == "!GetAtt" && len(c.Content) > 0:
			add(c.Content[0].Value)
		case c.Kind == yaml.ScalarNode && c.Tag == "!Sub":
			subRefs(c.Value, add)
		case c.Kind == yaml.SequenceNode && c.Tag == "!Sub" && len(c.Content) > 0:
			subRefs(c.Content[0].Value, add)
		case c.Kind == yaml.MappingNode:
			pairs(c, func(k string, _, val *yaml.Node) {
				switch {
				case k == "Ref" && val != nil && val.Kind == yaml.ScalarNode:
					add(val.Value)
				case k == "Fn::GetAtt" && val != nil && val.Kind == yaml.SequenceNode && len(val.Content) > 0:
					add(val.Content[0].Value)
				case k == "Fn::GetAtt" && val != nil && val.Kind == yaml.ScalarNode:
					add(strings.SplitN(val.Value, ".", 2)[0])
				case k == "Fn::Sub" && val != nil && val.Kind == yaml.ScalarNode:
					subRefs(val.Value, add)
				case k == "Fn::Sub" && val != nil && val.Kind == yaml.SequenceNode && len(val.Content) > 0:
					subRefs(val.Content[0].Value, add)
				}
			})
		}
		return true
	})
}

// subRefs reports the names in the ${Name} and ${Name.Attr} placeholders of
// an Fn::Sub string, skipping ${!Literal} escapes and AWS:: pseudo
// parameters.
func subRefs(s string, add func(string)) {
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			return
		}
		s = s[i+2:]
		j := strings.IndexByte(s, '}')
		if j < 0 {
			return
		}
		name := strings.SplitN(s[:j], ".", 2)[0]
		if name != "" && !strings.HasPrefix(name, "!") && !strings.HasPrefix(name, "AWS::") {
			add(name)
		}
		s = s[j+1:]
	}
}

// unwrapHCL removes parentheses and template wrappers around an expression.
func unwrapHCL(e hclsyntax.Expression) hclsyntax.Expression {
	for {
		switch w := e.(type) {
		case *hclsyntax.ParenthesesExpr:
			e = w.Expression
		case *hclsyntax.TemplateWrapExpr:
			e = w.Wrapped
		default:
			return e
		}
	}
}

// hclKey returns the literal name of an object key: a bare identifier
// (Owner = ...) or a string ("Owner" = ...); "" for computed keys.
func hclKey(e hclsyntax.Expression) string {
	if k, ok := e.(*hclsyntax.ObjectConsKeyExpr); ok {
		if !k.ForceNonLiteral {
			if kw := hcl.ExprAsKeyword(k.Wrapped); kw != "" {
				return kw
			}
		}
		e = k.Wrapped
	}
	s, _ := hclLiteral(e)
	return s
}

// hclLiteral evaluates an expression without any context, which succeeds
// only for literals (strings, numbers, booleans, and templates without
// interpolation). It never panics: hostile input is just not a literal.
func hclLiteral(e hclsyntax.Expression) (s string, ok bool) {
	defer func() {
		if recover() != nil {
			s, ok = "", false
		}
	}()
	val, diags := e.Value(nil)
	if diags.HasErrors() || !val.IsWhollyKnown() || val.IsNull() {
		return "", false
	}
	switch val.Type() {
	case cty.String:
		return val.AsString(), true
	case cty.Bool:
		return fmt.Sprint(val.True()), true
	case cty.Number:
		f := val.AsBigFloat()
		if i, acc := f.Int(nil); acc == big.Exact {
			return i.String(), true
		}
		return f.Text('g', -1), true
	}
	return "", false
}

// sortedAttrs returns a body's attributes in source order (the parser keeps
// them in a map).
func sortedAttrs(b *hclsyntax.Body) []*hclsyntax.Attribute {
	out := make([]*hclsyntax.Attribute, 0, len(b.Attributes))
	for _, a := range b.Attributes {
		out = append(out, a)
	}
	slices.SortFunc(out, func(x, y *hclsyntax.Attribute) int { return x.SrcRange.Start.Byte - y.SrcRange.Start.Byte })
	return out
}

// yamlCustomTag reports a tag written in the file, such as CloudFormation's
// !Ref, as opposed to the resolved core tags (!!str, !!map).
func yamlCustomTag(tag string) bool {
	return strings.HasPrefix(tag, "!") && !strings.HasPrefix(tag, "!!")
}
