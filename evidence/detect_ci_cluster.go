package evidence

import (
	"path"
	"strings"

	"go.yaml.in/yaml/v4"
)

// Pipelines that run inside a cluster: Tekton (Pipeline, Task,
// PipelineRun) and Argo Workflows (Workflow, WorkflowTemplate,
// CronWorkflow). They are Kubernetes objects that may sit anywhere, so only
// YAML files whose path names them are read.

func init() {
	ciParsers = append(ciParsers,
		ciParser{system: "Tekton", match: ciIsTekton, parse: ciParseTekton},
		ciParser{system: "Argo Workflows", match: ciIsArgoWorkflow, parse: ciParseArgo},
	)
}

func ciIsTekton(p string) bool {
	return ciYAMLExt(p) && strings.Contains(strings.ToLower(p), "tekton")
}

func ciIsArgoWorkflow(p string) bool {
	lp := strings.ToLower(p)
	return ciYAMLExt(p) && !strings.HasPrefix(p, ".github/") && (strings.Contains(lp, "argo") || strings.Contains(lp, "workflow"))
}

// ciParseTekton makes one pipeline per Pipeline object (or PipelineRun
// with an inline spec); its tasks are jobs whose steps come from the
// Task objects found in the same candidate files.
func ciParseTekton(t *Tree, files []string) []*ciPipeline {
	tasks := map[string]*yaml.Node{}
	type obj struct {
		f   string
		doc *yaml.Node
	}
	var pipes []obj
	for _, f := range files {
		for _, doc := range ciYAMLDocs(t, f) {
			api, kind := k8sKind(doc)
			if !strings.HasPrefix(api, "tekton.dev/") {
				continue
			}
			switch kind {
			case "Task", "ClusterTask":
				tasks[str(doc, "metadata", "name")] = doc
			case "Pipeline":
				pipes = append(pipes, obj{f, doc})
			case "PipelineRun":
				if get(doc, "spec", "pipelineSpec") != nil {
					pipes = append(pipes, obj{f, doc})
				}
			}
		}
	}
	var out []*ciPipeline
	for _, o := range pipes {
		spec := get(o.doc, "spec")
		if ps := get(spec, "pipelineSpec"); ps != nil {
			spec = ps
		}
		name := ciOr(str(o.doc, "metadata", "name"), str(o.doc, "metadata", "generateName"))
		p := &ciPipeline{Path: o.f, System: "Tekton", Name: name, Line: o.doc.Line, Triggers: ciTektonTriggers(o.doc)}
		for _, key := range []string{"tasks", "finally"} {
			for _, tn := range items(get(spec, key)) {
				j := &ciJob{Name: str(tn, "name"), Path: o.f, Line: tn.Line, Needs: ciStrings(get(tn, "runAfter"))}
				ts := get(tn, "taskSpec")
				if ref := str(tn, "taskRef", "name"); ref != "" {
					if def := tasks[ref]; def != nil {
						ts = get(def, "spec")
					} else {
						j.Steps = append(j.Steps, ciStep{Path: o.f, Line: get(tn, "taskRef").Line, Kind: ciUses, Text: ref})
					}
				}
				j.Steps = append(j.Steps, ciContainerSteps(o.f, items(get(ts, "steps")))...)
				p.Jobs = append(p.Jobs, j)
			}
		}
		out = append(out, p)
	}
	return out
}

// ciTektonTriggers reads Pipelines-as-Code annotations; without them a
// pipeline runs when an event listener or another system starts it.
func ciTektonTriggers(doc *yaml.Node) ciTriggers {
	ann := get(doc, "metadata", "annotations")
	events := str(ann, "pipelinesascode.tekton.dev/on-event")
	if events == "" {
		return ciTriggers{Implicit: true}
	}
	var tr ciTriggers
	if strings.Contains(events, "push") {
		tr.Push = true
	}
	if strings.Contains(events, "pull_request") {
		tr.PR = true
	}
	for _, b := range strings.Split(strings.Trim(str(ann, "pipelinesascode.tekton.dev/on-target-branch"), "[] "), ",") {
		if b = strings.TrimSpace(b); b != "" {
			tr.Branches = append(tr.Branches, b)
		}
	}
	return tr
}

