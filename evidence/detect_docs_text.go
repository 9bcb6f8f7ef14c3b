package evidence

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// Text helpers of the document model: word counts that see through template
// placeholders, "Key: value" lines, shell commands in code blocks and the
// operational vocabulary that tells an operations document from a developer
// guide. They work on plain text, so the Markdown, reStructuredText and
// AsciiDoc builders share them.

// docWords counts the words of s: runs of non-space characters holding at
// least one letter or digit (so "-", "|" and "—" are not words).
func docWords(s string) int {
	n := 0
	for _, f := range strings.Fields(s) {
		if strings.IndexFunc(f, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			n++
		}
	}
	return n
}

// docPlaceholderRe matches what templates leave for someone to fill in:
// {{variables}}, <angle placeholders>, [bracketed instructions], TBD and
// friends, date and time masks, ellipses and lorem ipsum.
var docPlaceholderRe = regexp.MustCompile(`(?i)\{\{[^}]*\}\}|\$\{[^}]*\}|<[^<>\n]{0,100}>|\[[^\]\n]{0,100}\]|` +
	`\b(?:tbd|tbc|tba|todo|fixme|xxx+|n/a|lorem ipsum(?: dolor sit amet)?|to be (?:determined|defined|decided|confirmed|completed|filled in)|` +
	`fill (?:me |this |it )?in|insert [a-z ]{0,30}here|describe [a-z ]{0,40}here|add [a-z ]{0,30}here|placeholder|` +
	`yyyy[-/.]mm[-/.]dd|dd[-/.]mm[-/.]yyyy|mm[-/.]dd[-/.]yyyy|hh:mm(?::ss)?|x+:x+)\b|…|\.\.\.+|\bNA\b`)

// docStrip removes placeholders from one line of text and returns what is
// left: the words someone actually wrote.
func docStrip(s string) string {
	return strings.TrimSpace(docPlaceholderRe.ReplaceAllString(s, " "))
}

// docFieldRe matches a "Key: value" line such as "Owner: payments-team" or
// "Status: Accepted" (emphasis markers are already gone from model text).
var docFieldRe = regexp.MustCompile(`^\s*[-*+]?\s*([\p{L}][\p{L}\p{N} /()&'.-]{0,40}?)\s*:(?:\s+(.*))?$`)

// docFieldLine splits a "Key: value" line. Keys longer than five words are
// sentences that happen to hold a colon, not fields.
func docFieldLine(s string) (key, value string, ok bool) {
	m := docFieldRe.FindStringSubmatch(s)
	if m == nil || docWords(m[1]) > 5 {
		return "", "", false
	}
	return docKey(m[1]), strings.TrimSpace(m[2]), true
}

// docKey normalises a field or front-matter key: lower case, single spaces,
// "_" and "-" read as spaces.
func docKey(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '_' || r == '-' {
			return ' '
		}
		return unicode.ToLower(r)
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// docShellLangs are code-block languages whose every line is a command.
var docShellLangs = map[string]bool{
	"sh": true, "bash": true, "shell": true, "console": true, "shell-session": true, "shellsession": true,
	"zsh": true, "fish": true, "powershell": true, "ps1": true, "pwsh": true, "cmd": true, "bat": true,
	"terminal": true, "sql": true, "psql": true,
}

// docCLIs are programs whose invocation in a code block of any language
// reads as an operator's command.
var docCLIs = map[string]bool{
	"kubectl": true, "helm": true, "aws": true, "gcloud": true, "az": true, "terraform": true, "tofu": true,
	"docker": true, "podman": true, "systemctl": true, "journalctl": true, "curl": true, "wget": true,
	"psql": true, "mysql": true, "redis-cli": true, "ssh": true, "sudo": true, "make": true, "git": true,
	"ansible-playbook": true, "ansible": true, "vault": true, "consul": true, "nomad": true, "eksctl": true,
	"argocd": true, "flux": true, "kubectx": true, "stern": true, "etcdctl": true, "velero": true,
	"istioctl": true, "oc": true, "pg_dump": true, "pg_restore": true, "mongosh": true, "mongo": true,
	"gsutil": true, "bq": true, "heroku": true, "flyctl": true, "fly": true, "service": true, "kill": true,
	"export": true, "jq": true, "tail": true, "grep": true, "rsync": true, "scp": true, "openssl": true,
	"dig": true, "nslookup": true, "nc": true, "crontab": true, "kafka-topics": true, "kafka-consumer-groups": true,
	"rabbitmqctl": true, "nodetool": true, "cqlsh": true, "npm": true, "yarn": true, "pnpm": true,
	"go": true, "python": true, "python3": true, "pip": true, "bundle": true, "rake": true, "mvn": true,
	"gradle": true, "dotnet": true, "cf": true, "pulumi": true, "cdk": true, "sam": true, "serverless": true,
}

// docCommandLines counts the lines of a code block that are commands: every
// non-comment line of a shell block, and elsewhere lines that start with a
// prompt, a known operator CLI or a local script.
func docCommandLines(lang, code string) int {
	lang = strings.ToLower(strings.TrimSpace(lang))
	shell := docShellLangs[lang]
	n := 0
	for _, line := range strings.Split(code, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "//") || strings.HasPrefix(line, "--") {
			continue
		}
		prompt := strings.HasPrefix(line, "$ ") || strings.HasPrefix(line, "> ") || strings.HasPrefix(line, "PS> ")
		if shell || prompt {
			n++
			continue
		}
		first, _, _ := strings.Cut(line, " ")
		if docCLIs[first] || strings.HasPrefix(first, "./") || strings.HasPrefix(first, "scripts/") || strings.HasPrefix(first, "bin/") {
			n++
		}
	}
	return n
}

