package evidence

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// k8s-owners: owners recorded on the workload's Kubernetes objects
// (OPS02-BP01): owner or team labels and annotations (owner, team,
// backstage.io/owner, …) on the workload objects, their pod templates,
// their namespace, or set on everything by a kustomization's labels. The
// proof says what share of the workload objects carries one: most of them
// (80% or more) is strong, fewer is partial. A Helm chart's maintainers
// are partial: they maintain the chart, which is not owning the running
// resources. app.kubernetes.io/part-of and managed-by name no owner.

func init() {
	register(Detector{Name: "k8s-owners", Run: k8sOwnersRun})
}

const practiceOwners = "OPS02-BP01"

// k8sOwnerKeys are label and annotation names (after any prefix/) that
// name an owner.
var k8sOwnerKeys = map[string]bool{
	"owner": true, "owners": true, "team": true, "team-name": true, "teamname": true, "squad": true,
	"owned-by": true, "ownedby": true, "owning-team": true, "owner-team": true, "maintainer": true,
	"oncall": true, "on-call": true, "contact": true, "responsible-team": true, "service-owner": true,
	"app-owner": true, "business-owner": true, "technical-owner": true, "product-owner": true,
}

// k8sOwnerOf returns the first owner key and value of a label or
// annotation map (keys sorted, for stable proofs).
func k8sOwnerOf(maps ...map[string]string) (string, string) {
	for _, m := range maps {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			name := strings.ToLower(k[strings.LastIndex(k, "/")+1:])
			if v := strings.TrimSpace(m[k]); k8sOwnerKeys[name] && v != "" && !k8sTemplated(v) {
				return k, v
			}
		}
	}
	return "", ""
}

// k8sOwnerPlace is where an owner was found, for the proof.
type k8sOwnerPlace struct {
	path, key, value string
	line             int
}

func k8sOwnersRun(_ context.Context, t *Tree) []Hit {
	m := k8sModelOf(t)
	var h k8sHits
	owned := map[*k8sObject]k8sOwnerPlace{}
	k8sKustomizeOwners(m, owned)
	nsOwner := map[string]k8sOwnerPlace{}
	for _, ns := range m.Kind("", "Namespace") {
		if k, v := k8sOwnerOf(ns.Labels, ns.Annotations); k != "" {
			nsOwner[ns.Name] = k8sOwnerPlace{ns.Path, k, v, ns.KeyLine("metadata")}
		}
	}
	var workloads []*k8sObject
	for _, w := range m.Workloads() {
		if on, _ := w.Enabled(); !on {
			continue
		}
		workloads = append(workloads, w)
		if _, ok := owned[w]; ok {
			continue
		}
		pt := k8sPodTemplatePath(w)
		if k, v := k8sOwnerOf(w.LabelsIn("metadata", "labels"), w.LabelsIn("metadata", "annotations"),
			w.LabelsIn(append(pt, "metadata", "labels")...), w.LabelsIn(append(pt, "metadata", "annotations")...)); k != "" {
			owned[w] = k8sOwnerPlace{w.Path, k, v, w.KeyLine("metadata")}
		} else if p, ok := nsOwner[w.Namespace]; ok && w.Namespace != "" {
			owned[w] = p
		}
	}
	n := 0
	var first *k8sOwnerPlace
	for _, w := range workloads {
		if p, ok := owned[w]; ok {
			n++
			if first == nil {
				first = &p
			}
		}
	}
	if n > 0 {
		conf := Partial
		if n*5 >= len(workloads)*4 {
			conf = Strong
		}
		h.add(practiceOwners, conf, first.path, first.line, "", fmt.Sprintf("%d%% of the workload objects (%d of %d) name an owner in a label or annotation, such as %s=%s",
			n*100/len(workloads), n, len(workloads), first.key, first.value))
	}
	for _, c := range m.Charts {
		if len(c.Maintainers) > 0 && !k8sIncidentalPath(c.Path) {
			h.add(practiceOwners, Partial, c.Path, c.MaintLine, "maintainers", fmt.Sprintf("Helm chart %q names its maintainers (%s), who look after the chart rather than own the running resources", c.Name, k8sList(c.Maintainers, 3)))
		}
	}
	return h.result()
}

// k8sPodTemplatePath is the key path of a workload's pod template.
func k8sPodTemplatePath(o *k8sObject) []string {
	switch o.Kind {
	case "Pod":
		return nil
	case "CronJob":
		return []string{"spec", "jobTemplate", "spec", "template"}
	}
	return []string{"spec", "template"}
}

// k8sKustomizeOwners marks the objects built by kustomizations that set an
// owner label on everything (commonLabels, labels[].pairs,
// commonAnnotations).
func k8sKustomizeOwners(m *k8sModel, owned map[*k8sObject]k8sOwnerPlace) {
	byDir := m.kustomizationsByDir()
	for _, k := range m.Kustomizations {
		maps := []map[string]string{k8sStringMap(get(k.Doc, "commonLabels")), k8sStringMap(get(k.Doc, "commonAnnotations"))}
		for _, l := range items(get(k.Doc, "labels")) {
			maps = append(maps, k8sStringMap(get(l, "pairs")))
		}
		key, val := k8sOwnerOf(maps...)
		if key == "" {
			continue
		}
		place := k8sOwnerPlace{k.Path, key, val, k8sKeyLineAny(k, key)}
		for _, o := range k8sKustomizeObjects(m, byDir, k, map[string]bool{}) {
			if _, ok := owned[o]; !ok {
				owned[o] = place
			}
		}
	}
}

// k8sKeyLineAny finds the line of a label key in a kustomization.
func k8sKeyLineAny(k *k8sKustomization, key string) int {
	for _, f := range []string{"commonLabels", "commonAnnotations"} {
		if l := k8sKeyLine(k.Doc, f, key); l > 0 {
			return l
		}
	}
	for _, l := range items(get(k.Doc, "labels")) {
		if line := k8sKeyLine(l, "pairs", key); line > 0 {
			return line
		}
	}
	return k.Line
}
