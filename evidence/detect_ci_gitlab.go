package evidence

import (
	"strings"

	"go.yaml.in/yaml/v4"
)

// GitLab CI: .gitlab-ci.yml with its local includes merged, hidden jobs
// and extends resolved, stage order, needs, rules and only/except read.

func init() {
	ciParsers = append(ciParsers, ciParser{system: "GitLab CI", match: ciIsGitLab, parse: ciParseGitLab})
}

func ciIsGitLab(p string) bool { return p == ".gitlab-ci.yml" || p == ".gitlab-ci.yaml" }

// ciGLKeys are top-level keys that are not jobs.
var ciGLKeys = map[string]bool{
	"stages": true, "variables": true, "default": true, "include": true, "workflow": true, "image": true,
	"services": true, "before_script": true, "after_script": true, "cache": true, "types": true, "spec": true,
}

// ciGLVal is a value with the file it was written in.
type ciGLVal struct {
	file string
	node *yaml.Node
	line int // line of the key
}

// ciGLConfig is the merged top level of a GitLab configuration.
type ciGLConfig struct {
	keys  map[string]ciGLVal
	order []string
	refs  []ciRef
}

func (c *ciGLConfig) set(k string, v ciGLVal) {
	if _, ok := c.keys[k]; !ok {
		c.order = append(c.order, k)
	}
	c.keys[k] = v
}

func ciParseGitLab(t *Tree, files []string) []*ciPipeline {
	var out []*ciPipeline
	for _, f := range files {
		cfg := &ciGLConfig{keys: map[string]ciGLVal{}}
		if !ciGLLoad(t, f, cfg, map[string]bool{}, 0) {
			continue
		}
		out = append(out, ciGLPipeline(f, cfg))
	}
	return out
}

// ciGLLoad merges a file and its local includes into cfg; included files
// come first so the including file's keys win.
func ciGLLoad(t *Tree, f string, cfg *ciGLConfig, seen map[string]bool, depth int) bool {
	if seen[f] || depth > 4 {
		return false
	}
	seen[f] = true
	docs := ciYAMLDocs(t, f)
	if len(docs) == 0 {
		return false
	}
	doc := docs[len(docs)-1] // a spec: header document comes first
	if deref(doc).Kind != yaml.MappingNode {
		return false
	}
	for _, inc := range ciGLIncludes(f, get(doc, "include")) {
		cfg.refs = append(cfg.refs, inc)
		if !inc.External && inc.Kind == "include" {
			for _, lf := range ciGlobFiles(t, inc.Text) {
				ciGLLoad(t, lf, cfg, seen, depth+1)
			}
		}
	}
	pairs(doc, func(k string, kn, v *yaml.Node) {
		if k != "include" {
			cfg.set(k, ciGLVal{f, v, kn.Line})
		}
	})
	return true
}

// ciGLIncludes reads the include: forms (a string, a list, maps with
// local, project, remote, template or component).
func ciGLIncludes(f string, n *yaml.Node) []ciRef {
	var out []ciRef
	add := func(c *yaml.Node) {
		c = deref(c)
		if c == nil {
			return
		}
		if c.Kind == yaml.ScalarNode {
			ext := strings.Contains(c.Value, "://")
			out = append(out, ciRef{Path: f, Line: c.Line, Text: strings.TrimPrefix(c.Value, "/"), External: ext, Kind: "include"})
			return
		}
		switch {
		case str(c, "local") != "":
			out = append(out, ciRef{Path: f, Line: c.Line, Text: strings.TrimPrefix(str(c, "local"), "/"), Kind: "include"})
		case str(c, "project") != "":
			out = append(out, ciRef{Path: f, Line: c.Line, Text: "project: " + str(c, "project"), External: true, Kind: "include"})
		case str(c, "remote") != "":
			out = append(out, ciRef{Path: f, Line: c.Line, Text: "remote: " + str(c, "remote"), External: true, Kind: "include"})
		case str(c, "component") != "":
			out = append(out, ciRef{Path: f, Line: c.Line, Text: "component: " + str(c, "component"), External: true, Kind: "include"})
		case str(c, "template") != "":
			out = append(out, ciRef{Path: f, Line: c.Line, Text: str(c, "template"), External: true, Kind: "template"})
		}
	}
	n = deref(n)
	if n == nil {
		return nil
	}
	if n.Kind == yaml.SequenceNode {
		for _, c := range n.Content {
			add(c)
		}
	} else {
		add(n)
	}
	return out
}

