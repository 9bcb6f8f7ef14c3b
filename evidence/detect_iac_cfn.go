package evidence

import (
	"bytes"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v4"
)

// CloudFormation/SAM loading for the resource model. YAML and JSON
// templates are read through the shared YAML cache, which keeps intrinsic
// function tags (!Ref, !Sub, !GetAtt) on their nodes. Only files whose
// content names an AWS:: type are parsed, so a repository full of other
// YAML and JSON costs one read per file.

// iacSniff is what one cheap read of a YAML/JSON file tells the iac
// detectors, so each candidate is read once for all of them.
type iacSniff struct {
	cfn        bool // names AWS:: types or the template format version
	crossplane bool // a crossplane.io or upbound.io apiVersion
	ansible    bool // a play's hosts: key at the start of a line
	ssmDoc     bool // an SSM document's mainSteps
	cwAgent    bool // CloudWatch agent sections
	cfnParams  bool // CloudFormation parameter values
	arm        bool // an Azure Resource Manager deployment template
	// goTemplate: a line that starts with a {{ directive, as in Helm chart
	// templates, which are not YAML until rendered.
	goTemplate bool
}

var (
	ansibleHostsLine = regexp.MustCompile(`(?m)^\s*(-\s+)?hosts:\s*\S`)
	goTemplateLine   = regexp.MustCompile(`(?m)^\s*\{\{`)
)

func sniffIaC(_ string, data []byte) (any, error) {
	return iacSniff{
		cfn:        bytes.Contains(data, []byte("AWS::")) || bytes.Contains(data, []byte("AWSTemplateFormatVersion")),
		crossplane: bytes.Contains(data, []byte("crossplane.io/")) || bytes.Contains(data, []byte("upbound.io/")),
		// The regexps only run on files that hold their literal part: a
		// regexp over every YAML file of a large tree costs seconds.
		ansible:    bytes.Contains(data, []byte("hosts:")) && ansibleHostsLine.Match(data),
		ssmDoc:     bytes.Contains(data, []byte("mainSteps")),
		cwAgent:    bytes.Contains(data, []byte("metrics_collected")) || bytes.Contains(data, []byte("logs_collected")),
		cfnParams:  bytes.Contains(data, []byte("ParameterKey")) || bytes.Contains(data, []byte(`"Parameters"`)),
		arm:        bytes.Contains(data, []byte("deploymentTemplate.json")),
		goTemplate: bytes.Contains(data, []byte("{{")) && goTemplateLine.Match(data),
	}, nil
}

// sniffOf returns the sniff of a candidate file (zero on read errors).
// Files above the scan's size limit are passed over without a warning: the
// sniff reads every YAML and JSON file on speculation, and none of the
// formats it looks for comes that large (CloudFormation itself refuses
// templates over 1 MB).
func sniffOf(t *Tree, p string) iacSniff {
	if fi, err := t.root.Stat(filepath.FromSlash(p)); err != nil || fi.Size() > MaxFileSize {
		return iacSniff{}
	}
	v, err := t.parsed(p, "iac-sniff", sniffIaC)
	if err != nil {
		return iacSniff{}
	}
	return v.(iacSniff)
}

// notTemplates are YAML/JSON file names that are never CloudFormation
// templates; skipping them saves a read in every JavaScript project.
var notTemplates = map[string]bool{
	"package.json": true, "package-lock.json": true, "composer.json": true, "composer.lock": true,
	"tsconfig.json": true, "jsconfig.json": true, "pnpm-lock.yaml": true, "yarn.lock": true,
	".eslintrc.json": true, ".prettierrc.json": true, "renovate.json": true, ".gitlab-ci.yml": true,
	"mkdocs.yml": true, ".pre-commit-config.yaml": true, "Chart.yaml": true, "cdk.json": true,
	"cdk.context.json": true, "tslint.json": true, "angular.json": true, "lerna.json": true,
}

// isYAMLOrJSON reports structured-file candidates for the iac sniff.
func isYAMLOrJSON(p string) bool {
	switch strings.ToLower(path.Ext(p)) {
	case ".yaml", ".yml", ".json", ".template":
	default:
		return false
	}
	base := path.Base(p)
	return !notTemplates[base] && !strings.HasPrefix(base, "tsconfig.") &&
		!isTFJSONFile(p) && !isTFVarsFile(p) && !iacGenerated(p)
}

// isServerlessFile reports a Serverless Framework service definition.
func isServerlessFile(p string) bool {
	b := path.Base(p)
	return (b == "serverless.yml" || b == "serverless.yaml") && !iacGenerated(p)
}

func loadCloudFormation(t *Tree, m *iacModel) {
	files := t.Match(isYAMLOrJSON)
	// The sniff reads every YAML and JSON file, which other iac readers
	// then find cached; spread over the processors it costs its share.
	parsed := inParallel(files, func(p string) []*yaml.Node {
		if sn := sniffOf(t, p); !sn.cfn || sn.goTemplate {
			return nil
		}
		docs, _ := t.YAML(p)
		return docs
	})
	for i, docs := range parsed {
		for _, doc := range docs {
			m.addCFNDoc(files[i], doc)
		}
	}
}

// addCFNDoc adds the resources of one document if it is a template.
func (m *iacModel) addCFNDoc(p string, doc *yaml.Node) {
	prefix := []string{"Resources"}
	if isServerlessFile(p) {
		prefix = []string{"resources", "Resources"}
	} else if !isCFNTemplate(doc) {
		return
	}
	res := get(doc, prefix...)
	if res == nil || res.Kind != yaml.MappingNode {
		return
	}
	tm := &cfnTemplate{Path: p, Doc: iacValue{node: doc}, SAM: isSAM(doc), Prefix: strings.Join(prefix, ".")}
	m.Templates = append(m.Templates, tm)
	pairs(res, func(name string, k, v *yaml.Node) {
		typ := str(v, "Type")
		if typ == "" {
			return
		}
		m.Resources = append(m.Resources, &iacResource{
			Tool: iacCloudFormation, Kind: "resource", Type: typ, Name: name,
			Path: p, Line: k.Line, KeyPath: tm.Prefix + "." + name,
			Body: iacValue{node: get(v, "Properties")}, Decl: iacValue{node: v},
			scope: p, tmpl: tm,
		})
	})
}

// isCFNTemplate recognises a CloudFormation or SAM template: the format
// version key, the SAM transform, or a Resources section whose entries have
// AWS:: types.
func isCFNTemplate(doc *yaml.Node) bool {
	if get(doc, "AWSTemplateFormatVersion") != nil || isSAM(doc) {
		return true
	}
	found := false
	pairs(get(doc, "Resources"), func(_ string, _, v *yaml.Node) {
		if strings.HasPrefix(str(v, "Type"), "AWS::") {
			found = true
		}
	})
	return found
}

// isSAM reports the AWS::Serverless transform (a string or a list).
func isSAM(doc *yaml.Node) bool {
	tr := get(doc, "Transform")
	if tr == nil {
		return false
	}
	if tr.Kind == yaml.ScalarNode {
		return strings.HasPrefix(tr.Value, "AWS::Serverless")
	}
	for _, it := range items(tr) {
		if it != nil && strings.HasPrefix(it.Value, "AWS::Serverless") {
			return true
		}
	}
	return false
}
