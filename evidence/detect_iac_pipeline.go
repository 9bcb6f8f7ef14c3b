package evidence

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// iac-codepipeline: AWS CodePipeline and CodeBuild declared as code. A
// pipeline or build project is build and deployment management
// (OPS05-BP04). A pipeline that takes changes from a source and deploys
// them is fully automated (OPS05-BP10, OPS06-BP07) unless a manual
// approval stands in the way (then partial); test actions before the first
// deploy validate changes on the deployment path (OPS06-BP02); deploy
// actions name the deployment system (OPS06-BP03). The buildspec files
// themselves are the CI family's.

func init() {
	register(Detector{Name: "iac-codepipeline", Run: detectIaCCodePipeline})
}

// cpAction is one pipeline action.
type cpAction struct {
	stage, name, category, provider string
}

// pipelineActions lists a pipeline's actions in stage order.
func pipelineActions(r *iacResource) []cpAction {
	var out []cpAction
	if r.Tool == iacCloudFormation {
		for _, st := range r.Attr("Stages").Items() {
			for _, a := range st.Get("Actions").Items() {
				out = append(out, cpAction{lit(st.Get("Name")), lit(a.Get("Name")),
					lit(a.Get("ActionTypeId", "Category")), lit(a.Get("ActionTypeId", "Provider"))})
			}
		}
		return out
	}
	for _, st := range r.Body.All("stage") {
		for _, a := range st.All("action") {
			out = append(out, cpAction{lit(st.Get("name")), lit(a.Get("name")), lit(a.Get("category")), lit(a.Get("provider"))})
		}
	}
	return out
}

// lit is a literal value, or "" for what is computed (dynamic stages).
func lit(v iacValue) string {
	s, _ := v.Str()
	return s
}

func (a cpAction) deploys() bool {
	if a.category == "Deploy" {
		return true
	}
	return a.category == "Build" && (strings.Contains(strings.ToLower(a.stage), "deploy") || strings.Contains(strings.ToLower(a.name), "deploy"))
}

func (a cpAction) tests() bool {
	if a.category == "Test" {
		return true
	}
	n := strings.ToLower(a.stage + " " + a.name)
	return a.category == "Build" && (strings.Contains(n, "test") || strings.Contains(n, "verify") || strings.Contains(n, "check"))
}

func detectIaCCodePipeline(_ context.Context, t *Tree) []Hit {
	m := iacModelOf(t)
	var hits []Hit
	for _, r := range m.Of("aws_codepipeline", "AWS::CodePipeline::Pipeline") {
		hits = append(hits, pipelineHits(r)...)
	}
	for _, r := range m.Of("aws_codebuild_project", "AWS::CodeBuild::Project") {
		hits = append(hits, iacHit("OPS05-BP04", Strong, r, "", fmt.Sprintf("CodeBuild project %s builds the code in a managed build environment", iacName(r, "name", "Name"))))
	}
	return iacCap(hits, maxIaCProofs)
}

func pipelineHits(r *iacResource) []Hit {
	acts := pipelineActions(r)
	name := iacName(r, "name", "Name")
	var stages []string
	var source, approval bool
	var firstDeploy = -1
	var deployProviders, tests []string
	for i, a := range acts {
		if len(stages) == 0 || stages[len(stages)-1] != a.stage {
			stages = append(stages, a.stage)
		}
		switch {
		case a.category == "Source":
			source = true
		case a.category == "Approval":
			approval = true
		case a.deploys():
			if firstDeploy < 0 {
				firstDeploy = i
			}
			if !slices.Contains(deployProviders, a.provider) {
				deployProviders = append(deployProviders, a.provider)
			}
		case a.tests() && firstDeploy < 0:
			tests = append(tests, a.name)
		}
	}
	s := fmt.Sprintf("CodePipeline %s runs the stages %s", name, strings.Join(stages, " → "))
	if slices.Contains(stages, "") || len(stages) == 0 {
		s = fmt.Sprintf("CodePipeline %s builds and releases changes (its stages are generated from variables)", name)
	}
	hits := []Hit{iacHit("OPS05-BP04", Strong, r, "", s)}
	for _, a := range acts {
		if n := iacNorm(a.stage + " " + a.name); strings.Contains(n, "bluegreen") || strings.Contains(n, "swap") {
			hits = append(hits, iacHit("OPS06-BP05", Partial, r, "", fmt.Sprintf("CodePipeline %s has a blue/green step (%s/%s)", name, a.stage, a.name)))
			break
		}
	}
	if firstDeploy < 0 {
		return hits
	}
	hits = append(hits, iacHit("OPS06-BP03", Strong, r, "", fmt.Sprintf("CodePipeline %s deploys with %s", name, strings.Join(deployProviders, ", "))))
	if len(tests) > 0 {
		hits = append(hits, iacHit("OPS06-BP02", Strong, r, "", fmt.Sprintf("CodePipeline %s runs %s before its first deploy action", name, strings.Join(tests, ", "))))
	}
	switch {
	case source && !approval:
		s := fmt.Sprintf("CodePipeline %s takes every change from its source through to deployment without a manual step", name)
		hits = append(hits, iacHit("OPS05-BP10", Strong, r, "", s), iacHit("OPS06-BP07", Strong, r, "", s))
	case source:
		s := fmt.Sprintf("CodePipeline %s deploys changes from its source, after a manual approval", name)
		hits = append(hits, iacHit("OPS05-BP10", Partial, r, "", s), iacHit("OPS06-BP07", Partial, r, "", s))
	}
	return hits
}
