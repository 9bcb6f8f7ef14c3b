package main

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
)

// kind is the sort of file, which decides its path and content.
type kind int

const (
	goSrc kind = iota
	goTest
	jsSrc
	pySrc
	k8sYAML
	configYAML
	workflowYAML
	markdown
	runbook
	terraform
	jsonFile
	shellScript
	vendorGo
	binaryFile
	largeCSV
	numKinds
)

// weights is the share of each kind among the files, in thousandths.
var weights = [numKinds]int{
	goSrc: 250, goTest: 90, jsSrc: 170, pySrc: 130, k8sYAML: 70, configYAML: 50,
	workflowYAML: 1, markdown: 70, runbook: 4, terraform: 50, jsonFile: 40,
	shellScript: 20, vendorGo: 40, binaryFile: 14, largeCSV: 1,
}

var (
	packages  = []string{"api", "store", "queue", "auth", "billing", "search", "notify", "report", "cache", "config", "health", "metrics"}
	workflows = []string{"ci", "deploy", "release", "lint", "codeql", "nightly", "docs", "e2e", "stale", "dependency-review", "terraform", "helm"}
	envs      = []string{"dev", "staging", "prod"}
)

// newFile adds a file of a random kind and writes its first blob.
func (g *generator) newFile() int {
	r := g.rnd.IntN(1000)
	k := kind(0)
	for r >= weights[k] && k < numKinds-1 {
		r -= weights[k]
		k++
	}
	n := len(g.files)
	if k == workflowYAML && g.count(k) >= len(workflows) {
		k = configYAML
	}
	size := int(math.Exp(math.Log(2500) + 0.8*g.rnd.NormFloat64()))
	switch k {
	case binaryFile:
		size = 4<<10 + g.rnd.IntN(60<<10)
	case largeCSV:
		size = 1200<<10 + g.rnd.IntN(2<<20)
	default:
		size = max(200, min(size, 60<<10))
	}
	f := &file{kind: k, id: uint64(n) + 1, size: size}
	f.path = g.unique(g.pathFor(k, n))
	g.files = append(g.files, f)
	g.live = append(g.live, n)
	g.blob(n)
	return n
}

func (g *generator) count(k kind) int {
	c := 0
	for _, f := range g.files {
		if f.kind == k {
			c++
		}
	}
	return c
}

// unique returns p, or p with a number added if it is taken.
func (g *generator) unique(p string) string {
	q := p
	for i := 2; g.used[q]; i++ {
		dot := strings.LastIndexByte(p, '.')
		if dot <= strings.LastIndexByte(p, '/') {
			dot = len(p)
		}
		q = fmt.Sprintf("%s-%d%s", p[:dot], i, p[dot:])
	}
	g.used[q] = true
	return q
}

func (g *generator) pathFor(k kind, n int) string {
	svc := fmt.Sprintf("services/svc-%02d", g.rnd.IntN(40))
	pkg := packages[g.rnd.IntN(len(packages))]
	switch k {
	case goSrc:
		return fmt.Sprintf("%s/internal/%s/%s_%d.go", svc, pkg, pkg, n)
	case goTest:
		return fmt.Sprintf("%s/internal/%s/%s_%d_test.go", svc, pkg, pkg, n)
	case jsSrc:
		return fmt.Sprintf("web/app-%d/src/%s/Component%d.js", g.rnd.IntN(8), pkg, n)
	case pySrc:
		return fmt.Sprintf("%s/app/%s/%s_%d.py", svc, pkg, pkg, n)
	case k8sYAML:
		if g.rnd.IntN(3) == 0 {
			return fmt.Sprintf("deploy/k8s/overlays/%s/%s-%d.yaml", envs[g.rnd.IntN(3)], pkg, n)
		}
		return fmt.Sprintf("deploy/k8s/base/%s/%s-%d.yaml", pkg, pkg, n)
	case configYAML:
		return fmt.Sprintf("%s/config/%s-%d.yaml", svc, pkg, n)
	case workflowYAML:
		return ".github/workflows/" + workflows[g.count(k)] + ".yml"
	case markdown:
		return fmt.Sprintf("docs/%s/page-%d.md", pkg, n)
	case runbook:
		return fmt.Sprintf("docs/runbooks/%s-%d.md", pkg, n)
	case terraform:
		if g.rnd.IntN(4) == 0 {
			return fmt.Sprintf("infra/terraform/envs/%s/%s.tf", envs[g.rnd.IntN(3)], pkg)
		}
		return fmt.Sprintf("infra/terraform/modules/%s/%s_%d.tf", pkg, pkg, n)
	case jsonFile:
		return fmt.Sprintf("dashboards/%s/dashboard-%d.json", pkg, n)
	case shellScript:
		return fmt.Sprintf("scripts/%s-%d.sh", pkg, n)
	case vendorGo:
		return fmt.Sprintf("vendor/github.com/acme/lib%d/%s_%d.go", g.rnd.IntN(30), pkg, n)
	case binaryFile:
		return fmt.Sprintf("assets/img/%s-%d.png", pkg, n)
	default:
		return fmt.Sprintf("data/fixtures/%s-%d.csv", pkg, n)
	}
}

