package evidence

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// iac-aws-services: AWS services whose presence in the infrastructure code
// is itself the trace of a practice: patching with Systems Manager
// (OPS05-BP05), AWS Config rules (OPS01-BP04), synthetic canaries and
// health checks (OPS04-BP04), RUM (OPS04-BP03), X-Ray tracing
// (OPS04-BP05), SSM Automation runbooks (OPS07-BP03), AppConfig feature
// flags and Evidently (OPS03-BP05), backup plans (OPS06-BP01, partial) and
// threat detection services (OPS01-BP05, partial).

func init() {
	register(Detector{Name: "iac-aws-services", Run: detectIaCAWSServices})
}

// awsRule maps resource types, optionally narrowed by a test on the
// resource, to a practice. what gets the resource's address.
type awsRule struct {
	practice string
	conf     Confidence
	types    []string
	applies  func(*iacResource) bool
	what     string
}

func attrIs(tf, cfn string, want ...string) func(*iacResource) bool {
	return func(r *iacResource) bool {
		s, _ := iacAttr(r, tf, cfn).Str()
		return slices.Contains(want, s)
	}
}

func attrHas(tf, cfn, sub string) func(*iacResource) bool {
	return func(r *iacResource) bool { return strings.Contains(iacAttr(r, tf, cfn).Text(), sub) }
}

var awsRules = []awsRule{
	{"OPS05-BP05", Strong, []string{"aws_ssm_patch_baseline", "AWS::SSM::PatchBaseline"}, nil, "SSM patch baseline %s decides which OS patches are approved"},
	{"OPS05-BP05", Strong, []string{"aws_ssm_patch_group"}, nil, "SSM patch group %s ties instances to a patch baseline"},
	{"OPS05-BP05", Strong, []string{"aws_ssm_maintenance_window_task", "AWS::SSM::MaintenanceWindowTask"}, attrHas("task_arn", "TaskArn", "RunPatchBaseline"), "maintenance window task %s installs patches on a schedule"},
	{"OPS05-BP05", Strong, []string{"aws_ssm_association", "AWS::SSM::Association"}, attrHas("name", "Name", "RunPatchBaseline"), "SSM association %s scans or installs patches on a schedule"},
	{"OPS05-BP05", Partial, []string{"aws_ssm_maintenance_window", "AWS::SSM::MaintenanceWindow"}, nil, "SSM maintenance window %s sets a time for changes such as patching"},
	{"OPS05-BP05", Strong, []string{"aws_imagebuilder_image_pipeline", "AWS::ImageBuilder::ImagePipeline"}, func(r *iacResource) bool {
		return iacAttr(r, "schedule", "Schedule").Exists()
	}, "Image Builder pipeline %s rebuilds the base image on a schedule"},
	{"OPS01-BP04", Strong, []string{"aws_config_config_rule", "aws_config_organization_managed_rule", "aws_config_organization_custom_rule", "aws_config_organization_custom_policy_rule", "AWS::Config::ConfigRule", "AWS::Config::OrganizationConfigRule"}, nil, "AWS Config rule %s checks resources against a requirement"},
	{"OPS01-BP04", Strong, []string{"aws_config_conformance_pack", "aws_config_organization_conformance_pack", "AWS::Config::ConformancePack", "AWS::Config::OrganizationConformancePack"}, nil, "AWS Config conformance pack %s checks a set of compliance rules"},
	{"OPS04-BP04", Strong, []string{"aws_synthetics_canary", "AWS::Synthetics::Canary"}, nil, "CloudWatch Synthetics canary %s probes an endpoint on a schedule"},
	{"OPS04-BP04", Strong, []string{"aws_route53_health_check", "AWS::Route53::HealthCheck"}, nil, "Route 53 health check %s watches an endpoint from outside"},
	{"OPS04-BP03", Strong, []string{"aws_rum_app_monitor", "AWS::RUM::AppMonitor"}, nil, "CloudWatch RUM app monitor %s records what real users experience in the browser"},
	{"OPS04-BP05", Strong, []string{"aws_xray_sampling_rule", "aws_xray_group", "AWS::XRay::SamplingRule", "AWS::XRay::Group"}, nil, "X-Ray %s configures distributed tracing"},
	{"OPS04-BP05", Strong, []string{"aws_lambda_function", "AWS::Lambda::Function"}, func(r *iacResource) bool {
		return iacAttr(r, "tracing_config", "TracingConfig").Get("mode").Text()+r.Attr("TracingConfig", "Mode").Text() == "Active"
	}, "Lambda function %s sends traces to X-Ray (active tracing)"},
	{"OPS04-BP05", Strong, []string{"AWS::Serverless::Function"}, func(r *iacResource) bool {
		return r.AttrOrGlobal("Tracing").Text() == "Active"
	}, "SAM function %s sends traces to X-Ray (Tracing: Active)"},
	{"OPS04-BP05", Strong, []string{"aws_api_gateway_stage", "AWS::ApiGateway::Stage", "AWS::Serverless::Api"}, func(r *iacResource) bool {
		return r.Attr("xray_tracing_enabled").True() || r.AttrOrGlobal("TracingEnabled").True()
	}, "API Gateway %s traces requests with X-Ray"},
	{"OPS04-BP05", Strong, []string{"aws_sfn_state_machine", "AWS::StepFunctions::StateMachine", "AWS::Serverless::StateMachine"}, func(r *iacResource) bool {
		return r.Attr("tracing_configuration", "enabled").True() || r.Attr("TracingConfiguration", "Enabled").True() || r.AttrOrGlobal("Tracing", "Enabled").True()
	}, "state machine %s traces executions with X-Ray"},
	{"OPS04-BP05", Strong, []string{"aws_ecs_task_definition", "AWS::ECS::TaskDefinition"}, func(r *iacResource) bool {
		s := iacAttr(r, "container_definitions", "ContainerDefinitions").Text()
		return strings.Contains(s, "xray-daemon") || strings.Contains(s, "aws-otel-collector")
	}, "ECS task definition %s runs a tracing sidecar (X-Ray daemon or ADOT collector)"},
	{"OPS07-BP03", Strong, []string{"aws_ssm_document", "AWS::SSM::Document"}, attrIs("document_type", "DocumentType", "Automation"), "SSM Automation runbook %s scripts an operational procedure"},
	{"OPS07-BP03", Partial, []string{"aws_ssm_document", "AWS::SSM::Document"}, attrIs("document_type", "DocumentType", "Command"), "SSM Command document %s scripts a procedure run on instances"},
	{"OPS03-BP05", Strong, []string{"aws_appconfig_configuration_profile", "AWS::AppConfig::ConfigurationProfile"}, attrIs("type", "Type", "AWS.AppConfig.FeatureFlags"), "AppConfig feature-flag profile %s lets features be switched on for some users or all"},
	{"OPS03-BP05", Strong, []string{"aws_evidently_feature", "aws_evidently_launch", "AWS::Evidently::Feature", "AWS::Evidently::Launch", "AWS::Evidently::Experiment"}, nil, "CloudWatch Evidently %s runs a feature launch or experiment"},
	{"OPS06-BP01", Partial, []string{"aws_backup_plan", "AWS::Backup::BackupPlan"}, nil, "AWS Backup plan %s keeps restorable backups, a way back after a failed change"},
	{"OPS01-BP05", Partial, []string{"aws_guardduty_detector", "AWS::GuardDuty::Detector"}, func(r *iacResource) bool {
		v := iacAttr(r, "enable", "Enable")
		return !v.Exists() || v.True()
	}, "GuardDuty detector %s watches the account for threats"},
	{"OPS01-BP05", Partial, []string{"aws_securityhub_account", "aws_securityhub_standards_subscription", "AWS::SecurityHub::Hub", "AWS::SecurityHub::Standard"}, nil, "Security Hub %s collects security findings against standards"},
	{"OPS01-BP05", Partial, []string{"aws_inspector2_enabler", "aws_inspector2_organization_configuration"}, nil, "Inspector %s scans workloads for vulnerabilities"},
	{"OPS01-BP05", Partial, []string{"aws_detective_graph", "AWS::Detective::Graph", "aws_macie2_account", "AWS::Macie::Session"}, nil, "%s investigates security findings or sensitive data"},
	{"OPS01-BP05", Partial, []string{"aws_ecr_repository", "AWS::ECR::Repository"}, func(r *iacResource) bool {
		return r.Attr("image_scanning_configuration", "scan_on_push").True() || r.Attr("ImageScanningConfiguration", "ScanOnPush").True()
	}, "ECR repository %s scans images for known vulnerabilities on push"},
}

