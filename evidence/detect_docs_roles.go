package evidence

import (
	"path"
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// docRole is what a section heading names, whatever words a team uses for
// it: "Remediation", "Mitigation" and "Resolution" are all mitigation.
type docRole string

const (
	roleOverview     docRole = "overview"
	rolePrereq       docRole = "prerequisites"
	roleProcedure    docRole = "procedure"
	roleVerify       docRole = "verification"
	roleRollback     docRole = "rollback"
	roleEscalation   docRole = "escalation"
	roleContacts     docRole = "contacts"
	roleOnCall       docRole = "on-call"
	roleSymptoms     docRole = "symptoms"
	roleInvestigate  docRole = "investigation"
	roleMitigate     docRole = "mitigation"
	roleTimeline     docRole = "timeline"
	roleImpact       docRole = "impact"
	roleRootCause    docRole = "root-cause"
	roleActions      docRole = "action-items"
	roleLessons      docRole = "lessons"
	roleDetection    docRole = "detection"
	roleStatus       docRole = "status"
	roleContext      docRole = "context"
	roleDecision     docRole = "decision"
	roleDrivers      docRole = "decision-drivers"
	roleConsequences docRole = "consequences"
	roleAlternatives docRole = "alternatives"
	roleGoals        docRole = "goals"
	roleDesign       docRole = "design"
	roleThreats      docRole = "threats"
	roleAssets       docRole = "assets"
	roleReporting    docRole = "vulnerability-reporting"
	roleSupported    docRole = "supported-versions"
	roleSeverity     docRole = "severity"
	roleRoles        docRole = "incident-roles"
	roleComms        docRole = "communication"
	roleDeclare      docRole = "incident-process"
	roleSLO          docRole = "slo"
	roleStandards    docRole = "standards"
	roleChange       docRole = "change-process"
	roleException    docRole = "exceptions"
	roleReadiness    docRole = "readiness"
	roleOwner        docRole = "owner"
	roleArchitecture docRole = "architecture"
	roleOperations   docRole = "operations"
)

// docRoleWords maps heading phrases (lower case, words only) to roles. The
// longest phrase is matched first and consumed, so "next steps" is an
// action list, not a procedure, and "remediation items" are action items.
var docRoleWords = map[docRole][]string{
	roleOverview:  {"overview", "purpose", "summary", "executive summary", "introduction", "description", "about", "scope", "tl dr", "tldr", "when to use this runbook", "when to use"},
	rolePrereq:    {"prerequisites", "prerequisite", "pre requisites", "prereqs", "before you begin", "before you start", "preconditions", "pre conditions", "access required", "required access", "permissions required", "required permissions", "what you need", "you will need", "requirements before starting"},
	roleProcedure: {"steps", "procedure", "procedures", "instructions", "how to", "runbook", "execution", "step by step", "walkthrough", "standard operating procedure", "operating procedure", "runbook steps", "process steps", "response steps", "recovery procedure", "tasks to perform"},
	roleVerify: {"verification", "verify", "verifying", "validation", "validate", "validating", "confirm", "confirmation", "post checks", "post check",
		"post deployment checks", "health check", "health checks", "smoke test", "smoke tests", "sanity check", "sanity checks", "expected result", "expected results", "expected outcome", "success criteria", "check that it worked"},
	roleRollback:   {"rollback", "roll back", "rolling back", "rollback plan", "rollback procedure", "revert", "reverting", "undo", "backout", "back out", "backout plan", "abort", "restore", "restoring"},
	roleEscalation: {"escalation", "escalations", "escalate", "escalation path", "escalation paths", "escalation policy", "escalation policies", "escalation matrix", "escalation contacts", "escalation procedure", "when to escalate", "how to escalate"},
	roleContacts:   {"contacts", "contact", "who to contact", "point of contact", "points of contact", "support contacts", "getting help", "get help"},
	roleOnCall:     {"on call", "oncall", "on call rotation", "on call rotations", "rotation schedule", "pager rotation", "pager", "paging", "pagerduty", "opsgenie", "handoff", "handover", "shift handover", "on call schedule"},
	roleSymptoms: {"symptoms", "symptom", "signs", "indicators", "meaning", "alert description", "what does this alert mean", "observed behavior", "observed behaviour", "how to recognise", "how to recognize", "alert details", "problem description", "issue description",
		"understanding the alert", "about this alert", "about the alert", "alert meaning", "what this alert means", "why this alert fires", "when this alert fires"},
	roleInvestigate: {"investigation", "investigate", "investigating", "investigation steps", "diagnosis", "diagnose", "diagnosing", "diagnostics", "triage", "debugging", "debug",
		"troubleshooting", "troubleshoot", "troubleshooting steps", "possible causes", "likely causes", "common causes", "checks to perform", "things to check", "what to check", "where to look"},
	roleMitigate: {"mitigation", "mitigations", "mitigation steps", "mitigate", "remediation", "remediate", "remediation steps", "resolution", "resolution steps", "resolve", "resolving", "fix", "fixes", "the fix",
		"workaround", "workarounds", "recovery", "recover", "recovery steps", "solution", "solutions", "how to fix", "immediate actions", "repair", "corrective steps"},
	roleTimeline:  {"timeline", "timeline of events", "chronology", "sequence of events", "incident timeline", "detailed timeline", "event timeline"},
	roleImpact:    {"impact", "customer impact", "user impact", "business impact", "blast radius", "impact assessment", "affected services", "affected customers", "who was affected", "scope of impact", "severity and impact", "impact and severity"},
	roleRootCause: {"root cause", "root causes", "root cause analysis", "rca", "cause", "causes", "contributing factors", "contributing factor", "trigger", "triggers", "why did it happen", "why it happened", "five whys", "5 whys", "causal analysis", "underlying cause"},
	roleActions: {"action items", "action item", "actions", "action plan", "follow up", "follow ups", "followup", "followups", "follow up actions", "follow up items", "corrective actions", "corrective and preventive actions",
		"preventive actions", "preventative actions", "preventive measures", "remediation items", "remediation actions", "next steps", "repair items", "todo", "to do"},
	roleLessons:      {"lessons learned", "lessons learnt", "lessons", "learnings", "what went well", "what went wrong", "what didn t go well", "what did not go well", "what could be improved", "where we got lucky", "takeaways", "key takeaways", "reflections"},
	roleDetection:    {"detection", "how was it detected", "how it was detected", "discovery", "how we found out"},
	roleStatus:       {"status", "decision status", "adr status", "current status"},
	roleContext:      {"context", "context and problem statement", "problem statement", "problem", "the problem", "background", "motivation", "problem and context"},
	roleDecision:     {"decision", "decisions", "decision outcome", "chosen option", "the decision", "our decision", "decision made"},
	roleDrivers:      {"decision drivers", "decision criteria", "forces"},
	roleConsequences: {"risks and mitigations", "risks and mitigation", "consequences", "positive consequences", "negative consequences", "implications", "tradeoffs", "trade offs", "trade off", "pros and cons", "pros and cons of the options", "drawbacks", "downsides", "risks and tradeoffs"},
	roleAlternatives: {"alternatives", "alternatives considered", "considered alternatives", "considered options", "options considered", "other options", "rejected alternatives", "alternative approaches",
		"alternative solutions", "alternative designs", "rationale and alternatives", "other approaches", "options evaluated", "comparison of options", "alternatives and tradeoffs", "alternative",
		"possible solutions", "possible technical solutions", "potential solutions", "solutions considered", "approaches considered", "design alternatives", "other solutions"},
	roleGoals:  {"goals", "non goals", "goals and non goals", "objectives", "requirements", "success metrics"},
	roleDesign: {"design", "detailed design", "proposed design", "proposal", "proposed solution", "technical design", "high level design", "approach", "proposed approach", "implementation", "implementation plan", "guide level explanation", "reference level explanation", "specification"},
	roleThreats: {"threats", "threat", "threat model", "threat modeling", "threat modelling", "threat analysis", "stride", "stride analysis", "attack surface", "attack vectors", "attack scenarios",
		"threat actors", "adversaries", "security threats", "abuse cases", "identified threats", "threat list", "privilege escalation", "elevation of privilege"},
	roleAssets:    {"assets", "trust boundaries", "trust boundary", "data flow", "data flows", "data flow diagram", "dfd", "entry points", "security controls", "attack tree"},
	roleReporting: {"reporting a vulnerability", "reporting vulnerabilities", "report a vulnerability", "reporting security issues", "reporting a security issue", "report a security issue", "reporting security vulnerabilities", "how to report", "vulnerability disclosure", "responsible disclosure", "coordinated disclosure", "disclosure policy", "disclosure process", "security contact", "security contacts", "reporting", "reporting a bug", "security disclosure"},
	roleSupported: {"supported versions", "security updates", "version support"},
	roleSeverity:  {"severity", "severities", "severity levels", "severity definitions", "incident severity", "incident severities", "incident levels", "priority levels", "sev levels", "incident classification", "incident priority", "incident priorities", "impact levels", "severity matrix"},
	roleRoles:     {"roles", "roles and responsibilities", "responsibilities", "incident commander", "incident roles", "who does what", "raci"},
	roleComms:     {"communication", "communications", "comms", "stakeholder communication", "status updates", "status page", "customer communication", "internal communication", "external communication", "communication plan"},
	roleDeclare:   {"declaring an incident", "declare an incident", "when to declare", "when to declare an incident", "incident declaration", "starting an incident", "opening an incident", "raising an incident", "incident process", "incident response process", "incident lifecycle", "incident workflow", "response process", "incident response", "incident management"},
	roleSLO:       {"slo", "slos", "service level objectives", "service level objective", "slis", "sli", "service level indicators", "sla", "slas", "service level agreement", "error budget", "error budgets", "error budget policy", "availability targets", "latency targets", "reliability targets"},
	roleStandards: {"code style", "coding style", "coding standards", "coding conventions", "code conventions", "conventions", "style guide", "style", "naming conventions", "naming", "formatting", "linting", "lint", "code formatting", "best practices", "guidelines", "coding guidelines",
		"engineering standards", "design standards", "api guidelines", "api design", "documentation standards", "testing standards", "testing guidelines", "commit messages", "commit message format", "commit conventions", "commit message guidelines", "code quality", "standards"},
	roleChange: {"contributing guidelines", "contribution guidelines", "community guidelines", "guidelines for contributors", "pull requests", "pull request process", "submitting a pull request", "submitting pull requests", "opening a pull request", "submitting changes", "submitting patches", "making changes", "proposing changes", "propose a change", "proposing a change",
		"proposing features", "feature requests", "requesting features", "requesting changes", "code review", "code reviews", "review process", "reviewing", "approval", "approvals", "merge process", "merging", "how to contribute",
		"contribution process", "contribution workflow", "development workflow", "workflow", "rfc process", "design proposals", "proposals", "reporting bugs", "bug reports", "filing issues", "opening issues", "reporting issues", "change process", "change requests", "change management", "merge requests"},
	roleException:    {"exceptions", "exception", "exception process", "exception request", "exception requests", "requesting an exception", "waivers", "waiver", "waiver process", "deviations", "deviation process", "risk acceptance", "exemptions", "exemption"},
	roleReadiness:    {"readiness", "production readiness", "operational readiness", "readiness review", "readiness checklist", "launch checklist", "launch readiness", "go live", "go live checklist", "pre launch", "pre launch checklist", "production checklist", "service readiness", "prr", "orr"},
	roleOwner:        {"owner", "owners", "ownership", "owning team", "service owner", "maintainers", "maintainer", "team"},
	roleArchitecture: {"architecture", "architecture overview", "system architecture", "components", "system design", "high level architecture", "system overview", "dependencies", "infrastructure", "topology", "deployment architecture", "service dependencies"},
	roleOperations: {"operations", "operating", "operational guide", "operations guide", "operator guide", "deployment", "deploying", "deploy", "deployments", "monitoring", "observability", "alerting", "alerts", "metrics", "dashboards",
		"backup", "backups", "disaster recovery", "maintenance", "scaling", "capacity", "upgrades", "upgrading", "running in production", "production", "backup and restore", "logging", "logs"},
}

// docRolePhrases maps each phrase to its role; docRoleMaxWords is the
// length of the longest phrase in words.
var docRolePhrases, docRoleMaxWords = func() (map[string]docRole, int) {
	m := map[string]docRole{}
	longest := 0
	for r, ps := range docRoleWords {
		for _, p := range ps {
			m[p] = r
			longest = max(longest, len(strings.Fields(p)))
		}
	}
	return m, longest
}()

var docStepHeadingRe = regexp.MustCompile(`^(?:step|phase|stage) \d+\b`)

// docNormHeading lowers a heading to words: punctuation, emoji and a
// leading section number ("2.1", "IV.") go.
func docNormHeading(h string) string {
	h = strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return ' '
	}, h)
	f := strings.Fields(h)
	for len(f) > 1 && strings.IndexFunc(f[0], func(r rune) bool { return !unicode.IsDigit(r) }) < 0 {
		f = f[1:]
	}
	return strings.Join(f, " ")
}

