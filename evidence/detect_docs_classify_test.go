package evidence

import (
	"reflect"
	"strings"
	"testing"
)

func TestDocHeadingRoles(t *testing.T) {
	tests := []struct {
		heading string
		want    []docRole
	}{
		{"Next steps", []docRole{roleActions}},
		{"Steps", []docRole{roleProcedure}},
		{"Rollback plan", []docRole{roleRollback}},
		{"2.1 Root Cause Analysis", []docRole{roleRootCause}},
		{"Step 3: Verify the deployment", []docRole{roleProcedure, roleVerify, roleOperations}},
		{"Remediation items", []docRole{roleActions}},
		{"Remediation", []docRole{roleMitigate}},
		{"Resolution", []docRole{roleMitigate}},
		{"Context and Problem Statement", []docRole{roleContext}},
		{"Pros and Cons of the Options", []docRole{roleConsequences}},
		{"🚨 Escalation path", []docRole{roleEscalation}},
		{"Lessons Learned & Action Items", []docRole{roleLessons, roleActions}},
		{"Possible causes", []docRole{roleInvestigate}},
		{"Key rotation", nil},
		{"Release schedule", nil},
		{"Installation", nil},
	}
	for _, tt := range tests {
		if got := docHeadingRoles(tt.heading); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("docHeadingRoles(%q) = %v, want %v", tt.heading, got, tt.want)
		}
	}
}

// docOutline builds a Markdown document from "## Heading: body" lines, for
// classifier cases that only differ in their headings.
func docOutline(title string, sections ...string) string {
	var b strings.Builder
	b.WriteString("# " + title + "\n\n")
	for _, s := range sections {
		h, body, _ := strings.Cut(s, ": ")
		b.WriteString("## " + h + "\n\n" + body + "\n\n")
	}
	return b.String()
}

const docFiller = "The team wrote three sentences here with real details about the service and what happened to it."

