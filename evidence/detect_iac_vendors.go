package evidence

import (
	"context"
	"fmt"
	"regexp"
	"strings"
)

// iac-alerting-vendors: monitoring, paging and incident tools configured
// through their Terraform providers (or CloudFormation registry types):
// PagerDuty, Opsgenie, AWS Incident Manager, Datadog, New Relic and
// Grafana. Escalation policies and schedules are escalation paths
// (OPS10-BP04); services, integrations and contact points push alerts to
// people (OPS10-BP05); monitors alert on outcomes (OPS08-BP06) and, with
// anomaly or baseline functions, on anomalies (OPS08-BP07); dashboards
// (OPS08-BP03, OPS10-BP06), SLOs (OPS08-BP04, OPS08-BP02) and synthetic
// checks (OPS04-BP04) follow the same rules as their CloudWatch kin.

func init() {
	register(Detector{Name: "iac-alerting-vendors", Run: detectIaCAlertingVendors})
}

// vendorRule maps resource types to practices.
type vendorRule struct {
	types     []string
	practices []string
	what      string // "%s" is the resource's name
}

var vendorRules = []vendorRule{
	{[]string{"pagerduty_escalation_policy", "PagerDuty::Escalations::EscalationPolicy"}, []string{"OPS10-BP04"}, "PagerDuty escalation policy %s says who is paged next when nobody acknowledges"},
	{[]string{"pagerduty_schedule", "PagerDuty::Schedules::Schedule"}, []string{"OPS10-BP04"}, "PagerDuty on-call schedule %s"},
	{[]string{"pagerduty_service", "PagerDuty::Services::Service"}, []string{"OPS10-BP05"}, "PagerDuty service %s pages its on-call responders"},
	{[]string{"pagerduty_service_integration", "pagerduty_event_orchestration", "pagerduty_event_orchestration_router", "pagerduty_slack_connection"}, []string{"OPS10-BP05"}, "PagerDuty integration %s routes alerts to responders"},
	{[]string{"opsgenie_escalation", "opsgenie_schedule", "opsgenie_schedule_rotation", "opsgenie_team_routing_rule"}, []string{"OPS10-BP04"}, "Opsgenie escalation or rotation %s"},
	{[]string{"opsgenie_api_integration", "opsgenie_email_integration", "opsgenie_integration_action", "opsgenie_notification_policy", "opsgenie_notification_rule", "opsgenie_service"}, []string{"OPS10-BP05"}, "Opsgenie %s delivers alerts to people"},
	{[]string{"aws_ssmcontacts_contact", "aws_ssmcontacts_plan", "aws_ssmcontacts_rotation", "AWS::SSMContacts::Contact", "AWS::SSMContacts::Plan", "AWS::SSMContacts::Rotation"}, []string{"OPS10-BP04"}, "Incident Manager contact, engagement plan or rotation %s"},
	{[]string{"aws_ssmcontacts_contact_channel", "AWS::SSMContacts::ContactChannel"}, []string{"OPS10-BP05"}, "Incident Manager contact channel %s reaches a responder"},
	{[]string{"aws_ssmincidents_response_plan", "AWS::SSMIncidents::ResponsePlan"}, []string{"OPS10-BP01"}, "Incident Manager response plan %s opens incidents with a set impact, chat channel and responders"},
	{[]string{"datadog_dashboard", "datadog_dashboard_json", "Datadog::Dashboards::Dashboard", "newrelic_one_dashboard", "newrelic_one_dashboard_json", "newrelic_dashboard", "grafana_dashboard"}, []string{"OPS08-BP03", "OPS10-BP06"}, "dashboard %s is defined as code"},
	{[]string{"datadog_service_level_objective", "Datadog::SLOs::SLO", "newrelic_service_level", "grafana_slo"}, []string{"OPS08-BP04", "OPS08-BP02"}, "service level objective %s sets a target on a service level indicator"},
	{[]string{"datadog_synthetics_test", "newrelic_synthetics_monitor", "newrelic_synthetics_script_monitor", "newrelic_synthetics_step_monitor", "newrelic_synthetics_broken_links_monitor", "newrelic_synthetics_cert_check_monitor", "grafana_synthetic_monitoring_check"}, []string{"OPS04-BP04"}, "synthetic check %s probes an endpoint from outside"},
	{[]string{"datadog_logs_metric", "datadog_spans_metric"}, []string{"OPS08-BP02"}, "Datadog metric %s is derived from the workload's logs or traces"},
	{[]string{"datadog_integration_aws", "datadog_integration_aws_account", "datadog_integration_aws_lambda_arn", "datadog_logs_custom_pipeline"}, []string{"OPS04-BP02"}, "Datadog %s collects platform telemetry"},
	{[]string{"datadog_webhook", "datadog_integration_slack_channel", "datadog_integration_pagerduty_service_object", "datadog_integration_opsgenie_service_object"}, []string{"OPS10-BP05"}, "Datadog %s delivers notifications"},
	{[]string{"newrelic_notification_destination", "newrelic_notification_channel", "newrelic_workflow", "newrelic_alert_channel", "newrelic_alert_policy_channel"}, []string{"OPS10-BP05"}, "New Relic %s delivers alert notifications"},
	{[]string{"grafana_contact_point", "grafana_notification_policy"}, []string{"OPS10-BP05"}, "Grafana %s routes alert notifications"},
	{[]string{"grafana_oncall_escalation_chain", "grafana_oncall_escalation", "grafana_oncall_schedule", "grafana_oncall_on_call_shift"}, []string{"OPS10-BP04"}, "Grafana OnCall escalation or schedule %s"},
	{[]string{"grafana_oncall_integration"}, []string{"OPS10-BP05"}, "Grafana OnCall integration %s pages responders"},
}

