package evidence

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// iac-owners: resources whose tags name an owner (OPS02-BP01). Tags set
// for a whole provider or stack (Terraform default_tags, SAM Globals,
// samconfig/Pulumi stack tags) cover every resource and are strong on their
// own; tags on single resources are strong when most tagged resources carry
// one and partial when only a few do. ManagedBy=terraform names a tool, not
// an owner, and does not count.

func init() {
	register(Detector{Name: "iac-owners", Run: detectIaCOwners})
}

// ownerTagKey reports tag keys that name who owns a resource: Owner,
// owner_email, Team, OwningTeam, Squad, Contact, CostCenter, Maintainer.
func ownerTagKey(k string) bool {
	n := iacNorm(k)
	switch {
	case n == "" || strings.Contains(n, "managedby") || strings.Contains(n, "createdby"):
		return false
	case strings.Contains(n, "owner"), strings.HasSuffix(n, "team"), strings.HasPrefix(n, "team"), n == "squad",
		strings.Contains(n, "contact"), strings.Contains(n, "costcent"),
		strings.HasPrefix(n, "maintainer"), n == "oncall":
		return true
	}
	return false
}

// ownerPair returns the first owner tag with a value (a literal that is not
// empty, or an expression) as "Key=value", or "".
func ownerPair(pairs [][2]string) string {
	for _, kv := range pairs {
		if ownerTagKey(kv[0]) && strings.TrimSpace(kv[1]) != "" && kv[1] != `""` {
			return kv[0] + "=" + iacShort(kv[1], 40)
		}
	}
	return ""
}

func detectIaCOwners(_ context.Context, t *Tree) []Hit {
	m := iacModelOf(t)
	hits := stackOwnerHits(t, m)
	var tagged, owned int
	var examples []Hit
	for _, r := range m.Resources {
		if (r.Kind != "resource" && r.Kind != "module") || !iacHasTags(r) {
			continue
		}
		tagged++
		if p := ownerPair(iacTagPairs(m, r)); p != "" {
			owned++
			if len(examples) < 3 {
				examples = append(examples, iacHit("OPS02-BP01", Partial, r, iacTagsKey(r), fmt.Sprintf("%s %s is tagged %s", r.Tool, r.KeyPath, p)))
			}
		}
	}
	if owned == 0 {
		return hits
	}
	conf := Partial
	if owned*2 > tagged {
		conf = Strong
	}
	verb := "have"
	if owned == 1 {
		verb = "has"
	}
	share := fmt.Sprintf(" (%d of %d tagged resources %s an owner tag)", owned, tagged, verb)
	for _, h := range examples {
		h.Confidence = conf
		h.Proof.Summary += share
		hits = append(hits, h)
	}
	return hits
}

// stackOwnerHits finds owner tags set once for many resources.
func stackOwnerHits(t *Tree, m *iacModel) []Hit {
	var hits []Hit
	for _, p := range m.Kind("provider") {
		v := p.Attr("default_tags", "tags")
		if pair := ownerPair(tfTagPairs(m, p, v, 0)); pair != "" {
			hits = append(hits, iacHit("OPS02-BP01", Strong, p, "default_tags.tags",
				fmt.Sprintf("Terraform provider %q tags every resource it creates with %s (default_tags)", p.Type, pair)))
		}
	}
	for _, tm := range m.Templates {
		for _, section := range tm.Doc.Get("Globals").Keys() {
			tags := tm.Doc.Get("Globals", section, "Tags")
			if pair := ownerPair(cfnTagPairs(tags)); pair != "" {
				hits = append(hits, Hit{Practice: "OPS02-BP01", Confidence: Strong, Proof: Proof{
					Path: tm.Path, Line: tags.Line(), KeyPath: "Globals." + section + ".Tags",
					Summary: fmt.Sprintf("SAM template tags every %s with %s (Globals)", section, pair),
				}})
			}
		}
	}
	for _, sc := range samConfigsOf(t) {
		for _, e := range sc.Envs {
			if pair := ownerPair(e.Tags); pair != "" {
				hits = append(hits, Hit{Practice: "OPS02-BP01", Confidence: Strong, Proof: Proof{
					Path: sc.Path, Line: e.TagsLine, KeyPath: e.Name + ".deploy.parameters.tags",
					Summary: fmt.Sprintf("sam deploy (%s) tags the stack and its resources with %s", e.Name, pair),
				}})
			}
		}
	}
	hits = append(hits, templateConfigOwnerHits(t)...)
	return append(hits, pulumiOwnerHits(t)...)
}

