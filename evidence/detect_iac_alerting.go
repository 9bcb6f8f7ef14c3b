package evidence

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// What CloudWatch alarms do when they fire: whom they notify, which
// procedure they link, which priority they carry. Part of
// iac-aws-monitoring.

var chatbotTypes = []string{
	"aws_chatbot_slack_channel_configuration", "aws_chatbot_teams_channel_configuration",
	"AWS::Chatbot::SlackChannelConfiguration", "AWS::Chatbot::MicrosoftTeamsChannelConfiguration",
}

// iacSubscriptions maps each SNS topic of the model to how it delivers:
// subscription protocols (email, https, lambda), SAM functions subscribed
// to it, and chat channels through AWS Chatbot.
func iacSubscriptions(m *iacModel) map[*iacResource][]string {
	out := map[*iacResource][]string{}
	add := func(from *iacResource, ref iacValue, how string) {
		for _, tp := range m.Targets(from, ref) {
			if tp.Is(topicTypes...) && !slices.Contains(out[tp], how) {
				out[tp] = append(out[tp], how)
			}
		}
	}
	for _, r := range m.Resources {
		switch {
		case r.Type == "aws_sns_topic_subscription" || r.Type == "AWS::SNS::Subscription":
			how, _ := iacAttr(r, "protocol", "Protocol").Str()
			if how == "" {
				how = "a subscription"
			}
			add(r, iacAttr(r, "topic_arn", "TopicArn"), how)
		case r.Type == "AWS::SNS::Topic":
			for _, s := range r.Attr("Subscription").Items() {
				how, _ := s.Get("Protocol").Str()
				if how != "" && !slices.Contains(out[r], how) {
					out[r] = append(out[r], how)
				}
			}
		case r.Type == "AWS::Serverless::Function":
			for _, k := range r.Attr("Events").Keys() {
				ev := r.Attr("Events", k)
				if ev.Get("Type").Text() == "SNS" {
					add(r, ev.Get("Properties", "Topic"), "lambda")
				}
			}
		case r.Kind == "module" && r.Is(topicTypes...):
			// terraform-aws-modules/sns: subscriptions is a map of
			// subscriptions (v6) or, in older versions, a list.
			subs := r.Attr("subscriptions")
			var list []iacValue
			for _, k := range subs.Keys() {
				list = append(list, subs.Get(k))
			}
			for _, it := range append(list, subs.Items()...) {
				if how, _ := it.Get("protocol").Str(); how != "" && !slices.Contains(out[r], how) {
					out[r] = append(out[r], how)
				}
			}
		case slices.Contains(chatbotTypes, r.Type):
			add(r, iacAttr(r, "sns_topic_arns", "SnsTopicArns"), "chat (AWS Chatbot)")
		}
	}
	return out
}

func notificationHits(m *iacModel, alarms []iacAlarm) []Hit {
	subs := iacSubscriptions(m)
	var strong, partial []Hit
	for _, a := range alarms {
		if a.scalingOnly() {
			continue
		}
		if h, ok := alarmNotification(a, subs); ok {
			if h.Confidence == Strong {
				strong = append(strong, h)
			} else {
				partial = append(partial, h)
			}
		}
	}
	for _, r := range m.Of(chatbotTypes...) {
		strong = append(strong, iacHit("OPS10-BP05", Strong, r, "", fmt.Sprintf("AWS Chatbot %s posts notifications to a chat channel", r.KeyPath)))
	}
	return append(strong, partial...)
}

// alarmNotification says how one alarm reaches people, if it does.
func alarmNotification(a iacAlarm, subs map[*iacResource][]string) (Hit, bool) {
	key := iacKeyName(a.r, "alarm_actions", "AlarmActions")
	var unsubscribed string
	for _, tp := range a.targets {
		if !tp.Is(topicTypes...) {
			continue
		}
		if hows := subs[tp]; len(hows) > 0 {
			sort.Strings(hows)
			return iacHit("OPS10-BP05", Strong, a.r, key, fmt.Sprintf("CloudWatch alarm %s notifies SNS topic %s, which delivers to %s",
				a.name, tp.KeyPath, strings.Join(hows, ", "))), true
		}
		unsubscribed = tp.KeyPath
	}
	for _, act := range a.actions {
		if strings.Contains(act.Text(), "ssm-incidents") {
			return iacHit("OPS10-BP05", Strong, a.r, key, fmt.Sprintf("CloudWatch alarm %s starts an Incident Manager incident that engages responders", a.name)), true
		}
	}
	if unsubscribed != "" {
		return iacHit("OPS10-BP05", Partial, a.r, key, fmt.Sprintf("CloudWatch alarm %s publishes to SNS topic %s; no subscription to it is declared in the repository",
			a.name, unsubscribed)), true
	}
	for _, act := range a.actions {
		s := strings.ToLower(act.Text())
		external := strings.Contains(s, ":sns:") || len(act.Refs()) > 0 && !a.resolves(act) &&
			(strings.Contains(s, "sns") || strings.Contains(s, "topic") || strings.Contains(s, "alert") || strings.Contains(s, "notif"))
		if external {
			return iacHit("OPS10-BP05", Partial, a.r, key, fmt.Sprintf("CloudWatch alarm %s sends to %s, a topic declared elsewhere", a.name, iacShort(act.Text(), 60))), true
		}
	}
	return Hit{}, false
}

func alarmRunbookHits(alarms []iacAlarm) []Hit {
	var linked []iacAlarm
	total := 0
	for _, a := range alarms {
		if a.scalingOnly() {
			continue
		}
		total++
		if iacLink.MatchString(a.desc) {
			linked = append(linked, a)
		}
	}
	if len(linked) == 0 {
		return nil
	}
	conf := Partial
	if len(linked)*2 >= total {
		conf = Strong
	}
	var hits []Hit
	for i, a := range linked {
		key := iacKeyName(a.r, "alarm_description", "AlarmDescription")
		link := iacShort(iacLink.FindString(a.desc), 80)
		hits = append(hits, iacHit("OPS10-BP02", conf, a.r, key, fmt.Sprintf("CloudWatch alarm %s links %s in its description (%s)",
			a.name, link, iacOf(len(linked), total, "alarm"))))
		if i == 0 {
			hits = append(hits, iacHit("OPS07-BP03", Partial, a.r, key, fmt.Sprintf("CloudWatch alarm %s points responders to a written procedure (%s)", a.name, link)))
		}
	}
	return hits
}

func alarmSeverityHits(m *iacModel, alarms []iacAlarm) []Hit {
	type rated struct {
		a   iacAlarm
		how string
	}
	var found []rated
	total := 0
	for _, a := range alarms {
		if a.scalingOnly() {
			continue
		}
		total++
		if how := a.severity(m); how != "" {
			found = append(found, rated{a, how})
		}
	}
	var hits []Hit
	for _, f := range found {
		hits = append(hits, iacHit("OPS10-BP03", Strong, f.a.r, "", fmt.Sprintf("CloudWatch alarm %s carries a priority: %s (%s)",
			f.a.name, f.how, iacOf(len(found), total, "alarm"))))
	}
	return hits
}
