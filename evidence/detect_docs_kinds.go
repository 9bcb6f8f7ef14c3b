package evidence

import (
	"fmt"
	"regexp"
	"strings"
)

// The rules of the classifier, one per kind. Each reads the headings' roles
// (docHeadingRoles), the content measures of the model and the path.

func docIsSecurityPolicy(f *docFacts) (docMatch, bool) {
	if strings.Join(f.pi.words, " ") != "security" {
		return docMatch{}, false
	}
	if len(f.pi.dirs) > 1 || (len(f.pi.dirs) == 1 && !f.pi.inDir("github", "gitlab", "docs", "doc", "gitea")) {
		return docMatch{}, false
	}
	return docMatch{Kind: kindSecurityPolicy, Line: f.d.line()}, true
}

func docIsContributing(f *docFacts) (docMatch, bool) {
	if len(f.pi.words) == 0 || f.pi.words[0] != "contributing" && !(f.pi.inDir("contributing") && f.readme) {
		return docMatch{}, false
	}
	return f.match(kindContributing, f.sections(roleChange, roleStandards)), true
}

var docPostmortemRoles = []docRole{roleTimeline, roleImpact, roleRootCause, roleActions, roleLessons, roleDetection}

// docIsPostmortem: timeline, impact, root cause, action items… (three of
// them, one being the timeline or the cause), or two in a postmortem folder.
func docIsPostmortem(f *docFacts) (docMatch, bool) {
	have := f.has(docPostmortemRoles...)
	core := f.hasRole(roleRootCause) || f.hasRole(roleTimeline)
	path := f.pi.inDir("postmortems", "postmortem", "incidents", "incidentreports", "incidentreviews", "pirs", "retros",
		"retrospectives", "rcas", "postincidentreviews", "coe", "coes") ||
		f.pi.named("postmortem", "post mortem", "incident report", "incident review", "post incident", "pir", "rca", "retrospective", "coe", "correction of error")
	if !(len(have) >= 3 && core) && !(path && len(have) >= 2) {
		return docMatch{}, false
	}
	return f.match(kindPostmortem, f.sections(docPostmortemRoles...)), true
}

// docIsADR: Status/Context/Decision/Consequences (Nygard), MADR's
// "Considered Options" and "Decision Outcome", a Y-statement, or a numbered
// file in a decisions folder with at least one of those parts.
func docIsADR(f *docFacts) (docMatch, bool) {
	// An ADR's parts are its top sections; a "Writing to Status" deep in a
	// long design document is not an ADR's status.
	roles := []docRole{roleStatus, roleContext, roleDecision, roleConsequences, roleAlternatives, roleDrivers}
	have := 0
	for _, r := range roles {
		if f.hasTop(r) {
			have++
		}
	}
	status, _, statusField := f.d.field("status")
	if statusField && !f.hasTop(roleStatus) {
		have++
	}
	folder := f.pi.inDir("adr", "adrs", "decisions", "decisionrecords", "architecturedecisions", "architecturedecisionrecords", "decisionlog", "decisionlogs") ||
		(len(f.pi.words) > 0 && f.pi.words[0] == "adr")
	numbered := docADRNumberRe.MatchString(f.pi.base)
	ystatement := strings.Contains(f.lower, "in the context of") && docYStatementRe.MatchString(f.lower)
	hasStatus := f.hasTop(roleStatus) || statusField
	// Outside a decisions folder a decision section is not enough (design
	// documents and KEPs have one): Nygard records carry a status, MADR
	// records "Considered Options" and a "Decision Outcome".
	madr := docHasHeading(f.d, "decision outcome") && docHasHeading(f.d, "considered options")
	structural := f.hasTop(roleDecision) && have >= 3 && (hasStatus || madr || folder)
	ok := structural || ystatement || (folder && numbered && have >= 1)
	if !ok || (f.readme && !f.hasRole(roleDecision)) {
		return docMatch{}, false
	}
	var extra []string
	if statusField {
		extra = append(extra, fmt.Sprintf("status %q", docQuote(status)))
	}
	if ystatement {
		extra = append(extra, "a Y-statement")
	}
	return f.match(kindADR, f.sections(roles...), extra...), true
}

// docHasHeading reports a heading that reads exactly h once normalised.
func docHasHeading(d *docModel, h string) bool {
	for _, s := range d.Sections {
		if docNormHeading(s.Heading) == h {
			return true
		}
	}
	return false
}

