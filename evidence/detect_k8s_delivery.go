package evidence

import (
	"context"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v4"
)

// k8s-deploy-systems: deployment management systems configured as code
// (OPS06-BP03): Argo CD, Flux, helmfile, Skaffold, Keptn, Spinnaker
// pipelines and Helm releases installed by the repository's scripts. GitOps
// that applies every change of a branch by itself (Argo CD automated sync,
// a Flux Kustomization reconciling a branch on an interval) is also fully
// automated deployment (OPS05-BP10, OPS06-BP07).

func init() {
	register(Detector{Name: "k8s-deploy-systems", Run: k8sDeploySystemsRun})
}

const (
	practiceDeploySystem = "OPS06-BP03"
	practiceAutoDeploy   = "OPS05-BP10"
	practiceAutoDeploy6  = "OPS06-BP07"
)

func k8sDeploySystemsRun(_ context.Context, t *Tree) []Hit {
	m := k8sModelOf(t)
	var h k8sHits
	for _, o := range m.Objects {
		if !o.Counts() {
			continue
		}
		if on, _ := o.Enabled(); !on {
			continue
		}
		switch g := o.Group(); {
		case g == "argoproj.io":
			k8sArgoCD(o, &h)
		case strings.HasSuffix(g, "toolkit.fluxcd.io"):
			k8sFlux(m, o, &h)
		case strings.HasPrefix(o.APIVersion, "skaffold/") && o.Kind == "Config":
			k8sSkaffold(o, &h)
		case strings.HasSuffix(g, "keptn.sh"):
			h.obj(practiceDeploySystem, Strong, o, "", fmt.Sprintf("Keptn %s %s manages the workload's delivery", o.Kind, k8sName(o)))
		}
	}
	for _, hf := range m.Helmfiles {
		var names []string
		for _, r := range hf.Releases {
			if !k8sTemplated(r.Name) {
				names = append(names, r.Name)
			}
		}
		if len(hf.Releases) > 0 {
			h.add(practiceDeploySystem, Strong, hf.Path, hf.ReleasesLine, "releases", fmt.Sprintf("helmfile declares %s (%s) to install and upgrade with Helm", k8sPlural(len(hf.Releases), "release"), k8sList(names, 3)))
		}
	}
	for _, p := range k8sSpinnakerPipelines(t) {
		if len(p.Deploys) > 0 {
			h.add(practiceDeploySystem, Strong, p.Path, p.Line, "stages", fmt.Sprintf("Spinnaker pipeline %s deploys with stages %s", k8sQuoteOr(p.Name), k8sList(k8sUniq(p.Deploys), 3)))
		}
	}
	for _, c := range k8sScriptCommands(t) {
		if c.Kind == k8sCmdHelmDeploy || c.Kind == k8sCmdHelmAtomic {
			h.add(practiceDeploySystem, Strong, c.Path, c.Line, "", fmt.Sprintf("script %s deploys with Helm (%s)", c.Path, c.Short))
		}
	}
	return h.result()
}

func k8sQuoteOr(name string) string {
	if name == "" {
		return "(unnamed)"
	}
	return fmt.Sprintf("%q", name)
}

// k8sArgoCD reports Argo CD Applications, ApplicationSets and projects.
func k8sArgoCD(o *k8sObject, h *k8sHits) {
	var spec *yaml.Node
	switch o.Kind {
	case "Application":
		spec = get(o.Node, "spec")
	case "ApplicationSet":
		spec = get(o.Node, "spec", "template", "spec")
	case "AppProject":
		h.obj(practiceDeploySystem, Strong, o, "", fmt.Sprintf("Argo CD AppProject %s scopes what Argo CD may deploy and where", k8sName(o)))
		return
	default:
		return
	}
	src := k8sArgoSource(o, spec)
	h.obj(practiceDeploySystem, Strong, o, "spec", fmt.Sprintf("Argo CD %s %s deploys %s", o.Kind, k8sName(o), src))
	auto := get(spec, "syncPolicy", "automated")
	if auto == nil || auto.Kind != yaml.MappingNode || str(auto, "enabled") == "false" {
		return
	}
	var opts []string
	if str(auto, "prune") == "true" {
		opts = append(opts, "prune")
	}
	if str(auto, "selfHeal") == "true" {
		opts = append(opts, "self-heal")
	}
	how := ""
	if len(opts) > 0 {
		how = " with " + strings.Join(opts, " and ")
	}
	kp := "spec.syncPolicy.automated"
	if o.Kind == "ApplicationSet" {
		kp = "spec.template.spec.syncPolicy.automated"
	}
	sum := fmt.Sprintf("Argo CD %s %s syncs automatically%s whenever %s changes", o.Kind, k8sName(o), how, src)
	h.obj(practiceAutoDeploy, Strong, o, kp, sum)
	h.obj(practiceAutoDeploy6, Strong, o, kp, sum)
}