func ciGLPipeline(f string, cfg *ciGLConfig) *ciPipeline {
	p := &ciPipeline{Path: f, System: "GitLab CI", Name: "GitLab CI", Line: 1, Refs: cfg.refs}
	p.Triggers = ciTriggers{Push: true, Implicit: true}
	stages := []string{".pre", "build", "test", "deploy", ".post"}
	if v, ok := cfg.keys["stages"]; ok {
		if s := ciStrings(v.node); len(s) > 0 {
			stages = append(append([]string{".pre"}, s...), ".post")
		}
	}
	order := map[string]int{}
	for i, s := range stages {
		order[s] = i
	}
	for _, k := range cfg.order {
		v := cfg.keys[k]
		if ciGLKeys[k] || strings.HasPrefix(k, ".") || v.node == nil || v.node.Kind != yaml.MappingNode {
			continue
		}
		job := ciGLResolve(cfg, k, 0)
		if job == nil {
			continue
		}
		p.Jobs = append(p.Jobs, ciGLJob(cfg, k, job, v))
	}
	for _, ref := range cfg.refs {
		if ref.Kind == "template" || strings.HasPrefix(ref.Text, "component: ") {
			// a catalogue template or component adds jobs we only know by name
			p.Jobs = append(p.Jobs, &ciJob{Name: ref.Text, Path: ref.Path, Line: ref.Line, Stage: "test",
				Steps: []ciStep{{Path: ref.Path, Line: ref.Line, Kind: ciUses, Text: "gitlab-template:" + ref.Text}}})
		}
	}
	for _, j := range p.Jobs {
		if len(j.Needs) > 0 || j.Needs != nil {
			continue
		}
		for _, o := range p.Jobs {
			if so, ok := order[o.Stage]; ok && so < order[j.Stage] {
				j.After = append(j.After, o.Name)
			}
		}
	}
	return p
}

// ciGLResolve returns a job's keys with extends applied (the job's own keys
// win), or nil when it is not a job.
func ciGLResolve(cfg *ciGLConfig, name string, depth int) map[string]ciGLVal {
	v, ok := cfg.keys[name]
	if !ok || depth > 8 || v.node == nil || deref(v.node).Kind != yaml.MappingNode {
		return nil
	}
	merged := map[string]ciGLVal{}
	for _, base := range ciStrings(get(ciMerged(v.node), "extends")) {
		for k, bv := range ciGLResolve(cfg, base, depth+1) {
			merged[k] = bv
		}
	}
	pairs(ciMerged(v.node), func(k string, _, val *yaml.Node) {
		if k != "extends" {
			merged[k] = ciGLVal{v.file, val, 0}
		}
	})
	return merged
}

func ciGLJob(cfg *ciGLConfig, name string, job map[string]ciGLVal, self ciGLVal) *ciJob {
	j := &ciJob{Name: name, Path: self.file, Line: self.line, Stage: "test"}
	if s, ok := job["stage"]; ok && s.node.Kind == yaml.ScalarNode {
		j.Stage = s.node.Value
	}
	script := func(key string) {
		v, ok := job[key]
		if !ok && key != "script" {
			// before_script and after_script fall back to default: and the top level
			if d, dok := cfg.keys["default"]; dok && get(d.node, key) != nil {
				v, ok = ciGLVal{file: d.file, node: get(d.node, key)}, true
			} else {
				v, ok = cfg.keys[key]
			}
		}
		if ok && v.node != nil {
			j.Steps = append(j.Steps, ciRunSteps(v.file, ciGLRefs(cfg, v.node, 0), ciCond{})...)
		}
	}
	script("before_script")
	script("script")
	script("after_script")
	if img, ok := job["image"]; ok {
		j.Steps = append(j.Steps, ciImageStep(img.file, img.node)...)
	}
	if tr, ok := job["trigger"]; ok {
		j.Steps = append(j.Steps, ciStep{Path: tr.file, Line: tr.node.Line, Kind: ciUses, Text: "trigger:" + scalarText(tr.node)})
	}
	if n, ok := job["needs"]; ok {
		j.Needs = []string{}
		for _, it := range items(n.node) {
			if it.Kind == yaml.ScalarNode {
				j.Needs = append(j.Needs, it.Value)
			} else if s := str(it, "job"); s != "" {
				j.Needs = append(j.Needs, s)
			}
		}
	}
	ciGLWhen(j, job)
	if e, ok := job["environment"]; ok {
		ciGLEnv(j, e)
	}
	return j
}

// ciGLRefs resolves !reference [.job, key] tags inside script lists.
func ciGLRefs(cfg *ciGLConfig, n *yaml.Node, depth int) *yaml.Node {
	n = deref(n)
	if n == nil || depth > 4 {
		return n
	}
	if n.Tag == "!reference" && n.Kind == yaml.SequenceNode {
		keys := ciStrings(n)
		if len(keys) == 0 {
			return nil
		}
		base, ok := cfg.keys[keys[0]]
		if !ok {
			return nil
		}
		return ciGLRefs(cfg, get(base.node, keys[1:]...), depth+1)
	}
	if n.Kind != yaml.SequenceNode {
		return n
	}
	out := &yaml.Node{Kind: yaml.SequenceNode, Line: n.Line}
	for _, c := range n.Content {
		if r := ciGLRefs(cfg, c, depth+1); r != nil {
			out.Content = append(out.Content, r)
		}
	}
	return out
}

