package evidence

import (
	"path"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v4"
)

// Launchers and configuration files that confirm a library is used without
// an import: a service started under an instrumentation agent
// (opentelemetry-instrument, ddtrace-run, -javaagent:..., node --require),
// and JVM logging configured with a JSON encoder.

// depLauncher is a way of starting a process under an agent.
type depLauncher struct {
	Kind string
	Re   *regexp.Regexp
	Says string // a sentence for the proof
}

// depsNodeRequire matches node's preload options in a shell line or a
// Dockerfile exec-form array ("--require", "dd-trace/init").
const depsNodeRequire = `(?:--require|-r|--import)(?:=|\s+|["']\s*,\s*["'])['"]?`

var depLaunchers = []depLauncher{
	{"otel-instrument", regexp.MustCompile(`\bopentelemetry-instrument\b`),
		"Starts the service under opentelemetry-instrument, which loads the OpenTelemetry auto-instrumentation"},
	{"ddtrace-run", regexp.MustCompile(`\bddtrace-run\b`), "Starts the service under ddtrace-run, which traces it and its client libraries with Datadog"},
	{"newrelic-admin", regexp.MustCompile(`\bnewrelic-admin\s+run-`), "Starts the service under the New Relic agent (newrelic-admin)"},
	{"otel-javaagent", regexp.MustCompile(`-javaagent:\S*(?:opentelemetry-javaagent|aws-opentelemetry-agent)[\w.-]*\.jar`),
		"Starts the JVM with the OpenTelemetry Java agent, which instruments the service and its HTTP and database clients"},
	{"dd-javaagent", regexp.MustCompile(`-javaagent:\S*dd-java-agent[\w.-]*\.jar`),
		"Starts the JVM with the Datadog Java agent, which traces the service and its HTTP and database clients"},
	{"newrelic-javaagent", regexp.MustCompile(`-javaagent:\S*newrelic[\w.-]*\.jar`),
		"Starts the JVM with the New Relic Java agent, which traces the service and its HTTP and database clients"},
	{"node-otel-register", regexp.MustCompile(depsNodeRequire + `@opentelemetry/auto-instrumentations-node/register`),
		"Starts Node with the OpenTelemetry auto-instrumentation registered"},
	{"node-dd-trace", regexp.MustCompile(depsNodeRequire + `dd-trace/init`), "Starts Node with the Datadog tracer loaded first"},
	{"node-newrelic", regexp.MustCompile(depsNodeRequire + `newrelic\b`), "Starts Node with the New Relic agent loaded first"},
}

var depsLauncherScriptRe = regexp.MustCompile(`^((docker-)?entrypoint|start|run|boot)[\w.-]*\.sh$`)

// depsIsLauncherFile matches the files that start a service: Dockerfiles,
// Procfiles, compose files and entrypoint scripts.
func depsIsLauncherFile(p string) bool {
	base := path.Base(p)
	lower := strings.ToLower(base)
	switch {
	case lower == "dockerfile" || strings.HasPrefix(lower, "dockerfile.") || strings.HasSuffix(lower, ".dockerfile") || lower == "containerfile":
		return true
	case base == "Procfile" || strings.HasPrefix(base, "Procfile."):
		return true
	case (strings.HasPrefix(lower, "docker-compose") || strings.HasPrefix(lower, "compose")) && (strings.HasSuffix(lower, ".yml") || strings.HasSuffix(lower, ".yaml")):
		return true
	}
	return depsLauncherScriptRe.MatchString(lower)
}

// depsLaunchLines returns, per launcher kind, the first line that starts
// a process under it (files in path order, package.json scripts included).
func depsLaunchLines(t *Tree) map[string]depScript {
	return depsTreeValue(t, "deps-launch", func() any {
		found := map[string]depScript{}
		scan := func(s depScript) {
			if depsCommentLine(s.Text) {
				return
			}
			for _, l := range depLaunchers {
				if _, ok := found[l.Kind]; !ok && l.Re.MatchString(s.Text) {
					found[l.Kind] = s
				}
			}
		}
		for _, p := range t.Match(func(p string) bool {
			return !depsTestPath(p) && !depsDocPath(p) && (depsIsLauncherFile(p) || path.Base(p) == "package.json")
		}) {
			if path.Base(p) == "package.json" {
				for _, s := range depsPackageJSONScripts(t, p) {
					scan(s)
				}
				continue
			}
			data, err := t.Read(p)
			if err != nil {
				continue
			}
			for i, line := range strings.Split(string(data), "\n") {
				scan(depScript{Path: p, Line: i + 1, Text: line})
			}
		}
		return found
	}).(map[string]depScript)
}

// depsDocPath reports files under documentation directories: a
// Dockerfile there builds the docs site, not the service.
func depsDocPath(p string) bool {
	for _, part := range strings.Split(path.Dir(p), "/") {
		if part == "docs" || part == "doc" {
			return true
		}
	}
	return false
}

// applyLaunchers marks libraries confirmed by a launcher line.
func (m *depsModel) applyLaunchers(t *Tree, active []depActive) {
	var want bool
	for _, a := range active {
		want = want || a.lib.Launch != ""
	}
	if !want {
		return
	}
	lines := depsLaunchLines(t)
	for _, a := range active {
		s, ok := lines[a.lib.Launch]
		if a.lib.Launch == "" || !ok || m.Used[a.lib.ID] != nil {
			continue
		}
		u := &depUse{Lib: a.lib, Via: "launch", Path: s.Path, Line: s.Line, Kind: a.lib.Launch}
		if d, ok := depsNearestDecl(a.decls, s.Path, ""); ok {
			u.Decl = &d
		}
		m.Used[a.lib.ID] = u
	}
}

