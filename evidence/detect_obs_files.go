package evidence

import (
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v4"
)

// This file holds what the observability detectors share: the choice of candidate files, and a
// walk over YAML documents that also enters YAML embedded in strings (a
// ConfigMap's alerting_rules.yml, a Helm value holding alertmanager.yml).

// obsCached returns build(t), computed once per tree and name however many
// detectors ask.
func obsCached[T any](t *Tree, name string, build func(*Tree) T) T {
	return memo(t, "obs:"+name, build)
}

// obsSkipYAML are YAML files that are never monitoring configuration:
// pipelines, issue forms (whose placeholders may quote a collector's
// config), test trees (a tool's own test configurations are not how the
// workload is monitored), lockfiles, linters, docs sites. Skipping them keeps the scan of
// a large tree from parsing what cannot hold rules.
var obsSkipYAML = regexp.MustCompile(`(^|/)(test|tests|e2e|testing|integration-tests?)/|(^|/)(\.github/workflows/|\.github/(ISSUE|DISCUSSION)_TEMPLATE/|\.gitlab/(issue|merge_request)_templates/|\.gitlab-ci|\.circleci/|azure-pipelines|buildspec|\.travis\.yml|pnpm-lock\.yaml|yarn\.lock|Chart\.lock|\.pre-commit|mkdocs\.ya?ml|\.golangci|dependabot\.ya?ml|codecov\.ya?ml|\.markdownlint|\.yamllint|openapi[^/]*\.ya?ml$|swagger[^/]*\.ya?ml$|bitbucket-pipelines|cloudbuild|\.goreleaser|\.rubocop|\.clang|\.readthedocs|_config\.yml$|pubspec)`)

// obsYAMLFiles lists the workload's YAML files that may hold monitoring
// configuration, Helm chart templates excluded (see obsTemplateFiles).
func obsYAMLFiles(t *Tree) []string {
	return obsCached(t, "yaml-files", func(t *Tree) []string {
		return t.Match(func(p string) bool {
			ext := path.Ext(p)
			if ext != ".yml" && ext != ".yaml" && ext != ".rules" {
				return false
			}
			return !obsSkipYAML.MatchString(p) && !obsHelmTemplate(t, p) && !obsVendoredChart(t, p)
		})
	})
}

// obsTemplateFiles lists Helm chart templates (templates/ beside a
// Chart.yaml), read through the template-tolerant parser.
func obsTemplateFiles(t *Tree) []string {
	return obsCached(t, "template-files", func(t *Tree) []string {
		return t.Match(func(p string) bool {
			ext := path.Ext(p)
			return (ext == ".yml" || ext == ".yaml" || ext == ".tpl") && obsHelmTemplate(t, p) && !obsVendoredChart(t, p)
		})
	})
}

// obsJSONHint is a path that suggests monitoring content; JSON files are
// selected by it because repositories hold many unrelated JSON files.
var obsJSONHint = regexp.MustCompile(`(?i)(dashboard|grafana|monitor|datadog|alert|slo|synthetic|observab|o11y|cloudwatch|cwagent|uptime|kuma|mixin|checkly|telemetry|metrics|prometheus)`)

var obsSkipJSON = regexp.MustCompile(`(^|/)(package(-lock)?\.json|tsconfig[^/]*\.json|composer\.(json|lock)|\.vscode/|\.devcontainer|renovate\.json|\.eslintrc|[^/]*\.schema\.json)$`)

// obsJSONFiles lists JSON files whose path hints at monitoring content.
func obsJSONFiles(t *Tree) []string {
	return obsCached(t, "json-files", func(t *Tree) []string {
		return t.Match(func(p string) bool {
			return path.Ext(p) == ".json" && obsJSONHint.MatchString(p) && !obsSkipJSON.MatchString(p) && !obsVendoredChart(t, p)
		})
	})
}

// obsCandidateFiles lists every YAML, Helm template and JSON candidate in
// one new slice (the cached lists are shared and must not be appended to).
func obsCandidateFiles(t *Tree) []string {
	return obsCached(t, "candidate-files", func(t *Tree) []string {
		return slices.Concat(obsYAMLFiles(t), obsTemplateFiles(t), obsJSONFiles(t))
	})
}

// obsFileDocs is one candidate file and its documents.
type obsFileDocs struct {
	Path string
	Docs []*yaml.Node
}