func detectIaCAlertingVendors(_ context.Context, t *Tree) []Hit {
	m := iacModelOf(t)
	var hits []Hit
	for _, rule := range vendorRules {
		for _, r := range m.Of(rule.types...) {
			for _, p := range rule.practices {
				hits = append(hits, iacHit(p, Strong, r, "", fmt.Sprintf(rule.what, vendorName(r))))
			}
		}
	}
	for _, r := range m.Of("aws_ssmincidents_response_plan", "AWS::SSMIncidents::ResponsePlan") {
		if iacAttr(r, "engagements", "Engagements").Exists() || r.Body.Get("action").Exists() {
			hits = append(hits, iacHit("OPS10-BP04", Strong, r, "", fmt.Sprintf("Incident Manager response plan %s engages contacts through their escalation plans", vendorName(r))))
		}
	}
	hits = append(hits, vendorMonitorHits(m)...)
	return iacCap(hits, maxIaCProofs)
}

// vendorName is the monitor's or object's literal name, or its address.
func vendorName(r *iacResource) string {
	for _, k := range []string{"name", "title", "Name", "display_name"} {
		if s, ok := r.Attr(k).Str(); ok && s != "" {
			return fmt.Sprintf("%q", iacShort(s, 60))
		}
	}
	return r.KeyPath
}

// vendorMonitor is an alert definition of a monitoring vendor, reduced to
// what the practices ask.
type vendorMonitor struct {
	r        *iacResource
	tool     string
	name     string // the rule's own name when a resource holds several
	query    string // the query or condition text
	message  string // the notification text (Datadog) or runbook URL (New Relic, Grafana)
	priority string
	anomaly  bool
}

var (
	ddHandle      = regexp.MustCompile(`@(pagerduty|opsgenie|slack|teams|webhook|victorops|oncall|squadcast)[-\w.]*|@[\w.+-]+@[\w-]+\.[\w.]+`)
	severityLabel = regexp.MustCompile(`(?i)\b(severity|priority|sev|urgency)\b`)
)

