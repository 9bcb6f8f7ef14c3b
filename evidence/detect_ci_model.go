package evidence

import (
	"path"
	"regexp"
	"sort"
	"strings"
)

// The pipeline model: every CI system the scanner knows is parsed into the
// same small structure, once per tree, so that the CI detectors (and other
// families) ask questions such as "which job deploys, on which branch, after
// which test job" without knowing any system's syntax.
//
// For other families:
//   - ciModelOf(t) returns the cached model; m.active() the pipelines that run
//     on their own (reusable workflows and templates are folded into callers).
//   - Each ciJob has Steps (run lines, reused actions/tasks/orbs, images) whose
//     Tools say what they do (kinds ciKTest, ciKLint, ciKSecurity, ciKPolicy,
//     ciKDeploy, ciKBuild, ciKImage, ciKDocs, ciKVerify, ciKRollback).
//   - ciFind(m, kind) lists the steps doing a kind; ciDeploys(m) the deploy
//     jobs; ciDeployStatus(t, d) whether one runs on merges without a person;
//     ciDeployAfterMerge(t) the proof the history family needs (OPS06-BP06).
//   - ciLineTools(t, line, 0, map[string]bool{}) classifies any shell line,
//     following make targets, package.json scripts and repository scripts.
//   - p.upstream(j), p.gate(j), p.stepOnDefaultBranch(t, j, s) answer
//     ordering, manual-gate and branch questions; ciTier names environments.

// ciStep is one thing a job does: a shell command line, a reused action,
// task, orb command or pipe, or an image it runs in.
type ciStep struct {
	Path string // file the step is written in (a template may differ from the pipeline's)
	Line int
	Kind string // ciRun, ciUses or ciImage
	Text string // the command line, or the reference (actions/checkout@v4, AzureCLI@2)
	// Cond is the step's own condition (a step-level if:).
	Cond ciCond
	// Tools is what the step does, filled in when the model is built.
	Tools []ciTool
}

// ciCond is what a condition (if, rules, only, when, filters, condition)
// says about when something runs.
type ciCond struct {
	// Branches limits a run to pushes of these branches; "$default" is the
	// repository's default branch. Empty means no limit found.
	Branches   []string
	TagsOnly   bool // only for tags or releases
	PROnly     bool // only for pull or merge requests
	Schedule   bool // only on a schedule
	ManualOnly bool // only when a person starts it
	OnFailure  bool // only when something before it failed
}

func (c ciCond) merge(o ciCond) ciCond {
	c.Branches = ciAddUnique(c.Branches, o.Branches...)
	c.TagsOnly = c.TagsOnly || o.TagsOnly
	c.PROnly = c.PROnly || o.PROnly
	c.Schedule = c.Schedule || o.Schedule
	c.ManualOnly = c.ManualOnly || o.ManualOnly
	c.OnFailure = c.OnFailure || o.OnFailure
	return c
}

// Step kinds.
const (
	ciRun   = "run"   // a shell command line
	ciUses  = "uses"  // a reused action, task, orb command, pipe, plugin or step function
	ciImage = "image" // a container image the job runs in
)

// ciEnv is a deployment environment a job targets.
type ciEnv struct {
	Name string
	Path string
	Line int
}

// ciJob is one unit of work: a GitHub job, a GitLab job, a Jenkins stage, a
// CircleCI workflow job, an Azure job, a Buildkite or Bitbucket step…
type ciJob struct {
	Name  string
	Path  string
	Line  int
	Stage string
	Steps []ciStep
	// Needs are jobs that must succeed first and whose manual gates hold this
	// job back (needs, requires, dependsOn, sequential stages).
	Needs []string
	// After are jobs that run earlier without gating (GitLab stage order).
	After []string
	// Cond is when the job runs (from if, rules, only, when, filters,
	// condition).
	Cond    ciCond
	Manual  bool   // waits for a person: when: manual, approval, input, block
	Gate    string // what the manual gate is, for summaries
	Envs    []ciEnv
	Context []string // CircleCI contexts
	// Reusable names a reusable workflow or template the job calls.
	Reusable string
	// Inputs are the values a job passes to the reusable workflow it calls.
	Inputs map[string]string
	// Ephemeral: the job starts a throwaway cluster or cloud emulator
	// (kind, minikube, k3d, LocalStack), so what it deploys is a test.
	Ephemeral bool
}

// ciTriggers says when a pipeline runs.
type ciTriggers struct {
	Push     bool
	Branches []string // push branches; empty means every branch
	Tags     bool
	PR       bool
	Schedule bool
	Manual   bool // workflow_dispatch, custom pipelines, promote
	Call     bool // only runs when another pipeline calls it (workflow_call)
	// Implicit: the system runs the file on pushes as configured outside it
	// (Jenkins multibranch jobs, CodeBuild projects, GitLab's default).
	Implicit bool
	Line     int
}