// templateConfigOwnerHits finds owner tags in CloudFormation template
// configuration files ({"Parameters": ..., "Tags": {...}}), which
// CodePipeline applies to the whole stack and so to its resources.
func templateConfigOwnerHits(t *Tree) []Hit {
	var hits []Hit
	for _, p := range t.Match(func(p string) bool { return strings.HasSuffix(p, ".json") && isYAMLOrJSON(p) }) {
		if !sniffOf(t, p).cfnParams || !isCFNParamFile(t, p) {
			continue
		}
		docs, _ := t.YAML(p)
		tags := iacValue{node: docs[0]}.Get("Tags")
		if pair := ownerPair(cfnTagPairs(tags)); pair != "" {
			hits = append(hits, Hit{Practice: "OPS02-BP01", Confidence: Strong, Proof: Proof{Path: p, Line: tags.Line(), KeyPath: "Tags",
				Summary: fmt.Sprintf("CloudFormation template configuration tags the whole stack with %s", pair)}})
		}
	}
	return hits
}

// iacHasTags reports whether a resource sets tags at all.
func iacHasTags(r *iacResource) bool { return iacTagsKey(r) != "" }

// iacTagsKey names the attribute holding a resource's tags, "" if none.
func iacTagsKey(r *iacResource) string {
	if r.Tool == iacCloudFormation {
		if r.Attr("Tags").Exists() {
			return "Tags"
		}
		return ""
	}
	for _, k := range []string{"tags", "labels", "tag", "default_tags", "common_tags"} {
		if r.Attr(k).Exists() {
			return k
		}
	}
	return ""
}

// iacTagPairs returns a resource's tags as key/value pairs: literal keys
// with their literal value or the expression as written.
func iacTagPairs(m *iacModel, r *iacResource) [][2]string {
	if r.Tool == iacCloudFormation {
		return cfnTagPairs(r.AttrOrGlobal("Tags"))
	}
	k := iacTagsKey(r)
	if k == "tag" { // aws_autoscaling_group: tag { key = "Owner" value = "..." }
		var out [][2]string
		for _, b := range r.Body.All("tag") {
			if key, ok := b.Get("key").Str(); ok {
				out = append(out, [2]string{key, b.Get("value").Text()})
			}
		}
		return out
	}
	return tfTagPairs(m, r, r.Attr(k), 0)
}

// tfTagPairs reads a Terraform tags expression: an object, merge() of
// several, either side of a conditional, or a local value or variable
// default that holds one.
func tfTagPairs(m *iacModel, r *iacResource, v iacValue, depth int) [][2]string {
	if depth > 4 || !v.Exists() {
		return nil
	}
	v = m.Deref(r, v)
	if v.node != nil {
		return cfnTagPairs(v)
	}
	var out [][2]string
	switch e := unwrapHCL(v.expr).(type) {
	case *hclsyntax.ObjectConsExpr:
		for _, it := range e.Items {
			if k := hclKey(it.KeyExpr); k != "" {
				out = append(out, [2]string{k, iacValue{src: v.src, expr: it.ValueExpr}.Text()})
			}
		}
	case *hclsyntax.FunctionCallExpr:
		for _, a := range e.Args {
			out = append(out, tfTagPairs(m, r, iacValue{src: v.src, expr: a}, depth+1)...)
		}
	case *hclsyntax.ConditionalExpr:
		out = append(out, tfTagPairs(m, r, iacValue{src: v.src, expr: e.TrueResult}, depth+1)...)
		out = append(out, tfTagPairs(m, r, iacValue{src: v.src, expr: e.FalseResult}, depth+1)...)
	}
	return out
}

// cfnTagPairs reads CloudFormation tags: a list of Key/Value entries, or a
// map (SAM resources, some AWS types).
func cfnTagPairs(v iacValue) [][2]string {
	var out [][2]string
	if v.node != nil && len(v.Keys()) > 0 {
		for _, k := range v.Keys() {
			out = append(out, [2]string{k, v.Get(k).Text()})
		}
		return out
	}
	for _, it := range v.Items() {
		if k, ok := it.Get("Key").Str(); ok {
			out = append(out, [2]string{k, it.Get("Value").Text()})
		}
	}
	return out
}
