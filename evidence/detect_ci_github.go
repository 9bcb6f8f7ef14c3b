package evidence

import (
	"path"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v4"
)

// GitHub Actions: .github/workflows/*.yml, with local composite actions and
// local reusable workflows expanded into the jobs that use them.

func init() {
	ciParsers = append(ciParsers, ciParser{system: "GitHub Actions", match: ciIsGitHubWorkflow, parse: ciParseGitHub})
}

func ciIsGitHubWorkflow(p string) bool {
	return path.Dir(p) == ".github/workflows" && ciYAMLExt(p)
}

// ciParseGitHub parses every workflow, then expands calls of local reusable
// workflows so the caller's job carries the callee's steps.
func ciParseGitHub(t *Tree, files []string) []*ciPipeline {
	byPath := map[string]*ciPipeline{}
	var out []*ciPipeline
	for _, f := range files {
		docs := ciYAMLDocs(t, f)
		if len(docs) == 0 || deref(docs[0]).Kind != yaml.MappingNode {
			continue
		}
		p := ciGitHubWorkflow(t, f, docs[0])
		byPath[f] = p
		out = append(out, p)
	}
	called := map[string]bool{}
	for _, p := range out {
		for _, j := range p.Jobs {
			ciGitHubExpandCall(j, byPath, called, 0)
		}
	}
	for _, p := range out {
		tr := p.Triggers
		if tr.Call && !tr.onChanges() && !tr.Schedule && !tr.Manual {
			p.Library = true
		}
	}
	return out
}

// ciGitHubExpandCall copies the jobs of a called local reusable workflow
// into the calling job.
func ciGitHubExpandCall(j *ciJob, byPath map[string]*ciPipeline, called map[string]bool, depth int) {
	if j.Reusable == "" || !strings.HasPrefix(j.Reusable, "./") || depth > 3 {
		return
	}
	callee := byPath[path.Clean(strings.TrimPrefix(j.Reusable, "./"))]
	if callee == nil {
		return
	}
	called[callee.Path] = true
	for _, cj := range callee.Jobs {
		ciGitHubExpandCall(cj, byPath, called, depth+1)
		j.Steps = append(j.Steps, cj.Steps...)
		for _, e := range cj.Envs {
			// environment: ${{ inputs.environment }} takes the caller's value
			name := ciInputRef.ReplaceAllStringFunc(e.Name, func(ref string) string {
				if v, ok := j.Inputs[ciInputRef.FindStringSubmatch(ref)[1]]; ok {
					return v
				}
				return ref
			})
			if name != e.Name {
				e = ciEnv{Name: name, Path: j.Path, Line: j.Line}
			}
			j.Envs = append(j.Envs, e)
		}
		j.Ephemeral = j.Ephemeral || cj.Ephemeral
		if cj.Manual && !j.Manual {
			j.Manual, j.Gate = true, cj.Gate
		}
	}
}

func ciGitHubWorkflow(t *Tree, f string, doc *yaml.Node) *ciPipeline {
	p := &ciPipeline{Path: f, System: "GitHub Actions", Name: ciOr(str(doc, "name"), ciFileBase(f)), Line: 1}
	on := get(doc, "on")
	if on == nil {
		on = get(doc, "true") // YAML 1.1 readers turn `on` into true
	}
	p.Triggers = ciGitHubTriggers(on)
	p.Triggers.Line = ciKeyLine(doc, "on")
	pairs(get(doc, "jobs"), func(name string, k, v *yaml.Node) {
		if v == nil || v.Kind != yaml.MappingNode {
			return
		}
		j := ciGitHubJob(t, p, f, name, k, v)
		p.Jobs = append(p.Jobs, j)
	})
	return p
}

