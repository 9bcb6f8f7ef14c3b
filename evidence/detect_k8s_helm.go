package evidence

import (
	"path"
	"regexp"
	"sort"
	"strings"

	"go.yaml.in/yaml/v4"
)

// Helm charts: Chart.yaml, the chart's templates (read through the
// template-aware reader of detect_k8s_template.go) and values files. Charts
// unpacked under another chart's charts/ directory from a remote repository
// are upstream code and left out.

// k8sChart is one of the workload's Helm charts.
type k8sChart struct {
	Dir         string // chart directory ("." at the repository root)
	Path        string // its Chart.yaml
	Name        string
	Version     string
	Type        string // "application" (default) or "library"
	Line        int    // line of the name key
	Deps        []k8sChartDep
	Maintainers []string
	MaintLine   int          // line of the maintainers key
	Templates   []string     // template files (YAML), sorted
	Values      []*k8sValues // default values.yaml first, then others
	// Defines holds the named templates of the chart's .tpl files
	// ({{- define "api.labels" }}…{{ end }}), their raw text by name.
	Defines map[string]string
}

// k8sChartDep is one dependency of a chart.
type k8sChartDep struct {
	Name, Repository, Version, Condition string
	Line                                 int
}

// k8sValues is a Helm values file.
type k8sValues struct {
	Path    string
	Env     string     // normalised environment name from the path, "" if none
	Doc     *yaml.Node // first document
	Chart   *k8sChart  // owning chart, nil for values beside or outside charts
	Default bool       // the chart's own values.yaml
}

// k8sValuesName matches values files: values.yaml, values-prod.yaml,
// values.staging.yml, prod-values.yaml, prod.values.yaml.
var k8sValuesName = regexp.MustCompile(`(?i)^(values([-._][^/]+)?|[^/]+[-._]values)\.ya?ml$`)

// k8sValuesFile reports whether p is a Helm values file by name or place.
func k8sValuesFile(p string) bool {
	ext := path.Ext(p)
	if ext != ".yaml" && ext != ".yml" {
		return false
	}
	if k8sValuesName.MatchString(path.Base(p)) {
		return true
	}
	dir := path.Base(path.Dir(p))
	return dir == "values" || dir == "helm-values"
}

// k8sLoadCharts finds the charts, their templates and the values files.
func k8sLoadCharts(t *Tree) ([]*k8sChart, []*k8sValues) {
	byDir := map[string]*k8sChart{}
	var charts []*k8sChart
	for _, p := range t.Match(func(p string) bool { return path.Base(p) == "Chart.yaml" && !k8sVendoredChart(t, p) }) {
		if c := k8sReadChart(t, p); c != nil {
			byDir[c.Dir] = c
			charts = append(charts, c)
		}
	}
	var values []*k8sValues
	for _, p := range t.Files() {
		ext := path.Ext(p)
		if ext == ".tpl" {
			if dir, ok := k8sTemplateDir(t, p); ok && byDir[dir] != nil {
				byDir[dir].readDefines(t, p)
			}
			continue
		}
		if ext != ".yaml" && ext != ".yml" {
			continue
		}
		if dir, ok := k8sTemplateDir(t, p); ok {
			if c := byDir[dir]; c != nil && !k8sVendoredChart(t, p) {
				c.Templates = append(c.Templates, p)
			}
			continue
		}
		if k8sValuesFile(p) && !k8sVendoredChart(t, p) {
			if v := k8sReadValues(t, p, byDir); v != nil {
				values = append(values, v)
			}
		}
	}
	return charts, values
}

// k8sReadChart reads a Chart.yaml (and requirements.yaml of Helm 2 charts).
func k8sReadChart(t *Tree, p string) *k8sChart {
	docs, err := t.YAML(p)
	if err != nil || len(docs) == 0 {
		return nil
	}
	d := docs[0]
	name := str(d, "name")
	if name == "" {
		return nil
	}
	c := &k8sChart{Dir: path.Dir(p), Path: p, Name: name, Version: str(d, "version"), Type: str(d, "type"), Line: k8sKeyLine(d, "name")}
	deps := get(d, "dependencies")
	if deps == nil {
		if req, err := t.YAML(path.Join(c.Dir, "requirements.yaml")); err == nil && t.Has(path.Join(c.Dir, "requirements.yaml")) && len(req) > 0 {
			deps = get(req[0], "dependencies")
		}
	}
	for _, dep := range items(deps) {
		c.Deps = append(c.Deps, k8sChartDep{Name: str(dep, "name"), Repository: str(dep, "repository"),
			Version: str(dep, "version"), Condition: str(dep, "condition"), Line: dep.Line})
	}
	for _, m := range items(get(d, "maintainers")) {
		if n := str(m, "name"); n != "" {
			c.Maintainers = append(c.Maintainers, n)
		} else if e := str(m, "email"); e != "" {
			c.Maintainers = append(c.Maintainers, e)
		}
	}
	c.MaintLine = k8sKeyLine(d, "maintainers")
	return c
}

