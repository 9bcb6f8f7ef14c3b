package evidence

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// iac-remediation: automated responses to events (OPS10-BP07) declared as
// code: alarms whose actions scale, recover or reboot, or call a function;
// EventBridge rules that send operational events (alarm state changes,
// health events, findings, task failures) to a function, state machine or
// SSM Automation; AWS Config auto-remediation; target-tracking scaling.
// Scheduled rules and application events (an object landed in S3) are
// work, not responses to operational events, and do not count.

func init() {
	register(Detector{Name: "iac-remediation", Run: detectIaCRemediation})
}

var (
	ec2Action    = regexp.MustCompile(`arn:aws:automate:[^:]*:ec2:(recover|reboot|stop|terminate)|AWS_EC2\.InstanceId\.(Reboot|Stop|Terminate)`)
	eventRules   = []string{"aws_cloudwatch_event_rule", "AWS::Events::Rule"}
	eventTargets = []string{"aws_cloudwatch_event_target"}
	sfnTypes     = []string{"aws_sfn_state_machine", "AWS::StepFunctions::StateMachine", "AWS::Serverless::StateMachine"}
	ssmDocTypes  = []string{"aws_ssm_document", "AWS::SSM::Document"}
	// opsEventSources are event sources and detail types that report on
	// the health of the workload rather than on its business.
	opsEventSources = regexp.MustCompile(`aws\.(cloudwatch|health|guardduty|securityhub|config|inspector2?|ecs|autoscaling|ec2|rds|codedeploy|codepipeline|trustedadvisor|ssm|backup|elasticache|batch|macie|access-analyzer)\b|State Change|Alarm|Finding|Health Event|Compliance Change`)
)

func detectIaCRemediation(_ context.Context, t *Tree) []Hit {
	m := iacModelOf(t)
	var hits []Hit
	hits = append(hits, alarmActionHits(iacAlarms(m))...)
	hits = append(hits, eventRuleHits(m)...)
	hits = append(hits, samEventHits(m)...)
	for _, r := range m.Of("aws_config_remediation_configuration", "AWS::Config::RemediationConfiguration") {
		conf, how := Partial, "can be run by hand"
		if iacAttr(r, "automatic", "Automatic").True() {
			conf, how = Strong, "runs automatically"
		}
		doc := iacAttr(r, "target_id", "TargetId").Text()
		hits = append(hits, iacHit("OPS10-BP07", conf, r, "", fmt.Sprintf("AWS Config remediation %s with %s %s when a rule finds a non-compliant resource", r.KeyPath, iacShort(doc, 50), how)))
	}
	for _, r := range m.Of(scalingTypes...) {
		if iacAttr(r, "target_tracking_scaling_policy_configuration", "TargetTrackingScalingPolicyConfiguration").Exists() ||
			iacAttr(r, "target_tracking_configuration", "TargetTrackingConfiguration").Exists() ||
			iacAttr(r, "predictive_scaling_configuration", "PredictiveScalingConfiguration").Exists() {
			hits = append(hits, iacHit("OPS10-BP07", Strong, r, "", fmt.Sprintf("scaling policy %s adds or removes capacity automatically to hold a metric at its target", r.KeyPath)))
		}
	}
	return iacCap(hits, maxIaCProofs)
}

// alarmActionHits finds alarms whose actions act on the workload.
func alarmActionHits(alarms []iacAlarm) []Hit {
	var hits []Hit
	for _, a := range alarms {
		key := iacKeyName(a.r, "alarm_actions", "AlarmActions")
		for _, act := range a.actions {
			if mt := ec2Action.FindStringSubmatch(act.Text()); mt != nil {
				verb := strings.ToLower(mt[1] + mt[2])
				hits = append(hits, iacHit("OPS10-BP07", Strong, a.r, key, fmt.Sprintf("CloudWatch alarm %s makes EC2 %s the instance when it fires", a.name, verb)))
			} else if strings.Contains(act.Text(), "automation-definition/") {
				hits = append(hits, iacHit("OPS10-BP07", Strong, a.r, key, fmt.Sprintf("CloudWatch alarm %s starts an SSM Automation runbook when it fires", a.name)))
			} else if strings.Contains(act.Text(), "arn:aws:lambda:") {
				hits = append(hits, iacHit("OPS10-BP07", Strong, a.r, key, fmt.Sprintf("CloudWatch alarm %s invokes a Lambda function when it fires", a.name)))
			}
		}
		for _, tg := range a.targets {
			switch {
			case tg.Is(scalingTypes...):
				hits = append(hits, iacHit("OPS10-BP07", Strong, a.r, key, fmt.Sprintf("CloudWatch alarm %s triggers scaling policy %s", a.name, tg.KeyPath)))
			case tg.Is(lambdaTypes...):
				hits = append(hits, iacHit("OPS10-BP07", Strong, a.r, key, fmt.Sprintf("CloudWatch alarm %s invokes function %s when it fires", a.name, tg.KeyPath)))
			}
		}
	}
	return hits
}

