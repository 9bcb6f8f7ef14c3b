package evidence

import (
	"bytes"
	"context"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"
)

// ci-pipeline (OPS05-BP04): a pipeline definition with a job that builds,
// tests, checks or deploys. A Makefile with build targets and no pipeline
// is partial; a workflow that only echoes or labels pull requests is not a
// pipeline.

func init() {
	register(Detector{Name: "ci-pipeline", Run: runCIPipeline})
}

// ciFound is one step of the model that does a kind of thing.
type ciFound struct {
	P    *ciPipeline
	J    *ciJob
	S    ciStep
	Tool ciTool
}

// ciFind returns every step of the running pipelines that does kind, in
// model order. Weak deploys count only in jobs that say they deploy.
func ciFind(m *ciModel, kind string) []ciFound {
	var out []ciFound
	for _, p := range m.active() {
		for _, j := range p.Jobs {
			for _, s := range j.Steps {
				for _, tl := range s.Tools {
					if tl.Kind != kind || (tl.Weak && !ciJobSaysDeploy(j)) {
						continue
					}
					out = append(out, ciFound{p, j, s, tl})
				}
			}
		}
	}
	return out
}

// ciJobSaysDeploy reports whether a job's name, stage or environment says
// it deploys.
func ciJobSaysDeploy(j *ciJob) bool {
	if len(j.Envs) > 0 {
		return true
	}
	for _, s := range []string{j.Name, j.Stage} {
		ls := strings.ToLower(s)
		if strings.Contains(ls, "deploy") || strings.Contains(ls, "release") || strings.Contains(ls, "rollout") || ciTier(ls) != "" {
			return true
		}
	}
	return false
}

// ciPipelineNoun names a pipeline for summaries.
func ciPipelineNoun(p *ciPipeline) string {
	switch p.System {
	case "GitHub Actions":
		return fmt.Sprintf("GitHub Actions workflow %q", p.Name)
	case "CircleCI", "Tekton", "Drone", "Woodpecker", "Bitbucket Pipelines":
		if p.Name != p.Path {
			return fmt.Sprintf("%s pipeline %q", p.System, p.Name)
		}
	case "Argo Workflows":
		return fmt.Sprintf("Argo workflow %q", p.Name)
	case "AWS CodeBuild":
		return "CodeBuild buildspec"
	case "AWS CodePipeline":
		return fmt.Sprintf("CodePipeline %q", p.Name)
	case "Jenkins":
		return "Jenkins pipeline"
	}
	return p.System + " pipeline"
}

// ciJobNoun is what a system calls a job.
func ciJobNoun(p *ciPipeline) string {
	switch p.System {
	case "Jenkins":
		return "stage"
	case "Bitbucket Pipelines", "Buildkite", "Drone", "Woodpecker":
		return "step"
	case "Tekton":
		return "task"
	case "AWS CodePipeline":
		return "stage"
	case "Argo Workflows":
		return "template"
	case "AWS CodeBuild":
		return "job"
	}
	return "job"
}

// ciJobRef names a job for summaries: job "test".
func ciJobRef(p *ciPipeline, j *ciJob) string {
	if j.Name == ciLooseJob {
		return "in steps outside any stage"
	}
	return fmt.Sprintf("%s %q", ciJobNoun(p), j.Name)
}

// ciToolText names a found tool, with the wrapper it was reached through.
func ciToolText(tl ciTool) string {
	if tl.Via != "" {
		return tl.Name + " (through " + tl.Via + ")"
	}
	return tl.Name
}

// ciWhen says when a job of p runs, for summaries.
func ciWhen(p *ciPipeline, j *ciJob) string {
	c := j.Cond
	switch {
	case c.TagsOnly:
		return "on tags"
	case c.PROnly:
		return "on pull requests"
	case c.Schedule:
		return "on a schedule"
	case c.ManualOnly:
		return "when started by hand"
	}
	if len(c.Branches) > 0 && (p.Triggers.Push || p.Triggers.Implicit) {
		return "on pushes to " + ciBranchList(c.Branches)
	}
	return p.Triggers.when()
}