// k8sArgoSource describes what an Application (spec) deploys.
func k8sArgoSource(o *k8sObject, spec *yaml.Node) string {
	srcs := append([]*yaml.Node{get(spec, "source")}, items(get(spec, "sources"))...)
	for _, s := range srcs {
		if s == nil {
			continue
		}
		repo := o.Text(get(s, "repoURL"))
		switch {
		case str(s, "chart") != "":
			return fmt.Sprintf("Helm chart %q from %s", o.Text(get(s, "chart")), k8sOr(repo, "a chart repository"))
		case str(s, "path") != "":
			return fmt.Sprintf("path %s of %s", k8sOr(o.Text(get(s, "path")), "(templated)"), k8sOr(repo, "its repository"))
		case repo != "":
			return repo
		}
	}
	return "its configured sources"
}

func k8sOr(s, def string) string {
	if s == "" || k8sTemplated(s) {
		return def
	}
	return s
}

// k8sFlux reports Flux sources, Kustomizations and HelmReleases.
func k8sFlux(m *k8sModel, o *k8sObject, h *k8sHits) {
	switch o.Kind {
	case "GitRepository", "OCIRepository":
		h.obj(practiceDeploySystem, Strong, o, "spec", fmt.Sprintf("Flux %s %s watches %s%s for changes to deploy", o.Kind, k8sName(o), k8sOr(o.Str("spec", "url"), "a repository"), k8sFluxRef(o)))
	case "Kustomization":
		if !o.Is("kustomize.toolkit.fluxcd.io", "Kustomization") {
			return
		}
		src := k8sFluxSource(m, o, get(o.Node, "spec", "sourceRef"))
		h.obj(practiceDeploySystem, Strong, o, "spec", fmt.Sprintf("Flux Kustomization %s applies %s from %s", k8sName(o), k8sOr(o.Str("spec", "path"), "the source's root"), src.describe()))
		k8sFluxAuto(o, src, h)
	case "HelmRelease":
		ref := get(o.Node, "spec", "chart", "spec", "sourceRef")
		src := k8sFluxSource(m, o, ref)
		h.obj(practiceDeploySystem, Strong, o, "spec", fmt.Sprintf("Flux HelmRelease %s installs and upgrades chart %q from %s", k8sName(o), k8sOr(o.Str("spec", "chart", "spec", "chart"), k8sOr(o.Str("spec", "chartRef", "name"), "its chart")), src.describe()))
		if src.Kind == "GitRepository" {
			k8sFluxAuto(o, src, h)
		}
	}
}

// k8sFluxRef describes a Flux source's reference: branch, tag, semver.
func k8sFluxRef(o *k8sObject) string {
	for _, k := range []string{"branch", "semver", "tag", "commit"} {
		if v := o.Str("spec", "ref", k); v != "" && !k8sTemplated(v) {
			return fmt.Sprintf(" (%s %s)", k, v)
		}
	}
	return ""
}

// k8sFluxSrc is the source a Flux object reconciles from.
type k8sFluxSrc struct {
	Kind, Name string
	Obj        *k8sObject // the source object when it is in the repository
}

func (s k8sFluxSrc) describe() string {
	if s.Name == "" {
		return "its source"
	}
	d := fmt.Sprintf("%s %q", s.Kind, s.Name)
	if s.Obj != nil {
		d += k8sFluxRef(s.Obj)
	}
	return d
}

func k8sFluxSource(m *k8sModel, o *k8sObject, ref *yaml.Node) k8sFluxSrc {
	s := k8sFluxSrc{Kind: o.Text(get(ref, "kind")), Name: o.Text(get(ref, "name"))}
	if s.Name != "" && s.Kind != "" {
		ns := o.Text(get(ref, "namespace"))
		if ns == "" {
			ns = o.Namespace
		}
		s.Obj = m.Find("source.toolkit.fluxcd.io", s.Kind, ns, s.Name)
	}
	return s
}

// k8sFluxAuto reports a Flux object that reconciles by itself: an
// interval, not suspended, and a source that follows a branch (or is not
// pinned to a tag or commit).
func k8sFluxAuto(o *k8sObject, src k8sFluxSrc, h *k8sHits) {
	interval := o.Str("spec", "interval")
	if interval == "" || k8sTemplated(interval) || o.Str("spec", "suspend") == "true" {
		return
	}
	if src.Obj != nil && (src.Obj.Str("spec", "ref", "tag") != "" || src.Obj.Str("spec", "ref", "commit") != "") {
		return // pinned: a change deploys only when someone moves the pin
	}
	sum := fmt.Sprintf("Flux %s %s reconciles every %s from %s, applying merged changes without a manual step", o.Kind, k8sName(o), interval, src.describe())
	h.obj(practiceAutoDeploy, Strong, o, "spec.interval", sum)
	h.obj(practiceAutoDeploy6, Strong, o, "spec.interval", sum)
}

// k8sSkaffold reports a Skaffold configuration that deploys.
func k8sSkaffold(o *k8sObject, h *k8sHits) {
	dep := get(o.Node, "deploy")
	var with []string
	pairs(dep, func(k string, _, _ *yaml.Node) {
		switch k {
		case "kubectl", "helm", "kustomize", "kpt", "docker", "cloudrun":
			with = append(with, k)
		}
	})
	if len(with) == 0 && get(o.Node, "manifests") != nil {
		with = append(with, "kubectl")
	}
	if len(with) == 0 {
		return
	}
	h.obj(practiceDeploySystem, Strong, o, "deploy", fmt.Sprintf("Skaffold builds the images and deploys them with %s", strings.Join(with, ", ")))
}