// docHeadingRoles returns the roles a heading names. Phrases are matched
// longest first and consume their words, so "next steps" is an action
// list, not a procedure.
func docHeadingRoles(h string) []docRole {
	n := docNormHeading(h)
	if n == "" {
		return nil
	}
	var out []docRole
	seen := map[docRole]bool{}
	add := func(r docRole) {
		if !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	if docStepHeadingRe.MatchString(n) {
		add(roleProcedure)
	}
	words := strings.Fields(n)
	used := make([]bool, len(words))
	for size := min(docRoleMaxWords, len(words)); size >= 1; size-- {
		for i := 0; i+size <= len(words); i++ {
			if slices.Contains(used[i:i+size], true) {
				continue
			}
			if r, ok := docRolePhrases[strings.Join(words[i:i+size], " ")]; ok {
				add(r)
				for j := i; j < i+size; j++ {
					used[j] = true
				}
			}
		}
	}
	// A long heading about something specific ("Causes of degradation of
	// search service alerts firing") does not name a document part even
	// though it holds a role word.
	left := 0
	for i, w := range words {
		if !used[i] && !docStopWords[w] {
			left++
		}
	}
	if left > 3 && !docStepHeadingRe.MatchString(n) {
		return nil
	}
	return out
}

// docStopWords do not count as a heading's own topic.
var docStopWords = map[string]bool{
	"a": true, "an": true, "and": true, "the": true, "of": true, "on": true, "for": true, "to": true, "in": true,
	"our": true, "we": true, "this": true, "that": true, "with": true, "by": true, "or": true, "at": true, "from": true,
	"is": true, "are": true, "was": true, "what": true, "how": true, "when": true, "who": true, "it": true, "utc": true,
	"if": true, "any": true, "all": true, "s": true, "t": true,
}

// docPathInfo is what a documentation file's path says about it: the
// lower-cased directory names and the words of the file name.
type docPathInfo struct {
	dirs  []string
	words []string // words of the base name without extension
	base  string   // lower-cased base name without extension
}

func docPath(p string) docPathInfo {
	lp := strings.ToLower(p)
	base := path.Base(lp)
	base = strings.TrimSuffix(base, path.Ext(base))
	var dirs []string
	if d := path.Dir(lp); d != "." {
		dirs = strings.Split(d, "/")
	}
	words := strings.FieldsFunc(base, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	return docPathInfo{dirs: dirs, words: words, base: base}
}

// docDirPunct drops the separators people put in directory names. Built
// once: a Replacer costs far more to build than to use.
var docDirPunct = strings.NewReplacer("-", "", "_", "", ".", "")

// inDir reports whether a directory on the path is one of names (compared
// without "-" and "_", so post-mortems matches postmortems).
func (pi docPathInfo) inDir(names ...string) bool {
	for _, d := range pi.dirs {
		d = docDirPunct.Replace(d)
		for _, n := range names {
			if d == n {
				return true
			}
		}
	}
	return false
}

// named reports whether the file name holds one of the phrases, as words
// ("threat model" matches threat-model.md and threat_model_v2.md) or glued
// ("threatmodel.md").
func (pi docPathInfo) named(phrases ...string) bool {
	joined := " " + strings.Join(pi.words, " ") + " "
	glued := strings.Join(pi.words, "")
	for _, p := range phrases {
		if strings.Contains(joined, " "+p+" ") || (strings.Contains(p, " ") && strings.Contains(glued, strings.ReplaceAll(p, " ", ""))) {
			return true
		}
		if !strings.Contains(p, " ") && len(p) >= 6 && strings.Contains(glued, p) {
			return true
		}
	}
	return false
}

// template reports whether the path says the file is a template.
func (pi docPathInfo) template() bool {
	for _, w := range pi.words {
		if strings.Contains(w, "template") || w == "tmpl" || w == "skeleton" || w == "sample" || w == "example" {
			return true
		}
	}
	return pi.inDir("templates", "template", "issuetemplate", "issuetemplates", "mergerequesttemplates", "pullrequesttemplate")
}
