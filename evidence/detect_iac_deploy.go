package evidence

import (
	"context"
	"fmt"
	"strings"
)

// iac-deploy: how AWS deployments are configured as code. CodeDeploy
// applications and deployment groups, SAM DeploymentPreference, appspec
// files and sam/serverless deploy configuration are deployment systems
// (OPS06-BP03); canary and linear configurations, weighted aliases,
// listeners and records are limited deployments (OPS06-BP04); blue/green
// groups and ECS services deployed by CodeDeploy are parallel environments
// (OPS06-BP05); automatic rollback, circuit breakers with rollback and
// alarm-watched deployments are automated rollback (OPS06-BP08) and so
// also a coded plan for unsuccessful changes (OPS06-BP01); validation hooks
// test a change on its way out (OPS06-BP02).

func init() {
	register(Detector{Name: "iac-deploy", Run: detectIaCDeploy})
}

func detectIaCDeploy(_ context.Context, t *Tree) []Hit {
	m := iacModelOf(t)
	var hits []Hit
	hits = append(hits, codeDeployHits(m)...)
	hits = append(hits, ecsDeployHits(m)...)
	hits = append(hits, samDeployHits(m)...)
	hits = append(hits, trafficSplitHits(m)...)
	hits = append(hits, blueGreenHookHits(m)...)
	hits = append(hits, appSpecHits(t)...)
	hits = append(hits, deployToolHits(t)...)
	for _, h := range hits {
		if h.Practice == "OPS06-BP08" {
			h.Practice = "OPS06-BP01"
			hits = append(hits, h)
		}
	}
	return iacCap(hits, maxIaCProofs)
}

// gradual reports CodeDeploy configurations that shift traffic in steps.
func gradual(name string) bool {
	return strings.Contains(name, "Canary") || strings.Contains(name, "Linear")
}

func codeDeployHits(m *iacModel) []Hit {
	var hits []Hit
	for _, r := range m.Of("aws_codedeploy_app", "AWS::CodeDeploy::Application") {
		platform, _ := iacAttr(r, "compute_platform", "ComputePlatform").Str()
		if platform == "" {
			platform = "Server"
		}
		hits = append(hits, iacHit("OPS06-BP03", Strong, r, "", fmt.Sprintf("CodeDeploy application %s deploys to %s", iacName(r, "name", "ApplicationName"), platform)))
	}
	for _, r := range m.Of("aws_codedeploy_deployment_config", "AWS::CodeDeploy::DeploymentConfig") {
		typ := iacAttr(r, "traffic_routing_config", "TrafficRoutingConfig").Get("type").Text() + r.Attr("TrafficRoutingConfig", "Type").Text()
		if typ == "TimeBasedCanary" || typ == "TimeBasedLinear" {
			hits = append(hits, iacHit("OPS06-BP04", Strong, r, "", fmt.Sprintf("CodeDeploy configuration %s shifts traffic in steps (%s)", r.KeyPath, typ)))
		}
	}
	for _, r := range m.Of("aws_codedeploy_deployment_group", "AWS::CodeDeploy::DeploymentGroup") {
		hits = append(hits, deploymentGroupHits(m, r)...)
	}
	return hits
}

func deploymentGroupHits(m *iacModel, r *iacResource) []Hit {
	name := iacName(r, "deployment_group_name", "DeploymentGroupName")
	hits := []Hit{iacHit("OPS06-BP03", Strong, r, "", fmt.Sprintf("CodeDeploy deployment group %s manages deployments", name))}
	cfg := iacAttr(r, "deployment_config_name", "DeploymentConfigName")
	cfgName := cfg.Text()
	for _, c := range m.Targets(r, cfg) {
		if typ := c.Attr("traffic_routing_config", "type").Text() + c.Attr("TrafficRoutingConfig", "Type").Text(); gradual(typ) {
			cfgName = c.KeyPath + " (" + typ + ")"
		}
	}
	if gradual(cfgName) {
		hits = append(hits, iacHit("OPS06-BP04", Strong, r, iacKeyName(r, "deployment_config_name", "DeploymentConfigName"),
			fmt.Sprintf("CodeDeploy deployment group %s shifts traffic gradually with %s", name, iacShort(cfgName, 80))))
	}
	style := iacAttr(r, "deployment_style", "DeploymentStyle")
	if style.Get("deployment_type").Text()+style.Get("DeploymentType").Text() == "BLUE_GREEN" ||
		iacAttr(r, "blue_green_deployment_config", "BlueGreenDeploymentConfiguration").Exists() {
		hits = append(hits, iacHit("OPS06-BP05", Strong, r, iacKeyName(r, "deployment_style", "DeploymentStyle"),
			fmt.Sprintf("CodeDeploy deployment group %s deploys blue/green: the new version runs beside the old before traffic moves", name)))
	}
	rb := iacAttr(r, "auto_rollback_configuration", "AutoRollbackConfiguration")
	if rb.Get("enabled").True() || rb.Get("Enabled").True() {
		events := iacList(rb.Get("events")) + iacList(rb.Get("Events"))
		hits = append(hits, iacHit("OPS06-BP08", Strong, r, iacKeyName(r, "auto_rollback_configuration", "AutoRollbackConfiguration"),
			fmt.Sprintf("CodeDeploy deployment group %s rolls back automatically (%s)", name, iacShort(events, 80))))
	}
	alarms := iacAttr(r, "alarm_configuration", "AlarmConfiguration")
	if alarms.Get("alarms").Exists() || alarms.Get("Alarms").Exists() {
		hits = append(hits, iacHit("OPS06-BP08", Strong, r, iacKeyName(r, "alarm_configuration", "AlarmConfiguration"),
			fmt.Sprintf("CodeDeploy deployment group %s stops a deployment when its CloudWatch alarms fire", name)))
	}
	return hits
}

