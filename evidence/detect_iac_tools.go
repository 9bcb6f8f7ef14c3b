package evidence

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v4"
)

// Recognisers for the configuration-management tools the resource model
// does not model resource by resource: CDK and CDK for Terraform apps,
// Pulumi projects and stacks, Ansible, Chef, Puppet, Crossplane, Bicep and
// ARM templates. Each returns what it found with a place to point at.

// iacApp is a CDK, CDKTF or Pulumi program: its project file, and the
// source file that proves the program uses the tool's library.
type iacApp struct {
	Tool       string // "AWS CDK", "CDK for Terraform", "Pulumi"
	Path       string // cdk.json, cdktf.json, Pulumi.yaml
	Name       string // the Pulumi project name
	Source     string // a program file that imports the library ("" if none found)
	SourceLine int
	Resources  int // Pulumi YAML programs: resources declared in the project file
	// Tags are the tags set on a whole scope in the program code
	// (Tags.of(app).add("Owner", "x")), with where they are set.
	Tags []iacCodeTag
	// StackIDs are the construct IDs of the stacks and stages a CDK program
	// creates (new BillingStack(app, "BillingProd")), in Key.
	StackIDs []iacCodeTag
	// Stacks are Pulumi stack configuration files next to the project.
	Stacks []string
}

// iacCodeTag is one Tags.of(...).add(key, value) call in CDK code.
type iacCodeTag struct {
	Path       string
	Line       int
	Key, Value string
}

var (
	cdkImport    = regexp.MustCompile(`aws-cdk-lib|@aws-cdk/|\baws_cdk\b|software\.amazon\.awscdk|aws-cdk-go/awscdk|\bAmazon\.CDK\b`)
	cdktfImport  = regexp.MustCompile(`\bcdktf\b|com\.hashicorp\.cdktf|HashiCorp\.Cdktf`)
	pulumiImport = regexp.MustCompile(`@pulumi/|\bimport pulumi\b|\bfrom pulumi\b|github\.com/pulumi/pulumi/sdk|\busing Pulumi\b|com\.pulumi\.`)
	cdkTagCall   = regexp.MustCompile(`Tags(?:\.|_)[oO]f\([^)]*\)\s*\.\s*[aA]dd\(\s*(?:jsii\.String\()?["']([^"']+)["']\s*\)?\s*,\s*(?:jsii\.String\()?["']?([^"'),]*)`)
	// cdkStackNew matches a stack or stage being created in a CDK program,
	// in TypeScript/Java (new XStack(app, "Id")), Python (XStack(app, "Id"))
	// and Go (NewXStack(app, jsii.String("Id"))).
	cdkStackNew = regexp.MustCompile(`\b(?:new\s+)?[A-Z]\w*(?:Stack|Stage)\s*\(\s*[\w.]+\s*,\s*(?:jsii\.String\()?["']([^"']+)["']`)
	programExts = map[string]bool{".ts": true, ".js": true, ".mjs": true, ".py": true, ".java": true, ".go": true, ".cs": true, ".fs": true, ".kt": true}
)

// maxProgramFiles bounds the files read to confirm one program.
const maxProgramFiles = 300

// iacAppsOf returns the tree's CDK, CDKTF and Pulumi programs, found once.
func iacAppsOf(t *Tree) []iacApp {
	v := iacMemo(t, "iac-apps", func() any {
		var out []iacApp
		for _, p := range t.Files() {
			switch path.Base(p) {
			case "cdk.json":
				out = append(out, readCDKApp(t, p, "AWS CDK", cdkImport))
			case "cdktf.json":
				out = append(out, readCDKApp(t, p, "CDK for Terraform", cdktfImport))
			case "Pulumi.yaml", "Pulumi.yml":
				out = append(out, readPulumiProject(t, p))
			}
		}
		return out
	})
	out, _ := v.([]iacApp)
	return out
}

// readCDKApp confirms a cdk.json: it names an app command and a program
// file under its directory imports the CDK library.
func readCDKApp(t *Tree, p, tool string, imp *regexp.Regexp) iacApp {
	app := iacApp{Tool: tool, Path: p}
	docs, err := t.YAML(p)
	if err != nil || len(docs) == 0 || str(docs[0], "app") == "" {
		return app
	}
	scanProgram(t, path.Dir(p), imp, &app, true)
	return app
}