// ciContainerSteps reads container steps: image, command, args, script.
func ciContainerSteps(f string, steps []*yaml.Node) []ciStep {
	var out []ciStep
	for _, s := range steps {
		out = append(out, ciImageStep(f, get(s, "image"))...)
		if sc := get(s, "script"); sc != nil {
			out = append(out, ciRunSteps(f, sc, ciCond{})...)
		}
		if src := get(s, "source"); src != nil {
			out = append(out, ciRunSteps(f, src, ciCond{})...)
		}
		cmd := append(ciStrings(get(s, "command")), ciStrings(get(s, "args"))...)
		if get(s, "command") == nil && len(cmd) > 0 {
			// no command: the image's entrypoint runs with the args
			if img := str(s, "image"); img != "" {
				cmd = append([]string{ciToolWords([]string{ciUsesRef(img)})[0]}, cmd...)
			}
		}
		if len(cmd) > 0 {
			line := s.Line
			if c := get(s, "command"); c != nil {
				line = c.Line
			}
			text := strings.Join(cmd, " ")
			if len(cmd) >= 2 && (cmd[0] == "sh" || cmd[0] == "bash" || cmd[0] == "/bin/sh" || cmd[0] == "/bin/bash") && strings.HasPrefix(cmd[1], "-") && len(cmd) >= 3 {
				text = strings.Join(cmd[2:], " ")
			}
			out = append(out, ciRunSteps(f, &yaml.Node{Kind: yaml.ScalarNode, Value: text, Line: line}, ciCond{})...)
		}
	}
	return out
}

// ciParseArgo reads Argo Workflows: each template that runs a container or
// script is a job; DAG dependencies and step order become needs; a suspend
// template is a manual gate.
func ciParseArgo(t *Tree, files []string) []*ciPipeline {
	var out []*ciPipeline
	for _, f := range files {
		for _, doc := range ciYAMLDocs(t, f) {
			api, kind := k8sKind(doc)
			if !strings.HasPrefix(api, "argoproj.io/") {
				continue
			}
			spec := get(doc, "spec")
			var tr ciTriggers
			switch kind {
			case "Workflow", "WorkflowTemplate", "ClusterWorkflowTemplate":
			case "CronWorkflow":
				spec = get(spec, "workflowSpec")
				tr.Schedule = true
			default:
				continue
			}
			name := ciOr(str(doc, "metadata", "name"), ciOr(str(doc, "metadata", "generateName"), path.Base(f)))
			p := &ciPipeline{Path: f, System: "Argo Workflows", Name: name, Line: doc.Line, Triggers: tr}
			ciArgoTemplates(p, f, spec)
			out = append(out, p)
		}
	}
	return out
}

func ciArgoTemplates(p *ciPipeline, f string, spec *yaml.Node) {
	needs := map[string][]string{} // template → templates it runs after
	for _, tpl := range items(get(spec, "templates")) {
		for _, task := range items(get(tpl, "dag", "tasks")) {
			var deps []string
			for _, d := range ciStrings(get(task, "dependencies")) {
				for _, other := range items(get(tpl, "dag", "tasks")) {
					if str(other, "name") == d {
						deps = append(deps, str(other, "template"))
					}
				}
			}
			needs[str(task, "template")] = append(needs[str(task, "template")], deps...)
		}
		var prev []string
		for _, group := range items(get(tpl, "steps")) {
			var cur []string
			for _, st := range items(group) {
				needs[str(st, "template")] = append(needs[str(st, "template")], prev...)
				cur = append(cur, str(st, "template"))
			}
			prev = cur
		}
	}
	for _, tpl := range items(get(spec, "templates")) {
		name := str(tpl, "name")
		j := &ciJob{Name: name, Path: f, Line: tpl.Line, Needs: needs[name]}
		if c := get(tpl, "container"); c != nil {
			j.Steps = ciContainerSteps(f, []*yaml.Node{c})
		}
		if s := get(tpl, "script"); s != nil {
			j.Steps = append(j.Steps, ciContainerSteps(f, []*yaml.Node{s})...)
		}
		if get(tpl, "suspend") != nil {
			j.Manual, j.Gate = true, "a suspend step"
		}
		if len(j.Steps) > 0 || j.Manual {
			p.Jobs = append(p.Jobs, j)
		}
	}
}