// docIsThreatModel: STRIDE categories, or threats with mitigations or
// assets, or a threat-model file with any of it.
func docIsThreatModel(f *docFacts) (docMatch, bool) {
	stride := f.words.terms(docStrideTerms)
	named := f.pi.named("threat model", "threatmodel", "threat modeling", "threat modelling", "threats", "stride") ||
		f.pi.inDir("threatmodel", "threatmodels", "threatmodeling", "threatmodelling", "threats")
	structural := len(stride) >= 4 || (f.hasRole(roleThreats) && (f.hasRole(roleMitigate) || f.hasRole(roleAssets)))
	loose := named && (f.hasRole(roleThreats) || f.hasRole(roleMitigate) || f.hasRole(roleAssets) || len(stride) >= 2 || f.d.Totals.Tables > 0)
	if !structural && !loose {
		return docMatch{}, false
	}
	extra := ""
	switch {
	case len(stride) == len(docStrideTerms):
		extra = "all six STRIDE categories"
	case len(stride) >= 2:
		extra = "STRIDE categories " + docJoin(stride)
	}
	return f.match(kindThreatModel, f.sections(roleThreats, roleMitigate, roleAssets), extra), true
}

// docProcedural reports numbered steps or commands: what makes a document a
// procedure rather than a description.
func (f *docFacts) procedural() bool {
	if f.steps >= 2 || f.d.Totals.Commands >= 1 {
		return true
	}
	for _, i := range f.roles[roleProcedure] {
		if f.d.subtreeCounts(i).ListItems >= 2 {
			return true
		}
	}
	return false
}

func (f *docFacts) runbookPath() bool {
	return f.pi.inDir("runbooks", "runbook", "runbook", "sops", "sop", "procedures", "operatingprocedures") ||
		f.pi.named("runbook", "run book", "sop", "standard operating procedure", "operating procedure")
}

// docIsRunbook: a procedure in a runbooks folder (or named runbook), or
// anywhere a filled procedure section with numbered steps or commands next
// to at least two operational sections (prerequisites, verification,
// rollback, escalation) on an operational topic.
func docIsRunbook(f *docFacts) (docMatch, bool) {
	procedural := f.procedural()
	if !procedural || f.index {
		return docMatch{}, false
	}
	opsRoles := f.has(rolePrereq, roleVerify, roleRollback, roleEscalation, roleContacts)
	byPath := f.runbookPath()
	structural := f.filled[roleProcedure] && len(opsRoles) >= 2 && len(f.topics) >= 2 && !docDevTitleRe.MatchString(f.title)
	if !byPath && !structural {
		return docMatch{}, false
	}
	var facts []string
	if f.steps >= 2 {
		facts = append(facts, docPlural(f.steps, "numbered step", "numbered steps"))
	}
	if c := f.d.Totals.Commands; c > 0 {
		facts = append(facts, docPlural(c, "command", "commands"))
	}
	idx := f.sections(roleProcedure, rolePrereq, roleVerify, roleRollback, roleEscalation, roleContacts, roleInvestigate, roleMitigate)
	return f.match(kindRunbook, idx, facts...), true
}

// docIsPlaybook: symptoms → investigation → mitigation, "if you see X, check
// Y" guidance, or a troubleshooting/playbook file with such content.
func docIsPlaybook(f *docFacts) (docMatch, bool) {
	have := f.has(roleSymptoms, roleInvestigate, roleMitigate)
	structural := (f.hasRole(roleInvestigate) && f.hasRole(roleMitigate)) ||
		(f.hasRole(roleSymptoms) && (f.hasRole(roleInvestigate) || f.hasRole(roleMitigate)))
	byPath := f.pi.inDir("playbooks", "playbook", "troubleshooting", "troubleshoot", "troubleshootingguides", "alerts", "alerting") ||
		f.pi.named("playbook", "troubleshooting", "troubleshoot", "troubleshooting guide", "debugging guide", "incident response")
	titled := strings.Contains(f.title, "troubleshoot") || strings.Contains(f.title, "playbook") || strings.Contains(f.title, "incident response")
	ifThen := 0
	if structural || byPath || titled {
		ifThen = len(docIfThenRe.FindAllString(f.lower, 20))
	}
	content := len(f.d.Sections) >= 3 && f.d.Totals.RealWords >= 60
	ok := (structural && (len(f.topics) >= 2 || byPath || f.runbookPath())) ||
		(byPath && (len(have) >= 1 || ifThen >= 2 || (content && len(f.topics) >= 2))) ||
		(titled && ifThen >= 3 && len(f.topics) >= 2)
	if !ok || f.index {
		return docMatch{}, false
	}
	extra := ""
	if ifThen >= 2 {
		extra = fmt.Sprintf("%d if-this-then-check-that instructions", ifThen)
	}
	return f.match(kindPlaybook, f.sections(roleSymptoms, roleInvestigate, roleMitigate, roleProcedure, roleEscalation), extra), true
}

