package evidence

import (
	"context"
	"fmt"
	"strings"
)

// iac-aws-monitoring: CloudWatch declared as code. Alarms alert on
// outcomes (OPS08-BP06), anomaly bands on anomalies (OPS08-BP07) from a
// learned baseline (OPS08-BP04); dashboards show status (OPS08-BP03,
// OPS10-BP06); log groups, metric filters, subscriptions, Container
// Insights and the agent collect workload telemetry (OPS04-BP02) and
// metric filters define workload metrics (OPS08-BP02). What the alarms do
// when they fire is judged here too: notify people through SNS or Chatbot
// (OPS10-BP05), link a runbook (OPS10-BP02, OPS07-BP03) and carry a
// severity (OPS10-BP03).

func init() {
	register(Detector{Name: "iac-aws-monitoring", Run: detectIaCAWSMonitoring})
}

// maxIaCProofs is how many resources a detector names per practice.
const maxIaCProofs = 5

func detectIaCAWSMonitoring(_ context.Context, t *Tree) []Hit {
	m := iacModelOf(t)
	alarms := iacAlarms(m)
	var hits []Hit
	hits = append(hits, alarmHits(m, alarms)...)
	hits = append(hits, anomalyHits(m, alarms)...)
	hits = append(hits, dashboardHits(m)...)
	hits = append(hits, telemetryHits(m)...)
	hits = append(hits, cwAgentFileHits(t)...)
	hits = append(hits, notificationHits(m, alarms)...)
	hits = append(hits, alarmRunbookHits(alarms)...)
	hits = append(hits, alarmSeverityHits(m, alarms)...)
	return iacCap(hits, maxIaCProofs)
}

func alarmHits(m *iacModel, alarms []iacAlarm) []Hit {
	var alerting []iacAlarm
	for _, a := range alarms {
		if !a.scalingOnly() {
			alerting = append(alerting, a)
		}
	}
	var hits []Hit
	for _, a := range alerting {
		hits = append(hits, iacHit("OPS08-BP06", Strong, a.r, "",
			fmt.Sprintf("CloudWatch alarm %s %s (%s in IaC)", a.name, a.condition(), iacCount(len(alerting), "alarm"))))
	}
	return hits
}

func anomalyHits(m *iacModel, alarms []iacAlarm) []Hit {
	var hits []Hit
	for _, a := range alarms {
		if !a.anomaly() {
			continue
		}
		s := fmt.Sprintf("CloudWatch alarm %s fires when its metric leaves an anomaly-detection band learned from past values", a.name)
		hits = append(hits, iacHit("OPS08-BP07", Strong, a.r, "", s), iacHit("OPS08-BP04", Strong, a.r, "", s))
	}
	for _, r := range m.Of("AWS::CloudWatch::AnomalyDetector", "aws_cloudwatch_log_anomaly_detector") {
		s := fmt.Sprintf("%s %s learns the normal range of a metric or log stream", r.Type, r.KeyPath)
		hits = append(hits, iacHit("OPS08-BP04", Strong, r, "", s), iacHit("OPS08-BP07", Partial, r, "", s+"; no alarm on it was found"))
	}
	return hits
}

func dashboardHits(m *iacModel) []Hit {
	var hits []Hit
	for _, r := range m.Of("aws_cloudwatch_dashboard", "AWS::CloudWatch::Dashboard") {
		s := fmt.Sprintf("CloudWatch dashboard %s is defined as code", iacName(r, "dashboard_name", "DashboardName"))
		hits = append(hits, iacHit("OPS08-BP03", Strong, r, "", s), iacHit("OPS10-BP06", Strong, r, "", s))
	}
	return hits
}

// telemetryKind is one kind of resource that collects workload telemetry.
type telemetryKind struct {
	types   []string
	what    string                  // what one resource does; %s is its address
	applies func(*iacResource) bool // nil: every resource of the types
}

