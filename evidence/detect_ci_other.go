package evidence

import (
	"path"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v4"
)

// Smaller systems: AWS CodeBuild buildspecs, Bitbucket Pipelines,
// Buildkite, Drone and Woodpecker.

func init() {
	ciParsers = append(ciParsers,
		ciParser{system: "AWS CodeBuild", match: ciIsBuildspec, parse: ciParseBuildspec},
		ciParser{system: "Bitbucket Pipelines", match: func(p string) bool { return p == "bitbucket-pipelines.yml" }, parse: ciParseBitbucket},
		ciParser{system: "Buildkite", match: ciIsBuildkite, parse: ciParseBuildkite},
		ciParser{system: "Drone", match: ciIsDrone, parse: ciParseDrone},
	)
}

func ciIsBuildspec(p string) bool {
	b := strings.ToLower(path.Base(p))
	return strings.HasPrefix(b, "buildspec") && ciYAMLExt(b)
}

// ciParseBuildspec reads phases (install, pre_build, build, post_build) as
// one job, in order. CodeBuild projects start builds from outside the file.
func ciParseBuildspec(t *Tree, files []string) []*ciPipeline {
	var out []*ciPipeline
	for _, f := range files {
		docs := ciYAMLDocs(t, f)
		if len(docs) == 0 || get(docs[0], "phases") == nil {
			continue
		}
		doc := docs[0]
		p := &ciPipeline{Path: f, System: "AWS CodeBuild", Name: f, Line: 1, Triggers: ciTriggers{Implicit: true}}
		j := &ciJob{Name: "build", Path: f, Line: ciKeyLine(doc, "phases")}
		for _, ph := range []string{"install", "pre_build", "build", "post_build"} {
			j.Steps = append(j.Steps, ciRunSteps(f, get(doc, "phases", ph, "commands"), ciCond{})...)
		}
		pairs(get(doc, "reports"), func(_ string, k, v *yaml.Node) {
			format := strings.ToUpper(str(v, "file-format"))
			if format == "" || strings.Contains(format, "JUNIT") || strings.Contains(format, "NUNIT") ||
				strings.Contains(format, "TESTNG") || strings.Contains(format, "CUCUMBER") || strings.Contains(format, "TRX") {
				j.Steps = append(j.Steps, ciStep{Path: f, Line: k.Line, Kind: ciUses, Text: "junit"})
			}
		})
		p.Jobs = []*ciJob{j}
		out = append(out, p)
	}
	return out
}

// ciParseBitbucket makes one pipeline per section (default, each branch,
// pull requests, tags, custom); steps in a section run in order.
func ciParseBitbucket(t *Tree, files []string) []*ciPipeline {
	var out []*ciPipeline
	for _, f := range files {
		docs := ciYAMLDocs(t, f)
		if len(docs) == 0 {
			continue
		}
		pl := get(docs[0], "pipelines")
		var branchPats []string
		pairs(get(pl, "branches"), func(b string, _, _ *yaml.Node) { branchPats = append(branchPats, b) })
		if d := get(pl, "default"); d != nil {
			tr := ciTriggers{Push: true, Line: ciKeyLine(pl, "default")}
			for _, b := range branchPats {
				tr.Branches = append(tr.Branches, "!"+b)
			}
			out = append(out, ciBitbucketPipeline(f, "default", tr, d))
		}
		sections := []struct {
			key string
			tr  func(name string) ciTriggers
		}{
			{"branches", func(n string) ciTriggers { return ciTriggers{Push: true, Branches: []string{n}} }},
			{"pull-requests", func(string) ciTriggers { return ciTriggers{PR: true} }},
			{"tags", func(string) ciTriggers { return ciTriggers{Tags: true} }},
			{"custom", func(string) ciTriggers { return ciTriggers{Manual: true} }},
		}
		for _, s := range sections {
			pairs(get(pl, s.key), func(name string, k, v *yaml.Node) {
				tr := s.tr(name)
				tr.Line = k.Line
				out = append(out, ciBitbucketPipeline(f, s.key+" "+name, tr, v))
			})
		}
	}
	return out
}

func ciBitbucketPipeline(f, name string, tr ciTriggers, list *yaml.Node) *ciPipeline {
	p := &ciPipeline{Path: f, System: "Bitbucket Pipelines", Name: name, Line: tr.Line, Triggers: tr}
	ciBitbucketItems(p, f, list, nil, 0)
	return p
}

