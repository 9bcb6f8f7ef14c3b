package evidence

import (
	"errors"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2/hclsyntax"
	"go.yaml.in/yaml/v4"
)

// The parsers must turn any input into a value or an error, never a panic:
// a scan reads files written by anyone.

func FuzzParseYAML(f *testing.F) {
	for _, s := range []string{
		"a: 1\n",
		"---\na: &x [1, 2]\nb: *x\n---\n",
		"Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      Name: !Sub '${AWS::StackName}'\n",
		"{\n\t\"a\": [1, {\"b\": null}]\n}\n",
		"a: [1, 2\n",
		"- !!binary aGVsbG8=\n- ? complex\n  : key\n",
		"a: &a\n  b: *a\n",
		"%YAML 1.1\n---\n<<: {x: 1}\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := parseYAML("f.yaml", data)
		if err != nil {
			return
		}
		for _, doc := range v.([]*yaml.Node) {
			// The navigation helpers must survive whatever parsed.
			_ = scalarText(doc)
			_, _ = k8sKind(doc)
			pairs(doc, func(key string, _, val *yaml.Node) {
				_ = str(val, key)
				_ = items(val)
			})
			_ = get(doc, "a", "b", "c")
		}
	})
}

func FuzzParseHCL(f *testing.F) {
	for _, s := range []string{
		"resource \"aws_s3_bucket\" \"b\" {\n  bucket = var.name\n  tags = { owner = \"team\" }\n}\n",
		"locals {\n  x = [for s in var.list : upper(s) if s != \"\"]\n}\n",
		"module \"m\" {\n  source = \"./m\"\n  count  = var.on ? 1 : 0\n}\n",
		"variable \"v\" {\n  default = <<EOT\nhello ${name}\nEOT\n}\n",
		"a = \"${\"\n",
		"block {\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := parseHCL("f.tf", data)
		if err != nil {
			return
		}
		if _, ok := v.(*hclsyntax.Body); !ok {
			t.Fatalf("parseHCL returned %T", v)
		}
	})
}

// TestTemplatesAreNotWarnedAbout: a Go template fails to parse as YAML by
// nature, which is no problem of the repository; broken YAML still is.
func TestTemplatesAreNotWarnedAbout(t *testing.T) {
	tree := testTree(t, map[string]string{
		"chart/templates/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  labels:\n    {{- include \"x.labels\" . | nindent 4 }}\n",
		"broken.yaml":                     "a: [1\n",
	})
	if _, err := tree.YAML("chart/templates/deployment.yaml"); !errors.Is(err, errTemplate) {
		t.Errorf("template: err = %v, want errTemplate", err)
	}
	if _, err := tree.YAML("broken.yaml"); err == nil {
		t.Error("broken YAML parsed")
	}
	ws := treeWarnings(tree)
	if len(ws) != 1 || !strings.HasPrefix(ws[0], "broken.yaml: not parsed as YAML") {
		t.Errorf("warnings %v, want one about broken.yaml", ws)
	}
}