func (f *file) mode() string {
	if f.kind == shellScript {
		return "100755"
	}
	return "100644"
}

// content is the file's text for its number of edits: the base content
// from its id, then one block of lines inserted per edit, each at a place
// and of a size drawn from the edit's own seed, so version n+1 differs from
// version n by that one block.
func content(seed uint64, f *file) []byte {
	r := rand.New(rand.NewPCG(seed^0x5eed, f.id))
	if f.kind == binaryFile {
		return binary(r, f)
	}
	lines := baseLines(r, f)
	for e := 1; e <= f.edits; e++ {
		er := rand.New(rand.NewPCG(f.id, uint64(e)))
		if f.kind == jsonFile {
			lines[1] = fmt.Sprintf(`  "revision": %d,`, e)
			continue
		}
		pos := er.IntN(len(lines) + 1)
		n := 1 + er.IntN(12)
		if er.IntN(20) == 0 {
			n += 40 + er.IntN(200)
		}
		block := make([]string, n)
		for i := range block {
			block[i] = editLine(f.kind, e, i)
		}
		lines = append(lines[:pos], append(block, lines[pos:]...)...)
	}
	return []byte(strings.Join(lines, "\n") + "\n")
}

func editLine(k kind, e, i int) string {
	switch k {
	case goSrc, goTest, jsSrc, vendorGo:
		return fmt.Sprintf("// revision %d note %d: keep the retry budget in step with the timeout", e, i)
	case markdown, runbook:
		return fmt.Sprintf("Revision %d, note %d: the procedure was checked against the current release.", e, i)
	case largeCSV:
		return fmt.Sprintf("%d,%d,edited,%d", e, i, e*i)
	default:
		return fmt.Sprintf("# revision %d note %d", e, i)
	}
}

func binary(r *rand.Rand, f *file) []byte {
	b := make([]byte, f.size)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	copy(b, "\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR")
	// Each edit redraws the image's second half.
	er := rand.New(rand.NewPCG(f.id, uint64(f.edits)))
	for i := len(b) / 2; i < len(b) && f.edits > 0; i++ {
		b[i] = byte(er.Uint32())
	}
	return b
}

// baseLines writes lines of the file's kind until it reaches its size.
func baseLines(r *rand.Rand, f *file) []string {
	var b bytes.Buffer
	head, unit := templates(f.kind)
	b.WriteString(fmt.Sprintf(head, f.id))
	for i := 0; b.Len() < f.size; i++ {
		fmt.Fprintf(&b, unit, i, r.IntN(1000), i, r.IntN(100))
	}
	if f.kind == jsonFile {
		b.WriteString(`    {"id": -1}` + "\n  ]\n}")
	}
	return strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
}

