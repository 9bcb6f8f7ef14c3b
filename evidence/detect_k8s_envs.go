package evidence

import (
	"context"
	"fmt"
	"path"
	"sort"
	"strings"

	"go.yaml.in/yaml/v4"
)

// k8s-environments: one configuration specialised per environment
// (OPS05-BP08): Kustomize overlays of a shared base, Helm values files per
// environment, Argo CD Applications/ApplicationSets and Flux
// Kustomizations per environment, helmfile environments. Two or more
// environments are strong evidence; a single environment-specific variant
// is partial.

func init() {
	register(Detector{Name: "k8s-environments", Run: k8sEnvironmentsRun})
}

const practiceEnvs = "OPS05-BP08"

func k8sEnvironmentsRun(_ context.Context, t *Tree) []Hit {
	m := k8sModelOf(t)
	var h k8sHits
	k8sEnvOverlays(m, &h)
	k8sEnvValues(m, &h)
	k8sEnvGitOps(m, &h)
	for _, hf := range m.Helmfiles {
		switch {
		case len(hf.Envs) >= 2:
			h.add(practiceEnvs, Strong, hf.Path, hf.EnvLine, "environments", fmt.Sprintf("helmfile defines environments %s for the same releases", k8sList(hf.Envs, 4)))
		case len(hf.Envs) == 1:
			h.add(practiceEnvs, Partial, hf.Path, hf.EnvLine, "environments", fmt.Sprintf("helmfile defines one environment, %s, besides the defaults", hf.Envs[0]))
		}
	}
	return h.result()
}

// k8sEnvOverlays reports bases that several overlays specialise, and
// overlays/ directories with several environments.
func k8sEnvOverlays(m *k8sModel, h *k8sHits) {
	overlays := map[string][]*k8sKustomization{}
	var bases []string
	for _, k := range m.Kustomizations {
		if k8sIncidentalPath(k.Path) {
			continue
		}
		for _, b := range k.Bases() {
			if overlays[b.Dir] == nil {
				bases = append(bases, b.Dir)
			}
			overlays[b.Dir] = append(overlays[b.Dir], k)
		}
	}
	sort.Strings(bases)
	reported := map[string]bool{}
	for _, b := range bases {
		ks := overlays[b]
		var envs k8sEnvSet
		var names []string
		for _, k := range ks {
			envs.add(k8sEnvOf(k.Dir), k.Path, k.Line)
			names = append(names, k.Dir)
		}
		switch {
		case envs.Len() >= 2:
			f := envs.First()
			h.add(practiceEnvs, Strong, f.Path, f.Line, "", fmt.Sprintf("Kustomize base %s is specialised per environment by overlays for %s", b, k8sList(envs.Names(), 4)))
		case len(ks) >= 2:
			h.add(practiceEnvs, Partial, ks[0].Path, ks[0].Line, "", fmt.Sprintf("Kustomize base %s has several variants (%s), none named for an environment", b, k8sList(names, 3)))
		case envs.Len() == 1:
			h.add(practiceEnvs, Partial, ks[0].Path, ks[0].Line, "", fmt.Sprintf("Kustomize overlay %s specialises base %s for one environment, %s", ks[0].Dir, b, envs.Names()[0]))
		default:
			continue
		}
		for _, k := range ks {
			reported[k.Dir] = true
		}
	}
	// overlays/<env>/ directories whose base is remote or unresolved.
	byParent := map[string]*k8sEnvSet{}
	var parents []string
	for _, k := range m.Kustomizations {
		if reported[k.Dir] || k8sIncidentalPath(k.Path) || path.Base(path.Dir(k.Dir)) != "overlays" {
			continue
		}
		parent := path.Dir(k.Dir)
		if byParent[parent] == nil {
			byParent[parent] = &k8sEnvSet{}
			parents = append(parents, parent)
		}
		byParent[parent].add(k8sEnvOf(path.Base(k.Dir)), k.Path, k.Line)
	}
	for _, p := range parents {
		if s := byParent[p]; s.Len() >= 2 {
			f := s.First()
			h.add(practiceEnvs, Strong, f.Path, f.Line, "", fmt.Sprintf("Kustomize overlays in %s/ configure environments %s", p, k8sList(s.Names(), 4)))
		}
	}
}

