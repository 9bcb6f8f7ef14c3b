package evidence

import (
	"path"
	"regexp"
	"sort"
	"strings"

	"go.yaml.in/yaml/v4"
)

// The Kubernetes object model: every Kubernetes-style object (apiVersion and
// kind, usually metadata) in the repository's YAML and JSON files, in Helm
// chart templates read through the template-aware reader, together with the
// charts and Kustomize kustomizations that organise them. It is built once
// per tree and shared by all k8s detectors (and by other families: an
// object's Node is the parsed mapping, with line numbers).

// k8sSource says where an object was read from.
type k8sSource int

const (
	k8sManifest     k8sSource = iota // a plain YAML or JSON manifest
	k8sHelmTemplate                  // a Helm chart template, actions stripped
)

// k8sObject is one Kubernetes-style object.
type k8sObject struct {
	Path        string // file, slash-separated
	Line        int    // line of the object's kind key (of the object for List items)
	Doc         int    // 0-based index of the (non-empty) YAML document in the file
	Item        int    // index in a List's items, -1 outside a List
	APIVersion  string
	Kind        string
	Name        string // metadata.name; "" when absent or templated
	Namespace   string // metadata.namespace; "" when absent or templated
	Labels      map[string]string
	Annotations map[string]string
	// Node is the object's mapping; nil for a template whose YAML could not
	// be read (the object is then only recognised by kind and name).
	Node   *yaml.Node
	Source k8sSource
	Chart  *k8sChart // the chart of a template; nil for manifests
	// Conditions are the template's if/with conditions around the object
	// ({{- if .Values.autoscaling.enabled }}); see k8sObject.Enabled.
	Conditions []string
	// Incidental objects live in docs/, test/, e2e/ or hack/ trees: sample
	// or test manifests, not the workload's configuration.
	Incidental bool
	// Patch objects are Kustomize patches: fragments merged into others.
	Patch bool
	// Bundle objects come from CRD directories or large generated install
	// bundles (gotk-components.yaml, an operator's install.yaml).
	Bundle bool

	tpl *k8sTemplate // the read template, to resolve placeholders
}

// k8sModel is the repository's Kubernetes configuration.
type k8sModel struct {
	Objects        []*k8sObject // in path, document, item order
	Charts         []*k8sChart  // the workload's own charts (vendored subcharts left out)
	Kustomizations []*k8sKustomization
	// ValuesFiles are Helm values files anywhere in the tree (inside charts
	// or beside them), per environment where the name says one.
	ValuesFiles []*k8sValues
	Helmfiles   []*k8sHelmfile
}

// k8sModelOf returns the tree's Kubernetes model, built once per tree.
func k8sModelOf(t *Tree) *k8sModel {
	m, _ := k8sMemo(t, "k8s model", func() any { return buildK8sModel(t) }).(*k8sModel)
	if m == nil {
		return &k8sModel{} // the build panicked; the detector that ran it said so
	}
	return m
}