// k8sReadValues reads a values file and attaches it to its chart: the
// chart whose directory holds it, else every chart beside it.
func k8sReadValues(t *Tree, p string, charts map[string]*k8sChart) *k8sValues {
	docs, err := t.YAML(p)
	if err != nil || len(docs) == 0 || deref(docs[0]) == nil || deref(docs[0]).Kind != yaml.MappingNode {
		return nil
	}
	if api, kind := k8sKind(docs[0]); api != "" && kind != "" {
		return nil // a manifest that happens to be called values-something
	}
	v := &k8sValues{Path: p, Doc: docs[0], Env: k8sEnvOfPath(strings.TrimSuffix(p, path.Ext(p)), "values")}
	for d := path.Dir(p); ; d = path.Dir(d) {
		if c := charts[d]; c != nil {
			v.Chart = c
			v.Default = path.Base(p) == "values.yaml" && path.Dir(p) == c.Dir
			if v.Default {
				c.Values = append([]*k8sValues{v}, c.Values...)
			} else {
				c.Values = append(c.Values, v)
			}
			return v
		}
		if d == "." || d == "/" {
			break
		}
	}
	for dir, c := range charts {
		if path.Dir(dir) == path.Dir(p) {
			c.Values = append(c.Values, v)
		}
	}
	return v
}

// k8sTemplateDir returns the chart directory of a file in a chart's
// templates/ directory.
func k8sTemplateDir(t *Tree, p string) (string, bool) {
	for d := path.Dir(p); d != "." && d != "/"; d = path.Dir(d) {
		if path.Base(d) == "templates" {
			chart := path.Dir(d)
			return chart, t.Has(path.Join(chart, "Chart.yaml"))
		}
	}
	return "", false
}

// k8sVendoredChart reports whether p lies in a chart unpacked under another
// chart's charts/ directory that the parent pulls from a remote repository
// (helm dependency update): that is upstream code, not the workload's.
// Subcharts kept in the repository (file:// or no repository) stay.
func k8sVendoredChart(t *Tree, p string) bool {
	parts := strings.Split(p, "/")
	for i := 0; i+2 < len(parts); i++ {
		if parts[i] != "charts" {
			continue
		}
		parent := strings.Join(parts[:i], "/")
		if parent == "" {
			parent = "."
		}
		if !t.Has(path.Join(parent, "Chart.yaml")) {
			continue
		}
		c := k8sReadChart(t, path.Join(parent, "Chart.yaml"))
		if c == nil {
			continue
		}
		for _, d := range c.Deps {
			if d.Name == parts[i+1] && d.Repository != "" && !strings.HasPrefix(d.Repository, "file://") {
				return true
			}
		}
	}
	return false
}

// k8sTemplateObjects reads the objects of one chart template.
func k8sTemplateObjects(t *Tree, c *k8sChart, p string) []*k8sObject {
	data, err := t.Read(p)
	if err != nil {
		return nil
	}
	tpl := k8sReadTemplate(string(data))
	var out []*k8sObject
	for i, d := range k8sTplDocuments(tpl.Text) {
		var objs []*k8sObject
		if d.Node != nil {
			objs = k8sObjectsOfDoc(p, i, d.Node)
		} else if api, kind, name, line := k8sShallowHead(d); api != "" && kind != "" {
			objs = []*k8sObject{{Path: p, Doc: i, Item: -1, APIVersion: api, Kind: kind, Name: name, Line: line}}
		}
		for _, o := range objs {
			if k8sTemplated(o.APIVersion) {
				// Charts pick the API version by cluster capabilities
				// ({{ include "common.capabilities.deployment.apiVersion" . }}):
				// well-known kinds still say what they are.
				o.APIVersion = k8sKnownAPIVersions[o.Kind]
			}
			if k8sTemplated(o.Kind) || o.APIVersion == "" {
				continue // kind chosen by values: nothing to recognise
			}
			o.Source, o.Chart, o.tpl = k8sHelmTemplate, c, tpl
			if o.Line >= 1 && o.Line <= len(tpl.Conds) {
				o.Conditions = tpl.Conds[o.Line-1]
			}
			o.Name = k8sResolved(o, get(o.Node, "metadata", "name"), o.Name)
			o.Namespace = k8sResolved(o, get(o.Node, "metadata", "namespace"), o.Namespace)
			o.Labels = k8sResolvedMap(o, get(o.Node, "metadata", "labels"))
			o.Annotations = k8sResolvedMap(o, get(o.Node, "metadata", "annotations"))
			o.Incidental = k8sIncidentalPath(p) || strings.Contains(o.Annotations["helm.sh/hook"], "test")
			out = append(out, o)
		}
	}
	return out
}