func ecsDeployHits(m *iacModel) []Hit {
	var hits []Hit
	for _, r := range m.Of("aws_ecs_service", "AWS::ECS::Service") {
		name := iacName(r, "name", "ServiceName")
		dc := r.Attr("DeploymentConfiguration")
		cb := r.Attr("deployment_circuit_breaker")
		if r.Tool == iacCloudFormation {
			cb = dc.Get("DeploymentCircuitBreaker")
		}
		enabled := cb.Get("enable").True() || cb.Get("Enable").True()
		switch rollback := cb.Get("rollback").True() || cb.Get("Rollback").True(); {
		case enabled && rollback:
			hits = append(hits, iacHit("OPS06-BP08", Strong, r, iacKeyName(r, "deployment_circuit_breaker", "DeploymentConfiguration.DeploymentCircuitBreaker"),
				fmt.Sprintf("ECS service %s rolls back a deployment whose tasks fail to become healthy (circuit breaker)", name)))
		case enabled:
			hits = append(hits, iacHit("OPS06-BP08", Partial, r, iacKeyName(r, "deployment_circuit_breaker", "DeploymentConfiguration.DeploymentCircuitBreaker"),
				fmt.Sprintf("ECS service %s stops failing deployments (circuit breaker) but does not roll them back", name)))
		}
		al := r.Attr("alarms")
		if r.Tool == iacCloudFormation {
			al = dc.Get("Alarms")
		}
		if al.Get("rollback").True() || al.Get("Rollback").True() {
			hits = append(hits, iacHit("OPS06-BP08", Strong, r, iacKeyName(r, "alarms", "DeploymentConfiguration.Alarms"),
				fmt.Sprintf("ECS service %s rolls back a deployment when its CloudWatch alarms fire", name)))
		}
		ctl := iacAttr(r, "deployment_controller", "DeploymentController")
		if ctl.Get("type").Text()+ctl.Get("Type").Text() == "CODE_DEPLOY" {
			s := fmt.Sprintf("ECS service %s is deployed blue/green by CodeDeploy", name)
			hits = append(hits, iacHit("OPS06-BP05", Strong, r, iacKeyName(r, "deployment_controller", "DeploymentController"), s),
				iacHit("OPS06-BP03", Strong, r, iacKeyName(r, "deployment_controller", "DeploymentController"), s))
		}
		strategy := r.Attr("deployment_configuration", "strategy").Text() + dc.Get("Strategy").Text()
		switch strategy {
		case "BLUE_GREEN":
			hits = append(hits, iacHit("OPS06-BP05", Strong, r, "", fmt.Sprintf("ECS service %s deploys blue/green natively", name)))
		case "CANARY", "LINEAR":
			hits = append(hits, iacHit("OPS06-BP04", Strong, r, "", fmt.Sprintf("ECS service %s shifts traffic to new tasks in steps (%s)", name, strings.ToLower(strategy))))
		}
	}
	return hits
}

// samDeployHits reads SAM functions' DeploymentPreference (own or from
// Globals).
func samDeployHits(m *iacModel) []Hit {
	var hits []Hit
	for _, r := range m.Of("AWS::Serverless::Function") {
		dp := r.AttrOrGlobal("DeploymentPreference")
		if !dp.Exists() || dp.Get("Enabled").Text() == "false" {
			continue
		}
		typ := dp.Get("Type").Text()
		hits = append(hits, iacHit("OPS06-BP03", Strong, r, "DeploymentPreference", fmt.Sprintf("SAM deploys function %s through CodeDeploy (%s)", r.Name, iacShort(typ, 50))))
		if gradual(typ) {
			hits = append(hits, iacHit("OPS06-BP04", Strong, r, "DeploymentPreference.Type", fmt.Sprintf("SAM shifts traffic to new versions of function %s gradually (%s)", r.Name, typ)))
		}
		if alarms := dp.Get("Alarms").Items(); len(alarms) > 0 {
			which := "its alarm fires"
			if len(alarms) > 1 {
				which = fmt.Sprintf("any of its %d alarms fires", len(alarms))
			}
			hits = append(hits, iacHit("OPS06-BP08", Strong, r, "DeploymentPreference.Alarms", fmt.Sprintf("SAM rolls back function %s when %s during the traffic shift", r.Name, which)))
		}
		if hooks := dp.Get("Hooks").Keys(); len(hooks) > 0 {
			noun, verb := "hook", "it fails"
			if len(hooks) > 1 {
				noun, verb = "hooks", "they fail"
			}
			s := fmt.Sprintf("SAM runs the %s %s of function %s to test the new version during deployment, and rolls back if %s", strings.Join(hooks, " and "), noun, r.Name, verb)
			hits = append(hits, iacHit("OPS06-BP02", Strong, r, "DeploymentPreference.Hooks", s), iacHit("OPS06-BP08", Strong, r, "DeploymentPreference.Hooks", s))
		}
	}
	return hits
}

// blueGreenHookHits finds templates using the CodeDeploy blue/green
// transform for ECS.
func blueGreenHookHits(m *iacModel) []Hit {
	var hits []Hit
	for _, tm := range m.Templates {
		hooks := tm.Doc.Get("Hooks")
		for _, k := range hooks.Keys() {
			if hooks.Get(k, "Type").Text() == "AWS::CodeDeploy::BlueGreen" {
				hits = append(hits, Hit{Practice: "OPS06-BP05", Confidence: Strong, Proof: Proof{Path: tm.Path, Line: hooks.Get(k).Line(), KeyPath: "Hooks." + k,
					Summary: "CloudFormation deploys the ECS service blue/green through CodeDeploy (AWS::CodeDeployBlueGreen hook)"}})
			}
		}
	}
	return hits
}