// readPulumiProject reads Pulumi.yaml: a YAML program's resources, the
// stack files beside it, and for other runtimes the program's imports.
func readPulumiProject(t *Tree, p string) iacApp {
	app := iacApp{Tool: "Pulumi", Path: p}
	docs, err := t.YAML(p)
	if err != nil || len(docs) == 0 {
		return app
	}
	app.Name = str(docs[0], "name")
	dir := path.Dir(p)
	for _, f := range t.Files() {
		b := path.Base(f)
		if path.Dir(f) == dir && strings.HasPrefix(b, "Pulumi.") && b != "Pulumi.yaml" && b != "Pulumi.yml" &&
			(strings.HasSuffix(b, ".yaml") || strings.HasSuffix(b, ".yml")) {
			app.Stacks = append(app.Stacks, f)
		}
	}
	runtime := str(docs[0], "runtime")
	if runtime == "" {
		runtime = str(docs[0], "runtime", "name")
	}
	if runtime == "yaml" {
		app.Resources = len(iacValue{node: get(docs[0], "resources")}.Keys())
		if app.Resources > 0 {
			app.Source, app.SourceLine = p, get(docs[0], "resources").Line
		}
		return app
	}
	scanProgram(t, dir, pulumiImport, &app, false)
	return app
}

// scanProgram reads the program files under dir (bounded) for the
// library's import and, for CDK, scope-wide tags.
func scanProgram(t *Tree, dir string, imp *regexp.Regexp, app *iacApp, tags bool) {
	n := 0
	for _, f := range t.Files() {
		if dir != "." && !strings.HasPrefix(f, dir+"/") || !programExts[path.Ext(f)] || iacGenerated(f) || strings.HasSuffix(f, ".d.ts") || iacTestFile(f) {
			continue
		}
		if n++; n > maxProgramFiles {
			return
		}
		data, err := t.Read(f)
		if err != nil {
			continue
		}
		if app.Source == "" {
			if loc := imp.FindIndex(data); loc != nil {
				app.Source, app.SourceLine = f, lineAt(data, loc[0])
			}
		}
		if tags {
			for _, mt := range cdkTagCall.FindAllSubmatchIndex(data, -1) {
				app.Tags = append(app.Tags, iacCodeTag{Path: f, Line: lineAt(data, mt[0]),
					Key: string(data[mt[2]:mt[3]]), Value: strings.TrimSpace(string(data[mt[4]:mt[5]]))})
			}
			for _, mt := range cdkStackNew.FindAllSubmatchIndex(data, -1) {
				app.StackIDs = append(app.StackIDs, iacCodeTag{Path: f, Line: lineAt(data, mt[0]), Key: string(data[mt[2]:mt[3]])})
			}
		} else if app.Source != "" {
			return
		}
	}
}

// iacTestFile reports test code: what a test constructs is not deployed.
func iacTestFile(p string) bool {
	for _, part := range strings.Split(path.Dir(p), "/") {
		switch part {
		case "test", "tests", "__tests__", "spec":
			return true
		}
	}
	base := path.Base(p)
	stem := strings.TrimSuffix(base, path.Ext(base))
	return strings.HasSuffix(stem, ".test") || strings.HasSuffix(stem, ".spec") || strings.HasSuffix(stem, "_test") ||
		strings.HasPrefix(stem, "test_") || strings.HasSuffix(stem, "Test") || strings.HasSuffix(stem, "Tests")
}

// lineAt returns the 1-based line of a byte offset.
func lineAt(data []byte, off int) int { return bytes.Count(data[:off], []byte("\n")) + 1 }

// appEnvHits reports Pulumi projects with two or more stacks, and CDK
// programs that create stacks or stages for two or more environments
// (OPS05-BP08).
func appEnvHits(t *Tree) []Hit {
	var hits []Hit
	for _, app := range iacAppsOf(t) {
		if h, ok := cdkEnvHit(app); ok {
			hits = append(hits, h)
		}
		if app.Tool != "Pulumi" || len(app.Stacks) < 2 {
			continue
		}
		var names []string
		for _, s := range app.Stacks {
			b := path.Base(s)
			names = append(names, strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(b, "Pulumi."), ".yaml"), ".yml"))
		}
		hits = append(hits, Hit{Practice: "OPS05-BP08", Confidence: Strong, Proof: Proof{Path: app.Stacks[0],
			Summary: fmt.Sprintf("Pulumi project has %d stacks (%s)", len(names), strings.Join(names, ", "))}})
	}
	return hits
}