// obsCandidateDocs parses every candidate file once, in parallel, for the
// models that each walk them all.
func obsCandidateDocs(t *Tree) []obsFileDocs {
	return obsCached(t, "candidate-docs", func(t *Tree) []obsFileDocs {
		files := obsCandidateFiles(t)
		out := make([]obsFileDocs, len(files))
		for i, docs := range inParallel(files, func(p string) []*yaml.Node { return obsDocs(t, p) }) {
			out[i] = obsFileDocs{Path: files[i], Docs: docs}
		}
		return out
	})
}

// obsHelmTemplate reports whether p is a template of a Helm chart.
func obsHelmTemplate(t *Tree, p string) bool {
	for d := path.Dir(p); d != "." && d != "/"; d = path.Dir(d) {
		if path.Base(d) == "templates" {
			return t.Has(path.Join(path.Dir(d), "Chart.yaml"))
		}
	}
	return false
}

// obsVendoredChart reports whether p lies in a chart unpacked under another
// chart's charts/ directory that the parent pulls from a remote repository:
// that is upstream code (a kube-prometheus-stack with its own default
// alerts), not the workload's. Local subcharts (file://) stay.
func obsVendoredChart(t *Tree, p string) bool {
	parts := strings.Split(p, "/")
	for i := 0; i+1 < len(parts); i++ {
		if parts[i] != "charts" {
			continue
		}
		parent := strings.Join(parts[:i], "/")
		if obsRemoteDependency(t, path.Join(parent, "Chart.yaml"), parts[i+1]) {
			return true
		}
	}
	return false
}

// obsRemoteDependency reports whether chart file cf declares dependency
// name from a remote repository.
func obsRemoteDependency(t *Tree, cf, name string) bool {
	if !t.Has(cf) {
		return false
	}
	docs, err := t.YAML(cf)
	if err != nil || len(docs) == 0 {
		return false
	}
	for _, d := range items(get(docs[0], "dependencies")) {
		repo := str(d, "repository")
		if (str(d, "name") == name || str(d, "alias") == name) && repo != "" && !strings.HasPrefix(repo, "file://") {
			return true
		}
	}
	return false
}

// obsDocs returns the YAML documents of a candidate file: the cached parse
// for plain files, the template-tolerant parse for Helm templates.
func obsDocs(t *Tree, p string) []*yaml.Node {
	if obsHelmTemplate(t, p) {
		v, err := t.parsed(p, "obsHelmTemplate", func(_ string, data []byte) (any, error) {
			docs, _ := decodeYAML([]byte(obsUntemplate(string(data))))
			return docs, nil
		})
		if err != nil || v == nil {
			return nil
		}
		return v.([]*yaml.Node)
	}
	docs, err := t.YAML(p)
	if err != nil {
		return nil
	}
	return docs
}

var (
	obsTemplateLine   = regexp.MustCompile(`^\s*\{\{-?[^{}]*-?\}\}\s*$`)
	obsTemplateInline = regexp.MustCompile(`\{\{-?.*?-?\}\}`)
)

// obsUntemplate turns a Helm template into YAML that parses: lines holding
// only a template action become comments, inline actions become a
// placeholder. Line numbers are kept so proofs point at the template.
func obsUntemplate(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		switch {
		case obsTemplateLine.MatchString(l):
			lines[i] = "#"
		case strings.Contains(l, "{{"):
			lines[i] = obsTemplateInline.ReplaceAllString(l, "TEMPLATED")
		}
	}
	return strings.Join(lines, "\n")
}

// obsNode is a node met by obsWalk with its key path in the file and the
// line offset of the embedded document it came from.
type obsNode struct {
	N       *yaml.Node
	KeyPath string
	LineOff int // add to N.Line for the line in the file
	// Embedded names the string value the node was parsed from, if any.
	Embedded string
}

// Line returns the node's line in the file.
func (o obsNode) Line() int {
	if o.N == nil {
		return 0
	}
	return o.N.Line + o.LineOff
}

// obsWalk visits every mapping and sequence below doc with its key path.
// Literal strings that look like YAML holding one of the markers (for
// example "groups:") are parsed and walked too, with lines mapped back to
// the file, since Kubernetes ConfigMaps and Helm values often carry whole
// configuration files as strings. fn returns false to skip the children.
func obsWalk(doc *yaml.Node, markers []string, fn func(o obsNode) bool) {
	obsWalkAt(obsNode{N: deref(doc)}, markers, 0, fn)
}

