package evidence

import (
	"path"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v4"
)

// Spinnaker pipelines kept as code: pipeline JSON exported or managed by
// spin CLI / Dinghy / pipeline templates. A pipeline is recognised by its
// stages (type and refId), not by its file name alone.

// k8sSpinPipeline is one Spinnaker pipeline.
type k8sSpinPipeline struct {
	Path    string
	Line    int
	Name    string
	Deploys []string // deploying stage types
	Canary  []string // canary analysis stages
	Manual  bool     // has a manual judgment stage
}

var k8sSpinnakerPath = regexp.MustCompile(`(?i)(^|/)(dinghyfile|[^/]*pipeline[^/]*\.json|[^/]*spinnaker[^/]*/[^/]+\.(json|ya?ml))$`)

var k8sSpinDeployStages = map[string]bool{
	"deployManifest": true, "deploy": true, "createServerGroup": true, "cloneServerGroup": true,
	"deployCloudFormation": true, "deployAppEngine": true, "deployService": true, "patchManifest": true,
	"deployCloudrunManifest": true, "bakeManifest": false,
}

// k8sSpinnakerPipelines returns the tree's Spinnaker pipelines, read once.
func k8sSpinnakerPipelines(t *Tree) []k8sSpinPipeline {
	v := k8sMemo(t, "k8s spinnaker", func() any {
		var out []k8sSpinPipeline
		for _, p := range t.Match(func(p string) bool { return k8sSpinnakerPath.MatchString(p) && !k8sIncidentalPath(p) }) {
			if path.Base(p) != "dinghyfile" && !strings.HasSuffix(p, ".json") && !strings.Contains(strings.ToLower(p), "spinnaker") {
				continue
			}
			docs, err := t.YAML(p)
			if err != nil {
				continue
			}
			for _, d := range docs {
				out = append(out, k8sSpinOf(p, d)...)
			}
		}
		return out
	})
	ps, _ := v.([]k8sSpinPipeline)
	return ps
}

// k8sSpinOf reads a pipeline, or the pipelines of a Dinghy file or
// application export.
func k8sSpinOf(p string, d *yaml.Node) []k8sSpinPipeline {
	d = deref(d)
	if d == nil || d.Kind != yaml.MappingNode {
		return nil
	}
	if ps := items(get(d, "pipelines")); len(ps) > 0 {
		var out []k8sSpinPipeline
		for _, x := range ps {
			out = append(out, k8sSpinOf(p, x)...)
		}
		return out
	}
	stages := items(get(d, "stages"))
	if len(stages) == 0 {
		return nil
	}
	sp := k8sSpinPipeline{Path: p, Line: k8sKeyLine(d, "stages"), Name: str(d, "name")}
	typed := 0
	for _, s := range stages {
		typ := str(s, "type")
		if typ == "" || (str(s, "refId") == "" && str(s, "name") == "") {
			continue
		}
		typed++
		switch {
		case k8sSpinDeployStages[typ]:
			sp.Deploys = append(sp.Deploys, typ)
		case strings.Contains(strings.ToLower(typ), "canary"):
			sp.Canary = append(sp.Canary, typ)
		case typ == "manualJudgment":
			sp.Manual = true
		}
	}
	if typed == 0 {
		return nil
	}
	return []k8sSpinPipeline{sp}
}