var docIncidentProcessRoles = []docRole{roleSeverity, roleRoles, roleComms, roleDeclare, roleEscalation, roleOnCall}

// docIsIncidentProcess: how incidents are run (severity, roles,
// communication, declaring, escalation), three such sections or an
// incident-response file with one.
func docIsIncidentProcess(f *docFacts) (docMatch, bool) {
	have := f.has(docIncidentProcessRoles...)
	named := f.pi.named("incident response", "incident management", "incident process", "incident handling", "incidents", "incident") ||
		f.pi.inDir("incidentresponse", "incidentmanagement", "incidentprocess") ||
		strings.Contains(f.title, "incident response") || strings.Contains(f.title, "incident management")
	incident := f.words.incident()
	key := f.hasRole(roleRoles) || f.hasRole(roleDeclare) || f.hasRole(roleComms) || f.hasRole(roleSeverity)
	ok := incident && ((len(have) >= 3 && key) || (named && (len(have) >= 1 || f.filled[roleProcedure]) && f.d.Totals.RealWords >= 40))
	if !ok {
		return docMatch{}, false
	}
	return f.match(kindIncidentProcess, f.sections(append(docIncidentProcessRoles, roleProcedure)...)), true
}

// docIsOnCall: a document about the on-call rotation.
func docIsOnCall(f *docFacts) (docMatch, bool) {
	named := f.pi.named("on call", "oncall", "pager", "rota") || f.pi.inDir("oncall") ||
		strings.Contains(f.title, "on-call") || strings.Contains(f.title, "on call") || strings.Contains(f.title, "oncall")
	if !named || f.d.Totals.RealWords < 30 || len(f.d.Sections) < 3 {
		return docMatch{}, false
	}
	return f.match(kindOnCall, f.sections(roleOnCall, roleEscalation, roleRoles, roleProcedure, roleContacts)), true
}

// docIsReadiness: a checklist of operational items (monitoring, alerts,
// runbooks, rollback, load tests…), named or headed as readiness/launch.
func docIsReadiness(f *docFacts) (docMatch, bool) {
	named := f.pi.named("readiness", "production readiness", "operational readiness", "launch checklist", "launch", "go live", "golive",
		"prr", "orr", "production checklist", "preflight", "pre launch", "checklist") || f.hasRole(roleReadiness) ||
		strings.Contains(f.title, "readiness") || strings.Contains(f.title, "checklist")
	tasks := f.d.Totals.Tasks
	if !named && tasks < 5 {
		return docMatch{}, false
	}
	items, topics := docReadinessItems(f.d)
	_, answered := docReadinessAnswers(f.d)
	ok := (named && len(items) >= 3 && len(topics) >= 2) || (tasks >= 5 && len(items) >= 3 && len(topics) >= 3 && (named || f.pi.inDir("github", "gitlab")))
	if !ok && answered && len(f.topics) >= 3 {
		// A questionnaire answered in prose rather than a checklist.
		ok, topics = true, docReadinessTopics(f.d.text())
	}
	if !ok {
		return docMatch{}, false
	}
	m := f.match(kindReadiness, nil, fmt.Sprintf("%s on %s", docPlural(len(items), "operational check", "operational checks"), docJoin(topics[:min(len(topics), 5)])))
	m.Template = f.template || !docReadinessFilled(f.d)
	return m, true
}

// docIsSLO: service level objectives with targets (99.9%, p99 < 300 ms).
func docIsSLO(f *docFacts) (docMatch, bool) {
	targets := docSLOTargets(f.d)
	named := f.pi.named("slo", "slos", "sli", "slis", "service level", "service levels", "error budget", "sla", "slas") || f.pi.inDir("slo", "slos")
	if len(targets) == 0 || !(named || f.hasRole(roleSLO) || docSLOTable(f.d)) {
		return docMatch{}, false
	}
	m := f.match(kindSLO, f.sections(roleSLO), docPlural(len(targets), "target", "targets"))
	m.Line = targets[0].line
	return m, true
}