// onChanges reports whether the pipeline runs when code changes (a push, a
// pull request, or a system that builds every push by default).
func (tr ciTriggers) onChanges() bool { return tr.Push || tr.PR || tr.Implicit }

// ciRef is a template, include or reusable workflow a pipeline pulls in.
type ciRef struct {
	Path     string
	Line     int
	Text     string // as written: org/repo/.github/workflows/x.yml@v1, project: group/ci
	External bool   // from another repository or a remote catalogue
	Kind     string // "workflow", "include", "template", "library", "orb"
}

// ciPipeline is one pipeline definition.
type ciPipeline struct {
	Path     string
	System   string // "GitHub Actions", "GitLab CI", …
	Name     string
	Line     int
	Triggers ciTriggers
	Jobs     []*ciJob
	Refs     []ciRef
	// Library marks a file that only other pipelines call (a reusable
	// workflow, a composite action, a template): its jobs are counted
	// through the callers.
	Library bool
}

// job returns the pipeline's job with the given name.
func (p *ciPipeline) job(name string) *ciJob {
	for _, j := range p.Jobs {
		if j.Name == name {
			return j
		}
	}
	return nil
}

// upstream returns the jobs that run before j (transitively), following
// both hard dependencies and stage order, without j itself.
func (p *ciPipeline) upstream(j *ciJob) []*ciJob {
	return p.closure(j, true)
}

// closure walks dependencies from j; soft includes After edges.
func (p *ciPipeline) closure(j *ciJob, soft bool) []*ciJob {
	seen := map[*ciJob]bool{j: true}
	var out []*ciJob
	queue := []*ciJob{j}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		deps := c.Needs
		if soft {
			deps = append(append([]string(nil), c.Needs...), c.After...)
		}
		for _, n := range deps {
			d := p.job(n)
			if d == nil || seen[d] {
				continue
			}
			seen[d] = true
			out = append(out, d)
			queue = append(queue, d)
		}
	}
	return out
}

// gate returns the manual gate that holds j back: its own, or one of the
// jobs it hard-depends on. Empty when the job runs without a person.
func (p *ciPipeline) gate(j *ciJob) string {
	if j.Manual {
		return ciOr(j.Gate, "a manual step")
	}
	for _, d := range p.closure(j, false) {
		if d.Manual {
			return ciOr(d.Gate, "a manual step") + " in " + d.Name
		}
	}
	return ""
}

func ciOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// ciModel is the parsed CI of one tree.
type ciModel struct {
	Pipelines []*ciPipeline
}

// ciParser turns the candidate files of one system into pipelines.
type ciParser struct {
	system string
	match  func(p string) bool
	parse  func(t *Tree, files []string) []*ciPipeline
}

// ciParsers lists every system; each system's file registers its parser.
var ciParsers []ciParser

// ciModelOf returns the tree's pipeline model, built once however many
// detectors ask.
func ciModelOf(t *Tree) *ciModel { return memo(t, "ci:model", ciBuildModel) }

func ciBuildModel(t *Tree) *ciModel {
	m := &ciModel{}
	for _, cp := range ciParsers {
		files := t.Match(cp.match)
		if len(files) == 0 {
			continue
		}
		for _, p := range cp.parse(t, files) {
			if p != nil {
				m.Pipelines = append(m.Pipelines, p)
			}
		}
	}
	for _, p := range m.Pipelines {
		for _, j := range p.Jobs {
			for i := range j.Steps {
				j.Steps[i].Tools = ciStepTools(t, j.Steps[i])
				if ciEphemeralStep(j.Steps[i]) {
					j.Ephemeral = true
				}
			}
		}
	}
	sort.SliceStable(m.Pipelines, func(i, j int) bool { return m.Pipelines[i].Path < m.Pipelines[j].Path })
	return m
}

// active returns the pipelines that run on their own (not library files).
func (m *ciModel) active() []*ciPipeline {
	var out []*ciPipeline
	for _, p := range m.Pipelines {
		if !p.Library {
			out = append(out, p)
		}
	}
	return out
}

// ciDefaultBranches are the names taken for the default branch; the
// checked-out branch of the scanned clone is added.
var ciDefaultBranches = []string{"main", "master", "trunk", "$default"}