// cdkEnvHit finds stack IDs naming two or more environments.
func cdkEnvHit(app iacApp) (Hit, bool) {
	var envs []string
	var second iacCodeTag
	for _, id := range app.StackIDs {
		for _, e := range envTokens(splitCamel(id.Key)) {
			if !slices.Contains(envs, e) {
				envs = append(envs, e)
				if len(envs) == 2 {
					second = id
				}
			}
		}
	}
	if len(envs) < 2 {
		return Hit{}, false
	}
	return Hit{Practice: "OPS05-BP08", Confidence: Strong, Proof: Proof{Path: second.Path, Line: second.Line,
		Summary: fmt.Sprintf("%s program creates its stacks once per environment (%s)", app.Tool, strings.Join(envs, ", "))}}, true
}

// splitCamel puts dashes at the case changes of an identifier, so that
// BillingProd reads as Billing-Prod.
func splitCamel(s string) string {
	var b strings.Builder
	for i, r := range s {
		if i > 0 && r >= 'A' && r <= 'Z' {
			b.WriteByte('-')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// pulumiOwnerHits reports owner tags applied by the AWS provider's
// defaultTags in a Pulumi stack, and scope-wide tags in CDK code.
func pulumiOwnerHits(t *Tree) []Hit {
	var hits []Hit
	for _, app := range iacAppsOf(t) {
		for _, tag := range app.Tags {
			if ownerTagKey(tag.Key) && tag.Value != "" {
				hits = append(hits, Hit{Practice: "OPS02-BP01", Confidence: Strong, Proof: Proof{Path: tag.Path, Line: tag.Line,
					Summary: fmt.Sprintf("CDK code tags every construct in a scope with %s=%s", tag.Key, iacShort(tag.Value, 40))}})
			}
		}
		for _, s := range app.Stacks {
			docs, err := t.YAML(s)
			if err != nil || len(docs) == 0 {
				continue
			}
			tags := get(docs[0], "config", "aws:defaultTags", "tags")
			if pair := ownerPair(cfnTagPairs(iacValue{node: tags})); pair != "" {
				hits = append(hits, Hit{Practice: "OPS02-BP01", Confidence: Strong, Proof: Proof{Path: s, Line: tags.Line, KeyPath: "config.aws:defaultTags.tags",
					Summary: fmt.Sprintf("Pulumi stack tags every AWS resource with %s (aws:defaultTags)", pair)}})
			}
		}
	}
	return hits
}

// ansiblePlays counts the plays of a playbook: a top-level list whose
// entries name hosts and what to run on them.
func ansiblePlays(docs []*yaml.Node) int {
	n := 0
	for _, doc := range docs {
		for _, play := range items(doc) {
			if get(play, "hosts") == nil {
				continue
			}
			for _, k := range []string{"tasks", "roles", "pre_tasks", "post_tasks", "handlers"} {
				if len(items(get(play, k))) > 0 {
					n++
					break
				}
			}
		}
	}
	return n
}

// isAnsibleRoleTasks reports roles/<name>/tasks/main.yml.
func isAnsibleRoleTasks(p string) bool {
	parts := strings.Split(p, "/")
	n := len(parts)
	return n >= 4 && parts[n-4] == "roles" && parts[n-2] == "tasks" &&
		(parts[n-1] == "main.yml" || parts[n-1] == "main.yaml")
}

var (
	puppetDecl   = regexp.MustCompile(`(?m)^\s*(class|define|node)\s+['"]?[\w:.-]+|^\s*[a-z][\w:]*\s*\{\s*['"$\[]`)
	chefName     = regexp.MustCompile(`(?m)^\s*name\s+['"]([^'"]+)['"]`)
	bicepResDecl = regexp.MustCompile(`(?m)^\s*(resource|module)\s+\w+\s+'`)
	crossplaneAV = regexp.MustCompile(`crossplane\.io/|upbound\.io/`)
)
