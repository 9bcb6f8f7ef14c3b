package evidence

import (
	"strings"

	"go.yaml.in/yaml/v4"
)

// Accessors of one object of the Kubernetes model (detect_k8s_model.go):
// its group and kind, its values with Helm placeholders resolved, whether
// a templated key or block is rendered with the chart's values, and its
// pod template.

// Group returns the API group ("" for the core group).
func (o *k8sObject) Group() string {
	g, _, found := strings.Cut(o.APIVersion, "/")
	if !found {
		return ""
	}
	return g
}

// Is reports whether the object has the kind and its group ends with group
// ("argoproj.io", "toolkit.fluxcd.io"; "" matches the core group only,
// "*" any group).
func (o *k8sObject) Is(group, kind string) bool {
	if o.Kind != kind {
		return false
	}
	g := o.Group()
	switch group {
	case "*":
		return true
	case "":
		return g == ""
	}
	return g == group || strings.HasSuffix(g, "."+group)
}

// Counts reports whether the object is the workload's own configuration:
// not a sample, a test manifest, a patch fragment or a generated bundle.
func (o *k8sObject) Counts() bool { return !o.Incidental && !o.Patch && !o.Bundle }

// Ref names the object for a summary: Deployment "api", Deployment of
// chart "api" when a template's name is templated, or Deployment in
// deploy.yaml.
func (o *k8sObject) Ref() string { return o.Kind + " " + k8sName(o) }

// Active reports whether a node of a template is rendered: the if/with
// blocks around its line, beyond those around the whole object, are
// entered with the chart's values (default or any environment). Nodes of
// manifests are always active.
func (o *k8sObject) Active(n *yaml.Node) bool {
	if o.tpl == nil || o.Chart == nil || n == nil || n.Line < 1 || n.Line > len(o.tpl.Conds) {
		return true
	}
	c := o.tpl.Conds[n.Line-1]
	if len(c) <= len(o.Conditions) {
		return true
	}
	on, _ := o.Chart.enabled(c)
	return on
}

// Text returns a scalar's value, with template placeholders resolved from
// the chart's default values where they are plain .Values references. An
// unresolved placeholder stays in the text (see k8sTemplated).
func (o *k8sObject) Text(n *yaml.Node) string {
	n = deref(n)
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	if o.tpl == nil || !k8sTemplated(n.Value) {
		return n.Value
	}
	return k8sTplPlaceholder.ReplaceAllStringFunc(n.Value, func(ph string) string {
		idx := 0
		for _, c := range ph[len("__TPL") : len(ph)-2] {
			idx = idx*10 + int(c-'0')
		}
		if idx >= len(o.tpl.Actions) || o.Chart == nil {
			return ph
		}
		if v, ok := o.Chart.resolve(o.tpl.Actions[idx]); ok {
			return v
		}
		return ph
	})
}

// Str is str(o.Node, keys...) with placeholders resolved (see Text).
func (o *k8sObject) Str(keys ...string) string { return o.Text(get(o.Node, keys...)) }

// KeyLine is the line of a key under the object, or the object's line.
func (o *k8sObject) KeyLine(keys ...string) int {
	if l := k8sKeyLine(o.Node, keys...); l > 0 {
		return l
	}
	return o.Line
}

// Enabled reports whether a templated object is rendered with the chart's
// values: true for manifests and unconditional templates; for templates
// behind if/with conditions, whether the default values or any
// environment's values file turn them on. why names the deciding file.
func (o *k8sObject) Enabled() (on bool, why string) {
	if o.Chart == nil || len(o.Conditions) == 0 {
		return true, ""
	}
	return o.Chart.enabled(o.Conditions)
}

// k8sPodControllers are the kinds that run the workload's containers.
var k8sPodControllers = map[string]bool{
	"Deployment": true, "StatefulSet": true, "DaemonSet": true, "ReplicaSet": true,
	"Job": true, "CronJob": true, "Pod": true, "Rollout": true, "DeploymentConfig": true,
}

// Workload reports whether the object runs the workload's containers: a
// Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod, Argo Rollout,
// OpenShift DeploymentConfig or Knative Service.
func (o *k8sObject) Workload() bool {
	g := o.Group()
	switch {
	case o.Kind == "Service" && g == "serving.knative.dev":
		return true
	case o.Kind == "Rollout":
		return g == "argoproj.io"
	case o.Kind == "DeploymentConfig":
		return g == "apps.openshift.io" || g == ""
	}
	return k8sPodControllers[o.Kind] && (g == "" || g == "apps" || g == "batch" || g == "extensions")
}

// PodTemplate returns the pod template (metadata and spec) of a workload
// object, or nil.
func (o *k8sObject) PodTemplate() *yaml.Node {
	switch o.Kind {
	case "Pod":
		return o.Node
	case "CronJob":
		return get(o.Node, "spec", "jobTemplate", "spec", "template")
	}
	return get(o.Node, "spec", "template")
}

// Containers returns the containers (init containers included) of a
// workload's pod template.
func (o *k8sObject) Containers() []*yaml.Node {
	pt := o.PodTemplate()
	return append(items(get(pt, "spec", "containers")), items(get(pt, "spec", "initContainers"))...)
}

// Set reports whether the key path holds a value (see SetIn).
func (o *k8sObject) Set(keys ...string) bool {
	if len(keys) == 0 {
		return false
	}
	return o.SetIn(get(o.Node, keys[:len(keys)-1]...), keys[len(keys)-1])
}

// SetIn reports whether the mapping n holds a value under key. In a
// template, a key inside an if/with block is set only when the chart's
// values (default or any environment) enter the block, and a key left
// empty by the reader is set when the action on the following lines
// renders something: a toYaml of a value that the values fill, or anything
// not read from values.
func (o *k8sObject) SetIn(n *yaml.Node, key string) bool {
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return false
	}
	line, keyIndex := 0, 0
	var v *yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			line, keyIndex, v = n.Content[i].Line, i, deref(n.Content[i+1])
			break
		}
	}
	if v == nil {
		return false
	}
	if !o.Active(n.Content[keyIndex]) {
		return false // inside an {{ if }} or {{ with }} the values leave off
	}
	if (v.Kind == yaml.MappingNode || v.Kind == yaml.SequenceNode) && len(v.Content) == 0 {
		return false // livenessProbe: {} configures nothing
	}
	if !(v.Kind == yaml.ScalarNode && (v.Tag == "!!null" || v.Value == "")) {
		return true
	}
	if o.tpl == nil || o.Chart == nil {
		return false
	}
	// line is 1-based: as a 0-based index it is the line after the key.
	for i := line; i < len(o.tpl.Lines) && i < line+4; i++ {
		acts, ok := o.tpl.Blanked[i]
		if !ok {
			if strings.TrimSpace(o.tpl.Lines[i]) != "" {
				break // the next key: nothing fills this one
			}
			continue
		}
		for _, a := range acts {
			m := k8sValuesRef.FindStringSubmatch(a)
			if m == nil {
				return !strings.HasPrefix(strings.TrimLeft(a, "- "), "/*")
			}
			if on, _ := o.Chart.enabled([]string{".Values" + m[1]}); on {
				return true
			}
		}
	}
	return false
}