// ciBitbucketItems reads step, parallel and stage items in order.
func ciBitbucketItems(p *ciPipeline, f string, list *yaml.Node, prev []string, depth int) []string {
	if depth > 4 {
		return prev
	}
	for _, it := range items(list) {
		it = ciMerged(it)
		switch {
		case get(it, "step") != nil:
			j := ciBitbucketStep(p, f, ciMerged(get(it, "step")), it.Line, prev)
			prev = []string{j.Name}
		case get(it, "parallel") != nil:
			par := get(it, "parallel")
			if s := get(par, "steps"); s != nil {
				par = s
			}
			var all []string
			for _, sub := range items(par) {
				all = append(all, ciBitbucketItems(p, f, &yaml.Node{Kind: yaml.SequenceNode, Content: []*yaml.Node{sub}}, prev, depth+1)...)
			}
			if len(all) > 0 {
				prev = all
			}
		case get(it, "stage") != nil:
			st := ciMerged(get(it, "stage"))
			first := len(p.Jobs)
			prev = ciBitbucketItems(p, f, get(st, "steps"), prev, depth+1)
			for _, j := range p.Jobs[first:] {
				if env := str(st, "deployment"); env != "" {
					j.Envs = append(j.Envs, ciEnv{Name: env, Path: f, Line: get(st, "deployment").Line})
				}
				if str(st, "trigger") == "manual" && j == p.Jobs[first] {
					j.Manual, j.Gate = true, "trigger: manual"
				}
			}
		}
	}
	return prev
}

func ciBitbucketStep(p *ciPipeline, f string, st *yaml.Node, line int, prev []string) *ciJob {
	name := ciOr(str(st, "name"), "step")
	for i := 2; p.job(name) != nil; i++ {
		name = ciOr(str(st, "name"), "step") + " #" + ciItoa(i)
	}
	j := &ciJob{Name: name, Path: f, Line: line, Needs: append([]string(nil), prev...)}
	j.Steps = append(j.Steps, ciImageStep(f, get(st, "image"))...)
	for _, key := range []string{"script", "after-script"} {
		for _, s := range items(get(st, key)) {
			if pipe := str(s, "pipe"); pipe != "" {
				j.Steps = append(j.Steps, ciStep{Path: f, Line: get(s, "pipe").Line, Kind: ciUses, Text: pipe})
				continue
			}
			j.Steps = append(j.Steps, ciRunSteps(f, s, ciCond{})...)
		}
	}
	if env := get(st, "deployment"); env != nil && env.Kind == yaml.ScalarNode {
		j.Envs = append(j.Envs, ciEnv{Name: env.Value, Path: f, Line: env.Line})
	}
	if str(st, "trigger") == "manual" {
		j.Manual, j.Gate = true, "trigger: manual"
	}
	p.Jobs = append(p.Jobs, j)
	return j
}

func ciItoa(i int) string { return strconv.Itoa(i) }

func ciIsBuildkite(p string) bool {
	return (strings.HasPrefix(p, ".buildkite/") && ciYAMLExt(p) && strings.Contains(path.Base(p), "pipeline")) ||
		p == "buildkite.yml" || p == "buildkite.yaml"
}

// ciParseBuildkite reads a step list: steps between waits run together,
// a block step holds back everything after it.
func ciParseBuildkite(t *Tree, files []string) []*ciPipeline {
	var out []*ciPipeline
	for _, f := range files {
		docs := ciYAMLDocs(t, f)
		if len(docs) == 0 {
			continue
		}
		steps := get(docs[0], "steps")
		if steps == nil && deref(docs[0]).Kind == yaml.SequenceNode {
			steps = docs[0]
		}
		p := &ciPipeline{Path: f, System: "Buildkite", Name: f, Line: 1, Triggers: ciTriggers{Push: true, PR: true, Implicit: true}}
		ciBuildkiteSteps(p, f, steps, nil, 0)
		out = append(out, p)
	}
	return out
}

func ciBuildkiteSteps(p *ciPipeline, f string, steps *yaml.Node, before []string, depth int) []string {
	if depth > 4 {
		return before
	}
	var group []string // steps since the last wait
	for i, s := range items(steps) {
		if s.Kind == yaml.ScalarNode && (s.Value == "wait" || s.Value == "block") || get(s, "wait") != nil && s.Kind == yaml.MappingNode && len(s.Content) >= 2 && s.Content[0].Value == "wait" {
			before = append(before, group...)
			group = nil
			if s.Kind == yaml.ScalarNode && s.Value == "block" {
				before = append(before, ciBuildkiteGate(p, f, s, before, i))
			}
			continue
		}
		if b := ciOr(str(s, "block"), str(s, "input")); b != "" {
			before = append(before, group...)
			group = nil
			before = []string{ciBuildkiteGate(p, f, s, before, i)}
			continue
		}
		if sub := get(s, "steps"); sub != nil {
			group = append(group, ciBuildkiteSteps(p, f, sub, before, depth+1)...)
			continue
		}
		name := ciOr(ciOr(str(s, "label"), str(s, "key")), ciOr(str(s, "name"), "step "+ciItoa(i+1)))
		j := &ciJob{Name: name, Path: f, Line: s.Line, Needs: append([]string(nil), before...)}
		for _, k := range []string{"command", "commands"} {
			j.Steps = append(j.Steps, ciRunSteps(f, get(s, k), ciCond{})...)
		}
		for _, pl := range items(get(s, "plugins")) {
			pairs(pl, func(name string, k, _ *yaml.Node) {
				j.Steps = append(j.Steps, ciStep{Path: f, Line: k.Line, Kind: ciUses, Text: strings.SplitN(name, "#", 2)[0]})
			})
		}
		if tr := str(s, "trigger"); tr != "" {
			j.Steps = append(j.Steps, ciStep{Path: f, Line: s.Line, Kind: ciUses, Text: tr})
		}
		j.Cond.Branches = append(j.Cond.Branches, strings.Fields(str(s, "branches"))...)
		j.Cond = j.Cond.merge(ciParseCond(str(s, "if")))
		j.Needs = append(j.Needs, ciStrings(get(s, "depends_on"))...)
		p.Jobs = append(p.Jobs, j)
		group = append(group, name)
	}
	return append(before, group...)
}