// templates returns the head (with the file id) and the repeated unit
// (with four numbers) of each kind's text.
func templates(k kind) (head, unit string) {
	switch k {
	case goSrc, vendorGo:
		return "// Package gen is generated benchmark code, file %d.\npackage gen\n\nimport (\n\t\"context\"\n\t\"fmt\"\n)\n\n",
			"// handle%[1]d answers request kind %[2]d.\nfunc handle%[1]d(ctx context.Context, in string) (string, error) {\n\tif in == \"\" {\n\t\treturn \"\", fmt.Errorf(\"handler %[1]d: empty input\")\n\t}\n\tif err := ctx.Err(); err != nil {\n\t\treturn \"\", err\n\t}\n\treturn fmt.Sprintf(\"%%s-%[4]d\", in), nil\n}\n\n"
	case goTest:
		return "package gen\n\nimport \"testing\"\n\n// file %d\n",
			"func TestHandle%[1]d(t *testing.T) {\n\tif _, err := handle%[1]d(t.Context(), \"x%[2]d\"); err != nil {\n\t\tt.Fatal(err)\n\t}\n}\n\n"
	case jsSrc:
		return "// component %d\nimport React from 'react';\n\n",
			"export function Widget%[1]d({ value }) {\n  const limit = %[2]d;\n  if (value > limit) {\n    return <span className=\"warn\">{value}</span>;\n  }\n  return <span>{value + %[4]d}</span>;\n}\n\n"
	case pySrc:
		return "\"\"\"Module %d of the generated service.\"\"\"\nimport logging\n\nlog = logging.getLogger(__name__)\n\n\n",
			"def handle_%[1]d(payload):\n    \"\"\"Handle request kind %[2]d.\"\"\"\n    if not payload:\n        raise ValueError(\"empty payload\")\n    log.info(\"handled %%s\", %[4]d)\n    return payload[:%[4]d]\n\n\n"
	case k8sYAML:
		return "# manifest %d\n",
			"---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: worker-%[1]d\n  labels:\n    app: worker-%[1]d\n    team: team-%[4]d\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: worker-%[1]d\n  template:\n    metadata:\n      labels:\n        app: worker-%[1]d\n    spec:\n      containers:\n        - name: worker\n          image: registry.example.com/worker:1.%[2]d.0\n          resources:\n            limits:\n              memory: %[2]dMi\n          readinessProbe:\n            httpGet:\n              path: /ready\n              port: 8080\n"
	case configYAML:
		return "# settings %d\nservice:\n  settings:\n",
			"    option_%[1]d:\n      enabled: true\n      timeout_ms: %[2]d\n      retries: %[4]d\n"
	case workflowYAML:
		return "# workflow %d\nname: pipeline\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n",
			"  job-%[1]d:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: make test SHARD=%[2]d\n"
	case markdown, runbook:
		return "# Guide %d\n\nThis page describes one part of the generated system.\n\n",
			"## Section %[1]d\n\nStep %[2]d explains how the component behaves when its queue holds more than %[4]d items, and what to check first.\n\n- check the dashboard\n- read the recent logs\n\n"
	case terraform:
		return "# module file %d\n\n",
			"resource \"aws_s3_bucket\" \"store_%[1]d\" {\n  bucket = \"gen-store-%[1]d-%[2]d\"\n  tags = {\n    owner = \"team-%[4]d\"\n  }\n}\n\n"
	case jsonFile:
		return "{\n  \"revision\": 0,\n  \"title\": \"dashboard %d\",\n  \"panels\": [\n",
			"    {\"id\": %[1]d, \"type\": \"timeseries\", \"target\": \"rate(requests_total{code=~\\\"5..\\\"}[%[2]ds])\", \"max\": %[4]d},\n"
	case shellScript:
		return "#!/bin/sh\n# script %d\nset -eu\n\n",
			"echo \"step %[1]d of %[2]d\"\nsleep 0\ntest -d /tmp || exit %[4]d\n"
	default: // largeCSV
		return "id,value,label,weight\n# table %d\n",
			"%[1]d,%[2]d,row-%[3]d,%[4]d\n"
	}
}