func detectIaCAWSServices(_ context.Context, t *Tree) []Hit {
	m := iacModelOf(t)
	var hits []Hit
	for _, rule := range awsRules {
		var found []*iacResource
		for _, r := range m.Of(rule.types...) {
			if rule.applies == nil || rule.applies(r) {
				found = append(found, r)
			}
		}
		for i, r := range found {
			if i >= maxIaCProofs {
				break
			}
			s := fmt.Sprintf(rule.what, r.KeyPath)
			if len(found) > 1 {
				s += fmt.Sprintf(" (one of %d such resources)", len(found))
			}
			hits = append(hits, iacHit(rule.practice, rule.conf, r, "", s))
		}
	}
	hits = append(hits, ssmDocFileHits(t)...)
	return iacCap(hits, maxIaCProofs)
}

// ssmDocFileHits finds SSM Automation documents kept as files
// (schemaVersion 0.3 with mainSteps of aws: actions).
func ssmDocFileHits(t *Tree) []Hit {
	var hits []Hit
	for _, p := range t.Match(isYAMLOrJSON) {
		if sn := sniffOf(t, p); !sn.ssmDoc || sn.goTemplate {
			continue
		}
		docs, err := t.YAML(p)
		if err != nil || len(docs) == 0 {
			continue
		}
		doc := iacValue{node: docs[0]}
		steps := doc.Get("mainSteps").Items()
		if doc.Get("schemaVersion").Text() != "0.3" || len(steps) == 0 || !strings.HasPrefix(steps[0].Get("action").Text(), "aws:") {
			continue
		}
		hits = append(hits, Hit{Practice: "OPS07-BP03", Confidence: Strong, Proof: Proof{Path: p, Line: doc.Get("mainSteps").Line(), KeyPath: "mainSteps",
			Summary: fmt.Sprintf("SSM Automation runbook with %s scripts an operational procedure", iacCount(len(steps), "step"))}})
	}
	return hits
}