// vendorMonitors reads the alert definitions of Datadog, New Relic and
// Grafana.
func vendorMonitors(m *iacModel) []vendorMonitor {
	var out []vendorMonitor
	for _, r := range m.Of("datadog_monitor", "datadog_monitor_json", "Datadog::Monitors::Monitor") {
		v := vendorMonitor{r: r, tool: "Datadog monitor"}
		v.query = r.Attr("query").Text() + r.Attr("Query").Text() + r.Attr("monitor").Text()
		v.message = r.Attr("message").Text() + r.Attr("Message").Text()
		v.priority = r.Attr("priority").Text() + r.Attr("Priority").Text()
		if v.priority == "" {
			for _, tag := range append(r.Attr("tags").Items(), r.Attr("Tags").Items()...) {
				if s := tag.Text(); severityLabel.MatchString(s) {
					v.priority = "tag " + s
				}
			}
		}
		v.anomaly = ddAnomaly(v.query) != ""
		out = append(out, v)
	}
	for _, r := range m.Of("newrelic_nrql_alert_condition", "newrelic_alert_condition", "newrelic_infra_alert_condition", "newrelic_synthetics_alert_condition") {
		v := vendorMonitor{r: r, tool: "New Relic alert condition"}
		v.query = r.Attr("nrql", "query").Text()
		v.message = r.Attr("runbook_url").Text()
		typ, _ := r.Attr("type").Str()
		v.anomaly = typ == "baseline"
		out = append(out, v)
	}
	for _, r := range m.Of("grafana_rule_group") {
		for _, rule := range r.Body.All("rule") {
			v := vendorMonitor{r: r, tool: "Grafana alert rule"}
			if n, ok := rule.Get("name").Str(); ok {
				v.name = fmt.Sprintf("%q", iacShort(n, 60))
			}
			v.message = rule.Get("annotations").Text()
			for _, kv := range tfTagPairs(m, r, rule.Get("labels"), 0) {
				if severityKeys[iacNorm(kv[0])] {
					v.priority = kv[0] + "=" + kv[1]
				}
			}
			out = append(out, v)
		}
	}
	return out
}

func vendorMonitorHits(m *iacModel) []Hit {
	mons := vendorMonitors(m)
	var hits []Hit
	linked := 0
	for _, v := range mons {
		if iacLink.MatchString(v.message) {
			linked++
		}
	}
	for _, v := range mons {
		name := v.name
		if name == "" {
			name = vendorName(v.r)
		}
		hits = append(hits, iacHit("OPS08-BP06", Strong, v.r, "", fmt.Sprintf("%s %s alerts on a condition (%s as code)", v.tool, name, iacCount(len(mons), "alert definition"))))
		if v.anomaly {
			s := fmt.Sprintf("%s %s compares against learned behaviour (anomaly or baseline detection)", v.tool, name)
			hits = append(hits, iacHit("OPS08-BP07", Strong, v.r, "", s), iacHit("OPS08-BP04", Strong, v.r, "", s))
		}
		if link := iacLink.FindString(v.message); link != "" {
			conf := Partial
			if linked*2 >= len(mons) {
				conf = Strong
			}
			hits = append(hits, iacHit("OPS10-BP02", conf, v.r, "", fmt.Sprintf("%s %s links %s (%s)", v.tool, name, iacShort(link, 80), iacOf(linked, len(mons), "alert definition"))))
			hits = append(hits, iacHit("OPS07-BP03", Partial, v.r, "", fmt.Sprintf("%s %s points responders to a written procedure (%s)", v.tool, name, iacShort(link, 80))))
		}
		if h := ddHandle.FindString(v.message); h != "" {
			hits = append(hits, iacHit("OPS10-BP05", Strong, v.r, "", fmt.Sprintf("%s %s notifies %s", v.tool, name, h)))
		}
		if p := strings.TrimSpace(v.priority); p != "" {
			hits = append(hits, iacHit("OPS10-BP03", Strong, v.r, "", fmt.Sprintf("%s %s carries a priority (%s)", v.tool, name, iacShort(p, 40))))
		}
	}
	return hits
}