// ciGLWhen reads when:, rules: and only/except: into the job's condition
// and manual gate.
func ciGLWhen(j *ciJob, job map[string]ciGLVal) {
	if w, ok := job["when"]; ok && w.node.Value == "manual" {
		j.Manual, j.Gate = true, "when: manual"
	}
	if w, ok := job["when"]; ok && w.node.Value == "on_failure" {
		j.Cond.OnFailure = true
	}
	if r, ok := job["rules"]; ok {
		ciGLRules(j, r.node)
	}
	if o, ok := job["only"]; ok {
		refs := ciStrings(o.node)
		if refs == nil {
			refs = ciStrings(get(o.node, "refs"))
		}
		ciGLRefsCond(j, refs, false)
	}
	if e, ok := job["except"]; ok {
		refs := ciStrings(e.node)
		if refs == nil {
			refs = ciStrings(get(e.node, "refs"))
		}
		ciGLRefsCond(j, refs, true)
	}
}

// ciGLRules reads rules: the job runs automatically under the rules whose
// when is neither never nor manual; if only manual rules are left it waits
// for a person.
func ciGLRules(j *ciJob, rules *yaml.Node) {
	var auto []ciCond
	manual := false
	for _, r := range items(rules) {
		when := str(r, "when")
		if when == "never" {
			continue
		}
		c := ciParseCond(str(r, "if"))
		if when == "manual" {
			manual = true
			continue
		}
		auto = append(auto, c)
	}
	if len(auto) == 0 {
		if manual {
			j.Manual, j.Gate = true, "when: manual"
		}
		return
	}
	j.Manual = j.Manual && len(auto) == 0
	all := func(f func(ciCond) bool) bool {
		for _, c := range auto {
			if !f(c) {
				return false
			}
		}
		return true
	}
	var branches []string
	unlimited := false
	for _, c := range auto {
		if len(c.Branches) == 0 && !c.TagsOnly && !c.PROnly && !c.Schedule && !c.ManualOnly {
			unlimited = true
		}
		branches = ciAddUnique(branches, c.Branches...)
	}
	if !unlimited {
		j.Cond.Branches = branches
	}
	if len(branches) == 0 {
		j.Cond.TagsOnly = all(func(c ciCond) bool { return c.TagsOnly })
		j.Cond.PROnly = all(func(c ciCond) bool { return c.PROnly })
		j.Cond.Schedule = all(func(c ciCond) bool { return c.Schedule })
		j.Cond.ManualOnly = all(func(c ciCond) bool { return c.ManualOnly })
	}
}

// ciGLRefsCond reads only:/except: ref lists.
func ciGLRefsCond(j *ciJob, refs []string, except bool) {
	var branches []string
	special := map[string]bool{}
	for _, r := range refs {
		switch r {
		case "tags", "merge_requests", "schedules", "web", "api", "triggers", "pipelines", "pushes", "external", "chat", "external_pull_requests":
			special[r] = true
		case "branches":
			special[r] = true
		default:
			branches = append(branches, r)
		}
	}
	if except {
		for _, b := range branches {
			j.Cond.Branches = append(j.Cond.Branches, "!"+b)
		}
		return
	}
	if len(branches) > 0 && !special["branches"] && !special["pushes"] {
		j.Cond.Branches = ciAddUnique(j.Cond.Branches, branches...)
		return
	}
	if len(branches) == 0 && !special["branches"] && !special["pushes"] {
		j.Cond.TagsOnly = special["tags"] && !special["merge_requests"]
		j.Cond.PROnly = special["merge_requests"] && !special["tags"]
		j.Cond.Schedule = special["schedules"] && len(special) == 1
		j.Cond.ManualOnly = (special["web"] || special["api"] || special["triggers"]) && !special["tags"] && !special["merge_requests"] && !special["schedules"]
	}
}

// ciGLEnv reads environment: (a name or a map); stop and prepare actions
// are not deployments.
func ciGLEnv(j *ciJob, e ciGLVal) {
	n := deref(e.node)
	name := ""
	switch {
	case n == nil:
		return
	case n.Kind == yaml.ScalarNode:
		name = n.Value
	default:
		switch str(n, "action") {
		case "stop", "prepare", "access", "verify":
			return
		}
		name = ciOr(str(n, "name"), str(n, "deployment_tier"))
	}
	if name != "" {
		j.Envs = append(j.Envs, ciEnv{Name: name, Path: e.file, Line: n.Line})
	}
}