func ciBranchList(bs []string) string {
	var out []string
	for _, b := range bs {
		if b == "$default" {
			b = "the default branch"
		}
		out = append(out, b)
	}
	return strings.Join(out, ", ")
}

// ciVerbs are the kinds that make a pipeline real, with their verbs.
var ciVerbs = []struct{ kind, verb string }{
	{ciKBuild, "builds"}, {ciKImage, "builds images"}, {ciKTest, "tests"}, {ciKLint, "checks code quality"},
	{ciKSecurity, "scans for vulnerabilities"}, {ciKPolicy, "checks policies"}, {ciKDeploy, "deploys"},
}

func runCIPipeline(ctx context.Context, t *Tree) []Hit {
	m := ciModelOf(t)
	var hits []Hit
	for _, p := range m.active() {
		kinds := map[string]bool{}
		var first *ciJob
		for _, j := range p.Jobs {
			for _, s := range j.Steps {
				for _, tl := range s.Tools {
					if tl.Kind == ciKDocs || (tl.Weak && !ciJobSaysDeploy(j)) {
						continue
					}
					kinds[tl.Kind] = true
					if first == nil {
						first = j
					}
				}
			}
		}
		if first == nil {
			if h, ok := ciSharedPipeline(p); ok {
				hits = append(hits, h)
			}
			continue
		}
		var verbs []string
		for _, v := range ciVerbs {
			if kinds[v.kind] {
				verbs = append(verbs, v.verb)
			}
		}
		hits = append(hits, Hit{Practice: "OPS05-BP04", Confidence: Strong, Proof: Proof{
			Path: p.Path, Line: ciOrInt(p.Line, first.Line),
			Summary: fmt.Sprintf("%s %s %s (%s)", ciPipelineNoun(p), ciJoin(verbs), p.Triggers.when(), ciCount(len(p.Jobs), ciJobNoun(p))),
		}})
	}
	hits = append(hits, ciCDKPipelines(t)...)
	if len(hits) > 0 {
		return hits
	}
	if h, ok := ciMakefileOnly(t); ok {
		hits = append(hits, h)
	}
	return hits
}

// ciSharedPipeline reports a pipeline whose jobs are defined in another
// repository (a reusable workflow, an included project, a template or a
// Jenkins library): what it runs cannot be read here, but it is a pipeline.
func ciSharedPipeline(p *ciPipeline) (Hit, bool) {
	if !p.Triggers.onChanges() && !p.Triggers.Schedule {
		return Hit{}, false
	}
	for _, r := range p.Refs {
		if !r.External || r.Kind == "orb" || r.Kind == "workflow" && !strings.Contains(r.Text, "/.github/workflows/") {
			continue
		}
		return Hit{Practice: "OPS05-BP04", Confidence: Strong, Proof: Proof{Path: r.Path, Line: r.Line,
			Summary: fmt.Sprintf("%s runs the shared %s %s from another repository %s", ciPipelineNoun(p), ciRefNoun(r), r.Text, p.Triggers.when())}}, true
	}
	return Hit{}, false
}

func ciOrInt(a, b int) int {
	if a > 0 {
		return a
	}
	return b
}

// ciCDKPipeline matches a CodePipeline constructed in a CDK app, in the
// languages CDK supports.
var ciCDKPipeline = regexp.MustCompile(`new\s+(?:\w+\.)?(?:CodePipeline|Pipeline)\s*\(|(?:pipelines|codepipeline|aws_codepipeline)\.(?:CodePipeline|Pipeline)\s*\(|(?:pipelines|codepipeline)\.New(?:CodePipeline|Pipeline)\s*\(|CodePipeline\.Builder\.create`)

var ciCDKImport = regexp.MustCompile(`pipelines|codepipeline`)

