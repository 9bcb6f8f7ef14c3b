package evidence

import (
	"context"
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"
)

// iac-config: infrastructure and configuration as code (OPS05-BP03). A
// tool counts when its files declare something: at least one resource,
// module, role, recipe or manifest. A tool's configuration file on its own
// (ansible.cfg, a Puppetfile, a cdk.json whose program was not found) is
// partial; a .env file is not configuration management at all.

func init() {
	register(Detector{Name: "iac-config", Run: detectIaCConfig})
}

func detectIaCConfig(_ context.Context, t *Tree) []Hit {
	m := iacModelOf(t)
	var hits []Hit
	hits = append(hits, terraformConfigHits(t, m)...)
	hits = append(hits, cloudFormationConfigHits(m)...)
	hits = append(hits, serverlessConfigHits(t)...)
	hits = append(hits, appConfigHits(iacAppsOf(t))...)
	hits = append(hits, ansibleConfigHits(t)...)
	hits = append(hits, chefConfigHits(t)...)
	hits = append(hits, fileToolHits(t)...)
	for i, h := range hits {
		if iacContrib(h.Proof.Path) {
			hits[i].Confidence = Partial
			hits[i].Proof.Summary += " (only under contrib/: contributed for users, not how the project runs itself)"
		}
	}
	return hits
}

// iacContrib reports files under a contrib/ directory: deployment aids
// contributed for users of a project rather than its own operations.
func iacContrib(p string) bool {
	return strings.HasPrefix(p, "contrib/") || strings.Contains(p, "/contrib/")
}

func terraformConfigHits(t *Tree, m *iacModel) []Hit {
	var first *iacResource
	var resources, modules int
	var providers []string
	tofu := false
	files := map[string]bool{}
	for _, r := range m.Resources {
		if r.Tool != iacTerraform {
			continue
		}
		switch r.Kind {
		case "resource":
			resources++
		case "module":
			modules++
		case "provider":
			if !slices.Contains(providers, r.Type) {
				providers = append(providers, r.Type)
			}
			continue
		default:
			continue
		}
		files[r.Path] = true
		tofu = tofu || strings.HasSuffix(r.Path, ".tofu") || strings.HasSuffix(r.Path, ".tofu.json")
		if first == nil || iacContrib(first.Path) && !iacContrib(r.Path) {
			first = r
		}
	}
	var hits []Hit
	if first != nil {
		tool := "Terraform"
		if tofu {
			tool = "OpenTofu"
		}
		s := fmt.Sprintf("%s declares %s in %s", tool, iacCounts(resources, "resource", modules, "module call"), iacCount(len(files), "file"))
		if len(providers) > 0 {
			sort.Strings(providers)
			s += " (providers: " + strings.Join(providers, ", ") + ")"
		}
		hits = append(hits, iacHit("OPS05-BP03", Strong, first, "", s))
	} else if len(m.TFFiles) > 0 {
		hits = append(hits, Hit{Practice: "OPS05-BP03", Confidence: Partial, Proof: Proof{Path: m.TFFiles[0],
			Summary: "Terraform files are present but declare no resource or module"}})
	}
	units := 0
	var firstUnit string
	for _, p := range t.Match(func(p string) bool { return path.Base(p) == "terragrunt.hcl" && !iacGenerated(p) }) {
		body, err := t.HCL(p)
		if err != nil {
			continue
		}
		v := iacValue{body: body}
		if v.Get("terraform", "source").Exists() || v.Get("include").Exists() || v.Get("dependency").Exists() {
			units++
			if firstUnit == "" || iacContrib(firstUnit) && !iacContrib(p) {
				firstUnit = p
			}
		}
	}
	if units > 0 {
		hits = append(hits, Hit{Practice: "OPS05-BP03", Confidence: Strong, Proof: Proof{Path: firstUnit,
			Summary: fmt.Sprintf("Terragrunt deploys Terraform modules as %s", iacCount(units, "unit"))}})
	}
	return hits
}

func cloudFormationConfigHits(m *iacModel) []Hit {
	var first *iacResource
	count, sam := 0, 0
	templates := map[string]bool{}
	for _, r := range m.Resources {
		if r.Tool != iacCloudFormation || r.tmpl.Prefix != "Resources" {
			continue
		}
		count++
		templates[r.Path] = true
		if r.tmpl.SAM {
			sam++
		}
		if first == nil || iacContrib(first.Path) && !iacContrib(r.Path) {
			first = r
		}
	}
	if first == nil {
		return nil
	}
	tool := "CloudFormation"
	if sam == count {
		tool = "SAM"
	} else if sam > 0 {
		tool = "CloudFormation/SAM"
	}
	return []Hit{iacHit("OPS05-BP03", Strong, first, "",
		fmt.Sprintf("%s templates declare %s in %s", tool, iacCount(count, "resource"), iacCount(len(templates), "template")))}
}