// docIsDesign: a design document or RFC (goals, proposed design,
// alternatives), by folder or by its sections.
func docIsDesign(f *docFacts) (docMatch, bool) {
	roles := []docRole{roleGoals, roleContext, roleDesign, roleAlternatives, roleConsequences}
	have := f.has(roles...)
	byPath := f.pi.inDir("rfcs", "rfc", "design", "designs", "designdocs", "designdoc", "proposals", "enhancements", "keps") ||
		f.pi.named("design doc", "design document", "rfc", "proposal", "design")
	structural := f.hasRole(roleDesign) && f.hasRole(roleAlternatives) && (f.hasRole(roleGoals) || f.hasRole(roleContext))
	if !(byPath && len(have) >= 2) && !structural {
		return docMatch{}, false
	}
	return f.match(kindDesign, f.sections(roles...)), true
}

func docIsStyleGuide(f *docFacts) (docMatch, bool) {
	named := f.pi.named("style guide", "styleguide", "style", "coding standards", "code style", "coding style", "conventions",
		"coding conventions", "engineering standards", "guidelines", "coding guidelines", "standards", "best practices") ||
		f.pi.inDir("standards", "styleguide", "styleguides", "style", "conventions", "guidelines")
	if !named || f.d.Totals.RealWords < 40 {
		return docMatch{}, false
	}
	return f.match(kindStyleGuide, f.sections(roleStandards)), true
}

// docIsException: a document named or titled as an exception or waiver
// process that says how to request one and who approves it. A section
// called "Exceptions" in another document (a glossary, a library's error
// types) is not a process.
func docIsException(f *docFacts) (docMatch, bool) {
	named := f.pi.named("exception", "exceptions", "waiver", "waivers", "deviation", "deviations", "exemption", "exemptions", "risk acceptance") ||
		docExceptionTitleRe.MatchString(f.d.Title)
	if !named || f.d.Totals.RealWords < 30 || !docApproveRe.MatchString(f.lower) || !docRequestRe.MatchString(f.lower) {
		return docMatch{}, false
	}
	return f.match(kindException, f.sections(roleException, roleProcedure)), true
}

var docExceptionTitleRe = regexp.MustCompile(`(?i)\b(?:exceptions?|waivers?|deviations?|exemptions?|risk acceptance)\b`)

func docIsLessons(f *docFacts) (docMatch, bool) {
	named := f.pi.named("lessons learned", "lessons", "learnings") || strings.Contains(f.title, "lessons learned")
	if !named || f.d.Totals.RealWords < 40 || (!f.hasRole(roleLessons) && f.d.Totals.ListItems < 3) {
		return docMatch{}, false
	}
	return f.match(kindLessons, f.sections(roleLessons)), true
}

func docIsArchitecture(f *docFacts) (docMatch, bool) {
	named := f.pi.named("architecture", "system design", "system overview") ||
		(f.pi.inDir("architecture") && !f.pi.inDir("decisions", "adr", "adrs")) || strings.HasPrefix(docNormHeading(f.d.Title), "architecture")
	if !named || f.d.Totals.RealWords < 60 || len(f.d.Sections) < 3 {
		return docMatch{}, false
	}
	return f.match(kindArchitecture, f.sections(roleArchitecture)), true
}

func docIsOpsGuide(f *docFacts) (docMatch, bool) {
	named := f.pi.named("operations", "operating", "operator guide", "ops", "deployment", "deploy", "deploying", "monitoring",
		"observability", "alerting", "maintenance", "disaster recovery", "backup", "backups", "scaling", "capacity",
		"administration", "admin guide", "production") || f.pi.inDir("ops", "operations", "operating", "sre")
	if !named || f.d.Totals.RealWords < 60 || len(f.d.Sections) < 3 || len(f.topics) < 3 {
		return docMatch{}, false
	}
	return f.match(kindOpsGuide, f.sections(roleOperations)), true
}

func docIsReadme(f *docFacts) (docMatch, bool) {
	if !docIsReadmeFile(f) {
		return docMatch{}, false
	}
	return f.match(kindReadme, f.sections(roleOperations, roleInvestigate, roleMitigate)), true
}