// ciGitHubTriggers reads the `on:` of a workflow.
func ciGitHubTriggers(on *yaml.Node) ciTriggers {
	var tr ciTriggers
	event := func(name string, cfg *yaml.Node) {
		switch name {
		case "push":
			branches := ciStrings(get(cfg, "branches"))
			for _, b := range ciStrings(get(cfg, "branches-ignore")) {
				branches = append(branches, "!"+b)
			}
			tags := get(cfg, "tags") != nil || get(cfg, "tags-ignore") != nil
			if tags {
				tr.Tags = true
			}
			if tags && len(branches) == 0 {
				return // only tag pushes
			}
			tr.Push = true
			tr.Branches = ciAddUnique(tr.Branches, branches...)
		case "pull_request", "pull_request_target", "merge_group":
			tr.PR = true
		case "schedule":
			tr.Schedule = true
		case "workflow_dispatch", "repository_dispatch":
			tr.Manual = true
		case "workflow_call":
			tr.Call = true
		case "release", "create":
			tr.Tags = true
		case "workflow_run":
			// runs after another workflow, on the branches it lists
			tr.Push = true
			tr.Branches = ciAddUnique(tr.Branches, ciStrings(get(cfg, "branches"))...)
		}
	}
	on = deref(on)
	if on == nil {
		return tr
	}
	switch on.Kind {
	case yaml.ScalarNode:
		event(on.Value, nil)
	case yaml.SequenceNode:
		for _, e := range ciStrings(on) {
			event(e, nil)
		}
	case yaml.MappingNode:
		pairs(on, func(name string, _, v *yaml.Node) { event(name, v) })
	}
	return tr
}

var ciGitHubApproval = regexp.MustCompile(`(?i)(manual-approval|approval-action|wait-for-approval)`)

func ciGitHubJob(t *Tree, p *ciPipeline, f, name string, k, v *yaml.Node) *ciJob {
	j := &ciJob{Name: ciOr(name, str(v, "name")), Path: f, Line: k.Line}
	j.Needs = ciStrings(get(v, "needs"))
	j.Cond = ciParseCond(str(v, "if"))
	if uses := str(v, "uses"); uses != "" {
		j.Reusable = uses
		ext := !strings.HasPrefix(uses, "./")
		p.Refs = append(p.Refs, ciRef{Path: f, Line: ciKeyLine(v, "uses"), Text: uses, External: ext, Kind: "workflow"})
		j.Inputs = map[string]string{}
		pairs(get(v, "with"), func(k string, _, val *yaml.Node) {
			if val != nil && val.Kind == yaml.ScalarNode {
				j.Inputs[k] = val.Value
			}
		})
		if ext {
			// what an external workflow does is known only by its name
			j.Steps = append(j.Steps, ciStep{Path: f, Line: ciKeyLine(v, "uses"), Kind: ciUses, Text: ciGitHubWorkflowName(uses)})
		}
	}
	j.Envs = ciGitHubEnvs(f, v)
	j.Steps = append(j.Steps, ciImageStep(f, get(v, "container"))...)
	pairs(get(v, "services"), func(_ string, _, sv *yaml.Node) {
		j.Steps = append(j.Steps, ciImageStep(f, sv)...)
	})
	for _, s := range items(get(v, "steps")) {
		steps := ciGitHubStep(t, f, s, 0)
		if get(s, "run") != nil {
			steps = ciExpandEnv(steps, ciGitHubEnvValues(v, s))
		}
		j.Steps = append(j.Steps, steps...)
	}
	for _, s := range j.Steps {
		if s.Kind == ciUses && ciGitHubApproval.MatchString(s.Text) {
			j.Manual, j.Gate = true, "a manual approval step"
		}
	}
	return j
}

// ciGitHubEnvValues returns the values each environment variable of a
// run step can take: the step's env over the job's and the workflow's,
// with matrix references expanded to every value the matrix gives. A
// variable whose value is another expression is left out.
func ciGitHubEnvValues(job, step *yaml.Node) map[string][]string {
	out := map[string][]string{}
	matrix := get(job, "strategy", "matrix")
	for _, env := range []*yaml.Node{get(job, "env"), get(step, "env")} {
		pairs(env, func(k string, _, v *yaml.Node) {
			if v == nil || v.Kind != yaml.ScalarNode {
				return
			}
			m := ciMatrixPathRef.FindStringSubmatch(v.Value)
			switch {
			case m != nil && strings.TrimSpace(v.Value) == m[0]:
				out[k] = ciMatrixPathValues(matrix, m[1])
			case !strings.Contains(v.Value, "${{"):
				out[k] = []string{v.Value}
			default:
				delete(out, k)
			}
		})
	}
	return out
}

