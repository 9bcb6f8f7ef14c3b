package evidence

import (
	"path"
	"strings"

	"go.yaml.in/yaml/v4"
)

// Azure Pipelines: azure-pipelines.yml and files in .azure-pipelines/.
// Stages run one after another unless dependsOn says otherwise; deployment
// jobs name their environment; local templates are expanded, templates from
// other repositories (file@repo) are recorded as references.

func init() {
	ciParsers = append(ciParsers, ciParser{system: "Azure Pipelines", match: ciIsAzure, parse: ciParseAzure})
}

func ciIsAzure(p string) bool {
	if !ciYAMLExt(p) {
		return false
	}
	b := strings.ToLower(path.Base(p))
	if strings.HasPrefix(b, "azure-pipelines") || strings.Contains(b, ".azure-pipelines.") || strings.HasPrefix(b, "azure-pipeline.") {
		return true
	}
	for _, d := range strings.Split(path.Dir(p), "/") {
		switch strings.ToLower(d) {
		case ".azure-pipelines", "azure-pipelines", ".azuredevops", ".ado", ".pipelines", ".azure":
			return true
		}
	}
	return false
}

type ciAzure struct {
	t        *Tree
	p        *ciPipeline
	used     map[string]bool // local templates read
	jobsByID map[string][]string
}

func ciParseAzure(t *Tree, files []string) []*ciPipeline {
	var out []*ciPipeline
	used := map[string]bool{}
	for _, f := range files {
		docs := ciYAMLDocs(t, f)
		if len(docs) == 0 || deref(docs[0]).Kind != yaml.MappingNode {
			continue
		}
		doc := docs[0]
		if get(doc, "stages") == nil && get(doc, "jobs") == nil && get(doc, "steps") == nil && get(doc, "extends") == nil {
			continue
		}
		a := &ciAzure{t: t, used: used, jobsByID: map[string][]string{}}
		a.p = &ciPipeline{Path: f, System: "Azure Pipelines", Name: f, Line: 1}
		a.p.Triggers = ciAzureTriggers(doc)
		a.body(f, doc, 0)
		out = append(out, a.p)
	}
	for _, p := range out {
		if used[p.Path] {
			p.Library = true // a template other pipelines include
		}
	}
	return out
}

// ciAzureTriggers reads trigger:, pr: and schedules:.
func ciAzureTriggers(doc *yaml.Node) ciTriggers {
	tr := ciTriggers{Push: true, PR: true, Line: ciKeyLine(doc, "trigger")}
	if trig := get(doc, "trigger"); trig != nil {
		switch {
		case trig.Kind == yaml.ScalarNode && trig.Value == "none":
			tr.Push = false
		case trig.Kind == yaml.SequenceNode:
			tr.Branches = ciStrings(trig)
		case trig.Kind == yaml.MappingNode:
			tr.Branches = ciStrings(get(trig, "branches", "include"))
			for _, b := range ciStrings(get(trig, "branches", "exclude")) {
				tr.Branches = append(tr.Branches, "!"+b)
			}
			if get(trig, "tags") != nil {
				tr.Tags = true
				if get(trig, "branches") == nil {
					tr.Push = false
				}
			}
		}
	}
	if pr := get(doc, "pr"); pr != nil && pr.Kind == yaml.ScalarNode && pr.Value == "none" {
		tr.PR = false
	}
	if get(doc, "schedules") != nil {
		tr.Schedule = true
	}
	// a release pipeline that runs when a build pipeline completes runs, in
	// effect, on the pushes that build pipeline builds
	for _, res := range items(get(doc, "resources", "pipelines")) {
		rt := get(res, "trigger")
		if rt == nil || rt.Kind == yaml.ScalarNode && (rt.Value == "none" || rt.Value == "false") {
			continue
		}
		tr.Push = true
		tr.Branches = ciAddUnique(tr.Branches, ciStrings(get(rt, "branches", "include"))...)
		tr.Branches = ciAddUnique(tr.Branches, ciStrings(get(rt, "branches"))...)
	}
	return tr
}

// body reads the stages, jobs or steps of a pipeline or template.
func (a *ciAzure) body(f string, doc *yaml.Node, depth int) {
	if ext := get(doc, "extends"); ext != nil {
		if tpl := str(ext, "template"); tpl != "" {
			a.ref(f, get(ext, "template").Line, tpl)
		}
		// the stages or jobs a pipeline hands to the template it extends
		if n := ciAzureFind(get(ext, "parameters"), 0); n != nil {
			a.body(f, n, depth+1)
		}
	}
	var prev []string
	for _, s := range items(get(doc, "stages")) {
		prev = a.stage(f, s, prev, depth)
	}
	if jobs := get(doc, "jobs"); jobs != nil {
		a.jobs(f, "", jobs, nil, ciCond{}, depth)
	}
	if steps := get(doc, "steps"); steps != nil {
		j := &ciJob{Name: "steps", Path: f, Line: ciKeyLine(doc, "steps")}
		j.Steps = a.steps(f, steps, depth)
		a.add(j, "")
	}
}

