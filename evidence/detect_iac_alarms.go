package evidence

import (
	"fmt"
	"regexp"
	"strings"
)

// CloudWatch alarms as the iac detectors see them, in either format.

var (
	alarmTypes     = []string{"aws_cloudwatch_metric_alarm", "AWS::CloudWatch::Alarm"}
	compositeTypes = []string{"aws_cloudwatch_composite_alarm", "AWS::CloudWatch::CompositeAlarm"}
	scalingTypes   = []string{"aws_autoscaling_policy", "aws_appautoscaling_policy", "AWS::AutoScaling::ScalingPolicy", "AWS::ApplicationAutoScaling::ScalingPolicy"}
	topicTypes     = []string{"aws_sns_topic", "AWS::SNS::Topic"}
	lambdaTypes    = []string{"aws_lambda_function", "AWS::Lambda::Function", "AWS::Serverless::Function"}
)

// iacAlarm is one CloudWatch alarm with what the detectors ask of it.
type iacAlarm struct {
	r         *iacResource
	composite bool
	name      string     // quoted literal name or the address
	desc      string     // description text as written
	actions   []iacValue // alarm, OK and insufficient-data actions
	targets   []*iacResource
}

// iacAlarms returns the model's metric and composite alarms.
func iacAlarms(m *iacModel) []iacAlarm {
	var out []iacAlarm
	for _, r := range m.Of(append(alarmTypes, compositeTypes...)...) {
		a := iacAlarm{r: r}
		switch {
		case r.Is(alarmTypes...):
		case r.Is(compositeTypes...):
			a.composite = true
		default:
			continue
		}
		a.name = iacName(r, "alarm_name", "AlarmName")
		a.desc = iacAttr(r, "alarm_description", "AlarmDescription").Text()
		for _, k := range [][2]string{{"alarm_actions", "AlarmActions"}, {"ok_actions", "OKActions"}, {"insufficient_data_actions", "InsufficientDataActions"}} {
			a.actions = append(a.actions, iacAttr(r, k[0], k[1]).Items()...)
		}
		for _, act := range a.actions {
			for _, tg := range m.Targets(r, act) {
				if tg.Kind != "variable" { // an input: the topic is declared elsewhere
					a.targets = append(a.targets, tg)
				}
			}
		}
		out = append(out, a)
	}
	return out
}

// resolves reports whether an action names a declaration of the model.
func (a iacAlarm) resolves(act iacValue) bool {
	for _, ref := range act.Refs() {
		for _, t := range a.targets {
			if t.Address() == ref {
				return true
			}
		}
	}
	return false
}

// anomalyOperators are the comparisons that only an anomaly-detection band
// can feed.
var anomalyOperators = map[string]bool{
	"LessThanLowerOrGreaterThanUpperThreshold": true,
	"LessThanLowerThreshold":                   true,
	"GreaterThanUpperThreshold":                true,
}

// anomaly reports whether the alarm compares against an anomaly-detection
// band rather than a fixed threshold.
func (a iacAlarm) anomaly() bool {
	r := a.r
	op, _ := iacAttr(r, "comparison_operator", "ComparisonOperator").Str()
	// Both must be literals: a module passes var.threshold_metric_id
	// through whether or not a caller ever sets it.
	tm, _ := iacAttr(r, "threshold_metric_id", "ThresholdMetricId").Str()
	if anomalyOperators[op] || tm != "" {
		return true
	}
	for _, q := range append(r.Body.All("metric_query"), r.Attr("Metrics").Items()...) {
		if strings.Contains(strings.ToUpper(q.Get("expression").Text()+q.Get("Expression").Text()), "ANOMALY_DETECTION_BAND") {
			return true
		}
	}
	return false
}

// scalingOnly reports an alarm whose every action resolves to a scaling
// policy: it drives capacity, not people.
func (a iacAlarm) scalingOnly() bool {
	if len(a.actions) == 0 || len(a.targets) != len(a.actions) {
		return false
	}
	for _, t := range a.targets {
		if !t.Is(scalingTypes...) {
			return false
		}
	}
	return true
}

// condition says in words what the alarm watches.
func (a iacAlarm) condition() string {
	r := a.r
	if a.composite {
		return "combines other alarms into one"
	}
	metric, _ := iacAttr(r, "metric_name", "MetricName").Str()
	ns, _ := iacAttr(r, "namespace", "Namespace").Str()
	op, _ := iacAttr(r, "comparison_operator", "ComparisonOperator").Str()
	th, hasTh := iacAttr(r, "threshold", "Threshold").Str()
	var b strings.Builder
	switch {
	case a.anomaly():
		b.WriteString("fires when a metric leaves its anomaly-detection band")
		return b.String()
	case metric != "":
		fmt.Fprintf(&b, "watches %s", metric)
		if ns != "" {
			fmt.Fprintf(&b, " (%s)", ns)
		}
	case len(r.Body.All("metric_query")) > 0 || r.Attr("Metrics").Exists():
		b.WriteString("watches a metric math expression")
	default:
		b.WriteString("watches a metric")
	}
	if op != "" && hasTh {
		fmt.Fprintf(&b, " with %s %s", op, th)
	}
	return b.String()
}

var (
	severityName = regexp.MustCompile(`(?i)(^|[^a-z0-9])(p[1-5]|sev[-_ ]?[0-5]|critical|crit|warning|warn|major|minor|page|urgent)([^a-z0-9]|$)`)
	severityKeys = map[string]bool{"severity": true, "sev": true, "priority": true, "urgency": true, "alertseverity": true, "alertpriority": true, "level": true}
)

// severity returns how the alarm carries a priority: a severity tag, a
// marker in its name, or routing to a topic named by severity; "" if none.
func (a iacAlarm) severity(m *iacModel) string {
	for _, kv := range iacTagPairs(m, a.r) {
		if severityKeys[iacNorm(kv[0])] {
			return fmt.Sprintf("tag %s=%s", kv[0], kv[1])
		}
	}
	name := iacAttr(a.r, "alarm_name", "AlarmName").Text()
	if name == "" {
		name = a.r.Name
	}
	if mt := severityName.FindStringSubmatch(name); mt != nil {
		return fmt.Sprintf("%q in its name", mt[2])
	}
	for _, t := range a.targets {
		if t.Is(topicTypes...) && severityName.MatchString(t.Name+" "+iacAttr(t, "name", "TopicName").Text()) {
			return "routing to topic " + t.KeyPath
		}
	}
	return ""
}
