package evidence

import (
	"fmt"
	"path"
	"strings"
)

// Part of iac-deploy: traffic splitting outside CodeDeploy, CodeDeploy
// appspec files, and the sam/serverless deploy tools.

func trafficSplitHits(m *iacModel) []Hit {
	var hits []Hit
	for _, r := range m.Of("aws_lambda_alias", "AWS::Lambda::Alias") {
		rc := iacAttr(r, "routing_config", "RoutingConfig")
		if rc.Get("additional_version_weights").Exists() || rc.Get("AdditionalVersionWeights").Exists() {
			hits = append(hits, iacHit("OPS06-BP04", Strong, r, iacKeyName(r, "routing_config", "RoutingConfig"),
				fmt.Sprintf("Lambda alias %s sends a share of invocations to a second version", r.KeyPath)))
		}
	}
	for _, r := range m.Of("aws_lb_listener", "aws_lb_listener_rule", "aws_alb_listener", "aws_alb_listener_rule", "AWS::ElasticLoadBalancingV2::Listener", "AWS::ElasticLoadBalancingV2::ListenerRule") {
		if n := weightedTargetGroups(r); n >= 2 {
			hits = append(hits, iacHit("OPS06-BP04", Strong, r, "", fmt.Sprintf("load balancer %s splits traffic by weight between %d target groups", r.KeyPath, n)))
		}
	}
	for _, r := range m.Of("aws_route53_record", "AWS::Route53::RecordSet") {
		if r.Attr("weighted_routing_policy").Exists() || r.Attr("Weight").Exists() {
			hits = append(hits, iacHit("OPS06-BP04", Partial, r, "", fmt.Sprintf("Route 53 record %s is weighted: DNS can send part of the traffic to a new stack", r.KeyPath)))
		}
	}
	for _, r := range m.Of("aws_api_gateway_stage", "AWS::ApiGateway::Stage", "AWS::ApiGateway::Deployment") {
		if iacAttr(r, "canary_settings", "CanarySetting").Exists() || r.Attr("DeploymentCanarySettings").Exists() {
			hits = append(hits, iacHit("OPS06-BP04", Strong, r, "", fmt.Sprintf("API Gateway %s sends a share of requests to a canary deployment", r.KeyPath)))
		}
	}
	for _, r := range m.Of("aws_cloudfront_continuous_deployment_policy", "AWS::CloudFront::ContinuousDeploymentPolicy") {
		hits = append(hits, iacHit("OPS06-BP04", Strong, r, "", fmt.Sprintf("CloudFront continuous deployment policy %s sends part of the traffic to a staging distribution", r.KeyPath)))
	}
	for _, r := range m.Of("aws_appconfig_deployment_strategy", "AWS::AppConfig::DeploymentStrategy") {
		if g, ok := iacAttr(r, "growth_factor", "GrowthFactor").Str(); ok && g != "100" {
			hits = append(hits, iacHit("OPS06-BP04", Strong, r, "", fmt.Sprintf("AppConfig deployment strategy %s rolls configuration out in steps of %s%%", r.KeyPath, g)))
		}
	}
	for _, r := range m.Of("aws_appconfig_environment", "AWS::AppConfig::Environment") {
		if len(r.Body.All("monitor")) > 0 || r.Attr("Monitors").Exists() {
			hits = append(hits, iacHit("OPS06-BP08", Strong, r, "", fmt.Sprintf("AppConfig environment %s rolls a configuration back when its alarms fire", r.KeyPath)))
		}
	}
	return append(hits, blueGreenTargetGroupHits(m)...)
}

// weightedTargetGroups counts the weighted target groups of a listener's
// forward action.
func weightedTargetGroups(r *iacResource) int {
	best := 0
	var actions []iacValue
	if r.Tool == iacCloudFormation {
		actions = append(r.Attr("DefaultActions").Items(), r.Attr("Actions").Items()...)
	} else {
		actions = append(r.Body.All("default_action"), r.Body.All("action")...)
	}
	for _, a := range actions {
		n := 0
		for _, tg := range append(a.Get("forward").All("target_group"), a.Get("ForwardConfig").Get("TargetGroups").Items()...) {
			if tg.Get("weight").Exists() || tg.Get("Weight").Exists() {
				n++
			}
		}
		best = max(best, n)
	}
	return best
}

