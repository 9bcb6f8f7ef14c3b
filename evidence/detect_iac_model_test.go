package evidence

import (
	"slices"
	"strconv"
	"strings"
	"testing"
)

const modelTF = `
locals {
  common_tags = { Team = "payments" }
}

variable "env" {
  default = "prod"
}

resource "aws_sns_topic" "alerts" {
  name = "alerts"
}

resource "aws_cloudwatch_metric_alarm" "high_latency" {
  alarm_name          = "${var.env}-high-latency"
  threshold           = 2.5
  evaluation_periods  = 3
  actions_enabled     = true
  alarm_actions       = [aws_sns_topic.alerts.arn, var.extra_topic]
  alarm_description   = <<-EOT
    Latency high. Runbook: https://wiki.example.com/rb/latency
  EOT
  tags                = local.common_tags
}

resource "aws_ecs_service" "app" {
  name = "app"
  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }
  load_balancer {
    container_name = "web"
  }
  load_balancer {
    container_name = "admin"
  }
}

/*
resource "aws_cloudwatch_metric_alarm" "commented" {
  alarm_name = "gone"
}
*/
# resource "aws_cloudwatch_dashboard" "also_gone" {}

module "vpc" {
  source = "terraform-aws-modules/vpc/aws"
}

provider "aws" {
  alias = "east"
  default_tags {
    tags = {
      Owner = "team-a"
    }
  }
}

data "aws_iam_role" "deploy" {
  name = "deploy"
}
`

const modelCFN = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Tracing: Active
Resources:
  AlarmTopic:
    Type: AWS::SNS::Topic
  HighLatencyAlarm:
    Type: AWS::CloudWatch::Alarm
    Properties:
      AlarmName: !Sub "${AWS::StackName}-latency"
      Threshold: 5
      AlarmActions:
        - !Ref AlarmTopic
        - !GetAtt Remediator.Arn
      OKActions:
        - Fn::GetAtt: [Remediator, Arn]
      AlarmDescription: !Sub "See https://runbooks.example.com/${AlarmTopic}"
  Remediator:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
`

const modelCFNJSON = `{
  "Resources": {
    "Queue": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "jobs"}},
    "Depth": {
      "Type": "AWS::CloudWatch::Alarm",
      "Properties": {"AlarmActions": [{"Ref": "Topic"}], "Dimensions": [{"Name": "QueueName", "Value": {"Fn::GetAtt": ["Queue", "QueueName"]}}]}
    },
    "Topic": {"Type": "AWS::SNS::Topic"}
  }
}
`

const modelTFJSON = `{
  "resource": {
    "aws_cloudwatch_dashboard": {
      "main": {"dashboard_name": "main", "dashboard_body": "${jsonencode({})}"}
    }
  },
  "module": {"net": {"source": "./modules/net"}}
}
`

const modelServerless = `service: orders
provider:
  name: aws
functions:
  api:
    handler: handler.api
resources:
  Resources:
    OrdersTable:
      Type: AWS::DynamoDB::Table