// k8sEnvValues reports Helm values files per environment, grouped by the
// chart they belong to (or their directory).
func k8sEnvValues(m *k8sModel, h *k8sHits) {
	groups := map[string]*k8sEnvSet{}
	files := map[string][]string{}
	var keys []string
	for _, v := range m.ValuesFiles {
		if v.Env == "" || k8sIncidentalPath(v.Path) {
			continue
		}
		key := path.Dir(v.Path)
		if v.Chart != nil {
			key = v.Chart.Dir
		} else if d := path.Dir(key); path.Base(key) == v.Env || k8sEnvOf(path.Base(key)) == v.Env {
			key = d // environments/prod/values.yaml: group by environments/
		}
		if groups[key] == nil {
			groups[key] = &k8sEnvSet{}
			keys = append(keys, key)
		}
		groups[key].add(v.Env, v.Path, v.Doc.Line)
		files[key] = append(files[key], v.Path)
	}
	sort.Strings(keys)
	for _, k := range keys {
		s := groups[k]
		f := s.First()
		switch {
		case s.Len() >= 2:
			h.add(practiceEnvs, Strong, f.Path, 0, "", fmt.Sprintf("Helm values per environment (%s) in %s", k8sList(s.Names(), 4), k8sShortFiles(files[k], 3)))
		case s.Len() == 1:
			h.add(practiceEnvs, Partial, f.Path, 0, "", fmt.Sprintf("Helm values file %s overrides the defaults for one environment, %s", path.Base(f.Path), s.Names()[0]))
		}
	}
}

// k8sShortFiles lists file names (base names when they differ).
func k8sShortFiles(files []string, max int) string {
	bases := map[string]bool{}
	var names []string
	for _, f := range files {
		bases[path.Base(f)] = true
		names = append(names, path.Base(f))
	}
	if len(bases) < len(files) {
		names = files
	}
	return k8sList(k8sUniq(names), max)
}

// k8sEnvGitOps reports Argo CD and Flux objects deploying one
// configuration to several environments.
func k8sEnvGitOps(m *k8sModel, h *k8sHits) {
	var argo, flux k8sEnvSet
	fluxKinds := map[string]bool{}
	for _, o := range m.Objects {
		if !o.Counts() {
			continue
		}
		switch {
		case o.Is("argoproj.io", "Application"):
			spec := get(o.Node, "spec")
			env := k8sEnvOf(o.Name)
			for _, s := range []string{o.Str("spec", "destination", "namespace"), o.Str("spec", "source", "path"), strings.Join(k8sValueFiles(spec), " ")} {
				if env == "" {
					env = k8sEnvOf(s)
				}
			}
			if env == "" {
				env = k8sEnvOf(o.Path)
			}
			argo.add(env, o.Path, o.Line)
		case o.Is("argoproj.io", "ApplicationSet"):
			var envs k8sEnvSet
			for _, tok := range k8sEnvTokens(scalarText(get(o.Node, "spec", "generators"))) {
				envs.add(k8sEnvAliases[tok], o.Path, o.KeyLine("spec", "generators"))
			}
			if envs.Len() >= 2 {
				h.obj(practiceEnvs, Strong, o, "spec.generators", fmt.Sprintf("Argo CD ApplicationSet %s generates an application per environment (%s)", k8sName(o), k8sList(envs.Names(), 4)))
			}
		case o.Is("toolkit.fluxcd.io", "Kustomization") || o.Is("toolkit.fluxcd.io", "HelmRelease"):
			env := k8sEnvOf(o.Str("spec", "path"))
			if env == "" {
				env = k8sEnvOf(o.Path)
			}
			if env == "" {
				env = k8sEnvOf(o.Name)
			}
			if env != "" {
				fluxKinds[o.Kind+"s"] = true
			}
			flux.add(env, o.Path, o.Line)
		}
	}
	for _, s := range []struct {
		set  *k8sEnvSet
		what string
	}{{&argo, "Argo CD Applications"}, {&flux, "Flux " + k8sList(k8sSortedKeys(fluxKinds), 2)}} {
		if s.set.Len() >= 2 {
			f := s.set.First()
			h.add(practiceEnvs, Strong, f.Path, f.Line, "", fmt.Sprintf("%s deploy to environments %s", s.what, k8sList(s.set.Names(), 4)))
		}
	}
}

// k8sValueFiles lists the Helm value files an Argo CD Application's
// sources name.
func k8sValueFiles(spec *yaml.Node) []string {
	var out []string
	for _, src := range append([]*yaml.Node{get(spec, "source")}, items(get(spec, "sources"))...) {
		for _, f := range items(get(src, "helm", "valueFiles")) {
			out = append(out, f.Value)
		}
	}
	return out
}

// k8sSortedKeys returns a set's members in order.
func k8sSortedKeys(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