// ciMatrixPathRef matches ${{ matrix.a }} and ${{ matrix.a.b }}.
var ciMatrixPathRef = regexp.MustCompile(`\$\{\{\s*matrix\.([\w.-]+)\s*\}\}`)

// ciMatrixPathValues returns the values of a matrix key, following a dotted
// path into matrix entries that are mappings ({id: x, command: test}).
func ciMatrixPathValues(matrix *yaml.Node, dotted string) []string {
	parts := strings.Split(dotted, ".")
	if len(parts) == 1 {
		return ciMatrixValues(matrix, parts[0])
	}
	var vals []string
	lists := items(get(matrix, parts[0]))
	for _, inc := range items(get(matrix, "include")) {
		if e := get(inc, parts[0]); e != nil {
			lists = append(lists, e)
		}
	}
	for _, e := range lists {
		if s := str(e, parts[1:]...); s != "" {
			vals = ciAddUnique(vals, s)
		}
	}
	return vals
}

// ciExpandEnv rewrites run steps that use $VAR or ${VAR} into one step per
// value the variable can take, so that "bin/rails $TEST_COMMAND" with a
// matrix of commands reads as the commands it runs. At most 8 values are
// followed per variable.
func ciExpandEnv(steps []ciStep, env map[string][]string) []ciStep {
	if len(env) == 0 {
		return steps
	}
	var out []ciStep
	for _, st := range steps {
		texts := []string{st.Text}
		for k, vals := range env {
			// $K must end at a word boundary: $TEST is not $TEST_DIR.
			ref := regexp.MustCompile(`\$(\{` + regexp.QuoteMeta(k) + `\}|` + regexp.QuoteMeta(k) + `\b)`)
			if len(vals) == 0 || !ref.MatchString(st.Text) {
				continue
			}
			var next []string
			for _, t := range texts {
				for _, v := range vals[:min(len(vals), 8)] {
					next = append(next, ref.ReplaceAllLiteralString(t, v))
				}
			}
			texts = next
		}
		for _, t := range texts {
			c := st
			c.Text = t
			out = append(out, c)
		}
	}
	return out
}

// ciGitHubWorkflowName turns org/repo/.github/workflows/deploy.yml@v1 into
// a name to classify: deploy.
func ciGitHubWorkflowName(uses string) string {
	u, _, _ := strings.Cut(uses, "@")
	return ciFileBase(u)
}

// ciGitHubEnvs reads a job's environment, expanding a matrix variable.
func ciGitHubEnvs(f string, v *yaml.Node) []ciEnv {
	env := get(v, "environment")
	if env == nil {
		return nil
	}
	name := ""
	if env.Kind == yaml.ScalarNode {
		name = env.Value
	} else {
		name = str(env, "name")
	}
	if name == "" {
		return nil
	}
	if m := ciMatrixRef.FindStringSubmatch(name); m != nil {
		var out []ciEnv
		for _, val := range ciMatrixValues(get(v, "strategy", "matrix"), m[1]) {
			out = append(out, ciEnv{Name: strings.Replace(name, m[0], val, 1), Path: f, Line: env.Line})
		}
		return out
	}
	return []ciEnv{{Name: name, Path: f, Line: env.Line}}
}

var ciInputRef = regexp.MustCompile(`\$\{\{\s*inputs\.([\w-]+)\s*\}\}`)

var ciMatrixRef = regexp.MustCompile(`\$\{\{\s*matrix\.([\w-]+)\s*\}\}`)

// ciMatrixValues returns the values a matrix gives one variable, from its
// list and its include entries.
func ciMatrixValues(matrix *yaml.Node, key string) []string {
	vals := ciStrings(get(matrix, key))
	for _, inc := range items(get(matrix, "include")) {
		if s := str(inc, key); s != "" {
			vals = ciAddUnique(vals, s)
		}
	}
	return vals
}

