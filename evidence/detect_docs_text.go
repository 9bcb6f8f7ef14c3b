package evidence

import (
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
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
	`yyyy[-/.]mm[-/.]dd|dd[-/.]mm[-/.]yyyy|mm[-/.]dd[-/.]yyyy|hh:mm(?::ss)?|xx+:xx+)\b|…|\.\.\.+|\bNA\b`)

// docStrip removes placeholders from one line of text and returns what is
// left: the words someone actually wrote.
func docStrip(s string) string {
	if !docMayHoldPlaceholder(s) {
		return strings.TrimSpace(s)
	}
	return strings.TrimSpace(docPlaceholderRe.ReplaceAllString(s, " "))
}

// docPlaceholderKeys are literals one of which every placeholder holds; a
// line without any skips the (slow, case-insensitive) placeholder pattern.
var docPlaceholderKeys = []string{"{{", "${", "…", "...", "tbd", "tbc", "tba", "todo", "fixme", "xxx", "n/a",
	"lorem", "to be d", "to be c", "to be f", "fill in", "fill me", "fill this", "fill it", " here", "placeholder", "yyyy", "hh:", "xx:"}

// docHasWordNA reports "NA" standing alone (not inside NAME or DNA).
func docHasWordNA(s string) bool {
	for i := strings.Index(s, "NA"); i >= 0; {
		before := i == 0 || !unicode.IsLetter(rune(s[i-1]))
		after := i+2 >= len(s) || !unicode.IsLetter(rune(s[i+2]))
		if before && after {
			return true
		}
		j := strings.Index(s[i+2:], "NA")
		if j < 0 {
			return false
		}
		i += 2 + j
	}
	return false
}

func docMayHoldPlaceholder(s string) bool {
	if docHasWordNA(s) || strings.Contains(s, "<") && strings.Contains(s, ">") || strings.Contains(s, "[") && strings.Contains(s, "]") {
		return true
	}
	lower := strings.ToLower(s)
	for _, k := range docPlaceholderKeys {
		if strings.Contains(lower, k) {
			return true
		}
	}
	return false
}

// docFieldRe matches a "Key: value" line such as "Owner: payments-team" or
// "Status: Accepted" (emphasis markers are already gone from model text).
var docFieldRe = regexp.MustCompile(`^\s*[-*+]?\s*([\p{L}][\p{L}\p{N} /()&'.-]{0,40}?)\s*:(?:\s+(.*))?$`)

