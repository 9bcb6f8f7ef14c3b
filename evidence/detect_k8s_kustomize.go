package evidence

import (
	"path"
	"strings"

	"go.yaml.in/yaml/v4"
)

// Kustomize: kustomization.yaml / kustomization.yml / Kustomization files,
// what they include (resources, bases, components), and which directories
// are bases that overlays build on.

// k8sKustomization is one kustomization (or Kustomize Component).
type k8sKustomization struct {
	Path       string
	Dir        string
	Kind       string // Kustomization or Component
	Line       int    // line of the first include key (resources, bases…)
	Doc        *yaml.Node
	Refs       []k8sKRef // resources, bases and components, in order
	PatchFiles []string  // patch files named by patches, patchesStrategicMerge, patchesJson6902
	Patches    int       // patches of any form (files and inline)
	HelmCharts []string  // charts inflated by helmCharts
}

// k8sKRef is one entry of resources, bases or components.
type k8sKRef struct {
	Field  string // resources, bases or components
	Ref    string // as written
	Line   int
	Dir    string // a local directory holding a kustomization
	File   string // a local file
	Remote bool   // a git or http reference
}

// k8sKustomizationName reports whether p is a kustomization file.
func k8sKustomizationName(p string) bool {
	switch path.Base(p) {
	case "kustomization.yaml", "kustomization.yml", "Kustomization":
		return true
	}
	return false
}

// k8sLoadKustomizations reads every kustomization of the workload.
func k8sLoadKustomizations(t *Tree) []*k8sKustomization {
	var out []*k8sKustomization
	for _, p := range t.Match(k8sKustomizationName) {
		if k := k8sReadKustomization(t, p); k != nil {
			out = append(out, k)
		}
	}
	return out
}

func k8sReadKustomization(t *Tree, p string) *k8sKustomization {
	docs, err := t.YAML(p)
	if err != nil || len(docs) == 0 || deref(docs[0]) == nil || deref(docs[0]).Kind != yaml.MappingNode {
		return nil
	}
	d := docs[0]
	k := &k8sKustomization{Path: p, Dir: path.Dir(p), Kind: "Kustomization", Doc: d}
	if str(d, "kind") == "Component" {
		k.Kind = "Component"
	}
	for _, field := range []string{"resources", "bases", "components"} {
		if k.Line == 0 {
			k.Line = k8sKeyLine(d, field)
		}
		for _, it := range items(get(d, field)) {
			if it.Kind != yaml.ScalarNode || it.Value == "" {
				continue
			}
			k.Refs = append(k.Refs, k8sResolveKRef(t, k.Dir, field, it))
		}
	}
	k.readPatches(t)
	for _, h := range items(get(d, "helmCharts")) {
		if n := str(h, "name"); n != "" {
			k.HelmCharts = append(k.HelmCharts, n)
		}
	}
	if k.Line == 0 {
		k.Line = d.Line
	}
	return k
}

// readPatches counts patches and collects the files they name.
func (k *k8sKustomization) readPatches(t *Tree) {
	add := func(ref string) {
		if ref == "" || strings.Contains(ref, "\n") {
			return
		}
		if p := path.Join(k.Dir, ref); t.Has(p) {
			k.PatchFiles = append(k.PatchFiles, p)
		}
	}
	for _, it := range items(get(k.Doc, "patchesStrategicMerge")) {
		k.Patches++
		if it.Kind == yaml.ScalarNode {
			add(it.Value)
		}
	}
	for _, field := range []string{"patches", "patchesJson6902"} {
		for _, it := range items(get(k.Doc, field)) {
			k.Patches++
			if it.Kind == yaml.ScalarNode {
				add(it.Value)
			} else {
				add(str(it, "path"))
			}
		}
	}
}

// k8sRemoteRef recognises remote Kustomize references (git, http).
func k8sRemoteRef(ref string) bool {
	return strings.Contains(ref, "://") || strings.HasPrefix(ref, "github.com/") || strings.HasPrefix(ref, "gitlab.com/") ||
		strings.HasPrefix(ref, "git@") || strings.Contains(ref, "?ref=") || strings.Contains(ref, ".git//")
}

func k8sResolveKRef(t *Tree, dir, field string, it *yaml.Node) k8sKRef {
	r := k8sKRef{Field: field, Ref: it.Value, Line: it.Line}
	if k8sRemoteRef(r.Ref) {
		r.Remote = true
		return r
	}
	p := path.Clean(path.Join(dir, r.Ref))
	if strings.HasPrefix(p, "../") || p == ".." {
		return r // outside the repository
	}
	for _, name := range []string{"kustomization.yaml", "kustomization.yml", "Kustomization"} {
		if t.Has(path.Join(p, name)) {
			r.Dir = p
			return r
		}
	}
	if t.Has(p) {
		r.File = p
	}
	return r
}

// Bases returns the local kustomization directories this one builds on.
func (k *k8sKustomization) Bases() []k8sKRef {
	var out []k8sKRef
	for _, r := range k.Refs {
		if r.Dir != "" && r.Field != "components" {
			out = append(out, r)
		}
	}
	return out
}

// k8sKustomizeObjects returns the counted objects a kustomization builds,
// following local bases (depth-bounded, each directory once).
func k8sKustomizeObjects(m *k8sModel, byDir map[string]*k8sKustomization, k *k8sKustomization, seen map[string]bool) []*k8sObject {
	if seen[k.Dir] || len(seen) > 50 {
		return nil
	}
	seen[k.Dir] = true
	var out []*k8sObject
	for _, r := range k.Refs {
		switch {
		case r.File != "":
			for _, o := range m.byPath[r.File] {
				if !o.Patch && !o.Bundle {
					out = append(out, o)
				}
			}
		case r.Dir != "" && byDir[r.Dir] != nil:
			out = append(out, k8sKustomizeObjects(m, byDir, byDir[r.Dir], seen)...)
		}
	}
	return out
}

// kustomizationsByDir indexes the model's kustomizations by directory.
func (m *k8sModel) kustomizationsByDir() map[string]*k8sKustomization {
	out := map[string]*k8sKustomization{}
	for _, k := range m.Kustomizations {
		out[k.Dir] = k
	}
	return out
}