func serverlessConfigHits(t *Tree) []Hit {
	var hits []Hit
	for _, p := range t.Match(isServerlessFile) {
		docs, err := t.YAML(p)
		if err != nil || len(docs) == 0 {
			continue
		}
		doc := iacValue{node: docs[0]}
		svc := doc.Get("service").Text()
		fns := len(doc.Get("functions").Keys())
		res := len(doc.Get("resources", "Resources").Keys())
		if svc == "" || !doc.Get("provider").Exists() || fns+res == 0 {
			continue
		}
		hits = append(hits, Hit{Practice: "OPS05-BP03", Confidence: Strong, Proof: Proof{Path: p, Line: doc.Get("service").Line(),
			Summary: fmt.Sprintf("Serverless Framework service %q declares %s", iacShort(svc, 40), iacCounts(fns, "function", res, "CloudFormation resource"))}})
	}
	return hits
}

// appConfigHits reports CDK, CDKTF and Pulumi programs: the first
// confirmed program of each tool, with how many there are, or a partial
// hit when a tool's project file has no program beside it.
func appConfigHits(apps []iacApp) []Hit {
	var hits []Hit
	for _, tool := range []string{"AWS CDK", "CDK for Terraform", "Pulumi"} {
		var confirmed, unconfirmed []iacApp
		for _, app := range apps {
			if app.Tool == tool && app.Source != "" {
				confirmed = append(confirmed, app)
			} else if app.Tool == tool {
				unconfirmed = append(unconfirmed, app)
			}
		}
		switch {
		case len(confirmed) > 0:
			h := appConfigHit(confirmed[0])
			if len(confirmed) > 1 {
				h.Proof.Summary += fmt.Sprintf("; %d %s programs in all", len(confirmed), tool)
			}
			hits = append(hits, h)
		case len(unconfirmed) > 0:
			hits = append(hits, appConfigHit(unconfirmed[0]))
		}
	}
	return hits
}

func appConfigHit(app iacApp) Hit {
	if app.Source == "" {
		return Hit{Practice: "OPS05-BP03", Confidence: Partial, Proof: Proof{Path: app.Path,
			Summary: fmt.Sprintf("%s project file is present, but no program using the %s library was found", app.Tool, app.Tool)}}
	}
	s := fmt.Sprintf("%s app of %s: this program file uses the %s library to define infrastructure", app.Tool, app.Path, app.Tool)
	if app.Tool == "Pulumi" {
		s = fmt.Sprintf("Pulumi project %q (%s): this program file uses the Pulumi SDK to define infrastructure", app.Name, app.Path)
	}
	if app.Resources > 0 {
		s = fmt.Sprintf("Pulumi YAML project %q declares %s", app.Name, iacCount(app.Resources, "resource"))
	}
	if len(app.Stacks) > 0 {
		s += fmt.Sprintf(" (%s)", iacCount(len(app.Stacks), "stack"))
	}
	return Hit{Practice: "OPS05-BP03", Confidence: Strong, Proof: Proof{Path: app.Source, Line: app.SourceLine, Summary: s}}
}

// ansibleConfigHits finds playbooks (plays with hosts and tasks or
// roles) and roles with tasks; ansible.cfg alone is partial.
func ansibleConfigHits(t *Tree) []Hit {
	plays, books, roles := 0, 0, 0
	var firstBook, firstRole string
	for _, p := range t.Match(isYAMLFile) {
		if isAnsibleRoleTasks(p) {
			if docs, err := t.YAML(p); err == nil && len(docs) > 0 && len(items(docs[0])) > 0 {
				roles++
				if firstRole == "" || iacContrib(firstRole) && !iacContrib(p) {
					firstRole = p
				}
			}
			continue
		}
		if sn := sniffOf(t, p); !sn.ansible || sn.goTemplate {
			continue
		}
		docs, err := t.YAML(p)
		if err != nil {
			continue
		}
		if n := ansiblePlays(docs); n > 0 {
			plays += n
			books++
			if firstBook == "" || iacContrib(firstBook) && !iacContrib(p) {
				firstBook = p
			}
		}
	}
	switch {
	case books > 0:
		return []Hit{{Practice: "OPS05-BP03", Confidence: Strong, Proof: Proof{Path: firstBook,
			Summary: fmt.Sprintf("Ansible: %s with %s", iacCounts(books, "playbook"), iacCounts(plays, "play", roles, "role"))}}}
	case roles > 0:
		return []Hit{{Practice: "OPS05-BP03", Confidence: Strong, Proof: Proof{Path: firstRole,
			Summary: fmt.Sprintf("Ansible: %s with tasks", iacCount(roles, "role"))}}}
	}
	for _, p := range t.Match(func(p string) bool { return path.Base(p) == "ansible.cfg" }) {
		return []Hit{{Practice: "OPS05-BP03", Confidence: Partial, Proof: Proof{Path: p,
			Summary: "Ansible is configured, but no playbook or role was found"}}}
	}
	return nil
}

func isYAMLFile(p string) bool {
	return (strings.HasSuffix(p, ".yml") || strings.HasSuffix(p, ".yaml")) && isYAMLOrJSON(p)
}