// docFieldLine splits a "Key: value" line. Keys longer than five words are
// sentences that happen to hold a colon, not fields.
func docFieldLine(s string) (key, value string, ok bool) {
	if !strings.Contains(s, ":") {
		return "", "", false
	}
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

// docTerm is a vocabulary entry: word patterns, each one word or two
// ("on call"), a trailing "*" matching any ending ("escalat*"). Texts are
// matched through their word sets (docWordSet), so a long document costs
// one pass however many terms are looked up.
type docTerm struct {
	name     string
	patterns []string
}

// docWordSet holds the distinct words and word pairs of a text, lower case,
// hyphens read as spaces ("on-call" is "on call").
type docWordSet struct {
	words map[string]bool
	pairs map[string]bool
	// sorted copies for prefix patterns
	sortedWords, sortedPairs []string
	// a short text (a list item) keeps its words in order instead: a scan
	// is cheaper than building maps
	short []string
}

func docSplitWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

func newDocWordSet(s string) docWordSet {
	if len(s) < 400 {
		return docWordSet{short: docSplitWords(s)}
	}
	ws := docWordSet{words: map[string]bool{}, pairs: map[string]bool{}}
	prev := ""
	for _, w := range docSplitWords(s) {
		ws.words[w] = true
		// Only pairs some pattern can ask for are kept: a long text has
		// as many pairs as words.
		if docPairStarts[prev] {
			ws.pairs[prev+" "+w] = true
		}
		prev = w
	}
	ws.sortedWords = slices.Sorted(maps.Keys(ws.words))
	ws.sortedPairs = slices.Sorted(maps.Keys(ws.pairs))
	return ws
}

// docPairStarts are the first words of the two-word patterns of all
// vocabularies.
var docPairStarts = map[string]bool{}

func docTermOf(name string, patterns ...string) docTerm {
	for _, p := range patterns {
		if first, _, ok := strings.Cut(p, " "); ok {
			docPairStarts[first] = true
		}
	}
	return docTerm{name: name, patterns: patterns}
}

// has reports whether the text holds the pattern.
func (ws docWordSet) has(pattern string) bool {
	if ws.words == nil {
		return ws.hasShort(pattern)
	}
	set, sorted := ws.words, ws.sortedWords
	if strings.Contains(pattern, " ") {
		set, sorted = ws.pairs, ws.sortedPairs
	}
	prefix, ok := strings.CutSuffix(pattern, "*")
	if !ok {
		return set[pattern]
	}
	i, _ := slices.BinarySearch(sorted, prefix)
	return i < len(sorted) && strings.HasPrefix(sorted[i], prefix)
}

func (ws docWordSet) hasShort(pattern string) bool {
	body, prefix := strings.CutSuffix(pattern, "*")
	first, second, _ := strings.Cut(body, " ")
	p := docPattern{first: first, second: second, prefix: prefix}
	for i := range ws.short {
		if p.matches(ws.short, i) {
			return true
		}
	}
	return false
}

// incident reports whether the text talks about incidents or outages.
func (ws docWordSet) incident() bool {
	for _, w := range []string{"incident", "incidents", "outage", "outages"} {
		if ws.has(w) {
			return true
		}
	}
	return false
}

// terms returns the names of the terms the text holds, in list order.
func (ws docWordSet) terms(terms []docTerm) []string {
	if ws.words == nil {
		return ws.shortTerms(terms)
	}
	var out []string
	for _, t := range terms {
		for _, p := range t.patterns {
			if ws.has(p) {
				out = append(out, t.name)
				break
			}
		}
	}
	return out
}

// docVocabIndex prepares a vocabulary for short texts: plain one-word
// patterns by word, and the pair and prefix patterns of each term parsed.
type docVocabIndex struct {
	exact   map[string][]int
	complex [][]docPattern
}

type docPattern struct {
	first, second string // second is "" for a one-word pattern
	prefix        bool   // the last word is a prefix
}

func (p docPattern) matches(words []string, i int) bool {
	last := func(w, want string) bool {
		if p.prefix {
			return strings.HasPrefix(w, want)
		}
		return w == want
	}
	if p.second == "" {
		return last(words[i], p.first)
	}
	return words[i] == p.first && i+1 < len(words) && last(words[i+1], p.second)
}

var docVocabIndexes sync.Map // *docTerm (first of the list) → *docVocabIndex

func docVocabIndexOf(terms []docTerm) *docVocabIndex {
	if v, ok := docVocabIndexes.Load(&terms[0]); ok {
		return v.(*docVocabIndex)
	}
	idx := &docVocabIndex{exact: map[string][]int{}, complex: make([][]docPattern, len(terms))}
	for i, t := range terms {
		for _, p := range t.patterns {
			if !strings.ContainsAny(p, " *") {
				idx.exact[p] = append(idx.exact[p], i)
				continue
			}
			body, prefix := strings.CutSuffix(p, "*")
			first, second, _ := strings.Cut(body, " ")
			idx.complex[i] = append(idx.complex[i], docPattern{first: first, second: second, prefix: prefix})
		}
	}
	docVocabIndexes.Store(&terms[0], idx)
	return idx
}

func (ws docWordSet) shortTerms(terms []docTerm) []string {
	if len(terms) == 0 || len(ws.short) == 0 {
		return nil
	}
	found := make([]bool, len(terms))
	idx := docVocabIndexOf(terms)
	for _, w := range ws.short {
		for _, i := range idx.exact[w] {
			found[i] = true
		}
	}
	var out []string
	for i, t := range terms {
		for _, p := range idx.complex[i] {
			for j := 0; j < len(ws.short) && !found[i]; j++ {
				found[i] = p.matches(ws.short, j)
			}
		}
		if found[i] {
			out = append(out, t.name)
		}
	}
	return out
}

// docOpsVocabulary names the operational topics a runbook, readiness
// checklist or operations guide talks about. A document is read as an
// operations document only when several distinct topics appear, never on
// one word.
var docOpsVocabulary = []docTerm{
	docTermOf("monitoring", "monitor", "monitors", "monitored", "monitoring", "observability"),
	docTermOf("alerts", "alert", "alerts", "alerting", "alertmanager", "paged", "paging"),
	docTermOf("dashboards", "dashboard", "dashboards", "grafana"),
	docTermOf("runbooks", "runbook", "runbooks", "playbook", "playbooks"),
	docTermOf("on-call", "on call", "oncall", "pagerduty", "opsgenie", "escalat*"),
	docTermOf("rollback", "roll back", "rolled back", "rolling back", "rollback", "rollbacks", "revert", "reverted", "reverting"),
	docTermOf("load testing", "load test*", "stress test*", "performance test*", "soak test*", "loadtest*", "capacity"),
	docTermOf("backups", "backup", "backups", "restore", "restored", "restoring", "snapshot", "snapshots"),
	docTermOf("logging", "logs", "logging", "log level", "log levels", "log group", "log groups", "log stream", "log streams"),
	docTermOf("metrics", "metric", "metrics", "prometheus", "cloudwatch"),
	docTermOf("SLOs", "slo", "slos", "sli", "slis", "sla", "slas", "error budget", "error budgets"),
	docTermOf("incidents", "incident", "incidents", "outage", "outages", "sev0", "sev1", "sev2", "sev3", "sev4", "sev 1", "sev 2"),
	docTermOf("deployment", "deploy", "deploys", "deployed", "deploying", "deployment", "deployments", "canary", "blue green"),
	docTermOf("scaling", "scale", "scales", "scaled", "scaling", "autoscale", "autoscaling", "autoscaler", "replica", "replicas"),
	docTermOf("failover", "failover", "fail over", "disaster recovery", "high availability"),
	docTermOf("health checks", "healthcheck", "healthchecks", "health check", "health checks", "readiness probe*", "liveness probe*", "healthz"),
	docTermOf("latency and errors", "latency", "error rate", "error rates", "p50", "p90", "p95", "p99", "throughput"),
	docTermOf("production", "production", "prod"),
	docTermOf("restarts", "restart*", "reboot*", "drain*", "cordon*"),
	docTermOf("databases", "database", "databases", "migration", "migrations", "replication", "primary"),
	docTermOf("clusters", "kubectl", "pod", "pods", "node", "nodes", "cluster", "clusters", "instance", "instances"),
	docTermOf("feature flags", "feature flag", "feature flags", "featureflag*", "kill switch*", "killswitch*"),
	docTermOf("security review", "security review*", "penetration test*", "pen test*", "pentest*", "threat model*"),
	docTermOf("tracing", "traces", "tracing"),
}

// docOpsTopics returns the distinct operational topics s talks about, in
// vocabulary order.
func docOpsTopics(s string) []string { return newDocWordSet(s).terms(docOpsVocabulary) }

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