func TestClassifyDoc(t *testing.T) {
	tests := []struct {
		name     string
		path     string
		src      string
		kind     docKind // "" for none
		template bool
	}{
		{"nygard ADR", "docs/adr/0003-use-sqs.md",
			docOutline("3. Use SQS", "Status: Accepted", "Context: "+docFiller, "Decision: "+docFiller, "Consequences: "+docFiller), kindADR, false},
		{"MADR anywhere", "docs/notes/queues.md",
			docOutline("Use SQS", "Context and Problem Statement: "+docFiller, "Considered Options: "+docFiller, "Decision Outcome: "+docFiller), kindADR, false},
		{"numbered file in a decisions folder", "architecture/decisions/0012-split-billing.md",
			docOutline("Split billing", "Decision: "+docFiller), kindADR, false},
		{"Y-statement", "docs/decisions.md",
			"# Queue choice\n\nIn the context of order events, facing polling load, we decided for SNS and SQS to achieve decoupling, accepting eventual consistency.\n", kindADR, false},
		{"ADR template", "docs/adr/template.md",
			docOutline("NNNN. Title", "Status: TBD", "Context: <!-- forces -->", "Decision: TBD", "Consequences: TBD"), kindADR, true},
		{"postmortem outside a postmortem folder", "docs/2024-05-outage.md",
			docOutline("May outage", "Impact: "+docFiller, "Timeline: "+docFiller, "Root cause: "+docFiller, "Action items: "+docFiller), kindPostmortem, false},
		{"postmortem template", "docs/templates/postmortem.md",
			docOutline("Postmortem", "Impact: TBD", "Timeline: TBD", "Root cause: TBD"), kindPostmortem, true},
		{"two postmortem sections in incidents/", "incidents/2023-db.md",
			docOutline("DB failover", "Timeline: "+docFiller, "Contributing factors: "+docFiller), kindPostmortem, false},
		{"README with an impact section is not a postmortem", "README.md",
			docOutline("lib", "Impact: "+docFiller, "Usage: "+docFiller), kindReadme, false},
		{"runbook in runbooks/", "runbooks/failover.md",
			"# Failover\n\n1. Promote the replica.\n2. Update DNS.\n", kindRunbook, false},
		{"runbooks index is not a runbook", "runbooks/README.md",
			"# Runbooks\n\n- [a](a.md)\n- [b](b.md)\n- [c](c.md)\n", kindReadme, false},
		{"runbook by structure", "docs/ops/rotate-keys.md",
			docOutline("Rotate the signing keys", "Prerequisites: Access to the production KMS keys.", "Procedure: 1. Create the key.\n2. Deploy the new key id to production.", "Verification: Tokens validate with the new key and alerts stay quiet.", "Rollback: Re-enable the old key."), kindRunbook, false},
		{"developer setup is not a runbook", "docs/development.md",
			docOutline("Development setup", "Prerequisites: Go and Docker.", "Steps: 1. Clone.\n2. Run make.", "Verify: Open localhost.", "Rollback: Delete the containers and the cluster."), "", false},
		{"playbook", "docs/alerts/high-latency.md",
			docOutline("High latency", "Symptoms: The p99 latency alert fires for the API.", "Investigation: Check the database dashboard and the logs.", "Mitigation: Scale the deployment or roll back."), kindPlaybook, false},
		{"threat model", "docs/security/model.md",
			"# Model\n\n| Category | Threat |\n|---|---|\n| Spoofing | a |\n| Tampering | b |\n| Repudiation | c |\n| Denial of service | d |\n", kindThreatModel, false},
		{"security policy", "SECURITY.md", "# Security\n\nEmail security@example.com.\n", kindSecurityPolicy, false},
		{"security policy deep in the tree is not the project's", "services/a/SECURITY.md", "# Security\n\nEmail security@example.com.\n", "", false},
		{"contributing", "CONTRIBUTING.md", "# Contributing\n\nSend pull requests.\n", kindContributing, false},
		{"readiness checklist", "docs/launch-checklist.md",
			"# Launch checklist\n\n- [x] Alerts page the on-call\n- [x] Dashboards exist\n- [ ] Rollback tested\n- [ ] Load test passed\n", kindReadiness, false},
		{"unticked readiness checklist is a template", "docs/production-readiness.md",
			"# Production readiness\n\n- [ ] Alerts page the on-call\n- [ ] Dashboards exist\n- [ ] Rollback tested\n", kindReadiness, true},
		{"a to-do list is not a readiness checklist", "docs/todo.md",
			"# Checklist\n\n- [ ] Dark mode\n- [ ] Export\n- [ ] Import\n- [ ] Search\n- [ ] Tags\n", "", false},
		{"SLO table", "docs/service-levels.md",
			"# Service levels\n\n| SLI | Objective |\n|---|---|\n| Availability | 99.9% |\n", kindSLO, false},
		{"RFC with alternatives", "docs/rfcs/0001-cache.md",
			docOutline("Cache", "Motivation: "+docFiller, "Design: "+docFiller, "Alternatives considered: "+docFiller), kindDesign, false},
		{"style guide", "docs/style-guide.md",
			docOutline("Style", "Naming: "+docFiller, "Errors: "+docFiller, "Tests: "+docFiller), kindStyleGuide, false},
		{"exception process", "docs/waivers.md",
			docOutline("Waivers", "Process: Submit a request to the platform team; the platform lead must approve it. "+docFiller), kindException, false},
		{"a library's exceptions page", "docs/exceptions.md",
			docOutline("Exceptions", "Errors: "+docFiller+" "+docFiller), "", false},
		{"on-call guide", "docs/oncall.md",
			docOutline("On-call", "Rotation: "+docFiller, "Responsibilities: "+docFiller), kindOnCall, false},
		{"incident process", "docs/process.md",
			docOutline("How we handle incidents", "Severity levels: "+docFiller, "Roles: "+docFiller, "Communication: "+docFiller), kindIncidentProcess, false},
		{"a KEP with a decision section is a design document, not an ADR", "keps/sig-x/1234-feature/README.md",
			docOutline("KEP-1234: Feature", "Summary: "+docFiller, "Motivation: "+docFiller, "Proposal: "+docFiller, "Decision: "+docFiller, "Alternatives: "+docFiller), kindDesign, false},
		{"readiness questionnaire answered in prose", "docs/launches/search.md",
			docOutline("Search launch", "Production Readiness Review: "+docFiller+" Alerts page the on-call and dashboards show latency. "+docFiller+" "+docFiller),
			kindReadiness, false},
		{"generated file", "docs/cli.md", "# cli\n\n###### Auto generated by spf13/cobra\n", "", false},
		{"rST postmortem", "postmortems/2024-01.rst",
			"Outage\n======\n\nTimeline\n--------\n\n" + docFiller + "\n\nRoot cause\n----------\n\n" + docFiller + "\n", kindPostmortem, false},
		{"AsciiDoc ADR", "docs/adr/0002-x.adoc",
			"= 2. X\n\n== Status\n\nAccepted\n\n== Context\n\n" + docFiller + "\n\n== Decision\n\n" + docFiller + "\n", kindADR, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := mustDoc(t, tt.path, []byte(tt.src))
			if got := d.kind(); got != tt.kind {
				t.Fatalf("kind = %q, want %q (matches %+v)", got, tt.kind, d.matches)
			}
			if tt.kind != "" && d.matches[0].Template != tt.template {
				t.Errorf("template = %v, want %v (%+v)", d.matches[0].Template, tt.template, d.matches[0])
			}
		})
	}
}

