package evidence

import (
	"context"
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"
)

// iac-environments: infrastructure code configured per environment
// (OPS05-BP08): per-environment directories or variable files, Terraform
// workspaces, CloudFormation parameter files and mappings, samconfig
// environments, Pulumi stacks and Serverless stages. Two environments are
// needed for a strong hit: one prod.tfvars alone is intent.

func init() {
	register(Detector{Name: "iac-environments", Run: detectIaCEnvironments})
}

// envAliases maps the usual environment names to one spelling each.
var envAliases = map[string]string{
	"dev": "dev", "develop": "dev", "development": "dev", "sandbox": "sandbox", "sbx": "sandbox",
	"test": "test", "testing": "test", "qa": "qa", "uat": "uat", "int": "int", "integration": "int",
	"stage": "staging", "staging": "staging", "stg": "staging", "preprod": "preprod", "nonprod": "nonprod", "preproduction": "preprod",
	"perf": "perf", "prod": "prod", "production": "prod", "prd": "prod", "demo": "demo",
}

// envName returns the environment a name stands for, "" if none.
func envName(s string) string { return envAliases[iacNorm(s)] }

// envTokens returns the environments named by the dot/dash/underscore
// separated words of a file name: terraform.prod.tfvars, env-dev.json.
func envTokens(name string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return r == '.' || r == '-' || r == '_' }) {
		if e := envName(w); e != "" && !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	return out
}

func detectIaCEnvironments(_ context.Context, t *Tree) []Hit {
	m := iacModelOf(t)
	var hits []Hit
	hits = append(hits, envDirHits(t)...)
	hits = append(hits, tfvarsEnvHits(t)...)
	for i, w := range m.Workspaces {
		if i == 0 {
			hits = append(hits, Hit{Practice: "OPS05-BP08", Confidence: Strong, Proof: Proof{Path: w.Path, Line: w.Line,
				Summary: "Terraform configuration reads terraform.workspace, so the same code is applied once per workspace (environment)"}})
		}
	}
	hits = append(hits, tfVariableEnvHits(m)...)
	hits = append(hits, cfnEnvHits(m)...)
	hits = append(hits, cfnParamFileHits(t)...)
	for _, sc := range samConfigsOf(t) {
		var names []string
		line := 0
		for _, e := range sc.Envs {
			if e.Deploy {
				names = append(names, e.Name)
				if len(names) == 2 {
					line = e.Line
				}
			}
		}
		if len(names) >= 2 {
			hits = append(hits, Hit{Practice: "OPS05-BP08", Confidence: Strong, Proof: Proof{Path: sc.Path, Line: line,
				Summary: fmt.Sprintf("sam deploy is configured for %d environments (%s)", len(names), strings.Join(names, ", "))}})
		}
	}
	hits = append(hits, appEnvHits(t)...)
	hits = append(hits, serverlessStageHits(t)...)
	return iacCap(hits, 8)
}

// envIaCFile reports files whose directory can mark an environment:
// Terraform/OpenTofu code and variables, Terragrunt units, and
// CloudFormation templates or parameter files.
func envIaCFile(p string) bool {
	if iacGenerated(p) {
		return false
	}
	if isTFFile(p) || isTFJSONFile(p) || isTFVarsFile(p) || path.Base(p) == "terragrunt.hcl" {
		return true
	}
	return false
}

// envDirHits finds sibling directories named after two or more
// environments that each hold IaC: environments/{dev,prod}/main.tf,
// live/prod/app/terragrunt.hcl.
func envDirHits(t *Tree) []Hit {
	type group struct {
		envs map[string]string // env → first file
	}
	groups := map[string]*group{}
	var order []string
	for _, p := range t.Match(envIaCFile) {
		parts := strings.Split(path.Dir(p), "/")
		for i, part := range parts {
			e := envName(part)
			if e == "" {
				continue
			}
			parent := strings.Join(parts[:i], "/")
			g := groups[parent]
			if g == nil {
				g = &group{envs: map[string]string{}}
				groups[parent] = g
				order = append(order, parent)
			}
			if _, ok := g.envs[e]; !ok {
				g.envs[e] = p
			}
			break
		}
	}
	var hits []Hit
	for _, parent := range order {
		g := groups[parent]
		if !enoughEnvs(parent, g.envs) {
			continue
		}
		var names, dirs []string
		for e, f := range g.envs {
			names = append(names, e)
			dirs = append(dirs, f)
		}
		sort.Strings(names)
		sort.Strings(dirs)
		where := parent
		if where == "" {
			where = "the repository root"
		}
		hits = append(hits, Hit{Practice: "OPS05-BP08", Confidence: Strong, Proof: Proof{Path: dirs[0],
			Summary: fmt.Sprintf("infrastructure code has one directory per environment under %s (%s)", where, strings.Join(names, ", "))}})
	}
	return hits
}

