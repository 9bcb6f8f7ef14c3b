package evidence

import (
	"path"
	"strings"

	"go.yaml.in/yaml/v4"
)

// helmfile: declarative Helm releases per environment (helmfile.yaml,
// helmfile.yaml.gotmpl, helmfile.d/*.yaml). The files are often Go
// templates, so they go through the template-aware reader.

// k8sHelmfile is one helmfile.
type k8sHelmfile struct {
	Path         string
	Releases     []k8sHelmRelease
	Envs         []string // environment names, "default" left out
	EnvLine      int
	Atomic       bool // helmDefaults.atomic (or rollbackOnFailure)
	AtomicLine   int
	ReleasesLine int
}

// k8sHelmRelease is one release of a helmfile.
type k8sHelmRelease struct {
	Name, Chart, Namespace string
	Line                   int
	Atomic                 bool
	AtomicLine             int
}

// k8sHelmfileName selects helmfile files.
func k8sHelmfileName(p string) bool {
	base := path.Base(p)
	if strings.HasPrefix(base, "helmfile.") && (strings.HasSuffix(base, ".yaml") || strings.HasSuffix(base, ".yml") || strings.HasSuffix(base, ".gotmpl")) {
		return true
	}
	if path.Base(path.Dir(p)) == "helmfile.d" {
		return strings.HasSuffix(base, ".yaml") || strings.HasSuffix(base, ".yml") || strings.HasSuffix(base, ".gotmpl")
	}
	return false
}

func k8sLoadHelmfiles(t *Tree) []*k8sHelmfile {
	var out []*k8sHelmfile
	for _, p := range t.Match(k8sHelmfileName) {
		data, err := t.Read(p)
		if err != nil {
			continue
		}
		if hf := k8sParseHelmfile(p, string(data)); hf != nil {
			out = append(out, hf)
		}
	}
	return out
}

// k8sParseHelmfile reads the releases, environments and atomic settings.
func k8sParseHelmfile(p, src string) *k8sHelmfile {
	tpl := k8sReadTemplate(src)
	hf := &k8sHelmfile{Path: p}
	for _, d := range k8sTplDocuments(tpl.Text) {
		if d.Node == nil || d.Node.Kind != yaml.MappingNode {
			continue
		}
		pairs(get(d.Node, "environments"), func(k string, kn, _ *yaml.Node) {
			if k != "default" && !k8sTemplated(k) {
				hf.Envs = append(hf.Envs, k)
				if hf.EnvLine == 0 {
					hf.EnvLine = kn.Line
				}
			}
		})
		for _, key := range []string{"atomic", "rollbackOnFailure"} {
			if str(d.Node, "helmDefaults", key) == "true" {
				hf.Atomic, hf.AtomicLine = true, k8sKeyLine(d.Node, "helmDefaults", key)
			}
		}
		if l := k8sKeyLine(d.Node, "releases"); l > 0 && hf.ReleasesLine == 0 {
			hf.ReleasesLine = l
		}
		for _, r := range items(get(d.Node, "releases")) {
			rel := k8sHelmRelease{Name: str(r, "name"), Chart: str(r, "chart"), Namespace: str(r, "namespace"), Line: r.Line}
			for _, key := range []string{"atomic", "rollbackOnFailure"} {
				if str(r, key) == "true" {
					rel.Atomic, rel.AtomicLine = true, k8sKeyLine(r, key)
				}
			}
			hf.Releases = append(hf.Releases, rel)
		}
	}
	if len(hf.Releases) == 0 && len(hf.Envs) == 0 {
		return nil
	}
	return hf
}
