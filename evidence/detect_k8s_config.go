package evidence

import (
	"context"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"
)

// k8s-config: the workload's Kubernetes configuration kept as code
// (OPS05-BP03). Helm charts, Kustomize kustomizations and plain manifests
// are strong evidence when they describe the workload itself (Deployments,
// StatefulSets, CronJobs, Services…), partial when they hold only
// supporting objects. Crossplane compositions, Flux HelmReleases and
// Jsonnet/Tanka environments count as well.

func init() {
	register(Detector{Name: "k8s-config", Run: k8sConfigRun})
}

const practiceConfig = "OPS05-BP03"

func k8sConfigRun(_ context.Context, t *Tree) []Hit {
	m := k8sModelOf(t)
	var h k8sHits
	k8sConfigCharts(m, &h)
	covered := k8sConfigKustomize(m, &h)
	k8sConfigManifests(m, covered, &h)
	k8sConfigOther(m, &h)
	k8sConfigJsonnet(t, &h)
	return h.result()
}

// k8sDescribesWorkload: the objects a reviewer expects of a workload's
// configuration: what runs (Workload), how it is reached (Service), or a
// Flux HelmRelease that installs it with its values.
func k8sDescribesWorkload(o *k8sObject) bool {
	return o.Workload() || o.Is("", "Service") || o.Is("helm.toolkit.fluxcd.io", "HelmRelease")
}

// k8sKindsOf lists the distinct kinds of objects, workload kinds first.
func k8sKindsOf(objs []*k8sObject) []string {
	var first, rest []string
	for _, o := range objs {
		if k8sDescribesWorkload(o) {
			first = append(first, o.Kind)
		} else {
			rest = append(rest, o.Kind)
		}
	}
	return k8sUniq(append(first, rest...))
}

func k8sConfigCharts(m *k8sModel, h *k8sHits) {
	for _, c := range m.Charts {
		if k8sIncidentalPath(c.Path) {
			continue
		}
		var objs []*k8sObject
		workload := false
		for _, o := range m.Objects {
			if o.Chart == c && o.Counts() {
				objs = append(objs, o)
				workload = workload || k8sDescribesWorkload(o)
			}
		}
		where := fmt.Sprintf("Helm chart %q", c.Name)
		switch {
		case workload:
			h.add(practiceConfig, Strong, c.Path, c.Line, "", fmt.Sprintf("%s templates the workload's %s", where, k8sList(k8sKindsOf(objs), 4)))
		case len(c.Deps) > 0 && c.Type != "library":
			var deps []string
			for _, d := range c.Deps {
				deps = append(deps, d.Name)
			}
			h.add(practiceConfig, Strong, c.Path, c.Deps[0].Line, "dependencies", fmt.Sprintf("%s installs pinned charts %s with the repository's values", where, k8sList(k8sUniq(deps), 4)))
		case c.Type == "library":
			h.add(practiceConfig, Partial, c.Path, c.Line, "", where+" is a library chart: shared templates, no workload of its own")
		case len(objs) > 0:
			h.add(practiceConfig, Partial, c.Path, c.Line, "", fmt.Sprintf("%s templates only supporting objects (%s)", where, k8sList(k8sKindsOf(objs), 4)))
		default:
			h.add(practiceConfig, Partial, c.Path, c.Line, "", where+" has no template whose kind could be read")
		}
	}
}

// k8sConfigKustomize reports the top kustomizations (those no other one
// builds on) and returns the manifest files they cover.
func k8sConfigKustomize(m *k8sModel, h *k8sHits) map[string]bool {
	byDir := m.kustomizationsByDir()
	used := map[string]bool{}
	for _, k := range m.Kustomizations {
		for _, r := range k.Refs {
			if r.Dir != "" {
				used[r.Dir] = true
			}
		}
	}
	covered := map[string]bool{}
	for _, k := range m.Kustomizations {
		objs := k8sKustomizeObjects(m, byDir, k, map[string]bool{})
		for _, o := range objs {
			covered[o.Path] = true
		}
		if used[k.Dir] || k.Kind == "Component" || k8sIncidentalPath(k.Path) {
			continue
		}
		var work []*k8sObject
		for _, o := range objs {
			if k8sDescribesWorkload(o) && !o.Incidental {
				work = append(work, o)
			}
		}
		var remote []string
		for _, r := range k.Refs {
			if r.Remote {
				remote = append(remote, r.Ref)
			}
		}
		what := "Kustomize kustomization " + k.Dir
		switch {
		case len(work) > 0:
			h.add(practiceConfig, Strong, k.Path, k.Line, "", fmt.Sprintf("%s builds the workload's %s", what, k8sObjectList(work, 3)))
		case len(k.HelmCharts) > 0:
			h.add(practiceConfig, Strong, k.Path, k8sKeyLine(k.Doc, "helmCharts"), "helmCharts", fmt.Sprintf("%s renders Helm charts %s", what, k8sList(k.HelmCharts, 3)))
		case len(remote) > 0:
			h.add(practiceConfig, Partial, k.Path, k.Line, "", fmt.Sprintf("%s customises remote configuration %s", what, k8sList(remote, 2)))
		case len(objs) > 0:
			h.add(practiceConfig, Partial, k.Path, k.Line, "", fmt.Sprintf("%s builds only supporting objects (%s)", what, k8sList(k8sKindsOf(objs), 4)))
		}
	}
	return covered
}