// envParents are directory names that hold one directory per environment.
var envParents = map[string]bool{
	"environments": true, "environment": true, "envs": true, "env": true, "live": true,
	"stages": true, "deployments": true, "accounts": true, "stacks": true,
}

// enoughEnvs decides whether sibling directories are environments: under
// a parent named for it any two count; elsewhere test/ and demo/ (names a
// module's own tests and examples use too) need two real environments
// beside them.
func enoughEnvs(parent string, envs map[string]string) bool {
	if envParents[path.Base(parent)] {
		return len(envs) >= 2
	}
	n := 0
	for e := range envs {
		if e != "test" && e != "demo" {
			n++
		}
	}
	return n >= 2
}

// tfvarsEnvHits finds Terraform variable files named per environment.
func tfvarsEnvHits(t *Tree) []Hit {
	byDir := map[string]map[string]string{} // dir of the module → env → file
	var dirs []string
	for _, p := range t.Match(isTFVarsFile) {
		envs := envTokens(path.Base(p))
		if len(envs) == 0 {
			continue
		}
		d := path.Dir(p)
		if byDir[d] == nil {
			byDir[d] = map[string]string{}
			dirs = append(dirs, d)
		}
		for _, e := range envs {
			if _, ok := byDir[d][e]; !ok {
				byDir[d][e] = p
			}
		}
	}
	var hits []Hit
	for _, d := range dirs {
		var names, files []string
		for e, f := range byDir[d] {
			names = append(names, e)
			files = append(files, f)
		}
		sort.Strings(names)
		sort.Strings(files)
		if len(names) >= 2 {
			hits = append(hits, Hit{Practice: "OPS05-BP08", Confidence: Strong, Proof: Proof{Path: files[0],
				Summary: fmt.Sprintf("Terraform variable files per environment (%s)", strings.Join(names, ", "))}})
		} else {
			hits = append(hits, Hit{Practice: "OPS05-BP08", Confidence: Partial, Proof: Proof{Path: files[0],
				Summary: fmt.Sprintf("Terraform variable file for the %s environment; no second environment found next to it", names[0])}})
		}
	}
	return hits
}

// tfVariableEnvHits finds an environment variable restricted to several
// environment names: the configuration is meant to be applied per
// environment.
func tfVariableEnvHits(m *iacModel) []Hit {
	var hits []Hit
	for _, v := range m.Kind("variable") {
		if !envVariableName(v.Name) {
			continue
		}
		envs := envTokensIn(v.Attr("validation").Text())
		if len(envs) >= 2 {
			hits = append(hits, iacHit("OPS05-BP08", Partial, v, "validation",
				fmt.Sprintf("Terraform variable %q only accepts the environments %s", v.Name, strings.Join(envs, ", "))))
		}
	}
	return hits
}

func envVariableName(s string) bool {
	switch iacNorm(s) {
	case "env", "environment", "stage", "envname", "environmentname", "stagename", "deploymentenvironment":
		return true
	}
	return false
}

// envTokensIn returns the environment names quoted in a piece of code.
func envTokensIn(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	}) {
		if e := envName(w); e != "" && !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	return out
}

// cfnEnvHits finds templates that carry per-environment values: Mappings
// keyed by environment (strong) and parameters limited to environment names
// (partial).
func cfnEnvHits(m *iacModel) []Hit {
	var hits []Hit
	for _, tm := range m.Templates {
		maps := tm.Doc.Get("Mappings")
		for _, name := range maps.Keys() {
			envs := envKeys(maps.Get(name).Keys())
			if len(envs) >= 2 {
				hits = append(hits, Hit{Practice: "OPS05-BP08", Confidence: Strong, Proof: Proof{Path: tm.Path, Line: maps.Get(name).Line(),
					KeyPath: "Mappings." + name, Summary: fmt.Sprintf("CloudFormation mapping %q holds settings per environment (%s)", name, strings.Join(envs, ", "))}})
			}
		}
		params := tm.Doc.Get("Parameters")
		for _, name := range params.Keys() {
			var vals []string
			for _, v := range params.Get(name, "AllowedValues").Items() {
				if s, ok := v.Str(); ok {
					vals = append(vals, s)
				}
			}
			if envs := envKeys(vals); len(envs) >= 2 {
				hits = append(hits, Hit{Practice: "OPS05-BP08", Confidence: Partial, Proof: Proof{Path: tm.Path, Line: params.Get(name).Line(),
					KeyPath: "Parameters." + name, Summary: fmt.Sprintf("CloudFormation parameter %q selects the environment (%s)", name, strings.Join(envs, ", "))}})
			}
		}
	}
	return hits
}