// depsLauncherSays returns the proof sentence of a launcher kind.
func depsLauncherSays(kind string) string {
	for _, l := range depLaunchers {
		if l.Kind == kind {
			return l.Says
		}
	}
	return ""
}

var (
	depsJsonLogEncoderRe  = regexp.MustCompile(`\b(LogstashEncoder|LoggingEventCompositeJsonEncoder|LogstashLayout|EcsEncoder|EcsLayout|JsonTemplateLayout|JsonLayout|JSONLayout|encoder\.JsonEncoder)\b`)
	depsXmlCommentRe      = regexp.MustCompile(`(?s)<!--.*?-->`)
	depsSpringStructuredR = regexp.MustCompile(`(?m)^\s*logging\.structured\.format\.(console|file)\s*[=:]\s*\S`)
	depsJvmLogConfigRe    = regexp.MustCompile(`^(logback[\w-]*\.xml|log4j2[\w-]*\.(xml|json|ya?ml|properties))$`)
	depsSpringAppConfigRe = regexp.MustCompile(`^application[\w-]*\.(properties|ya?ml)$`)
)

// depsJvmConfigFile selects JVM logging and Spring configuration files of the
// application (under src/main/resources, or a config/ directory).
func depsJvmConfigFile(p string, depsRe *regexp.Regexp) bool {
	if !depsRe.MatchString(path.Base(p)) || depsTestPath(p) {
		return false
	}
	dir := path.Dir(p)
	return strings.HasSuffix(dir, "src/main/resources") || strings.HasSuffix(dir, "src/main/resources/config") || dir == "config" || dir == "."
}

// applyConfigs marks JVM structured-logging set-ups: a logback/log4j2
// configuration with a JSON encoder or layout, or Spring Boot's
// logging.structured.format.
func (m *depsModel) applyConfigs(t *Tree, active []depActive) {
	want := map[string]bool{}
	for _, a := range active {
		if a.lib.Config != "" && m.Used[a.lib.ID] == nil {
			want[a.lib.Config] = true
		}
	}
	if len(want) == 0 || !m.hasEco(depsEcoJava) {
		return
	}
	found := map[string]*depUse{}
	if want["json-log-config"] {
		for _, p := range t.Match(func(p string) bool { return depsJvmConfigFile(p, depsJvmLogConfigRe) }) {
			if u := depsJsonLogConfig(t, p); u != nil {
				found["json-log-config"] = u
				break
			}
		}
	}
	if want["spring-structured-logging"] {
		for _, p := range t.Match(func(p string) bool { return depsJvmConfigFile(p, depsSpringAppConfigRe) }) {
			if u := depsSpringStructuredLogging(t, p); u != nil {
				found["spring-structured-logging"] = u
				break
			}
		}
	}
	for _, a := range active {
		f := found[a.lib.Config]
		if a.lib.Config == "" || f == nil || m.Used[a.lib.ID] != nil {
			continue
		}
		u := *f
		u.Lib = a.lib
		if d, ok := depsNearestDecl(a.decls, u.Path, ""); ok {
			u.Decl = &d
		}
		m.Used[a.lib.ID] = &u
	}
}

func (m *depsModel) hasEco(eco depEco) bool {
	for _, d := range m.Decls {
		if d.Eco == eco {
			return true
		}
	}
	return false
}

func depsJsonLogConfig(t *Tree, p string) *depUse {
	data, err := t.Read(p)
	if err != nil {
		return nil
	}
	// Blank out comments but keep their newlines, so lines stay right.
	text := depsXmlCommentRe.ReplaceAllStringFunc(string(data), func(c string) string {
		return strings.Repeat("\n", strings.Count(c, "\n"))
	})
	loc := depsJsonLogEncoderRe.FindStringSubmatchIndex(text)
	if loc == nil {
		return nil
	}
	return &depUse{Via: "config", Kind: "json-log-config", Path: p, Line: 1 + strings.Count(text[:loc[0]], "\n"), Detail: text[loc[2]:loc[3]]}
}

func depsSpringStructuredLogging(t *Tree, p string) *depUse {
	if strings.HasSuffix(p, ".properties") {
		data, err := t.Read(p)
		if err != nil {
			return nil
		}
		loc := depsSpringStructuredR.FindSubmatchIndex(data)
		if loc == nil {
			return nil
		}
		return &depUse{Via: "config", Kind: "spring-structured-logging", Path: p, Line: 1 + strings.Count(string(data[:loc[0]]), "\n"), Detail: string(data[loc[2]:loc[3]])}
	}
	docs, err := t.YAML(p)
	if err != nil {
		return nil
	}
	for _, doc := range docs {
		for _, target := range []string{"console", "file"} {
			if n := get(doc, "logging", "structured", "format", target); n != nil && n.Kind == yaml.ScalarNode && n.Value != "" {
				return &depUse{Via: "config", Kind: "spring-structured-logging", Path: p, Line: n.Line, Detail: target}
			}
		}
	}
	return nil
}