// ciAzureFind finds the first mapping holding stages, jobs or steps in
// template parameters.
func ciAzureFind(n *yaml.Node, depth int) *yaml.Node {
	n = deref(n)
	if n == nil || depth > 4 || n.Kind != yaml.MappingNode {
		return nil
	}
	if get(n, "stages") != nil || get(n, "jobs") != nil || get(n, "steps") != nil {
		return n
	}
	var found *yaml.Node
	pairs(n, func(_ string, _, v *yaml.Node) {
		if found == nil {
			found = ciAzureFind(v, depth+1)
		}
	})
	return found
}

// ref records a template reference; local templates are returned for
// reading, those of other repositories only recorded.
func (a *ciAzure) ref(f string, line int, tpl string) string {
	if strings.Contains(tpl, "@") && !strings.HasSuffix(tpl, "@self") {
		a.p.Refs = append(a.p.Refs, ciRef{Path: f, Line: line, Text: tpl, External: true, Kind: "template"})
		return ""
	}
	tpl = strings.TrimSuffix(tpl, "@self")
	local := path.Join(path.Dir(f), tpl)
	if strings.HasPrefix(tpl, "/") {
		local = strings.TrimPrefix(path.Clean(tpl), "/")
	}
	a.p.Refs = append(a.p.Refs, ciRef{Path: f, Line: line, Text: tpl, Kind: "template"})
	if !a.t.Has(local) {
		return ""
	}
	a.used[local] = true
	return local
}

// template returns the parsed document of a local template.
func (a *ciAzure) template(f string, n *yaml.Node) (string, *yaml.Node) {
	tpl := str(n, "template")
	if tpl == "" {
		return "", nil
	}
	local := a.ref(f, get(n, "template").Line, tpl)
	if local == "" {
		return "", nil
	}
	docs := ciYAMLDocs(a.t, local)
	if len(docs) == 0 {
		return "", nil
	}
	return local, docs[0]
}

// stage reads one stage; stages depend on the previous one by default.
func (a *ciAzure) stage(f string, s *yaml.Node, prev []string, depth int) []string {
	if depth > 4 {
		return prev
	}
	if lf, doc := a.template(f, s); doc != nil {
		for _, ts := range items(get(doc, "stages")) {
			prev = a.stage(lf, ts, prev, depth+1)
		}
		return prev
	}
	name := str(s, "stage")
	if name == "" {
		return prev
	}
	deps := prev
	if d := get(s, "dependsOn"); d != nil {
		deps = nil
		for _, st := range ciStrings(d) {
			deps = append(deps, a.jobsByID["stage:"+st]...)
		}
	}
	cond := ciParseCond(str(s, "condition"))
	a.jobs(f, name, get(s, "jobs"), deps, cond, depth)
	return a.jobsByID["stage:"+name]
}

// jobs reads a job list of a stage (or of a stage-less pipeline).
func (a *ciAzure) jobs(f, stage string, list *yaml.Node, deps []string, cond ciCond, depth int) {
	for _, jn := range items(list) {
		if lf, doc := a.template(f, jn); doc != nil && depth < 4 {
			a.jobs(lf, stage, get(doc, "jobs"), deps, cond, depth+1)
			continue
		}
		id := ciOr(str(jn, "job"), str(jn, "deployment"))
		if id == "" {
			continue
		}
		name := id
		if stage != "" {
			name = stage + " / " + id
		}
		j := &ciJob{Name: name, Path: f, Line: jn.Line, Stage: stage, Cond: cond.merge(ciParseCond(str(jn, "condition")))}
		j.Needs = append([]string(nil), deps...)
		for _, d := range ciStrings(get(jn, "dependsOn")) {
			j.Needs = append(j.Needs, ciOr(stage, "")+ciIf(stage != "", " / ", "")+d)
		}
		if env := get(jn, "environment"); env != nil {
			en := env.Value
			if env.Kind == yaml.MappingNode {
				en = str(env, "name")
			}
			if en != "" {
				j.Envs = append(j.Envs, ciEnv{Name: strings.SplitN(en, ".", 2)[0], Path: f, Line: env.Line})
			}
		}
		j.Steps = a.steps(f, get(jn, "steps"), depth)
		if str(jn, "deployment") != "" {
			j.Steps = append(j.Steps, a.strategy(f, get(jn, "strategy"), ciCond{}, depth, 0)...)
		}
		for _, s := range j.Steps {
			if s.Kind == ciUses && strings.HasPrefix(strings.ToLower(s.Text), "manualvalidation@") {
				j.Manual, j.Gate = true, "a ManualValidation task"
			}
		}
		a.add(j, stage)
	}
}