// ciGitHubStep turns one step into model steps; local composite actions
// are read and their steps returned instead.
func ciGitHubStep(t *Tree, f string, s *yaml.Node, depth int) []ciStep {
	cond := ciParseCond(str(s, "if"))
	if run := get(s, "run"); run != nil {
		return ciRunSteps(f, run, cond)
	}
	uses := get(s, "uses")
	if uses == nil || uses.Kind != yaml.ScalarNode || uses.Value == "" {
		return nil
	}
	ref := uses.Value
	if strings.HasPrefix(ref, "./") {
		if steps, ok := ciGitHubComposite(t, ref, depth); ok {
			for i := range steps {
				steps[i].Cond = steps[i].Cond.merge(cond)
			}
			return steps
		}
	}
	out := []ciStep{{Path: f, Line: uses.Line, Kind: ciUses, Text: ref, Cond: cond}}
	return append(out, ciGitHubWrapped(f, ciUsesRef(ref), uses.Line, get(s, "with"), cond)...)
}

// ciGitHubComposite reads a local composite action's steps.
func ciGitHubComposite(t *Tree, ref string, depth int) ([]ciStep, bool) {
	if depth > 3 {
		return nil, false
	}
	dir := path.Clean(strings.TrimPrefix(ref, "./"))
	for _, name := range []string{"action.yml", "action.yaml"} {
		ap := path.Join(dir, name)
		if !t.Has(ap) {
			continue
		}
		docs := ciYAMLDocs(t, ap)
		if len(docs) == 0 {
			return nil, false
		}
		var out []ciStep
		for _, s := range items(get(docs[0], "runs", "steps")) {
			out = append(out, ciGitHubStep(t, ap, s, depth+1)...)
		}
		if img := str(docs[0], "runs", "image"); img != "" {
			out = append(out, ciStep{Path: ap, Line: get(docs[0], "runs", "image").Line, Kind: ciImage, Text: img})
		}
		return out, true
	}
	return nil, false
}

// ciGitHubWrapped turns the inputs of actions that wrap a command line tool
// into that command, so one rule set reads both.
func ciGitHubWrapped(f, ref string, line int, with *yaml.Node, cond ciCond) []ciStep {
	arg := func(keys ...string) (string, int) {
		for _, k := range keys {
			if n := get(with, k); n != nil && n.Kind == yaml.ScalarNode {
				return n.Value, n.Line
			}
		}
		return "", line
	}
	mk := func(text string, line int) []ciStep {
		return []ciStep{{Path: f, Line: line, Kind: ciRun, Text: text, Cond: cond}}
	}
	switch {
	case strings.HasPrefix(ref, "gradle/gradle-build-action"):
		if a, l := arg("arguments"); a != "" {
			return mk("gradle "+a, l)
		}
	case ref == "actions-rs/cargo":
		if a, l := arg("command"); a != "" {
			extra, _ := arg("args")
			return mk("cargo "+a+" "+extra, l)
		}
	case ref == "pulumi/actions":
		if a, l := arg("command"); a != "" {
			return mk("pulumi "+a, l)
		}
	case ref == "serverless/github-action", ref == "superfly/flyctl-actions", ref == "superfly/flyctl-actions/setup-flyctl":
		if a, l := arg("args"); a != "" {
			tool := "serverless "
			if strings.Contains(ref, "fly") {
				tool = "flyctl "
			}
			return mk(tool+a, l)
		}
	case ref == "dflook/terraform-apply":
		return mk("terraform apply -auto-approve", line)
	case strings.HasPrefix(ref, "azure/cli"), strings.HasPrefix(ref, "azure/powershell"), ref == "appleboy/ssh-action":
		if n := get(with, "inlineScript"); n != nil {
			return ciRunSteps(f, n, cond)
		}
		if n := get(with, "script"); n != nil {
			return ciRunSteps(f, n, cond)
		}
	}
	return nil
}
