package evidence

import (
	"path"
	"slices"
	"sort"
	"strings"
)

// The resource model: every cloud resource the repository declares as code,
// read once per scan and shared by the iac detectors (and any other family
// that wants it through iacModelOf). Terraform/OpenTofu (.tf, .tofu,
// .tf.json) and CloudFormation/SAM templates (YAML and JSON, plus the
// resources section of serverless.yml) are modelled resource by resource;
// the other tools (CDK, Pulumi, Ansible, Chef, Puppet, Crossplane) are only
// recognised, by detect_iac_config.go.

// Tool names, as they appear in summaries.
const (
	iacTerraform      = "Terraform"
	iacCloudFormation = "CloudFormation"
)

// iacResource is one declaration: a Terraform resource, data source, module
// call, provider or terraform settings block, or a CloudFormation resource.
type iacResource struct {
	Tool string // iacTerraform or iacCloudFormation
	// Kind is the Terraform block type (resource, data, module, provider,
	// variable, terraform); CloudFormation resources are "resource".
	Kind string
	// Type is the resource type (aws_cloudwatch_metric_alarm,
	// AWS::CloudWatch::Alarm), a provider's name, or a module's source.
	Type string
	// Name is the logical name: the Terraform name label (a provider's alias
	// or name), or the CloudFormation logical ID.
	Name string
	Path string
	Line int // the declaration's line
	// KeyPath locates the declaration: aws_cloudwatch_metric_alarm.high_latency,
	// module.vpc, provider.aws, Resources.HighLatencyAlarm.
	KeyPath string
	// Body holds the attributes: a Terraform block body, or a CloudFormation
	// resource's Properties.
	Body iacValue
	// Decl is the whole CloudFormation resource entry (Type, Properties,
	// Metadata, DependsOn); for Terraform it equals Body.
	Decl iacValue

	scope string       // Terraform: the module directory; CloudFormation: the template path
	tmpl  *cfnTemplate // CloudFormation only
}

// Attr follows a path of attribute/block/property names from the body.
func (r *iacResource) Attr(keys ...string) iacValue { return r.Body.Get(keys...) }

// AttrOrGlobal is Attr, falling back for SAM resources to the template's
// Globals section (Globals.Function.Tracing applies to every function).
func (r *iacResource) AttrOrGlobal(keys ...string) iacValue {
	if v := r.Attr(keys...); v.Exists() || r.tmpl == nil {
		return v
	}
	section, ok := strings.CutPrefix(r.Type, "AWS::Serverless::")
	if !ok {
		return iacValue{}
	}
	return r.tmpl.Doc.Get(append([]string{"Globals", section}, keys...)...)
}

// Is reports whether the declaration is a resource of one of the types, or
// a call of a module that stands for one (see moduleAliases).
func (r *iacResource) Is(types ...string) bool {
	switch r.Kind {
	case "resource":
		return slices.Contains(types, r.Type)
	case "module":
		a := moduleAlias(r.Type)
		return a != "" && slices.Contains(types, a)
	}
	return false
}

// Address is how other declarations of the same module or template refer
// to this one: aws_sns_topic.alerts, data.aws_iam_role.x, module.m, or a
// CloudFormation logical ID.
func (r *iacResource) Address() string {
	if r.Tool == iacCloudFormation {
		return r.Name
	}
	switch r.Kind {
	case "resource":
		return r.Type + "." + r.Name
	case "data":
		return "data." + r.Type + "." + r.Name
	}
	return r.KeyPath
}

// Template returns the CloudFormation template of a resource, nil for
// Terraform.
func (r *iacResource) Template() *cfnTemplate { return r.tmpl }

// cfnTemplate is one CloudFormation/SAM template (or the CloudFormation
// part of a Serverless Framework file).
type cfnTemplate struct {
	Path string
	Doc  iacValue // the whole document
	SAM  bool     // declares the AWS::Serverless transform
	// Prefix is where its resources live: "Resources", or
	// "resources.Resources" in serverless.yml.
	Prefix string
}

// iacLoc is a place in a file.
type iacLoc struct {
	Path string
	Line int
}

// iacModel is the resource model of one tree.
type iacModel struct {
	// Resources in path and line order.
	Resources []*iacResource
	Templates []*cfnTemplate
	// TFFiles are the Terraform/OpenTofu files read (.tf, .tofu, .tf.json).
	TFFiles []string
	// Workspaces are places that read terraform.workspace.
	Workspaces []iacLoc

	index  map[string]*iacResource        // scope + "\x00" + address
	locals map[string]map[string]iacValue // module directory → local name → value
	vars   map[string]map[string]iacValue // module directory → variable name → default
}

// iacModelOf returns the tree's resource model, building it on first use.
func iacModelOf(t *Tree) *iacModel {
	m, _ := iacMemo(t, "iac-model", func() any { return buildIaCModel(t) }).(*iacModel)
	if m == nil {
		return &iacModel{}
	}
	return m
}

// iacMemo computes a value once per tree and kind, whoever asks first; it
// rides on the tree's parse cache with an empty path so that its lifetime is
// the scan's.
func iacMemo(t *Tree, kind string, build func() any) any {
	return memo(t, "iac:"+kind, func(*Tree) any { return build() })
}

func newIaCModel() *iacModel {
	return &iacModel{
		locals: map[string]map[string]iacValue{},
		vars:   map[string]map[string]iacValue{},
	}
}