// ciBuildkiteGate adds a block step as a manual job.
func ciBuildkiteGate(p *ciPipeline, f string, s *yaml.Node, before []string, i int) string {
	name := ciOr(ciOr(str(s, "block"), str(s, "input")), "block "+ciItoa(i+1))
	p.Jobs = append(p.Jobs, &ciJob{Name: name, Path: f, Line: s.Line, Needs: append([]string(nil), before...), Manual: true, Gate: "a block step"})
	return name
}

func ciIsDrone(p string) bool {
	return p == ".drone.yml" || p == ".drone.yaml" || p == ".woodpecker.yml" || p == ".woodpecker.yaml" ||
		(path.Dir(p) == ".woodpecker" && ciYAMLExt(p))
}

// ciParseDrone reads Drone pipelines (documents of kind: pipeline) and
// Woodpecker workflows; steps run in order unless depends_on says
// otherwise.
func ciParseDrone(t *Tree, files []string) []*ciPipeline {
	var out []*ciPipeline
	for _, f := range files {
		system := "Drone"
		if strings.Contains(f, "woodpecker") {
			system = "Woodpecker"
		}
		for _, doc := range ciYAMLDocs(t, f) {
			if k := str(doc, "kind"); k != "" && k != "pipeline" {
				continue
			}
			p := &ciPipeline{Path: f, System: system, Name: ciOr(str(doc, "name"), f), Line: doc.Line}
			p.Triggers = ciDroneTriggers(ciOr1(get(doc, "trigger"), get(doc, "when")))
			steps := ciOr1(get(doc, "steps"), get(doc, "pipeline"))
			var prev []string
			each := func(name string, line int, s *yaml.Node) {
				s = ciMerged(s)
				j := &ciJob{Name: ciOr(str(s, "name"), name), Path: f, Line: line}
				if d := get(s, "depends_on"); d != nil {
					j.Needs = ciStrings(d)
				} else {
					j.Needs = append([]string(nil), prev...)
				}
				j.Steps = ciRunSteps(f, get(s, "commands"), ciCond{})
				if img := str(s, "image"); img != "" {
					kind := ciImage
					if get(s, "commands") == nil {
						kind = ciUses // a plugin: the image is the action
					}
					j.Steps = append(j.Steps, ciStep{Path: f, Line: get(s, "image").Line, Kind: kind, Text: img})
				}
				w := ciDroneTriggers(get(s, "when"))
				j.Cond.Branches = w.Branches
				j.Cond.TagsOnly = w.Tags && !w.Push && !w.PR
				j.Cond.PROnly = w.PR && !w.Push && !w.Tags
				if w.Manual && !w.Push && !w.PR {
					j.Manual, j.Gate = true, "a promotion"
				}
				p.Jobs = append(p.Jobs, j)
				prev = []string{j.Name}
			}
			if steps != nil && steps.Kind == yaml.MappingNode {
				pairs(steps, func(name string, k, v *yaml.Node) { each(name, k.Line, v) })
			} else {
				for i, s := range items(steps) {
					each("step "+ciItoa(i+1), s.Line, s)
				}
			}
			out = append(out, p)
		}
	}
	return out
}

func ciOr1(a, b *yaml.Node) *yaml.Node {
	if a != nil {
		return a
	}
	return b
}

// ciDroneTriggers reads a trigger or when block: branch and event filters,
// in a map or (Woodpecker) a list of maps.
func ciDroneTriggers(n *yaml.Node) ciTriggers {
	n = deref(n)
	if n == nil {
		return ciTriggers{Push: true, PR: true, Tags: true, Implicit: true}
	}
	var tr ciTriggers
	conds := []*yaml.Node{n}
	if n.Kind == yaml.SequenceNode {
		conds = items(n)
	}
	for _, c := range conds {
		b := get(c, "branch")
		if inc := get(b, "include"); inc != nil {
			b = inc
		}
		tr.Branches = ciAddUnique(tr.Branches, ciStrings(b)...)
		for _, ex := range ciStrings(get(c, "branch", "exclude")) {
			tr.Branches = ciAddUnique(tr.Branches, "!"+ex)
		}
		events := ciStrings(get(c, "event"))
		if ev := get(c, "event", "include"); ev != nil {
			events = ciStrings(ev)
		}
		if len(events) == 0 {
			tr.Push, tr.PR, tr.Implicit = true, true, true
		}
		for _, e := range events {
			switch e {
			case "push":
				tr.Push = true
			case "pull_request", "pull_request_closed":
				tr.PR = true
			case "tag", "release":
				tr.Tags = true
			case "promote", "deployment", "rollback", "manual", "custom":
				tr.Manual = true
			case "cron":
				tr.Schedule = true
			}
		}
	}
	return tr
}