// k8sKnownAPIVersions are the current API versions of kinds whose
// version charts often template.
var k8sKnownAPIVersions = map[string]string{
	"Deployment": "apps/v1", "StatefulSet": "apps/v1", "DaemonSet": "apps/v1", "ReplicaSet": "apps/v1",
	"Job": "batch/v1", "CronJob": "batch/v1", "Service": "v1", "ConfigMap": "v1", "Secret": "v1",
	"ServiceAccount": "v1", "PersistentVolumeClaim": "v1", "Pod": "v1",
	"Ingress": "networking.k8s.io/v1", "NetworkPolicy": "networking.k8s.io/v1",
	"HorizontalPodAutoscaler": "autoscaling/v2", "PodDisruptionBudget": "policy/v1",
	"Role": "rbac.authorization.k8s.io/v1", "RoleBinding": "rbac.authorization.k8s.io/v1",
	"ClusterRole": "rbac.authorization.k8s.io/v1", "ClusterRoleBinding": "rbac.authorization.k8s.io/v1",
}

// k8sResolved returns a template value resolved, or "" when it stays
// templated; fallback is used when there is no node.
func k8sResolved(o *k8sObject, n *yaml.Node, fallback string) string {
	v := fallback
	if n != nil {
		v = o.Text(n)
	}
	if k8sTemplated(v) {
		return ""
	}
	return v
}

func k8sResolvedMap(o *k8sObject, n *yaml.Node) map[string]string {
	var out map[string]string
	pairs(n, func(k string, _, v *yaml.Node) {
		if v == nil || v.Kind != yaml.ScalarNode || k8sTemplated(k) {
			return
		}
		if out == nil {
			out = map[string]string{}
		}
		out[k] = o.Text(v)
	})
	return out
}

// k8sValuesRef finds the .Values path an action reads.
var k8sValuesRef = regexp.MustCompile(`\.Values((?:\.[A-Za-z0-9_]+)+)`)

// k8sSimpleAction matches actions that only read a value and format it:
// .Values.x, .Values.x | quote, .Values.x | default "y", .Chart.Name.
var k8sSimpleAction = regexp.MustCompile(`^-?\s*(?:(?:quote|squote|toString|trim|lower|upper|default\s+"[^"]*")\s+)?(?:\.Values(?:\.[A-Za-z0-9_]+)+|\.Chart\.(?:Name|AppVersion|Version))(?:\s*\|\s*(?:quote|squote|toString|trim|lower|upper|default\s+(?:"[^"]*"|\.Chart\.AppVersion)))*\s*-?$`)

var k8sDefaultLiteral = regexp.MustCompile(`default\s+"([^"]*)"`)

// resolve returns the value an action renders with the chart's default
// values, when the action is a plain reference to a value.
func (c *k8sChart) resolve(action string) (string, bool) {
	action = strings.TrimSpace(action)
	if !k8sSimpleAction.MatchString(action) {
		return "", false
	}
	if m := k8sValuesRef.FindStringSubmatch(action); m != nil {
		n := c.valueAt(strings.Split(m[1][1:], "."), nil)
		if n != nil && n.Kind == yaml.ScalarNode && n.Value != "" && n.Tag != "!!null" {
			return n.Value, true
		}
		if d := k8sDefaultLiteral.FindStringSubmatch(action); d != nil {
			return d[1], true
		}
		return "", false
	}
	switch {
	case strings.Contains(action, ".Chart.Name"):
		return c.Name, true
	case strings.Contains(action, ".Chart.Version"):
		return c.Version, true
	}
	return "", false
}

// valueAt looks a values path up in env (when given) and then in the
// chart's default values.
func (c *k8sChart) valueAt(keys []string, env *k8sValues) *yaml.Node {
	if env != nil {
		if n := get(env.Doc, keys...); n != nil {
			return n
		}
	}
	for _, v := range c.Values {
		if v.Default {
			return get(v.Doc, keys...)
		}
	}
	return nil
}

// enabled evaluates a template's conditions with the default values, then
// with each other values file laid over them; unknown conditions count as
// met. why names the values file that turns the object on (or off).
func (c *k8sChart) enabled(conds []string) (bool, string) {
	def := "the chart's defaults"
	for _, v := range c.Values {
		if v.Default {
			def = v.Path
		}
	}
	if k8sCondsHold(c, conds, nil) {
		return true, def
	}
	others := make([]*k8sValues, 0, len(c.Values))
	for _, v := range c.Values {
		if !v.Default {
			others = append(others, v)
		}
	}
	sort.Slice(others, func(i, j int) bool { return others[i].Path < others[j].Path })
	for _, v := range others {
		if k8sCondsHold(c, conds, v) {
			return true, v.Path
		}
	}
	return false, def
}

func k8sCondsHold(c *k8sChart, conds []string, env *k8sValues) bool {
	for _, cond := range conds {
		if k8sEvalCond(c, cond, env) == 0 {
			return false
		}
	}
	return true
}