func obsWalkAt(o obsNode, markers []string, depth int, fn func(obsNode) bool) {
	// Aliases are not entered: their anchor was walked where it is defined,
	// and following them lets a few lines of YAML expand exponentially.
	if o.N == nil || o.N.Kind == yaml.AliasNode || depth > 40 {
		return
	}
	n := deref(o.N)
	if n == nil {
		return
	}
	o.N = n
	switch n.Kind {
	case yaml.MappingNode:
		if !fn(o) {
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			if obsPlainLeaf(n.Content[i+1], markers, depth+1) {
				continue
			}
			c := o
			c.N = n.Content[i+1]
			c.KeyPath = obsJoinKey(o.KeyPath, n.Content[i].Value)
			obsWalkAt(c, markers, depth+1, fn)
		}
	case yaml.SequenceNode:
		if !fn(o) {
			return
		}
		for i, it := range n.Content {
			if obsPlainLeaf(it, markers, depth+1) {
				continue
			}
			c := o
			c.N = it
			c.KeyPath = o.KeyPath + "[" + strconv.Itoa(i) + "]"
			obsWalkAt(c, markers, depth+1, fn)
		}
	case yaml.ScalarNode:
		if depth > 12 || !obsLooksEmbedded(n, markers) {
			return
		}
		docs, err := decodeYAML([]byte(n.Value))
		if err != nil {
			return
		}
		off := o.LineOff + n.Line - 1
		if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
			off++
		}
		for _, d := range docs {
			obsWalkAt(obsNode{N: d, KeyPath: o.KeyPath, LineOff: off, Embedded: o.KeyPath}, markers, depth+1, fn)
		}
	}
}

// obsPlainLeaf reports whether n is a scalar the walk would not enter, so
// that its key path, which costs an allocation, is never built: most nodes
// of a large tree are such leaves.
func obsPlainLeaf(n *yaml.Node, markers []string, depth int) bool {
	return n != nil && n.Kind == yaml.ScalarNode && (depth > 12 || !obsLooksEmbedded(n, markers))
}

// obsLooksEmbedded reports whether a string value is probably a YAML
// document with one of the markers, worth parsing.
func obsLooksEmbedded(n *yaml.Node, markers []string) bool {
	if n.Tag != "!!str" || len(n.Value) < 10 || !strings.Contains(n.Value, "\n") {
		return false
	}
	for _, m := range markers {
		if strings.Contains(n.Value, m) {
			return true
		}
	}
	return false
}

func obsJoinKey(base, k string) string {
	if base == "" {
		return k
	}
	return base + "." + k
}

// obsHas reports whether mapping n has key k.
func obsHas(n *yaml.Node, k string) bool {
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return false
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == k {
			return true
		}
	}
	return false
}

// obsKeyLine returns the line of key k in mapping n (0 if absent).
func obsKeyLine(n *yaml.Node, k string) int {
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return 0
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == k {
			return n.Content[i].Line
		}
	}
	return 0
}

// obsStrMap reads a mapping of scalars (labels, annotations).
func obsStrMap(n *yaml.Node) map[string]string {
	out := map[string]string{}
	pairs(n, func(k string, _, v *yaml.Node) {
		if v != nil && v.Kind == yaml.ScalarNode {
			out[k] = v.Value
		}
	})
	return out
}

// obsNames renders up to max names in quotes, then "and N more".
func obsNames(names []string, max int) string {
	var q []string
	for i, n := range names {
		if i == max {
			break
		}
		q = append(q, strconv.Quote(n))
	}
	s := strings.Join(q, ", ")
	if len(names) > max {
		s += " and " + strconv.Itoa(len(names)-max) + " more"
	}
	return s
}

// obsPlural returns "1 alert" or "3 alerts".
func obsPlural(n int, word string) string {
	if n == 1 || strings.HasSuffix(word, "series") {
		return strconv.Itoa(n) + " " + word
	}
	if strings.HasSuffix(word, "y") && !strings.HasSuffix(word, "ey") {
		return strconv.Itoa(n) + " " + strings.TrimSuffix(word, "y") + "ies"
	}
	return strconv.Itoa(n) + " " + word + "s"
}