// chefConfigHits finds cookbooks: recipes under a directory with the
// cookbook's metadata.rb.
func chefConfigHits(t *Tree) []Hit {
	recipes := map[string]int{}
	for _, p := range t.Match(func(p string) bool { return strings.HasSuffix(p, ".rb") && path.Base(path.Dir(p)) == "recipes" }) {
		recipes[path.Dir(path.Dir(p))]++
	}
	books, total := 0, 0
	var first, name string
	for _, p := range t.Match(func(p string) bool { return path.Base(p) == "metadata.rb" }) {
		n := recipes[path.Dir(p)]
		if n == 0 {
			continue
		}
		books++
		total += n
		if first == "" || iacContrib(first) && !iacContrib(p) {
			first = p
			if data, err := t.Read(p); err == nil {
				if mt := chefName.FindSubmatch(data); mt != nil {
					name = fmt.Sprintf(" (first: %q)", mt[1])
				}
			}
		}
	}
	if books == 0 {
		return nil
	}
	return []Hit{{Practice: "OPS05-BP03", Confidence: Strong, Proof: Proof{Path: first,
		Summary: fmt.Sprintf("Chef: %s with %s%s", iacCount(books, "cookbook"), iacCount(total, "recipe"), name)}}}
}

// fileToolHits recognises the tools whose own files carry the
// declarations: Puppet manifests, Crossplane objects, Bicep files and ARM
// deployment templates.
func fileToolHits(t *Tree) []Hit {
	var hits []Hit
	count := func(files []string, ok func(p string) bool) (int, string) {
		n, first := 0, ""
		for _, p := range files {
			if ok(p) {
				n++
				if first == "" || iacContrib(first) && !iacContrib(p) {
					first = p
				}
			}
		}
		return n, first
	}
	matches := func(re interface{ Match([]byte) bool }) func(string) bool {
		return func(p string) bool {
			data, err := t.Read(p)
			return err == nil && re.Match(data)
		}
	}
	if n, first := count(boundFiles(t.Match(func(p string) bool { return strings.HasSuffix(p, ".pp") })), matches(puppetDecl)); n > 0 {
		hits = append(hits, Hit{Practice: "OPS05-BP03", Confidence: Strong, Proof: Proof{Path: first,
			Summary: fmt.Sprintf("Puppet declares classes or resources in %s", iacCount(n, "manifest"))}})
	} else if ps := t.Match(func(p string) bool { return path.Base(p) == "Puppetfile" }); len(ps) > 0 {
		hits = append(hits, Hit{Practice: "OPS05-BP03", Confidence: Partial, Proof: Proof{Path: ps[0],
			Summary: "a Puppetfile lists Puppet modules, but no manifest was found"}})
	}
	if n, first := count(boundFiles(t.Match(func(p string) bool { return strings.HasSuffix(p, ".bicep") })), matches(bicepResDecl)); n > 0 {
		hits = append(hits, Hit{Practice: "OPS05-BP03", Confidence: Strong, Proof: Proof{Path: first,
			Summary: fmt.Sprintf("Bicep declares Azure resources in %s", iacCount(n, "file"))}})
	}
	xp, arm := 0, 0
	var firstXP, firstARM string
	for _, p := range t.Match(isYAMLOrJSON) {
		sn := sniffOf(t, p)
		if !(sn.crossplane || sn.arm) || sn.goTemplate {
			continue
		}
		docs, err := t.YAML(p)
		if err != nil {
			continue
		}
		for _, doc := range docs {
			if av := str(doc, "apiVersion"); sn.crossplane && crossplaneAV.MatchString(av) && str(doc, "kind") != "" {
				if xp++; firstXP == "" || iacContrib(firstXP) && !iacContrib(p) {
					firstXP = p
				}
			}
			if sn.arm && strings.Contains(str(doc, "$schema"), "deploymentTemplate.json") && len(items(get(doc, "resources"))) > 0 {
				if arm++; firstARM == "" || iacContrib(firstARM) && !iacContrib(p) {
					firstARM = p
				}
			}
		}
	}
	if xp > 0 {
		hits = append(hits, Hit{Practice: "OPS05-BP03", Confidence: Strong, Proof: Proof{Path: firstXP,
			Summary: fmt.Sprintf("Crossplane manages infrastructure through %s (compositions, definitions or managed resources)", iacCount(xp, "object"))}})
	}
	if arm > 0 {
		hits = append(hits, Hit{Practice: "OPS05-BP03", Confidence: Strong, Proof: Proof{Path: firstARM,
			Summary: fmt.Sprintf("Azure Resource Manager declares resources in %s", iacCount(arm, "template"))}})
	}
	return hits
}

// boundFiles caps how many files of one kind a recogniser reads: enough to
// count, never the whole of a huge tree.
func boundFiles(files []string) []string {
	if len(files) > 200 {
		return files[:200]
	}
	return files
}