`

func TestIaCModelResources(t *testing.T) {
	tree := testTree(t, map[string]string{
		"infra/main.tf":               modelTF,
		"template.yaml":               modelCFN,
		"stacks/queue.json":           modelCFNJSON,
		"infra/dash.tf.json":          modelTFJSON,
		"serverless.yml":              modelServerless,
		"cdk.out/Stack.template.json": modelCFNJSON,
		"k8s/deploy.yaml":             "apiVersion: apps/v1\nkind: Deployment\n",
		"notes.yaml":                  "Resources:\n  X:\n    Type: Custom::Thing\n",
	})
	m := iacModelOf(tree)
	var got []string
	for _, r := range m.Resources {
		got = append(got, r.Tool+" "+r.Kind+" "+r.Type+" "+r.KeyPath+" "+r.Path+":"+strconv.Itoa(r.Line))
	}
	want := []string{
		"Terraform resource aws_cloudwatch_dashboard aws_cloudwatch_dashboard.main infra/dash.tf.json:4",
		"Terraform module ./modules/net module.net infra/dash.tf.json:7",
		"Terraform variable variable var.env infra/main.tf:6",
		"Terraform resource aws_sns_topic aws_sns_topic.alerts infra/main.tf:10",
		"Terraform resource aws_cloudwatch_metric_alarm aws_cloudwatch_metric_alarm.high_latency infra/main.tf:14",
		"Terraform resource aws_ecs_service aws_ecs_service.app infra/main.tf:26",
		"Terraform module terraform-aws-modules/vpc/aws module.vpc infra/main.tf:47",
		"Terraform provider aws provider.aws infra/main.tf:51",
		"Terraform data aws_iam_role data.aws_iam_role.deploy infra/main.tf:60",
		"CloudFormation resource AWS::DynamoDB::Table resources.Resources.OrdersTable serverless.yml:9",
		"CloudFormation resource AWS::SQS::Queue Resources.Queue stacks/queue.json:3",
		"CloudFormation resource AWS::CloudWatch::Alarm Resources.Depth stacks/queue.json:4",
		"CloudFormation resource AWS::SNS::Topic Resources.Topic stacks/queue.json:8",
		"CloudFormation resource AWS::SNS::Topic Resources.AlarmTopic template.yaml:7",
		"CloudFormation resource AWS::CloudWatch::Alarm Resources.HighLatencyAlarm template.yaml:9",
		"CloudFormation resource AWS::Serverless::Function Resources.Remediator template.yaml:20",
	}
	if !slices.Equal(got, want) {
		t.Errorf("resources:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(m.Workspaces) != 0 {
		t.Errorf("workspaces = %v, want none", m.Workspaces)
	}
}

func TestIaCValues(t *testing.T) {
	tree := testTree(t, map[string]string{
		"main.tf":       modelTF,
		"template.yaml": modelCFN,
		"queue.json":    modelCFNJSON,
	})
	m := iacModelOf(tree)
	find := func(addr string) *iacResource {
		for _, r := range m.Resources {
			if r.KeyPath == addr || r.Address() == addr {
				return r
			}
		}
		t.Fatalf("no resource %s", addr)
		return nil
	}
	alarm := find("aws_cloudwatch_metric_alarm.high_latency")
	cfnAlarm := find("HighLatencyAlarm")
	jsonAlarm := find("Depth")
	ecs := find("aws_ecs_service.app")
	provider := find("provider.aws")
	fn := find("Remediator")
	tests := []struct {
		name    string
		got     iacValue
		str     string
		literal bool
		text    string
		refs    []string
	}{
		{"hcl literal string", ecs.Attr("name"), "app", true, "app", nil},
		{"hcl number", alarm.Attr("threshold"), "2.5", true, "2.5", nil},
		{"hcl integer", alarm.Attr("evaluation_periods"), "3", true, "3", nil},
		{"hcl bool", alarm.Attr("actions_enabled"), "true", true, "true", nil},
		{"hcl template with interpolation", alarm.Attr("alarm_name"), "", false, `"${var.env}-high-latency"`, []string{"var.env"}},
		{"hcl reference in a list", alarm.Attr("alarm_actions").Items()[0], "", false, "aws_sns_topic.alerts.arn", []string{"aws_sns_topic.alerts"}},
		{"hcl list refs", alarm.Attr("alarm_actions"), "", false, "[aws_sns_topic.alerts.arn, var.extra_topic]", []string{"aws_sns_topic.alerts", "var.extra_topic"}},
		{"hcl heredoc", alarm.Attr("alarm_description"), "Latency high. Runbook: https://wiki.example.com/rb/latency\n", true, "Latency high. Runbook: https://wiki.example.com/rb/latency\n", nil},
		{"hcl nested block", ecs.Attr("deployment_circuit_breaker", "rollback"), "true", true, "true", nil},
		{"hcl block in block object", provider.Attr("default_tags", "tags", "Owner"), "team-a", true, "team-a", nil},
		{"hcl deref local", m.Deref(alarm, alarm.Attr("tags")).Get("Team"), "payments", true, "payments", nil},
		{"hcl absent", alarm.Attr("nope", "deeper"), "", false, "", nil},
		{"cfn sub tag", cfnAlarm.Attr("AlarmName"), "", false, "!Sub ${AWS::StackName}-latency", nil},
		{"cfn number", cfnAlarm.Attr("Threshold"), "5", true, "5", nil},
		{"cfn ref tag", cfnAlarm.Attr("AlarmActions").Items()[0], "", false, "!Ref AlarmTopic", []string{"AlarmTopic"}},
		{"cfn getatt tag", cfnAlarm.Attr("AlarmActions").Items()[1], "", false, "!GetAtt Remediator.Arn", []string{"Remediator"}},
		{"cfn long getatt", cfnAlarm.Attr("OKActions"), "", false, "Fn::GetAtt Remediator Arn", []string{"Remediator"}},
		{"cfn sub refs", cfnAlarm.Attr("AlarmDescription"), "", false, "!Sub See https://runbooks.example.com/${AlarmTopic}", []string{"AlarmTopic"}},
		{"cfn sam global", fn.AttrOrGlobal("Tracing"), "Active", true, "Active", nil},
		{"json ref", jsonAlarm.Attr("AlarmActions"), "", false, "Ref Topic", []string{"Topic"}},
		{"json nested getatt", jsonAlarm.Attr("Dimensions").Items()[0].Get("Value"), "", false, "Fn::GetAtt Queue QueueName", []string{"Queue"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, ok := tc.got.Str()
			if s != tc.str || ok != tc.literal {
				t.Errorf("Str() = %q, %v; want %q, %v", s, ok, tc.str, tc.literal)
			}
			if got := tc.got.Text(); got != tc.text {
				t.Errorf("Text() = %q, want %q", got, tc.text)
			}
			if got := tc.got.Refs(); !slices.Equal(got, tc.refs) {
				t.Errorf("Refs() = %q, want %q", got, tc.refs)
			}
		})
	}
	if got := len(ecs.Body.All("load_balancer")); got != 2 {
		t.Errorf("All(load_balancer) = %d blocks, want 2", got)
	}
	if r := m.Resolve(alarm, "aws_sns_topic.alerts"); r == nil || r.Name != "alerts" {
		t.Errorf("Resolve(aws_sns_topic.alerts) = %v", r)
	}
	if ts := m.Targets(cfnAlarm, cfnAlarm.Attr("AlarmActions")); len(ts) != 2 || ts[0].Type != "AWS::SNS::Topic" || ts[1].Type != "AWS::Serverless::Function" {
		t.Errorf("Targets(AlarmActions) = %v", ts)
	}
	if got := alarm.Attr("alarm_name").Line(); got != 15 {
		t.Errorf("Line() = %d, want 15", got)
	}
}

func TestIaCDynamicBlocks(t *testing.T) {
	tf := `
resource "aws_ecs_cluster" "c" {
  dynamic "setting" {
    for_each = var.insights ? [1] : []
    content {
      name  = "containerInsights"
      value = "enabled"
    }
  }
  setting {
    name  = "other"
    value = "x"
  }
}
`
	m := iacModelOf(testTree(t, map[string]string{"main.tf": tf}))
	r := m.Of("aws_ecs_cluster")[0]
	var names []string
	for _, s := range r.Body.All("setting") {
		names = append(names, s.Get("name").Text())
	}
	if want := []string{"containerInsights", "other"}; !slices.Equal(names, want) {
		t.Errorf("settings = %v, want %v", names, want)
	}
	if !containerInsights(r) {
		t.Error("Container Insights in a dynamic block not seen")
	}
}