func buildK8sModel(t *Tree) *k8sModel {
	m := &k8sModel{}
	m.Charts, m.ValuesFiles = k8sLoadCharts(t)
	m.Kustomizations = k8sLoadKustomizations(t)
	m.Helmfiles = k8sLoadHelmfiles(t)
	patches := map[string]bool{}
	for _, k := range m.Kustomizations {
		for _, p := range k.PatchFiles {
			patches[p] = true
		}
	}
	for _, p := range t.Match(func(p string) bool { return k8sManifestCandidate(t, p) }) {
		for _, o := range k8sManifestObjects(t, p) {
			o.Patch = patches[p]
			m.Objects = append(m.Objects, o)
		}
	}
	for _, c := range m.Charts {
		for _, p := range c.Templates {
			m.Objects = append(m.Objects, k8sTemplateObjects(t, c, p)...)
		}
	}
	sort.SliceStable(m.Objects, func(i, j int) bool {
		a, b := m.Objects[i], m.Objects[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Line < b.Line
	})
	return m
}

// k8sSkipYAML are YAML files that never hold Kubernetes objects: pipelines,
// lockfiles, linters, API specs, docs sites, compose files.
var k8sSkipYAML = regexp.MustCompile(`(^|/)(\.github/|\.gitlab-ci|\.circleci/|azure-pipelines|\.travis\.yml|bitbucket-pipelines|buildspec|cloudbuild|pnpm-lock\.yaml|Chart\.lock|\.pre-commit|mkdocs\.ya?ml|\.golangci|codecov\.ya?ml|\.markdownlint|\.yamllint|\.goreleaser|\.rubocop|\.readthedocs|_config\.yml$|pubspec|(docker-)?compose[^/]*\.ya?ml$|openapi[^/]*\.ya?ml$|swagger[^/]*\.ya?ml$|Chart\.ya?ml$|values[^/]*\.ya?ml$|[^/]*\.values\.ya?ml$|kustomization\.ya?ml$|Kustomization$|helmfile[^/]*$)`)

// k8sJSONHint is a path that suggests Kubernetes manifests; JSON files are
// selected by it since repositories hold many unrelated JSON files.
var k8sJSONHint = regexp.MustCompile(`(?i)(^|/)(k8s|kube|kubernetes|manifests?|deploy|deployments?|charts?|helm|argo(cd)?|flux|clusters?|gitops|openshift|kustomize|overlays|base)(/|$)`)

// k8sManifestCandidate selects the files read as plain manifests.
func k8sManifestCandidate(t *Tree, p string) bool {
	switch path.Ext(p) {
	case ".yaml", ".yml":
		if k8sSkipYAML.MatchString(p) {
			return false
		}
	case ".json":
		if !k8sJSONHint.MatchString(path.Dir(p)) || strings.HasPrefix(path.Base(p), "package") {
			return false
		}
	default:
		return false
	}
	if _, ok := k8sTemplateDir(t, p); ok {
		return false
	}
	return !k8sVendoredChart(t, p)
}

// k8sManifestObjects reads the objects of one plain YAML or JSON file.
func k8sManifestObjects(t *Tree, p string) []*k8sObject {
	docs, err := t.YAML(p)
	if err != nil {
		return nil
	}
	var out []*k8sObject
	for i, d := range docs {
		out = append(out, k8sObjectsOfDoc(p, i, d)...)
	}
	bundle := k8sBundlePath(p) || k8sLooksGenerated(out)
	for _, o := range out {
		o.Incidental = k8sIncidentalPath(p)
		o.Bundle = bundle
	}
	return out
}

// k8sObjectsOfDoc returns the object in a document, or the items of a List.
func k8sObjectsOfDoc(p string, doc int, n *yaml.Node) []*k8sObject {
	n = deref(n)
	api, kind := k8sKind(n)
	if api == "" || kind == "" {
		return nil
	}
	if kind == "List" || strings.HasSuffix(kind, "List") && get(n, "items") != nil && get(n, "metadata", "name") == nil {
		var out []*k8sObject
		for j, it := range items(get(n, "items")) {
			if o := k8sNewObject(p, doc, it); o != nil {
				o.Item = j
				o.Line = it.Line
				out = append(out, o)
			}
		}
		return out
	}
	if o := k8sNewObject(p, doc, n); o != nil {
		return []*k8sObject{o}
	}
	return nil
}

// k8sNewObject reads the head of an object mapping, or returns nil when n
// is not one.
func k8sNewObject(p string, doc int, n *yaml.Node) *k8sObject {
	api, kind := k8sKind(n)
	if api == "" || kind == "" || strings.ContainsAny(kind, " /{") {
		return nil
	}
	o := &k8sObject{Path: p, Doc: doc, Item: -1, APIVersion: api, Kind: kind, Node: n,
		Name: str(n, "metadata", "name"), Namespace: str(n, "metadata", "namespace"),
		Labels: k8sStringMap(get(n, "metadata", "labels")), Annotations: k8sStringMap(get(n, "metadata", "annotations"))}
	if gen := str(n, "metadata", "generateName"); o.Name == "" && gen != "" {
		o.Name = gen + "…"
	}
	o.Line = k8sKeyLine(n, "kind")
	if o.Line == 0 {
		o.Line = n.Line
	}
	return o
}

// k8sStringMap reads a mapping of scalars (labels, annotations, selectors).
func k8sStringMap(n *yaml.Node) map[string]string {
	var out map[string]string
	pairs(n, func(k string, _, v *yaml.Node) {
		if v == nil || v.Kind != yaml.ScalarNode {
			return
		}
		if out == nil {
			out = map[string]string{}
		}
		out[k] = v.Value
	})
	return out
}

// k8sKeyLine returns the line of the last key of the path under n (the
// line a reader looks at), or 0 when the path is absent.
func k8sKeyLine(n *yaml.Node, keys ...string) int {
	if len(keys) == 0 {
		return 0
	}
	parent := get(n, keys[:len(keys)-1]...)
	if parent == nil || parent.Kind != yaml.MappingNode {
		return 0
	}
	last := keys[len(keys)-1]
	for i := 0; i+1 < len(parent.Content); i += 2 {
		if parent.Content[i].Value == last {
			return parent.Content[i].Line
		}
	}
	return 0
}

// k8sIncidentalPath reports manifests that belong to documentation, tests
// or development scripts rather than to the workload's deployment.
func k8sIncidentalPath(p string) bool {
	parts := strings.Split(path.Dir(p), "/")
	switch strings.ToLower(parts[0]) {
	case "docs", "doc", "documentation", "test", "tests", "e2e", "hack", "demo", "demos", "tutorial", "tutorials", "site", "website", "benchmarks", "bench":
		return true
	}
	for _, s := range parts {
		switch strings.ToLower(s) {
		case "e2e", "e2e-tests", "tests", "integration-tests", "__tests__", "test-data", "kind-config":
			return true
		}
	}
	return false
}

// k8sBundlePath: CRD directories and the generated manifests of installed
// tools are recognised, not read for the workload's configuration.
func k8sBundlePath(p string) bool {
	base := path.Base(p)
	if base == "gotk-components.yaml" || strings.Contains(base, "crds") || strings.HasSuffix(base, "-crd.yaml") {
		return true
	}
	for _, s := range strings.Split(path.Dir(p), "/") {
		if s == "crds" || s == "crd" {
			return true
		}
	}
	return false
}

// k8sLooksGenerated recognises an install bundle: many objects including
// CustomResourceDefinitions, as `kubectl apply -f install.yaml` files are.
func k8sLooksGenerated(objs []*k8sObject) bool {
	crds := 0
	for _, o := range objs {
		if o.Kind == "CustomResourceDefinition" {
			crds++
		}
	}
	return crds > 0 && len(objs) >= 15
}

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

// Kind returns the objects of one kind (and group, as in k8sObject.Is)
// that count as the workload's configuration.
func (m *k8sModel) Kind(group, kind string) []*k8sObject {
	var out []*k8sObject
	for _, o := range m.Objects {
		if o.Counts() && o.Is(group, kind) {
			out = append(out, o)
		}
	}
	return out
}

// Workloads returns the workload objects that count (see Workload).
func (m *k8sModel) Workloads() []*k8sObject {
	var out []*k8sObject
	for _, o := range m.Objects {
		if o.Counts() && o.Workload() {
			out = append(out, o)
		}
	}
	return out
}

// Find returns the counted object of a kind and name, preferring one in
// the namespace given (namespaces are often set by tools, not in files).
func (m *k8sModel) Find(group, kind, namespace, name string) *k8sObject {
	var found *k8sObject
	for _, o := range m.Objects {
		if !o.Counts() || !o.Is(group, kind) || o.Name != name {
			continue
		}
		if o.Namespace == namespace {
			return o
		}
		if found == nil {
			found = o
		}
	}
	return found
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
