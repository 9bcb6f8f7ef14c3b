package evidence

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// k8s-image-updates: automation that moves the workload to new image
// versions as code (OPS05-BP05): Flux image update automation, Argo CD
// Image Updater, Keel. Dependency bots (Dependabot, Renovate) are the ci
// family's.

func init() {
	register(Detector{Name: "k8s-image-updates", Run: k8sImageUpdatesRun})
}

const practicePatching = "OPS05-BP05"

func k8sImageUpdatesRun(_ context.Context, t *Tree) []Hit {
	m := k8sModelOf(t)
	var h k8sHits
	autos := m.Kind("image.toolkit.fluxcd.io", "ImageUpdateAutomation")
	for _, o := range autos {
		branch := k8sOr(o.Str("spec", "git", "push", "branch"), o.Str("spec", "git", "checkout", "ref", "branch"))
		to := ""
		if branch != "" && !k8sTemplated(branch) {
			to = " to branch " + branch
		}
		h.obj(practicePatching, Strong, o, "spec", fmt.Sprintf("Flux ImageUpdateAutomation %s commits newer image tags%s, which Flux then deploys", k8sName(o), to))
	}
	if len(autos) == 0 {
		for _, o := range m.Kind("image.toolkit.fluxcd.io", "ImagePolicy") {
			h.obj(practicePatching, Partial, o, "spec.policy", fmt.Sprintf("Flux ImagePolicy %s selects the newest allowed image tag, but no ImageUpdateAutomation here writes it back", k8sName(o)))
		}
	}
	for _, o := range m.Objects {
		if !o.Counts() {
			continue
		}
		switch {
		case o.Group() == "argocd-image-updater.argoproj.io":
			h.obj(practicePatching, Strong, o, "spec", fmt.Sprintf("Argo CD Image Updater %s %s updates the images of Argo CD applications", o.Kind, k8sName(o)))
		case o.Is("argoproj.io", "Application") && o.Annotations["argocd-image-updater.argoproj.io/image-list"] != "":
			h.obj(practicePatching, Strong, o, "metadata.annotations", fmt.Sprintf("Argo CD Image Updater updates images %s of Application %s%s", o.Annotations["argocd-image-updater.argoproj.io/image-list"], k8sName(o), k8sUpdateStrategy(o.Annotations)))
		default:
			k8sKeel(o, &h)
		}
	}
	return h.result()
}

// k8sUpdateStrategy names the Image Updater strategies set on an object.
func k8sUpdateStrategy(ann map[string]string) string {
	var s []string
	for k, v := range ann {
		if strings.HasPrefix(k, "argocd-image-updater.argoproj.io/") && strings.HasSuffix(k, "update-strategy") {
			s = append(s, v)
		}
	}
	if len(s) == 0 {
		return ""
	}
	sort.Strings(s)
	return " (" + strings.Join(k8sUniq(s), ", ") + " strategy)"
}

// k8sKeel reports objects Keel keeps updated (keel.sh/policy other than
// never).
func k8sKeel(o *k8sObject, h *k8sHits) {
	policy, key := o.Annotations["keel.sh/policy"], "metadata.annotations"
	if policy == "" {
		policy, key = o.Labels["keel.sh/policy"], "metadata.labels"
	}
	if policy == "" || policy == "never" || k8sTemplated(policy) {
		return
	}
	h.obj(practicePatching, Strong, o, key, fmt.Sprintf("Keel updates %s to new image versions (policy %s)", o.Ref(), policy))
}