// stepOnDefaultBranch reports whether step s of job j runs on pushes to
// the default branch, and names that branch.
func (p *ciPipeline) stepOnDefaultBranch(t *Tree, j *ciJob, s ciStep) (string, bool) {
	tr := p.Triggers
	c := j.Cond.merge(s.Cond)
	if !(tr.Push || tr.Implicit) || c.TagsOnly || c.PROnly || c.Schedule || c.ManualOnly {
		return "", false
	}
	defaults := append([]string(nil), ciDefaultBranches...)
	if t != nil && t.Branch != "" {
		defaults = append(defaults, t.Branch)
	}
	pipeOK, pname := ciBranchAllows(tr.Branches, defaults)
	jobOK, jname := ciBranchAllows(j.Cond.Branches, defaults)
	stepOK, sname := ciBranchAllows(s.Cond.Branches, defaults)
	if !pipeOK || !jobOK || !stepOK {
		return "", false
	}
	name := ciOr(sname, ciOr(jname, pname))
	if name == "" || name == "$default" {
		name = "the default branch"
	}
	return name, true
}

// ciBranchAllows reports whether a branch filter lets one of the default
// names through, and which. An empty filter allows all; entries starting
// with "!" exclude.
func ciBranchAllows(filter, defaults []string) (bool, string) {
	if len(filter) == 0 {
		return true, ""
	}
	var pos, neg []string
	for _, f := range filter {
		if strings.HasPrefix(f, "!") {
			neg = append(neg, f[1:])
		} else {
			pos = append(pos, f)
		}
	}
	for _, n := range neg {
		for _, d := range defaults {
			if ciGlob(n, d) {
				return false, "" // the default branch is excluded
			}
		}
	}
	for _, d := range defaults {
		if len(pos) == 0 {
			return true, ""
		}
		for _, f := range pos {
			if ciGlob(f, d) {
				return true, d
			}
		}
	}
	return false, ""
}

// ciGlob matches a branch filter (glob or plain name, /regex/ as in GitLab)
// against a branch name.
func ciGlob(pattern, name string) bool {
	pattern = strings.TrimPrefix(pattern, "refs/heads/")
	if pattern == name || pattern == "*" || pattern == "**" {
		return true
	}
	if strings.HasPrefix(pattern, "/") && strings.HasSuffix(pattern, "/") && len(pattern) > 2 {
		inner := strings.Trim(pattern[1:len(pattern)-1], "^$")
		return inner == name
	}
	ok, err := path.Match(strings.ReplaceAll(pattern, "**", "*"), name)
	return err == nil && ok
}

// when says when a pipeline runs, as a phrase for summaries: "on pushes
// to main and pull requests".
func (tr ciTriggers) when() string {
	var parts []string
	if tr.Push {
		if len(tr.Branches) > 0 {
			parts = append(parts, "pushes to "+ciBranchList(tr.Branches))
		} else {
			parts = append(parts, "pushes")
		}
	}
	if tr.PR {
		parts = append(parts, "pull requests")
	}
	if tr.Tags {
		parts = append(parts, "tags")
	}
	if tr.Schedule {
		parts = append(parts, "a schedule")
	}
	if tr.Manual {
		parts = append(parts, "manual runs")
	}
	if len(parts) > 0 {
		return "on " + ciJoin(parts)
	}
	switch {
	case tr.Implicit:
		return "whenever its CI service starts a build"
	case tr.Call:
		return "when other workflows call it"
	}
	return "when started from outside the repository"
}

// ciJoin joins words as English: "a, b and c".
func ciJoin(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// ciAddUnique appends s when not present.
func ciAddUnique(list []string, s ...string) []string {
	for _, x := range s {
		found := false
		for _, y := range list {
			if x == y {
				found = true
				break
			}
		}
		if !found && x != "" {
			list = append(list, x)
		}
	}
	return list
}

// ciEphemeralRun and ciEphemeralRef recognise steps that start a throwaway
// cluster or cloud emulator for tests.
var (
	ciEphemeralRun = regexp.MustCompile(`^(kind create cluster|minikube start|k3d cluster create|ctlptl (create|apply)|localstack start|microk8s|k3s server|tflocal|cdklocal|samlocal|awslocal)\b`)
	ciEphemeralRef = regexp.MustCompile(`(^helm/kind-action|^engineerd/setup-kind|^medyagh/setup-minikube|^manusa/actions-setup-minikube|^absaoss/k3d-action|^nolar/setup-k3d-k3s|^localstack/setup-localstack|^container-tools/kind-action|localstack/localstack|kindest/node|rancher/k3s)`)
)

// ciEphemeralStep reports whether a step starts a throwaway environment.
func ciEphemeralStep(s ciStep) bool {
	switch s.Kind {
	case ciRun:
		for _, seg := range ciSegments(s.Text) {
			if ciEphemeralRun.MatchString(strings.Join(ciNormalize(seg), " ")) {
				return true
			}
		}
	case ciUses, ciImage:
		return ciEphemeralRef.MatchString(ciUsesRef(s.Text))
	}
	return false
}