// docOpsVocabulary names the operational topics a runbook, readiness
// checklist or operations guide talks about. A document is read as an
// operations document only when several distinct topics appear, never on
// one word.
var docOpsVocabulary = []struct {
	topic string
	re    *regexp.Regexp
}{
	{"monitoring", regexp.MustCompile(`(?i)\bmonitor(?:s|ed|ing)?\b|\bobservability\b`)},
	{"alerts", regexp.MustCompile(`(?i)\balert(?:s|ing|manager)?\b|\bpag(?:e|es|ed|ing)\b`)},
	{"dashboards", regexp.MustCompile(`(?i)\bdashboards?\b|\bgrafana\b`)},
	{"runbooks", regexp.MustCompile(`(?i)\b(?:runbooks?|playbooks?)\b`)},
	{"on-call", regexp.MustCompile(`(?i)\bon[- ]?call\b|\bpagerduty\b|\bopsgenie\b|\bescalat\w*`)},
	{"rollback", regexp.MustCompile(`(?i)\broll(?:ed|ing)?[- ]?back\b|\brollbacks?\b|\brevert(?:ed|ing)?\b`)},
	{"load testing", regexp.MustCompile(`(?i)\b(?:load|stress|performance|soak)[- ]test\w*|\bcapacity\b`)},
	{"backups", regexp.MustCompile(`(?i)\bbackups?\b|\brestor(?:e|ed|ing)\b|\bsnapshots?\b`)},
	{"logging", regexp.MustCompile(`(?i)\blogs\b|\blogging\b|\blog (?:level|group|stream)s?\b`)},
	{"metrics", regexp.MustCompile(`(?i)\bmetrics?\b|\bprometheus\b|\bcloudwatch\b`)},
	{"SLOs", regexp.MustCompile(`(?i)\bslos?\b|\bslis?\b|\berror budget\b|\bslas?\b`)},
	{"incidents", regexp.MustCompile(`(?i)\bincidents?\b|\boutages?\b|\bsev ?[0-5]\b`)},
	{"deployment", regexp.MustCompile(`(?i)\bdeploy(?:s|ed|ing|ment|ments)?\b|\bcanary\b|\bblue[/-]green\b`)},
	{"scaling", regexp.MustCompile(`(?i)\b(?:auto)?scal(?:e|es|ed|ing)\b|\breplicas?\b`)},
	{"failover", regexp.MustCompile(`(?i)\bfail[- ]?over\b|\bdisaster recovery\b|\bhigh availability\b`)},
	{"health checks", regexp.MustCompile(`(?i)\bhealth ?checks?\b|\b(?:readiness|liveness) probes?\b|\bhealthz\b`)},
	{"latency and errors", regexp.MustCompile(`(?i)\blatency\b|\berror rates?\b|\bp(?:50|90|95|99)\b|\bthroughput\b`)},
	{"production", regexp.MustCompile(`(?i)\bproduction\b|\bprod\b`)},
	{"restarts", regexp.MustCompile(`(?i)\brestart\w*|\breboot\w*|\bdrain\w*|\bcordon\w*`)},
	{"databases", regexp.MustCompile(`(?i)\bdatabases?\b|\bmigrations?\b|\breplication\b|\bprimary\b`)},
	{"clusters", regexp.MustCompile(`(?i)\bkubectl\b|\bpods?\b|\bnodes?\b|\bclusters?\b|\binstances?\b`)},
	{"feature flags", regexp.MustCompile(`(?i)\bfeature[- ]flags?\b|\bkill[- ]switch\w*`)},
	{"security review", regexp.MustCompile(`(?i)\bsecurity review\b|\bpen(?:etration)?[- ]test\w*|\bthreat model\w*`)},
	{"tracing", regexp.MustCompile(`(?i)\btrac(?:es|ing)\b`)},
}

// docOpsTopics returns the distinct operational topics s talks about, in
// vocabulary order.
func docOpsTopics(s string) []string {
	var out []string
	for _, v := range docOpsVocabulary {
		if v.re.MatchString(s) {
			out = append(out, v.topic)
		}
	}
	return out
}

// docGeneratedRe marks files written by a generator (API references, CLI
// docs): they are not documents people keep.
var docGeneratedRe = regexp.MustCompile(`(?i)\b(?:auto[- ]?generated|code generated|generated by|do not edit|this file (?:is|was) generated)\b`)

// docGeneratedText reports whether the first or last lines of a file say a
// tool wrote it.
func docGeneratedText(src []byte) bool {
	head := src[:min(len(src), 600)]
	tail := src[max(0, len(src)-400):]
	return docGeneratedRe.Match(head) || docGeneratedRe.Match(tail)
}

// docQuote shortens s for a summary: one line, at most 70 characters.
func docQuote(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 70 {
		s = strings.TrimSpace(string(r[:67])) + "…"
	}
	return s
}

// docJoin lists names as "A, B and C".
func docJoin(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// docPlural returns "1 runbook" or "3 runbooks".
func docPlural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
