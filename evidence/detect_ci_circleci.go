package evidence

import (
	"strings"

	"go.yaml.in/yaml/v4"
)

// CircleCI: .circleci/config.yml. Each workflow is a pipeline whose jobs
// are the workflow's entries, resolved to the job definitions (and local
// commands) they run; orb jobs and commands are known by their names.

func init() {
	ciParsers = append(ciParsers, ciParser{system: "CircleCI", match: ciIsCircleCI, parse: ciParseCircleCI})
}

func ciIsCircleCI(p string) bool {
	return p == ".circleci/config.yml" || p == ".circleci/config.yaml"
}

func ciParseCircleCI(t *Tree, files []string) []*ciPipeline {
	var out []*ciPipeline
	for _, f := range files {
		docs := ciYAMLDocs(t, f)
		if len(docs) == 0 {
			continue
		}
		out = append(out, ciCircleConfig(f, docs[0])...)
	}
	return out
}

type ciCircle struct {
	f        string
	jobs     *yaml.Node
	commands *yaml.Node
	refs     []ciRef
}

func ciCircleConfig(f string, doc *yaml.Node) []*ciPipeline {
	c := &ciCircle{f: f, jobs: get(doc, "jobs"), commands: get(doc, "commands")}
	pairs(get(doc, "orbs"), func(alias string, k, v *yaml.Node) {
		if v != nil && v.Kind == yaml.ScalarNode {
			c.refs = append(c.refs, ciRef{Path: f, Line: k.Line, Text: alias + ": " + v.Value, External: true, Kind: "orb"})
		}
	})
	var out []*ciPipeline
	pairs(get(doc, "workflows"), func(name string, k, wf *yaml.Node) {
		if name == "version" || wf == nil || wf.Kind != yaml.MappingNode {
			return
		}
		out = append(out, c.workflow(name, k.Line, wf))
	})
	if len(out) == 0 && c.jobs != nil {
		// a 2.0 configuration without workflows runs its build job on pushes
		p := &ciPipeline{Path: f, System: "CircleCI", Name: "CircleCI", Line: 1, Triggers: ciTriggers{Push: true, Implicit: true}, Refs: c.refs}
		pairs(c.jobs, func(name string, k, v *yaml.Node) {
			p.Jobs = append(p.Jobs, &ciJob{Name: name, Path: f, Line: k.Line, Steps: c.jobSteps(v, 0)})
		})
		out = append(out, p)
	}
	return out
}

func (c *ciCircle) workflow(name string, line int, wf *yaml.Node) *ciPipeline {
	p := &ciPipeline{Path: c.f, System: "CircleCI", Name: name, Line: line, Refs: c.refs}
	p.Triggers = ciTriggers{Push: true, Implicit: true, Line: line}
	if tr := items(get(wf, "triggers")); len(tr) > 0 {
		p.Triggers = ciTriggers{Schedule: true, Line: ciKeyLine(wf, "triggers")}
	}
	for _, e := range items(get(wf, "jobs")) {
		if j := c.entry(e); j != nil {
			p.Jobs = append(p.Jobs, j)
		}
	}
	return p
}

// entry reads one workflow job entry: `name` or `name: {requires, filters,
// context, type}`.
func (c *ciCircle) entry(e *yaml.Node) *ciJob {
	var ref string
	var cfg *yaml.Node
	line := e.Line
	switch e.Kind {
	case yaml.ScalarNode:
		ref = e.Value
	case yaml.MappingNode:
		if len(e.Content) < 2 {
			return nil
		}
		ref, cfg, line = e.Content[0].Value, deref(e.Content[1]), e.Content[0].Line
	default:
		return nil
	}
	j := &ciJob{Name: ciOr(str(cfg, "name"), ref), Path: c.f, Line: line}
	j.Needs = ciStrings(get(cfg, "requires"))
	j.Context = ciStrings(get(cfg, "context"))
	if str(cfg, "type") == "approval" {
		j.Manual, j.Gate = true, "an approval job"
		return j
	}
	j.Cond = ciCircleFilters(get(cfg, "filters"))
	if def := get(c.jobs, ref); def != nil {
		j.Steps = c.jobSteps(def, 0)
	} else {
		// an orb job: known by its name
		j.Steps = []ciStep{{Path: c.f, Line: line, Kind: ciUses, Text: ref}}
	}
	return j
}

// ciCircleFilters reads branch and tag filters of a workflow entry.
func ciCircleFilters(f *yaml.Node) ciCond {
	var c ciCond
	only := ciStrings(get(f, "branches", "only"))
	c.Branches = append(c.Branches, only...)
	for _, ig := range ciStrings(get(f, "branches", "ignore")) {
		if ig == "/.*/" {
			c.TagsOnly = get(f, "tags") != nil
			continue
		}
		c.Branches = append(c.Branches, "!"+ig)
	}
	return c
}

// jobSteps reads a job definition's image and steps.
func (c *ciCircle) jobSteps(def *yaml.Node, depth int) []ciStep {
	var out []ciStep
	for _, d := range items(get(def, "docker")) {
		out = append(out, ciImageStep(c.f, get(d, "image"))...)
	}
	return append(out, c.steps(get(def, "steps"), depth)...)
}

// steps reads a step list; local commands are expanded.
func (c *ciCircle) steps(list *yaml.Node, depth int) []ciStep {
	if depth > 5 {
		return nil
	}
	var out []ciStep
	for _, s := range items(list) {
		name, arg, line := "", (*yaml.Node)(nil), s.Line
		switch s.Kind {
		case yaml.ScalarNode:
			name = s.Value
		case yaml.MappingNode:
			if len(s.Content) >= 2 {
				name, arg, line = s.Content[0].Value, deref(s.Content[1]), s.Content[0].Line
			}
		}
		switch {
		case name == "" || name == "checkout" || name == "setup_remote_docker" || name == "persist_to_workspace" ||
			name == "attach_workspace" || name == "save_cache" || name == "restore_cache" || name == "store_artifacts":
		case name == "run":
			var cond ciCond
			if arg != nil && arg.Kind == yaml.MappingNode {
				cond.OnFailure = str(arg, "when") == "on_fail"
				arg = get(arg, "command")
			}
			out = append(out, ciRunSteps(c.f, arg, cond)...)
		case name == "when" || name == "unless":
			out = append(out, c.steps(get(arg, "steps"), depth+1)...)
		case name == "store_test_results":
			out = append(out, ciStep{Path: c.f, Line: line, Kind: ciUses, Text: "junit"})
		case get(c.commands, name) != nil:
			out = append(out, c.steps(get(c.commands, name, "steps"), depth+1)...)
		case strings.Contains(name, "/"):
			out = append(out, ciStep{Path: c.f, Line: line, Kind: ciUses, Text: name})
		}
	}
	return out
}