// envKeys returns the distinct environments among names.
func envKeys(names []string) []string {
	var out []string
	for _, k := range names {
		if e := envName(k); e != "" && !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	return out
}

// cfnParamFileHits finds CloudFormation parameter files (the CLI's list of
// ParameterKey/ParameterValue, or CodePipeline's template configuration)
// named for two or more environments in one directory.
func cfnParamFileHits(t *Tree) []Hit {
	byDir := map[string]map[string]string{}
	var dirs []string
	for _, p := range t.Match(func(p string) bool { return strings.HasSuffix(p, ".json") && isYAMLOrJSON(p) }) {
		envs := envTokens(strings.TrimSuffix(path.Base(p), ".json"))
		if len(envs) == 0 {
			envs = envTokens(path.Base(path.Dir(p)))
		}
		if len(envs) != 1 || !sniffOf(t, p).cfnParams || !isCFNParamFile(t, p) {
			continue
		}
		d := path.Dir(p)
		if envName(path.Base(d)) != "" {
			d = path.Dir(d)
		}
		if byDir[d] == nil {
			byDir[d] = map[string]string{}
			dirs = append(dirs, d)
		}
		if _, ok := byDir[d][envs[0]]; !ok {
			byDir[d][envs[0]] = p
		}
	}
	var hits []Hit
	for _, d := range dirs {
		if len(byDir[d]) < 2 {
			continue
		}
		var names, files []string
		for e, f := range byDir[d] {
			names = append(names, e)
			files = append(files, f)
		}
		sort.Strings(names)
		sort.Strings(files)
		hits = append(hits, Hit{Practice: "OPS05-BP08", Confidence: Strong, Proof: Proof{Path: files[0],
			Summary: fmt.Sprintf("CloudFormation parameter files per environment (%s)", strings.Join(names, ", "))}})
	}
	return hits
}

// isCFNParamFile checks the structure of a parameter file.
func isCFNParamFile(t *Tree, p string) bool {
	docs, err := t.YAML(p)
	if err != nil || len(docs) == 0 {
		return false
	}
	doc := iacValue{node: docs[0]}
	if list := doc.Items(); len(list) > 0 && docs[0].Kind != 0 && list[0].Get("ParameterKey").Exists() {
		return true
	}
	return len(doc.Get("Parameters").Keys()) > 0 && !doc.Get("Resources").Exists()
}

// serverlessStageHits finds Serverless Framework services configured per
// stage: params (v3) or stages (v4) for two or more stages, or a stage
// taken from the command line.
func serverlessStageHits(t *Tree) []Hit {
	var hits []Hit
	for _, p := range t.Match(isServerlessFile) {
		docs, err := t.YAML(p)
		if err != nil || len(docs) == 0 {
			continue
		}
		doc := iacValue{node: docs[0]}
		for _, key := range []string{"params", "stages"} {
			var stages []string
			for _, k := range doc.Get(key).Keys() {
				if k != "default" {
					stages = append(stages, k)
				}
			}
			if len(stages) >= 2 {
				hits = append(hits, Hit{Practice: "OPS05-BP08", Confidence: Strong, Proof: Proof{Path: p, Line: doc.Get(key).Line(), KeyPath: key,
					Summary: fmt.Sprintf("Serverless service sets values per stage (%s)", strings.Join(stages, ", "))}})
			}
		}
		if st := doc.Get("provider", "stage").Text(); strings.Contains(st, "opt:stage") || strings.Contains(st, "sls:stage") {
			hits = append(hits, Hit{Practice: "OPS05-BP08", Confidence: Partial, Proof: Proof{Path: p, Line: doc.Get("provider", "stage").Line(), KeyPath: "provider.stage",
				Summary: "Serverless service takes its stage from the deploy command, so it is deployed once per stage"}})
		}
	}
	return hits
}
