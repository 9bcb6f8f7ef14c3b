package evidence

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2/hclsyntax"
	"go.yaml.in/yaml/v4"
)

func TestOwnerTagKey(t *testing.T) {
	tests := map[string]bool{
		"Owner": true, "owner": true, "OwnerEmail": true, "technical-owner": true, "Team": true,
		"team_name": true, "OwningTeam": true, "squad": true, "Contact": true, "cost-center": true,
		"CostCentre": true, "maintainer": true, "app:team": true,
		"ManagedBy": false, "managed_by": false, "CreatedBy": false, "Name": false, "Environment": false,
		"Project": false, "": false, "steam-engine": false,
	}
	for k, want := range tests {
		if got := ownerTagKey(k); got != want {
			t.Errorf("ownerTagKey(%q) = %v, want %v", k, got, want)
		}
	}
}

func TestEnvNames(t *testing.T) {
	tests := []struct {
		name string
		want []string
	}{
		{"prod.tfvars", []string{"prod"}},
		{"terraform.production.tfvars", []string{"prod"}},
		{"env-dev.json", []string{"dev"}},
		{"staging_eu-west-1.tfvars", []string{"staging"}},
		{"terraform.tfvars", nil},
		{"products.tfvars", nil},
		{"qa-and-uat.tfvars", []string{"qa", "uat"}},
	}
	for _, tc := range tests {
		if got := envTokens(tc.name); !slices.Equal(got, tc.want) {
			t.Errorf("envTokens(%q) = %v, want %v", tc.name, got, tc.want)
		}
	}
	groups := []struct {
		parent string
		envs   []string
		want   bool
	}{
		{"terraform/environments", []string{"dev", "prod"}, true},
		{"terraform/environments", []string{"test", "prod"}, true},
		{"infra", []string{"dev", "prod"}, true},
		{"module", []string{"test", "demo"}, false},
		{"module", []string{"test", "prod"}, false},
		{"live", []string{"prod"}, false},
	}
	for _, g := range groups {
		envs := map[string]string{}
		for _, e := range g.envs {
			envs[e] = e
		}
		if got := enoughEnvs(g.parent, envs); got != g.want {
			t.Errorf("enoughEnvs(%q, %v) = %v, want %v", g.parent, g.envs, got, g.want)
		}
	}
}

