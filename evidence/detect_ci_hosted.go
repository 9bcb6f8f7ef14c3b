package evidence

import (
	"path"
	"strings"

	"go.yaml.in/yaml/v4"
)

// Pipelines of hosted CI services whose definition is one YAML file at the
// top of the repository: Travis CI, Google Cloud Build and AppVeyor. All
// three run on pushes as configured in the service (Implicit), Travis and
// AppVeyor also on pull requests; branch lists in the file narrow that.

func init() {
	ciParsers = append(ciParsers,
		ciParser{system: "Travis CI", match: func(p string) bool { return p == ".travis.yml" }, parse: ciParseTravis},
		ciParser{system: "Google Cloud Build", match: ciIsCloudBuild, parse: ciParseCloudBuild},
		ciParser{system: "AppVeyor", match: func(p string) bool { return p == "appveyor.yml" || p == ".appveyor.yml" }, parse: ciParseAppVeyor},
	)
	// A deploy section runs Travis's deployment tool, dpl, with a provider
	// (the general dpl rule makes it a deploy); providers that publish
	// documentation are documentation instead.
	ciCmdRules = append([]ciRule{
		ciR(ciKDocs, "dpl ($1)", `^dpl --provider=(pages|gh-pages|github-pages|surge|readthedocs)$`),
		ciR(ciKDeploy, "dpl ($1)", `^dpl\b.*--provider[= ]?([\w-]+)`, `--provider[= ]?(pages|gh-pages|github-pages|surge|readthedocs)\b`),
	}, ciCmdRules...)
}

// ciBranchFilter reads branches: {only: [...], except: [...]} (Travis,
// AppVeyor) into a push branch list; except-branches are negated.
func ciBranchFilter(n *yaml.Node) []string {
	var out []string
	out = append(out, ciStrings(get(n, "only"))...)
	for _, b := range ciStrings(get(n, "except")) {
		out = append(out, "!"+b)
	}
	return out
}

// ciParseTravis reads the build phases as one test job and the deploy
// section (one or several providers) as a deploy job that runs after it.
func ciParseTravis(t *Tree, files []string) []*ciPipeline {
	var out []*ciPipeline
	for _, f := range files {
		docs := ciYAMLDocs(t, f)
		if len(docs) == 0 {
			continue
		}
		doc := ciMerged(docs[0])
		tr := ciTriggers{Implicit: true, PR: true, Line: 1, Branches: ciBranchFilter(get(doc, "branches"))}
		p := &ciPipeline{Path: f, System: "Travis CI", Name: f, Line: 1, Triggers: tr}
		build := &ciJob{Name: "build", Path: f, Line: 1}
		for _, ph := range []string{"before_install", "install", "before_script", "script", "after_success"} {
			build.Steps = append(build.Steps, ciRunSteps(f, get(doc, ph), ciCond{})...)
		}
		for _, inc := range items(get(doc, "jobs", "include")) {
			for _, ph := range []string{"install", "before_script", "script"} {
				build.Steps = append(build.Steps, ciRunSteps(f, get(ciMerged(inc), ph), ciCond{})...)
			}
		}
		if len(build.Steps) > 0 {
			p.Jobs = append(p.Jobs, build)
		}
		if dj := ciHostedDeploy(f, get(doc, "deploy"), "build"); dj != nil {
			p.Jobs = append(p.Jobs, dj)
		}
		if len(p.Jobs) > 0 {
			out = append(out, p)
		}
	}
	return out
}

// ciHostedDeploy reads a deploy section: a provider mapping or a list of
// them, each with its branch condition.
func ciHostedDeploy(f string, n *yaml.Node, after string) *ciJob {
	n = deref(n)
	if n == nil {
		return nil
	}
	list := items(n)
	if n.Kind == yaml.MappingNode {
		list = []*yaml.Node{n}
	}
	j := &ciJob{Name: "deploy", Path: f, Line: n.Line}
	if after != "" {
		j.Needs = []string{after}
	}
	for _, d := range list {
		d = ciMerged(d)
		provider := strings.ToLower(ciOr(str(d, "provider"), str(d, "Provider")))
		if provider == "" {
			continue
		}
		cond := ciCond{}
		if b := str(d, "on", "branch"); b != "" {
			cond.Branches = []string{b}
		}
		for _, b := range ciStrings(get(d, "on", "branch")) {
			if b != str(d, "on", "branch") {
				cond.Branches = append(cond.Branches, b)
			}
		}
		j.Steps = append(j.Steps, ciStep{Path: f, Line: d.Line, Kind: ciRun, Text: "dpl --provider=" + provider, Cond: cond})
		j.Steps = append(j.Steps, ciRunSteps(f, get(d, "script"), cond)...)
	}
	if len(j.Steps) == 0 {
		return nil
	}
	return j
}

