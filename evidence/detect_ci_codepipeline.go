package evidence

import (
	"bytes"
	"path"
	"strings"

	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"go.yaml.in/yaml/v4"
)

// AWS CodePipeline defined as infrastructure code: Terraform
// aws_codepipeline resources and CloudFormation AWS::CodePipeline::Pipeline
// resources. Stages become jobs that run in order; actions say what each
// stage does (Build, Test, Deploy with their provider) and Approval actions
// are manual gates. The source action's branch is the push trigger.

func init() {
	ciParsers = append(ciParsers,
		ciParser{system: "AWS CodePipeline", match: func(p string) bool { return strings.HasSuffix(p, ".tf") }, parse: ciParseCodePipelineTF},
		ciParser{system: "AWS CodePipeline", match: ciIsCFNCandidate, parse: ciParseCodePipelineCFN},
	)
}

// ciCPAction is one action of a stage.
type ciCPAction struct {
	Name, Category, Provider, Branch string
	Line                             int
}

// ciCodePipeline builds the model of one pipeline from its stages.
// CodeBuild actions run the repository's buildspec, whose commands are
// added to their stage.
func ciCodePipeline(t *Tree, f, name string, line int, stages [][]ciCPAction, stageNames []string) *ciPipeline {
	p := &ciPipeline{Path: f, System: "AWS CodePipeline", Name: name, Line: line}
	var prev []string
	for i, acts := range stages {
		j := &ciJob{Name: stageNames[i], Path: f, Line: line, Needs: append([]string(nil), prev...)}
		for _, a := range acts {
			if a.Line > 0 && j.Line == line {
				j.Line = a.Line
			}
			switch strings.ToLower(a.Category) {
			case "source":
				p.Triggers.Push = true
				if a.Branch != "" {
					p.Triggers.Branches = ciAddUnique(p.Triggers.Branches, a.Branch)
				}
			case "approval":
				j.Manual, j.Gate = true, "an approval action"
			case "deploy":
				j.Steps = append(j.Steps, ciStep{Path: f, Line: a.Line, Kind: ciRun, Text: "codepipeline-deploy " + a.Provider})
			case "build", "test":
				kind := strings.ToLower(a.Category)
				j.Steps = append(j.Steps, ciStep{Path: f, Line: a.Line, Kind: ciUses, Text: "codepipeline-" + kind + "/" + strings.ToLower(a.Provider)})
				if strings.EqualFold(a.Provider, "CodeBuild") {
					j.Steps = append(j.Steps, ciBuildspecSteps(t)...)
				}
			}
		}
		p.Jobs = append(p.Jobs, j)
		prev = []string{j.Name}
	}
	if !p.Triggers.Push {
		p.Triggers.Implicit = true
	}
	return p
}

func ciParseCodePipelineTF(t *Tree, files []string) []*ciPipeline {
	var out []*ciPipeline
	for _, f := range files {
		// Most Terraform files declare no pipeline: look at the bytes
		// before paying for a parse (which the infrastructure model may
		// have paid already, in parallel; the parse is cached).
		if !bytes.Contains(iacSource(t, f), []byte("aws_codepipeline")) {
			continue
		}
		body, err := t.HCL(f)
		if err != nil {
			continue
		}
		for _, b := range body.Blocks {
			if b.Type != "resource" || len(b.Labels) < 2 || b.Labels[0] != "aws_codepipeline" {
				continue
			}
			var stages [][]ciCPAction
			var names []string
			for _, sb := range b.Body.Blocks {
				if sb.Type != "stage" {
					continue
				}
				var acts []ciCPAction
				for _, ab := range sb.Body.Blocks {
					if ab.Type == "action" {
						acts = append(acts, ciCPAction{
							Name: ciHCLString(ab.Body, "name"), Category: ciHCLString(ab.Body, "category"),
							Provider: ciHCLString(ab.Body, "provider"), Line: ab.TypeRange.Start.Line,
							Branch: ciHCLObjectString(ab.Body, "configuration", "BranchName"),
						})
					}
				}
				stages = append(stages, acts)
				names = append(names, ciOr(ciHCLString(sb.Body, "name"), "stage "+ciItoa(len(names)+1)))
			}
			name := ciOr(ciHCLString(b.Body, "name"), b.Labels[1])
			out = append(out, ciCodePipeline(t, f, name, b.TypeRange.Start.Line, stages, names))
		}
	}
	return out
}

// ciHCLString returns a literal string attribute, or "" for expressions
// that would need evaluating.
func ciHCLString(body *hclsyntax.Body, name string) string {
	attr, ok := body.Attributes[name]
	if !ok {
		return ""
	}
	return ciHCLLiteral(attr.Expr)
}