// blueGreenTargetGroupHits finds a pair of target groups named blue and
// green in one module or template: two fleets meant to take turns.
func blueGreenTargetGroupHits(m *iacModel) []Hit {
	var hits []Hit
	seen := map[string]*iacResource{}
	for _, r := range m.Of("aws_lb_target_group", "aws_alb_target_group", "AWS::ElasticLoadBalancingV2::TargetGroup") {
		name := strings.ToLower(r.Name + " " + iacAttr(r, "name", "Name").Text())
		for _, colour := range []string{"blue", "green"} {
			if strings.Contains(name, colour) && seen[r.scope+colour] == nil {
				seen[r.scope+colour] = r
			}
		}
		if b, g := seen[r.scope+"blue"], seen[r.scope+"green"]; b != nil && g != nil && seen[r.scope+"done"] == nil {
			seen[r.scope+"done"] = r
			hits = append(hits, iacHit("OPS06-BP05", Partial, b, "", fmt.Sprintf("target groups %s and %s hold a blue and a green fleet", b.KeyPath, g.KeyPath)))
		}
	}
	return hits
}

// validationHooks are the appspec lifecycle events that test a deployment
// before it completes or traffic moves.
var validationHooks = map[string]bool{
	"ValidateService": true, "AfterAllowTestTraffic": true, "BeforeAllowTraffic": true, "AfterAllowTraffic": true,
}

func isAppSpec(p string) bool {
	switch path.Base(p) {
	case "appspec.yml", "appspec.yaml", "appspec.json":
		return !iacGenerated(p)
	}
	return false
}

// appSpecHits reads CodeDeploy appspec files.
func appSpecHits(t *Tree) []Hit {
	var hits []Hit
	for _, p := range t.Match(isAppSpec) {
		docs, err := t.YAML(p)
		if err != nil || len(docs) == 0 {
			continue
		}
		doc := iacValue{node: docs[0]}
		hooksKey := "hooks"
		if !doc.Get(hooksKey).Exists() {
			hooksKey = "Hooks"
		}
		hooks := doc.Get(hooksKey)
		if !doc.Get("version").Exists() || !(doc.Get("files").Exists() || doc.Get("Resources").Exists() || hooks.Exists()) {
			continue
		}
		var names, checks []string
		// EC2 appspecs map events to scripts; ECS and Lambda ones list
		// one-key mappings of events to functions. Items covers both.
		for _, h := range hooks.Items() {
			for _, k := range h.Keys() {
				names = append(names, k)
				if validationHooks[k] {
					checks = append(checks, k)
				}
			}
		}
		s := "CodeDeploy appspec defines how the revision is installed"
		if len(names) > 0 {
			s += " (hooks: " + strings.Join(names, ", ") + ")"
		}
		hits = append(hits, Hit{Practice: "OPS06-BP03", Confidence: Strong, Proof: Proof{Path: p, Line: doc.Get("version").Line(), Summary: s}})
		if len(checks) > 0 {
			hits = append(hits, Hit{Practice: "OPS06-BP02", Confidence: Strong, Proof: Proof{Path: p, Line: hooks.Line(), KeyPath: hooksKey,
				Summary: fmt.Sprintf("CodeDeploy appspec validates the deployment in its %s hook before it completes", strings.Join(checks, ", "))}})
		}
	}
	return hits
}

// deployToolHits reports sam deploy configurations and Serverless
// Framework services: deployment tools configured in the repository.
func deployToolHits(t *Tree) []Hit {
	var hits []Hit
	for _, sc := range samConfigsOf(t) {
		for _, e := range sc.Envs {
			if e.Deploy {
				stack := ""
				if e.StackName != "" {
					stack = fmt.Sprintf(" as stack %q", e.StackName)
				}
				hits = append(hits, Hit{Practice: "OPS06-BP03", Confidence: Strong, Proof: Proof{Path: sc.Path, Line: e.Line,
					Summary: fmt.Sprintf("sam deploy is configured for environment %q%s", e.Name, stack)}})
			}
		}
	}
	for _, p := range t.Match(isServerlessFile) {
		docs, err := t.YAML(p)
		if err != nil || len(docs) == 0 {
			continue
		}
		doc := iacValue{node: docs[0]}
		if svc := doc.Get("service").Text(); svc != "" && len(doc.Get("functions").Keys()) > 0 {
			hits = append(hits, Hit{Practice: "OPS06-BP03", Confidence: Strong, Proof: Proof{Path: p, Line: doc.Get("service").Line(),
				Summary: fmt.Sprintf("Serverless Framework deploys service %q as a CloudFormation stack", iacShort(svc, 40))}})
		}
	}
	return hits
}