func TestSAMConfig(t *testing.T) {
	data := `version = 0.1
[default.deploy.parameters]
stack_name = "app-dev"
tags = "Owner=\"team a\" Project=app"

[prod]
[prod.deploy.parameters]
stack_name = "app-prod"
tags = ["Team=payments", "Env=prod"]

[local.local_start_api.parameters]
port = 3000
`
	envs, err := parseSAMConfigTOML([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range envs {
		got = append(got, strings.Join([]string{e.Name, strconv.Itoa(e.Line), boolWord(e.Deploy), e.StackName, strconv.Itoa(e.TagsLine), pairsText(e.Tags)}, " "))
	}
	want := []string{
		"default 2 deploy app-dev 4 Owner=team a,Project=app",
		"prod 6 deploy app-prod 9 Team=payments,Env=prod",
		"local 11 -  0 ",
	}
	if !slices.Equal(got, want) {
		t.Errorf("envs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if _, err := parseSAMConfigTOML([]byte("[broken")); err == nil {
		t.Error("broken TOML parsed without error")
	}
}

func boolWord(b bool) string {
	if b {
		return "deploy"
	}
	return "-"
}

func pairsText(ps [][2]string) string {
	var out []string
	for _, p := range ps {
		out = append(out, p[0]+"="+p[1])
	}
	return strings.Join(out, ",")
}

func TestTagPairs(t *testing.T) {
	tf := `
locals {
  base = { Team = "core" }
  alias = local.base
}
variable "tags" {
  default = { Owner = "ops" }
}
resource "aws_s3_bucket" "merge" {
  tags = merge(local.alias, { Name = "x" }, var.tags)
}
resource "aws_s3_bucket" "cond" {
  tags = var.enabled ? { CostCenter = "42" } : {}
}
resource "aws_s3_bucket" "opaque" {
  tags = module.label.tags
}
resource "aws_autoscaling_group" "asg" {
  tag {
    key                 = "owner"
    value               = "web"
    propagate_at_launch = true
  }
}
`
	cfn := `Resources:
  List:
    Type: AWS::SQS::Queue
    Properties:
      Tags:
        - {Key: Owner, Value: !Ref OwnerParam}
  Map:
    Type: AWS::SSM::Parameter
    Properties:
      Tags: {team: data}
`
	tree := testTree(t, map[string]string{"main.tf": tf, "t.yaml": cfn})
	m := iacModelOf(tree)
	want := map[string]string{
		"aws_s3_bucket.merge":       "Team=core,Name=x,Owner=ops",
		"aws_s3_bucket.cond":        "CostCenter=42",
		"aws_s3_bucket.opaque":      "",
		"aws_autoscaling_group.asg": "owner=web",
		"Resources.List":            "Owner=!Ref OwnerParam",
		"Resources.Map":             "team=data",
	}
	for _, r := range m.Resources {
		w, ok := want[r.KeyPath]
		if !ok {
			continue
		}
		if got := pairsText(iacTagPairs(m, r)); got != w {
			t.Errorf("%s tags = %q, want %q", r.KeyPath, got, w)
		}
	}
}

func TestCFNRecognition(t *testing.T) {
	tests := []struct {
		name, src string
		want      bool
	}{
		{"version key", "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n", true},
		{"sam transform list", "Transform: [AWS::Serverless-2016-10-31]\nResources:\n  F: {Type: AWS::Serverless::Function}\n", true},
		{"aws types only", "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n", true},
		{"other types", "Resources:\n  Q:\n    Type: Custom::Thing\n", false},
		{"k8s object", "apiVersion: v1\nkind: ConfigMap\ndata: {x: 'AWS::'}\n", false},
		{"list document", "- Resources: {}\n", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			docs, err := decodeYAML([]byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			if got := isCFNTemplate(docs[0]); got != tc.want {
				t.Errorf("isCFNTemplate = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestSubRefsAndSeverity(t *testing.T) {
	var refs []string
	subRefs("arn:${AWS::Partition}:sns:${AWS::Region}:${Topic.TopicName}-${!Literal}-${Env}", func(s string) { refs = append(refs, s) })
	if want := []string{"Topic", "Env"}; !slices.Equal(refs, want) {
		t.Errorf("subRefs = %v, want %v", refs, want)
	}
	for name, want := range map[string]bool{
		"P1-api-5xx": true, "api-sev2-errors": true, "db-critical": true, "HighCPU": false,
		"api_latency_warning": true, "p99-latency": false, "capacity-planning": false,
	} {
		if got := severityName.MatchString(name); got != want {
			t.Errorf("severityName(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestAnomalyAlarms(t *testing.T) {
	tf := `
resource "aws_cloudwatch_metric_alarm" "band" {
  comparison_operator = "GreaterThanUpperThreshold"
  threshold_metric_id = "ad1"
}
resource "aws_cloudwatch_metric_alarm" "expr_only" {
  metric_query {
    id         = "ad1"
    expression = "anomaly_detection_band(m1)"
  }
}
resource "aws_cloudwatch_metric_alarm" "fixed" {
  comparison_operator = "GreaterThanThreshold"
  threshold           = 80
}
`
	cfn := `Resources:
  Band:
    Type: AWS::CloudWatch::Alarm
    Properties:
      ThresholdMetricId: ad1
      Metrics:
        - Id: ad1
          Expression: ANOMALY_DETECTION_BAND(m1, 2)
`
	m := iacModelOf(testTree(t, map[string]string{"a.tf": tf, "t.yaml": cfn}))
	got := map[string]bool{}
	for _, a := range iacAlarms(m) {
		got[a.r.Name] = a.anomaly()
	}
	want := map[string]bool{"band": true, "expr_only": true, "fixed": false, "Band": true}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("anomaly(%s) = %v, want %v", k, got[k], w)
		}
	}
}

// FuzzSAMConfig feeds arbitrary text to the samconfig.toml reader.
func FuzzSAMConfig(f *testing.F) {
	f.Add([]byte("version = 0.1\n[default.deploy.parameters]\nstack_name = \"a\"\ntags = \"Owner=\\\"x y\\\"\"\n"))
	f.Add([]byte("[prod]\n[prod.deploy.parameters]\ntags = [\"a=b\", 3]\n"))
	f.Add([]byte("[\"quoted env\".deploy.parameters]\nstack_name = 1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		envs, err := parseSAMConfigTOML(data)
		if err != nil && envs != nil {
			t.Fatal("environments returned with an error")
		}
		splitQuoted(string(data))
	})
}

// FuzzIaCTerraform reads arbitrary HCL into the resource model and walks
// every value the way the detectors do.
func FuzzIaCTerraform(f *testing.F) {
	f.Add([]byte(modelTF))
	f.Add([]byte(`resource "a" "b" { tags = merge(local.x, var.y, { Owner = "z" }) }
locals { x = local.x }
variable "y" { default = var.y }`))
	f.Add([]byte(`resource "aws_codepipeline" "p" { stage { action { category = "Deploy" } } }`))
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := parseHCL("fuzz.tf", data)
		if err != nil {
			return
		}
		m := newIaCModel()
		m.addTFBody("fuzz.tf", v.(*hclsyntax.Body), data)
		m.index = indexIaC(m.Resources)
		exerciseIaCModel(m)
	})
}

// FuzzIaCCloudFormation reads arbitrary YAML/JSON as a template.
func FuzzIaCCloudFormation(f *testing.F) {
	f.Add([]byte(modelCFN))
	f.Add([]byte(modelCFNJSON))
	f.Add([]byte("Resources:\n  A:\n    Type: AWS::X::Y\n    Properties: !Ref B\n  B: {Type: AWS::SNS::Topic, Properties: {Tags: [1, {Key: [x]}]}}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := parseYAML("template.yaml", data)
		if err != nil {
			return
		}
		m := newIaCModel()
		for _, doc := range v.([]*yaml.Node) {
			m.addCFNDoc("template.yaml", doc)
			m.addCFNDoc("serverless.yml", doc)
			m.addTFJSON("main.tf.json", doc)
			samEnvsYAML(doc)
			ansiblePlays([]*yaml.Node{doc})
		}
		m.index = indexIaC(m.Resources)
		exerciseIaCModel(m)
	})
}

// exerciseIaCModel calls every accessor the detectors use on every value
// of the model, and runs the detectors over it.
func exerciseIaCModel(m *iacModel) {
	var walk func(v iacValue, depth int)
	walk = func(v iacValue, depth int) {
		if depth > 6 {
			return
		}
		v.Str()
		v.Text()
		v.Refs()
		v.Bool()
		v.Line()
		for _, k := range v.Keys() {
			walk(v.Get(k), depth+1)
			for _, it := range v.All(k) {
				walk(it, depth+1)
			}
		}
		for _, it := range v.Items() {
			if it.node != v.node || it.expr != v.expr {
				walk(it, depth+1)
			}
		}
	}
	for _, r := range m.Resources {
		walk(r.Body, 0)
		walk(r.Decl, 0)
		iacTagPairs(m, r)
		m.Deref(r, r.Attr("tags"))
		r.AttrOrGlobal("Tracing")
		pipelineActions(r)
		weightedTargetGroups(r)
	}
	t := &Tree{cache: map[cacheKey]*cacheEntry{}, warned: map[string]bool{}}
	iacMemo(t, "iac-model", func() any { return m })
	for _, d := range Detectors() {
		if strings.HasPrefix(d.Name, "iac-") {
			d.Run(context.Background(), t)
		}
	}
}

func TestModuleAlias(t *testing.T) {
	tests := map[string]string{
		`terraform-aws-modules/cloudwatch/aws//modules/metric-alarm`:                                               "aws_cloudwatch_metric_alarm",
		`"registry.terraform.io/terraform-aws-modules/sns/aws"`:                                                    "aws_sns_topic",
		`git::https://github.com/terraform-aws-modules/terraform-aws-cloudwatch.git//modules/log-group?ref=v5.3.0`: "aws_cloudwatch_log_group",
		`github.com/terraform-aws-modules/terraform-aws-ecs//modules/service`:                                      "aws_ecs_service",
		`terraform-aws-modules/vpc/aws`:                                                                            "",
		`./modules/metric-alarm`:                                                                                   "",
		`git::https://github.com/acme/terraform-aws-cloudwatch.git//modules/metric-alarm`:                          "",
	}
	for src, want := range tests {
		if got := moduleAlias(src); got != want {
			t.Errorf("moduleAlias(%s) = %q, want %q", src, got, want)
		}
	}
}