var telemetryKinds = []telemetryKind{
	{types: []string{"aws_cloudwatch_log_group", "AWS::Logs::LogGroup"}, what: "CloudWatch log group %s keeps the workload's logs"},
	{types: []string{"aws_cloudwatch_log_metric_filter", "AWS::Logs::MetricFilter"}, what: "log metric filter %s turns log events into metrics"},
	{types: []string{"aws_cloudwatch_log_subscription_filter", "AWS::Logs::SubscriptionFilter"}, what: "log subscription filter %s streams logs to another destination"},
	{types: []string{"aws_flow_log", "AWS::EC2::FlowLog"}, what: "flow log %s records network traffic"},
	{types: []string{"aws_ecs_cluster", "AWS::ECS::Cluster"}, what: "ECS cluster %s collects Container Insights metrics", applies: containerInsights},
	{types: []string{"aws_eks_addon", "AWS::EKS::Addon"}, what: "EKS add-on %s installs the CloudWatch observability agent", applies: func(r *iacResource) bool {
		return strings.Contains(iacAttr(r, "addon_name", "AddonName").Text(), "cloudwatch")
	}},
	{types: []string{"aws_ssm_parameter", "AWS::SSM::Parameter"}, what: "SSM parameter %s holds a CloudWatch agent configuration", applies: func(r *iacResource) bool {
		return strings.Contains(iacAttr(r, "name", "Name").Text(), "AmazonCloudWatch") ||
			strings.Contains(iacAttr(r, "value", "Value").Text(), "metrics_collected")
	}},
	{types: []string{"aws_db_instance", "aws_rds_cluster", "AWS::RDS::DBInstance", "AWS::RDS::DBCluster"}, what: "database %s exports logs or enhanced metrics to CloudWatch", applies: func(r *iacResource) bool {
		iv, _ := iacAttr(r, "monitoring_interval", "MonitoringInterval").Str()
		return len(iacAttr(r, "enabled_cloudwatch_logs_exports", "EnableCloudwatchLogsExports").Items()) > 0 ||
			iv != "" && iv != "0" || iacAttr(r, "performance_insights_enabled", "EnablePerformanceInsights").True()
	}},
	{types: []string{"aws_api_gateway_stage", "aws_apigatewayv2_stage", "AWS::ApiGateway::Stage", "AWS::ApiGatewayV2::Stage", "AWS::Serverless::Api", "AWS::Serverless::HttpApi"}, what: "API stage %s writes access logs", applies: func(r *iacResource) bool {
		return iacAttr(r, "access_log_settings", "AccessLogSetting").Exists() || r.Attr("AccessLogSettings").Exists()
	}},
	{types: []string{"aws_ecs_task_definition", "AWS::ECS::TaskDefinition"}, what: "task definition %s ships container logs (awslogs or FireLens)", applies: func(r *iacResource) bool {
		s := iacAttr(r, "container_definitions", "ContainerDefinitions").Text()
		return strings.Contains(s, "awslogs") || strings.Contains(s, "awsfirelens")
	}},
}

func containerInsights(r *iacResource) bool {
	for _, s := range append(r.Body.All("setting"), r.Attr("ClusterSettings").Items()...) {
		name := s.Get("name").Text() + s.Get("Name").Text()
		val := s.Get("value").Text() + s.Get("Value").Text()
		if name == "containerInsights" && (val == "enabled" || val == "enhanced") {
			return true
		}
	}
	return false
}

func telemetryHits(m *iacModel) []Hit {
	var hits []Hit
	for _, k := range telemetryKinds {
		var found []*iacResource
		for _, r := range m.Of(k.types...) {
			if k.applies == nil || k.applies(r) {
				found = append(found, r)
			}
		}
		if len(found) == 0 {
			continue
		}
		s := fmt.Sprintf(k.what, found[0].KeyPath)
		if len(found) > 1 {
			s += fmt.Sprintf(" (%d like it in IaC)", len(found))
		}
		hits = append(hits, iacHit("OPS04-BP02", Strong, found[0], "", s))
	}
	for i, r := range m.Of("aws_cloudwatch_log_metric_filter", "AWS::Logs::MetricFilter") {
		if i >= maxIaCProofs {
			break
		}
		hits = append(hits, iacHit("OPS08-BP02", Strong, r, "", metricFilterSummary(r)))
	}
	return hits
}

func metricFilterSummary(r *iacResource) string {
	var name, ns string
	if r.Tool == iacCloudFormation {
		mt := r.Attr("MetricTransformations").Items()
		if len(mt) > 0 {
			name, ns = lit(mt[0].Get("MetricName")), lit(mt[0].Get("MetricNamespace"))
		}
	} else {
		mt := r.Attr("metric_transformation")
		name, ns = lit(mt.Get("name")), lit(mt.Get("namespace"))
	}
	if name == "" {
		return fmt.Sprintf("log metric filter %s turns matching log events into a custom metric", r.KeyPath)
	}
	if ns != "" {
		name += " (" + iacShort(ns, 40) + ")"
	}
	return fmt.Sprintf("log metric filter %s turns matching log events into the custom metric %s", r.KeyPath, iacShort(name, 80))
}

// cwAgentFileHits finds CloudWatch agent configuration files kept in the
// repository: JSON with the agent's metrics or logs sections.
func cwAgentFileHits(t *Tree) []Hit {
	var hits []Hit
	for _, p := range t.Match(func(p string) bool { return strings.HasSuffix(p, ".json") && isYAMLOrJSON(p) }) {
		if !sniffOf(t, p).cwAgent {
			continue
		}
		docs, err := t.YAML(p)
		if err != nil || len(docs) == 0 {
			continue
		}
		doc := iacValue{node: docs[0]}
		var what []string
		if doc.Get("metrics", "metrics_collected").Exists() {
			what = append(what, "metrics")
		}
		if doc.Get("logs", "logs_collected").Exists() {
			what = append(what, "logs")
		}
		if len(what) > 0 {
			hits = append(hits, Hit{Practice: "OPS04-BP02", Confidence: Strong, Proof: Proof{Path: p, Line: 1,
				Summary: "CloudWatch agent configuration collects host " + strings.Join(what, " and ")}})
		}
	}
	return hits
}