// ciCDKPipelines finds CodePipelines defined in CDK apps: source files
// under a directory holding cdk.json that import the pipelines module and
// construct one.
func ciCDKPipelines(t *Tree) []Hit {
	var roots []string
	for _, f := range t.Match(func(p string) bool { return path.Base(p) == "cdk.json" }) {
		roots = append(roots, path.Dir(f))
	}
	if len(roots) == 0 {
		return nil
	}
	srcExt := map[string]bool{".ts": true, ".js": true, ".py": true, ".java": true, ".cs": true, ".go": true}
	files := t.Match(func(p string) bool {
		if !srcExt[path.Ext(p)] || ciIsTestFile(p) || strings.HasSuffix(p, ".d.ts") {
			return false
		}
		for _, r := range roots {
			if r == "." || strings.HasPrefix(p, r+"/") {
				return true
			}
		}
		return false
	})
	for i, f := range files {
		if i >= 300 {
			break
		}
		data, err := t.Read(f)
		if err != nil || !ciCDKImport.Match(data) {
			continue
		}
		if loc := ciCDKPipeline.FindIndex(data); loc != nil {
			line := 1 + bytes.Count(data[:loc[0]], []byte("\n"))
			return []Hit{{Practice: "OPS05-BP04", Confidence: Strong, Proof: Proof{Path: f, Line: line,
				Summary: "The CDK app defines an AWS CodePipeline that builds and deploys the stacks"}}}
		}
	}
	return nil
}

// ciMakefileOnly reports a Makefile with build or test targets when no
// pipeline runs anything: builds are scripted but run by hand.
func ciMakefileOnly(t *Tree) (Hit, bool) {
	files := t.Match(func(p string) bool {
		b := path.Base(p)
		return (b == "Makefile" || b == "GNUmakefile" || b == "makefile") && strings.Count(p, "/") <= 1
	})
	sort.Slice(files, func(i, j int) bool { return strings.Count(files[i], "/") < strings.Count(files[j], "/") })
	for _, f := range files {
		mf := ciMakefileOf(t, f)
		if mf == nil {
			continue
		}
		var names []string
		line := 0
		for name, tg := range mf.Targets {
			k := ciKindOfName(name)
			if (k == ciKBuild || k == ciKTest || k == ciKDeploy || k == ciKLint) && len(tg.Recipe)+len(tg.Prereqs) > 0 {
				names = append(names, name)
				if line == 0 || tg.Line < line {
					line = tg.Line
				}
			}
		}
		if len(names) == 0 {
			continue
		}
		sort.Strings(names)
		return Hit{Practice: "OPS05-BP04", Confidence: Partial, Proof: Proof{Path: f, Line: line,
			Summary: fmt.Sprintf("Makefile scripts the build (targets %s), but no CI pipeline in the repository runs it", strings.Join(names, ", "))}}, true
	}
	return Hit{}, false
}

// ciJobFinds are the steps of one job that do one kind of thing.
type ciJobFinds struct {
	P     *ciPipeline
	J     *ciJob
	First ciStep // the first such step, for the proof's line
	Tools []ciTool
}

// ciByJob groups found steps by job, keeping model order and each tool once.
func ciByJob(founds []ciFound) []ciJobFinds {
	var out []ciJobFinds
	index := map[*ciJob]int{}
	for _, f := range founds {
		i, ok := index[f.J]
		if !ok {
			i = len(out)
			index[f.J] = i
			out = append(out, ciJobFinds{P: f.P, J: f.J, First: f.S})
		}
		dup := false
		for _, tl := range out[i].Tools {
			if tl.Name == f.Tool.Name {
				dup = true
			}
		}
		if !dup {
			out[i].Tools = append(out[i].Tools, f.Tool)
		}
	}
	return out
}

// ciToolsText names the tools of a job: "eslint and prettier (through npm
// run lint at package.json:3)".
func ciToolsText(tools []ciTool) string {
	var names []string
	via := ""
	for _, tl := range tools {
		names = ciAddUnique(names, tl.Name)
		if via == "" {
			via = tl.Via
		}
	}
	text := ciFirstN(names, 4)
	if via != "" {
		text += " (through " + via + ")"
	}
	return text
}