func buildIaCModel(t *Tree) *iacModel {
	m := newIaCModel()
	loadTerraform(t, m)
	loadCloudFormation(t, m)
	sort.SliceStable(m.Resources, func(i, j int) bool {
		a, b := m.Resources[i], m.Resources[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Line < b.Line
	})
	m.index = indexIaC(m.Resources)
	return m
}

// indexIaC maps each declaration's scope and address to it; the first
// declaration wins when a name repeats (an invalid configuration).
func indexIaC(rs []*iacResource) map[string]*iacResource {
	index := map[string]*iacResource{}
	for _, r := range rs {
		k := r.scope + "\x00" + r.Address()
		if _, dup := index[k]; !dup {
			index[k] = r
		}
	}
	return index
}

// Of returns the resources of the given types, in order, with the calls of
// well-known modules that declare one such resource from inputs of the same
// names (see moduleAliases).
func (m *iacModel) Of(types ...string) []*iacResource {
	var out []*iacResource
	for _, r := range m.Resources {
		if r.Is(types...) {
			out = append(out, r)
		}
	}
	return out
}

// moduleAliases are registry modules that wrap a single resource and take
// its arguments under the same names, so a call reads like the resource:
// module "alarm" { source = ".../metric-alarm"; alarm_actions = [...] }.
var moduleAliases = map[string]string{
	"terraform-aws-modules/cloudwatch/aws//modules/metric-alarm":                         "aws_cloudwatch_metric_alarm",
	"terraform-aws-modules/cloudwatch/aws//modules/metric-alarms-by-multiple-dimensions": "aws_cloudwatch_metric_alarm",
	"terraform-aws-modules/cloudwatch/aws//modules/composite-alarm":                      "aws_cloudwatch_composite_alarm",
	"terraform-aws-modules/cloudwatch/aws//modules/log-group":                            "aws_cloudwatch_log_group",
	"terraform-aws-modules/cloudwatch/aws//modules/log-metric-filter":                    "aws_cloudwatch_log_metric_filter",
	"terraform-aws-modules/sns/aws":                                                      "aws_sns_topic",
	"terraform-aws-modules/ecs/aws//modules/service":                                     "aws_ecs_service",
}

// moduleAlias returns the resource type a module source stands for, "" if
// none. Registry addresses, their registry host, git URLs of the same
// repositories and ?ref= pins are all understood.
func moduleAlias(source string) string {
	s := strings.ToLower(strings.Trim(source, `"`))
	s, _, _ = strings.Cut(s, "?")
	s = strings.TrimPrefix(s, "registry.terraform.io/")
	if i := strings.Index(s, "github.com/terraform-aws-modules/terraform-aws-"); i >= 0 {
		rest := s[i+len("github.com/terraform-aws-modules/terraform-aws-"):]
		name, sub, _ := strings.Cut(rest, "//")
		name = strings.TrimSuffix(name, ".git")
		s = "terraform-aws-modules/" + name + "/aws"
		if sub != "" {
			s += "//" + sub
		}
	}
	return moduleAliases[strings.TrimSuffix(s, "/")]
}

// Kind returns the declarations of one Terraform block kind (module,
// provider, data, variable, terraform).
func (m *iacModel) Kind(kind string) []*iacResource {
	var out []*iacResource
	for _, r := range m.Resources {
		if r.Kind == kind {
			out = append(out, r)
		}
	}
	return out
}

// Resolve finds the declaration that address names, seen from r: in the
// same Terraform module directory or the same template. Nil when it is not
// declared there (an input variable, another stack's resource).
func (m *iacModel) Resolve(from *iacResource, address string) *iacResource {
	return m.index[from.scope+"\x00"+address]
}

// Targets resolves every reference in v, seen from r, and returns the
// declarations found.
func (m *iacModel) Targets(from *iacResource, v iacValue) []*iacResource {
	var out []*iacResource
	for _, ref := range v.Refs() {
		if r := m.Resolve(from, ref); r != nil {
			out = append(out, r)
		}
	}
	return out
}

// Deref follows a Terraform value that is just a local value or an input
// variable (tags = local.common_tags) to what it is set to: the local's
// expression or the variable's default, a few hops deep. Other values are
// returned as they are.
func (m *iacModel) Deref(from *iacResource, v iacValue) iacValue {
	for range 5 {
		refs := v.Refs()
		if v.expr == nil || len(refs) != 1 || strings.TrimSpace(v.Text()) != refs[0] {
			return v
		}
		scope, name, _ := strings.Cut(refs[0], ".")
		var next iacValue
		switch scope {
		case "local":
			next = m.locals[from.scope][name]
		case "var":
			next = m.vars[from.scope][name]
		}
		if !next.Exists() {
			return v
		}
		v = next
	}
	return v
}

// iacGeneratedDirs are directories of files that tools write from the
// repository's own sources (synthesised templates, build copies, caches):
// reading them would count every resource twice.
var iacGeneratedDirs = map[string]bool{
	"cdk.out": true, "cdktf.out": true, ".aws-sam": true, ".serverless": true,
	".terragrunt-cache": true, ".terraform": true, ".pulumi": true,
}

// iacGenerated reports whether p lies in such a directory.
func iacGenerated(p string) bool {
	for _, part := range strings.Split(path.Dir(p), "/") {
		if iacGeneratedDirs[part] {
			return true
		}
	}
	return false
}