// strategy reads the steps of a deployment job's strategy (runOnce,
// rolling, canary and their lifecycle hooks); steps under on: failure run
// when the deployment failed.
func (a *ciAzure) strategy(f string, n *yaml.Node, cond ciCond, depth, level int) []ciStep {
	var out []ciStep
	if level > 6 {
		return nil
	}
	pairs(n, func(k string, _, v *yaml.Node) {
		c := cond
		if k == "failure" {
			c.OnFailure = true
		}
		if k == "steps" {
			for _, s := range a.steps(f, v, depth) {
				s.Cond = s.Cond.merge(c)
				out = append(out, s)
			}
			return
		}
		out = append(out, a.strategy(f, v, c, depth, level+1)...)
	})
	return out
}

func ciIf(c bool, a, b string) string {
	if c {
		return a
	}
	return b
}

func (a *ciAzure) add(j *ciJob, stage string) {
	a.p.Jobs = append(a.p.Jobs, j)
	if stage != "" {
		a.jobsByID["stage:"+stage] = append(a.jobsByID["stage:"+stage], j.Name)
	}
}

// steps reads a step list, expanding local step templates and translating
// well-known tasks into the commands they run.
func (a *ciAzure) steps(f string, list *yaml.Node, depth int) []ciStep {
	var out []ciStep
	for _, s := range items(list) {
		if lf, doc := a.template(f, s); doc != nil && depth < 5 {
			out = append(out, a.steps(lf, get(doc, "steps"), depth+1)...)
			continue
		}
		cond := ciParseCond(str(s, "condition"))
		for _, k := range []string{"script", "bash", "pwsh", "powershell"} {
			if n := get(s, k); n != nil {
				out = append(out, ciRunSteps(f, n, cond)...)
			}
		}
		if task := get(s, "task"); task != nil && task.Kind == yaml.ScalarNode {
			out = append(out, ciStep{Path: f, Line: task.Line, Kind: ciUses, Text: task.Value, Cond: cond})
			out = append(out, ciAzureTask(f, task, get(s, "inputs"), cond)...)
		}
	}
	return out
}

// ciAzureTask turns the inputs of tasks that wrap a tool into commands.
func ciAzureTask(f string, task, in *yaml.Node, cond ciCond) []ciStep {
	name := strings.ToLower(ciUsesRef(task.Value))
	input := func(keys ...string) string {
		for _, k := range keys {
			for i := 0; in != nil && i+1 < len(in.Content); i += 2 {
				if strings.EqualFold(in.Content[i].Value, k) {
					return in.Content[i+1].Value
				}
			}
		}
		return ""
	}
	cmd := func(text string) []ciStep {
		return []ciStep{{Path: f, Line: task.Line, Kind: ciRun, Text: text, Cond: cond}}
	}
	switch {
	case name == "dotnetcorecli":
		return cmd("dotnet " + ciOr(input("command"), "build"))
	case name == "maven":
		return cmd("mvn " + ciOr(input("goals"), "package"))
	case name == "gradle":
		return cmd("gradle " + ciOr(input("tasks"), "build"))
	case name == "npm" && input("command") == "custom":
		return cmd("npm " + input("customCommand"))
	case name == "docker" && strings.HasPrefix(strings.ToLower(input("command")), "build"):
		return cmd("docker build")
	case name == "kubernetesmanifest" && (input("action") == "deploy" || input("action") == "promote" || input("action") == ""):
		return cmd("kubectl apply")
	case name == "kubernetes" && (input("command") == "apply" || input("command") == "set" || input("command") == "rollout"):
		return cmd("kubectl " + input("command"))
	case name == "helmdeploy" && (input("command") == "upgrade" || input("command") == "install"):
		return cmd("helm " + input("command"))
	case strings.HasPrefix(name, "terraform") && (input("command") == "apply" || strings.Contains(input("command"), "apply")):
		return cmd("terraform apply")
	case name == "awscli":
		return cmd("aws " + input("awsCommand") + " " + input("awsSubCommand"))
	case name == "azurecli" || name == "bash" || name == "powershell" || name == "shellscript" || name == "cmdline" || name == "awsshellscript" || name == "azurepowershell":
		for _, k := range []string{"inlineScript", "script", "Inline"} {
			for i := 0; in != nil && i+1 < len(in.Content); i += 2 {
				if strings.EqualFold(in.Content[i].Value, k) {
					return ciRunSteps(f, in.Content[i+1], cond)
				}
			}
		}
		if p := input("scriptPath", "filePath"); p != "" {
			return cmd("bash " + p)
		}
	}
	return nil
}
