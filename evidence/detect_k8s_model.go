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

	byPath map[string][]*k8sObject // objects per file
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
	manifests := t.Match(func(p string) bool { return k8sManifestCandidate(t, p) })
	for i, objs := range inParallel(manifests, func(p string) []*k8sObject { return k8sManifestObjects(t, p) }) {
		for _, o := range objs {
			o.Patch = patches[manifests[i]]
			m.Objects = append(m.Objects, o)
		}
	}
	for _, c := range m.Charts {
		for _, objs := range inParallel(c.Templates, func(p string) []*k8sObject { return k8sTemplateObjects(t, c, p) }) {
			m.Objects = append(m.Objects, objs...)
		}
	}
	sort.SliceStable(m.Objects, func(i, j int) bool {
		a, b := m.Objects[i], m.Objects[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Line < b.Line
	})
	m.byPath = map[string][]*k8sObject{}
	for _, o := range m.Objects {
		m.byPath[o.Path] = append(m.byPath[o.Path], o)
	}
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