func TestDocCandidate(t *testing.T) {
	tests := []struct {
		path string
		want bool
	}{
		{"README.md", true},
		{"docs/ops/deploy.md", true},
		{"services/a/runbook.md", true},
		{"services/a/docs/guide.rst", true},
		{"services/a/README.md", true},
		{"keps/sig-x/1234-feature/README.md", true},
		{"src/pkg/notes.md", true},
		{"src/pkg/deep/README.md", true},
		{"CHANGELOG.md", false},
		{"LICENSE.md", false},
		{"docs/CODE_OF_CONDUCT.md", false},
		{"docs/api/orders.md", false},
		{"docs/reference/cli.md", false},
		{"runbooks/x.txt", false},
		{".github/ISSUE_TEMPLATE/bug.md", true},
	}
	for _, tt := range tests {
		if got := docCandidate(tt.path); got != tt.want {
			t.Errorf("docCandidate(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
}

func TestDocSeverityLevels(t *testing.T) {
	tests := []struct {
		name, path, src string
		want            []string
	}{
		{"SEV table", "docs/x.md", "# X\n\n| Sev | Criteria |\n|---|---|\n| SEV1 | all customers are down |\n| SEV2 | many customers degraded |\n", []string{"SEV1", "SEV2"}},
		{"P levels need an incident context", "docs/triage.md", "# Triage\n\n- P1: drop everything and fix it\n- P2: fix within the sprint please\n", nil},
		{"P levels in an incident doc", "docs/incident-priorities.md", "# Incident priorities\n\n- P1: checkout down for all customers\n- P2: partial outage of a core flow\n", []string{"P1", "P2"}},
		{"named levels in an incident doc", "docs/incidents/severity.md", "# Severity\n\n| Level | Meaning |\n|---|---|\n| Critical | complete outage for customers |\n| Major | core feature degraded badly |\n", []string{"Critical", "Major"}},
		{"headings", "docs/x.md", "# X\n\n## SEV1\n\nEverything is down for everyone.\n\n## SEV2\n\nA core flow is degraded for many.\n", []string{"SEV1", "SEV2"}},
		{"S3 is not a severity", "docs/incidents/deps.md", "# Incident dependencies\n\n| Name | Use |\n|---|---|\n| S3 | holds the nightly backups |\n| P1 | the first partner account ever |\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := docSeverityLevels(mustDoc(t, tt.path, []byte(tt.src)))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("levels = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDocADRNumber(t *testing.T) {
	for p, want := range map[string]int{
		"docs/adr/0012-use-x.md": 12, "adr-7-y.md": 7, "ADR_0003.md": 3, "README.md": -1, "2024-01-01-x.md": 2024,
	} {
		if got := docADRNumber(p); got != want {
			t.Errorf("docADRNumber(%q) = %d, want %d", p, got, want)
		}
	}
}