func ciHCLLiteral(e hclsyntax.Expression) string {
	switch x := e.(type) {
	case *hclsyntax.LiteralValueExpr:
		if x.Val.Type() == cty.String && x.Val.IsKnown() && !x.Val.IsNull() {
			return x.Val.AsString()
		}
	case *hclsyntax.TemplateExpr:
		if len(x.Parts) == 1 {
			return ciHCLLiteral(x.Parts[0])
		}
	case *hclsyntax.TemplateWrapExpr:
		return ciHCLLiteral(x.Wrapped)
	}
	return ""
}

// ciHCLObjectString returns a literal string value of a key in an object
// attribute (configuration = { BranchName = "main" }).
func ciHCLObjectString(body *hclsyntax.Body, attr, key string) string {
	a, ok := body.Attributes[attr]
	if !ok {
		return ""
	}
	obj, ok := a.Expr.(*hclsyntax.ObjectConsExpr)
	if !ok {
		return ""
	}
	for _, it := range obj.Items {
		k := ""
		if kx, ok := it.KeyExpr.(*hclsyntax.ObjectConsKeyExpr); ok {
			if tr, ok := kx.Wrapped.(*hclsyntax.ScopeTraversalExpr); ok && len(tr.Traversal) == 1 {
				k = tr.Traversal.RootName()
			} else {
				k = ciHCLLiteral(kx.Wrapped)
			}
		}
		if k == key {
			return ciHCLLiteral(it.ValueExpr)
		}
	}
	return ""
}

// ciIsCFNCandidate selects YAML and JSON files that may be CloudFormation
// templates holding a pipeline: named for one, or in an infrastructure
// directory.
func ciIsCFNCandidate(p string) bool {
	lp := strings.ToLower(p)
	ext := path.Ext(lp)
	if ext != ".yml" && ext != ".yaml" && ext != ".json" && ext != ".template" {
		return false
	}
	if strings.HasPrefix(lp, ".github/") || strings.HasSuffix(lp, "package.json") || strings.HasSuffix(lp, "-lock.json") {
		return false
	}
	base := path.Base(lp)
	if strings.Contains(base, "pipeline") || strings.Contains(base, "template") || strings.Contains(base, "cfn") || strings.Contains(base, "stack") {
		return true
	}
	for _, d := range strings.Split(path.Dir(lp), "/") {
		switch d {
		case "cloudformation", "cfn", "infra", "infrastructure", "pipeline", "pipelines", "cicd", "ci-cd", "templates":
			return true
		}
	}
	return false
}

func ciParseCodePipelineCFN(t *Tree, files []string) []*ciPipeline {
	var out []*ciPipeline
	for _, f := range files {
		docs := ciYAMLDocs(t, f)
		if len(docs) == 0 {
			continue
		}
		pairs(get(docs[0], "Resources"), func(id string, k, res *yaml.Node) {
			if str(res, "Type") != "AWS::CodePipeline::Pipeline" {
				return
			}
			var stages [][]ciCPAction
			var names []string
			for _, st := range items(get(res, "Properties", "Stages")) {
				var acts []ciCPAction
				for _, a := range items(get(st, "Actions")) {
					acts = append(acts, ciCPAction{
						Name: str(a, "Name"), Category: str(a, "ActionTypeId", "Category"), Provider: str(a, "ActionTypeId", "Provider"),
						Branch: ciCFNPlain(get(a, "Configuration", "BranchName")), Line: a.Line,
					})
				}
				stages = append(stages, acts)
				names = append(names, ciOr(str(st, "Name"), "stage "+ciItoa(len(names)+1)))
			}
			name := str(res, "Properties", "Name")
			if name == "" {
				name = id
			}
			out = append(out, ciCodePipeline(t, f, name, k.Line, stages, names))
		})
	}
	return out
}

// ciCFNPlain returns a plain scalar's value; intrinsic functions (!Ref,
// !Sub…) are not resolved and give "".
func ciCFNPlain(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode || strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
		return ""
	}
	return n.Value
}

// ciBuildspecSteps returns the commands of the repository's top-level
// buildspec, which a CodeBuild action runs unless its project names
// another.
func ciBuildspecSteps(t *Tree) []ciStep {
	for _, f := range []string{"buildspec.yml", "buildspec.yaml"} {
		if t.Has(f) {
			for _, p := range ciParseBuildspec(t, []string{f}) {
				for _, j := range p.Jobs {
					return j.Steps
				}
			}
		}
	}
	return nil
}