func ciIsCloudBuild(p string) bool {
	b := path.Base(p)
	return (strings.HasPrefix(b, "cloudbuild") || strings.HasSuffix(b, ".cloudbuild.yaml")) && ciYAMLExt(b) && strings.Count(p, "/") <= 2
}

// ciParseCloudBuild turns each step (a builder image with arguments, an
// entrypoint or a script) into the command it runs, so that a step of the
// gcloud builder with args [run, deploy] reads as gcloud run deploy.
func ciParseCloudBuild(t *Tree, files []string) []*ciPipeline {
	var out []*ciPipeline
	for _, f := range files {
		docs := ciYAMLDocs(t, f)
		if len(docs) == 0 || get(docs[0], "steps") == nil {
			continue
		}
		p := &ciPipeline{Path: f, System: "Google Cloud Build", Name: f, Line: 1, Triggers: ciTriggers{Implicit: true, Line: 1}}
		j := &ciJob{Name: "build", Path: f, Line: ciKeyLine(docs[0], "steps")}
		for _, s := range items(get(docs[0], "steps")) {
			j.Steps = append(j.Steps, ciCloudBuildStep(f, ciMerged(s))...)
		}
		p.Jobs = []*ciJob{j}
		out = append(out, p)
	}
	return out
}

func ciCloudBuildStep(f string, s *yaml.Node) []ciStep {
	if script := get(s, "script"); script != nil {
		return ciRunSteps(f, script, ciCond{})
	}
	image := str(s, "name")
	tool := ciOr(str(s, "entrypoint"), path.Base(strings.SplitN(image, ":", 2)[0]))
	args := ciStrings(get(s, "args"))
	if (tool == "bash" || tool == "sh") && len(args) >= 2 && args[0] == "-c" {
		return []ciStep{{Path: f, Line: s.Line, Kind: ciRun, Text: args[1]}}
	}
	if tool == "" {
		return nil
	}
	return []ciStep{{Path: f, Line: s.Line, Kind: ciRun, Text: strings.TrimSpace(tool + " " + strings.Join(args, " "))}}
}

// ciParseAppVeyor reads the script phases as one job and the deploy
// section as a deploy job after it.
func ciParseAppVeyor(t *Tree, files []string) []*ciPipeline {
	var out []*ciPipeline
	for _, f := range files {
		docs := ciYAMLDocs(t, f)
		if len(docs) == 0 {
			continue
		}
		doc := ciMerged(docs[0])
		tr := ciTriggers{Implicit: true, PR: true, Line: 1, Branches: ciBranchFilter(get(doc, "branches"))}
		p := &ciPipeline{Path: f, System: "AppVeyor", Name: f, Line: 1, Triggers: tr}
		build := &ciJob{Name: "build", Path: f, Line: 1}
		for _, ph := range []string{"install", "before_build", "build_script", "after_build", "before_test", "test_script"} {
			for _, it := range ciAppVeyorScripts(get(doc, ph)) {
				build.Steps = append(build.Steps, ciRunSteps(f, it, ciCond{})...)
			}
		}
		if len(build.Steps) > 0 {
			p.Jobs = append(p.Jobs, build)
		}
		if dj := ciHostedDeploy(f, get(doc, "deploy"), "build"); dj != nil {
			p.Jobs = append(p.Jobs, dj)
		}
		for _, it := range ciAppVeyorScripts(get(doc, "deploy_script")) {
			if dj := p.job("deploy"); dj != nil {
				dj.Steps = append(dj.Steps, ciRunSteps(f, it, ciCond{})...)
			} else {
				p.Jobs = append(p.Jobs, &ciJob{Name: "deploy", Path: f, Line: it.Line, Needs: []string{"build"}, Steps: ciRunSteps(f, it, ciCond{})})
			}
		}
		if len(p.Jobs) > 0 {
			out = append(out, p)
		}
	}
	return out
}

// ciAppVeyorScripts returns the command nodes of a phase, whose items are
// plain commands or {cmd|ps|pwsh|sh: command}.
func ciAppVeyorScripts(n *yaml.Node) []*yaml.Node {
	var out []*yaml.Node
	for _, it := range items(n) {
		if it.Kind == yaml.MappingNode {
			for _, k := range []string{"cmd", "ps", "pwsh", "sh"} {
				if v := get(it, k); v != nil {
					out = append(out, v)
				}
			}
			continue
		}
		out = append(out, it)
	}
	if n != nil && deref(n) != nil && deref(n).Kind == yaml.ScalarNode {
		out = append(out, deref(n))
	}
	return out
}