// k8sObjectList names up to max objects: Deployment "api", Service "api"
// and 2 more.
func k8sObjectList(objs []*k8sObject, max int) string {
	var names []string
	for _, o := range objs {
		names = append(names, o.Ref())
	}
	return k8sList(k8sUniq(names), max)
}

// k8sConfigManifests reports plain manifests outside kustomizations,
// grouped by directory.
func k8sConfigManifests(m *k8sModel, covered map[string]bool, h *k8sHits) {
	byDir := map[string][]*k8sObject{}
	var dirs []string
	for _, o := range m.Objects {
		// HelmReleases are reported on their own (k8sConfigOther).
		if o.Source != k8sManifest || !o.Counts() || covered[o.Path] || !(o.Workload() || o.Is("", "Service")) {
			continue
		}
		d := path.Dir(o.Path)
		if byDir[d] == nil {
			dirs = append(dirs, d)
		}
		byDir[d] = append(byDir[d], o)
	}
	sort.Strings(dirs)
	for _, d := range dirs {
		objs := byDir[d]
		where := "Kubernetes manifests in " + d + "/"
		if d == "." {
			where = "Kubernetes manifests at the repository root"
		}
		h.obj(practiceConfig, Strong, objs[0], "", fmt.Sprintf("%s declare the workload's %s", where, k8sObjectList(objs, 3)))
	}
}

// k8sConfigOther reports Crossplane compositions and Flux HelmReleases.
func k8sConfigOther(m *k8sModel, h *k8sHits) {
	for _, o := range m.Kind("crossplane.io", "Composition") {
		n := len(items(get(o.Node, "spec", "resources"))) + len(items(get(o.Node, "spec", "pipeline")))
		h.obj(practiceConfig, Strong, o, "spec", fmt.Sprintf("Crossplane Composition %s composes infrastructure as code from %s", k8sName(o), k8sPlural(n, "resource or pipeline step")))
	}
	for _, o := range m.Kind("toolkit.fluxcd.io", "HelmRelease") {
		chart := o.Str("spec", "chart", "spec", "chart")
		if chart == "" {
			chart = o.Str("spec", "chartRef", "name")
		}
		what := "its values"
		if o.Set("spec", "values") || get(o.Node, "spec", "valuesFrom") != nil {
			what = "values kept in the repository"
		}
		h.obj(practiceConfig, Strong, o, "spec.chart", fmt.Sprintf("Flux HelmRelease %s declares the release of chart %q with %s", k8sName(o), chart, what))
	}
}

var k8sJsonnetK8sLib = regexp.MustCompile(`import\s+['"][^'"]*(k\.libsonnet|k8s-libsonnet|ksonnet|kube\.libsonnet|kube-libsonnet|tanka-util|k8s\.libsonnet)`)

var k8sJsonnetBundlerLib = regexp.MustCompile(`(k8s-libsonnet|ksonnet-lib|kube-libsonnet|tanka-util)`)

// k8sConfigJsonnet reports Tanka environments and Jsonnet that builds
// Kubernetes objects with a Kubernetes library.
func k8sConfigJsonnet(t *Tree, h *k8sHits) {
	for _, p := range t.Match(func(p string) bool { return path.Base(p) == "spec.json" }) {
		docs, err := t.YAML(p)
		if err != nil || len(docs) == 0 || !strings.HasPrefix(str(docs[0], "apiVersion"), "tanka.dev/") {
			continue
		}
		ns := str(docs[0], "spec", "namespace")
		h.add(practiceConfig, Strong, p, k8sKeyLine(docs[0], "spec"), "spec", fmt.Sprintf("Tanka environment %s deploys Jsonnet-built objects to namespace %q", path.Dir(p), ns))
	}
	read := 0
	for _, p := range t.Match(func(p string) bool { return path.Ext(p) == ".jsonnet" || path.Ext(p) == ".libsonnet" }) {
		if read >= 40 {
			break
		}
		read++
		data, err := t.Read(p)
		if err != nil {
			continue
		}
		if loc := k8sJsonnetK8sLib.FindIndex(data); loc != nil {
			line := 1 + strings.Count(string(data[:loc[0]]), "\n")
			h.add(practiceConfig, Strong, p, line, "", "Jsonnet builds Kubernetes objects with a Kubernetes library ("+path.Base(p)+")")
			return
		}
	}
	for _, p := range t.Match(func(p string) bool { return path.Base(p) == "jsonnetfile.json" }) {
		data, err := t.Read(p)
		if err != nil {
			continue
		}
		if loc := k8sJsonnetBundlerLib.FindIndex(data); loc != nil {
			line := 1 + strings.Count(string(data[:loc[0]]), "\n")
			h.add(practiceConfig, Partial, p, line, "", "jsonnet-bundler pins a Kubernetes Jsonnet library, though no Jsonnet that uses it was found")
			return
		}
	}
}