// eventRuleHits finds EventBridge rules on operational events whose
// targets act: functions, state machines, SSM Automation or Run Command.
func eventRuleHits(m *iacModel) []Hit {
	var hits []Hit
	for _, rule := range m.Of(eventRules...) {
		pattern := iacAttr(rule, "event_pattern", "EventPattern").Text()
		if pattern == "" || !opsEventSources.MatchString(pattern) {
			continue
		}
		for _, target := range ruleTargets(m, rule) {
			if what := actingTarget(m, rule, target); what != "" {
				hits = append(hits, iacHit("OPS10-BP07", Strong, rule, "", fmt.Sprintf("EventBridge rule %s sends %s events to %s", rule.KeyPath, eventSourceWords(pattern), what)))
				break
			}
		}
	}
	return hits
}

// ruleTargets returns the target ARNs of a rule: the rule's own Targets
// (CloudFormation) or the aws_cloudwatch_event_target resources that name
// it (Terraform).
func ruleTargets(m *iacModel, rule *iacResource) []iacValue {
	if rule.Tool == iacCloudFormation {
		var out []iacValue
		for _, tg := range rule.Attr("Targets").Items() {
			out = append(out, tg.Get("Arn"))
		}
		return out
	}
	var out []iacValue
	for _, tg := range m.Of(eventTargets...) {
		for _, r := range m.Targets(tg, tg.Attr("rule")) {
			if r == rule {
				out = append(out, tg.Attr("arn"))
			}
		}
	}
	return out
}

// actingTarget says what a rule target is, when it is one that acts.
func actingTarget(m *iacModel, from *iacResource, arn iacValue) string {
	text := arn.Text()
	switch {
	case strings.Contains(text, "automation-definition"):
		return "an SSM Automation runbook"
	case strings.Contains(text, "AWS-RunShellScript") || strings.Contains(text, ":document/"):
		return "an SSM document"
	}
	for _, r := range m.Targets(from, arn) {
		switch {
		case r.Is(lambdaTypes...):
			return "function " + r.KeyPath
		case r.Is(sfnTypes...):
			return "state machine " + r.KeyPath
		case r.Is(ssmDocTypes...):
			return "SSM document " + r.KeyPath
		}
	}
	return ""
}

var eventSourceName = regexp.MustCompile(`aws\.[a-z0-9-]+`)

// eventSourceWords names the sources of an event pattern for a summary.
func eventSourceWords(pattern string) string {
	var srcs []string
	for _, s := range eventSourceName.FindAllString(pattern, -1) {
		if !slices.Contains(srcs, s) {
			srcs = append(srcs, s)
		}
	}
	if len(srcs) == 0 {
		return "operational"
	}
	return strings.Join(srcs, ", ")
}

// samEventHits finds SAM functions and state machines triggered by
// operational EventBridge events.
func samEventHits(m *iacModel) []Hit {
	var hits []Hit
	for _, r := range m.Of("AWS::Serverless::Function", "AWS::Serverless::StateMachine") {
		for _, k := range r.Attr("Events").Keys() {
			ev := r.Attr("Events", k)
			typ := ev.Get("Type").Text()
			if typ != "EventBridgeRule" && typ != "CloudWatchEvent" {
				continue
			}
			pattern := ev.Get("Properties", "Pattern").Text()
			if opsEventSources.MatchString(pattern) {
				hits = append(hits, iacHit("OPS10-BP07", Strong, r, "Events."+k, fmt.Sprintf("SAM %s %s runs on %s events", strings.TrimPrefix(r.Type, "AWS::Serverless::"), r.KeyPath, eventSourceWords(pattern))))
			}
		}
	}
	return hits
}
