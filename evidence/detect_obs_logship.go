package evidence

import (
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
)

// Text formats of telemetry agents: Fluent Bit's classic configuration,
// Fluentd directives, Logstash pipelines, Grafana Alloy (River) components,
// Vector TOML, and Checkly checks written in TypeScript. Each parser is
// small, line-based and tolerant: a file it cannot read yields nothing.

var (
	obsLogConfPath = regexp.MustCompile(`(?i)(fluent|td-agent|logstash|logging|beats|pipeline)`)
	obsCheckly     = regexp.MustCompile(`(^|/)checkly\.config\.[jt]s$|\.check\.[jt]s$`)
)

// obsTextSignals reads the text-format candidates, selected by path.
func obsTextSignals(t *Tree) []obsSignal {
	var out []obsSignal
	for _, p := range t.Match(obsTextCandidate) {
		data, err := t.Read(p)
		if err != nil {
			continue
		}
		text := string(data)
		switch ext := path.Ext(p); {
		case ext == ".conf":
			out = append(out, obsFluentBitSignals(p, text, 0, "")...)
			out = append(out, obsFluentdSignals(p, text)...)
			out = append(out, obsLogstashSignals(p, text)...)
		case ext == ".alloy" || ext == ".river":
			out = append(out, obsAlloySignals(p, text)...)
		case ext == ".toml":
			out = append(out, obsVectorTOML(p, text)...)
		default:
			out = append(out, obsChecklySignals(p, text)...)
		}
	}
	return out
}

func obsTextCandidate(p string) bool {
	switch path.Ext(p) {
	case ".conf":
		return obsLogConfPath.MatchString(p)
	case ".alloy", ".river":
		return true
	case ".toml":
		return strings.Contains(strings.ToLower(p), "vector")
	}
	return obsCheckly.MatchString(p)
}

// fluentBitSection is one [SECTION] of a Fluent Bit classic config.
type fluentBitSection struct {
	Section string // INPUT, FILTER, OUTPUT, SERVICE, PARSER
	Plugin  string // the Name key
	Line    int
}

// parseFluentBit reads the sections of a Fluent Bit classic configuration.
func parseFluentBit(text string) []fluentBitSection {
	var out []fluentBitSection
	for i, raw := range strings.Split(text, "\n") {
		l := strings.TrimSpace(raw)
		switch {
		case l == "" || strings.HasPrefix(l, "#") || strings.HasPrefix(l, "@"):
		case strings.HasPrefix(l, "[") && strings.HasSuffix(l, "]"):
			out = append(out, fluentBitSection{Section: strings.ToUpper(strings.TrimSpace(l[1 : len(l)-1])), Line: i + 1})
		case len(out) > 0:
			k, v, _ := strings.Cut(strings.Join(strings.Fields(l), " "), " ")
			if strings.EqualFold(k, "name") && out[len(out)-1].Plugin == "" {
				out[len(out)-1].Plugin = v
			}
		}
	}
	return out
}

// obsFluentBitSignals reports a Fluent Bit configuration with outputs.
func obsFluentBitSignals(p, text string, lineOff int, kp string) []obsSignal {
	var ins, outs []string
	line := 0
	for _, s := range parseFluentBit(text) {
		switch {
		case s.Section == "INPUT" && s.Plugin != "":
			ins = append(ins, s.Plugin)
		case s.Section == "OUTPUT" && s.Plugin != "" && s.Plugin != "null":
			outs = append(outs, s.Plugin)
			if line == 0 {
				line = s.Line
			}
		}
	}
	if len(outs) == 0 {
		return nil
	}
	from := ""
	if len(ins) > 0 {
		from = " from " + strings.Join(obsUniq(ins), ", ")
	}
	return []obsSignal{{Kind: obsKindLogs, Path: p, Line: line + lineOff, KeyPath: kp,
		Summary: fmt.Sprintf("Fluent Bit configuration ships logs%s to %s", from, strings.Join(obsUniq(outs), ", "))}}
}

var (
	obsFluentdOpen = regexp.MustCompile(`^<(source|match|filter|label|system)(\s[^>]*)?>$`)
	obsFluentdType = regexp.MustCompile(`^@?type\s+(\S+)`)
)

// fluentdDirective is one top-level directive of a Fluentd configuration.
type fluentdDirective struct {
	Name string // source, match, filter
	Type string // @type
	Line int
}

// parseFluentd reads Fluentd's <source>/<match> directives and their
// @type, nested blocks (<buffer>, <parse>) included but not reported.
func parseFluentd(text string) []fluentdDirective {
	var out []fluentdDirective
	depth := 0
	for i, raw := range strings.Split(text, "\n") {
		l := strings.TrimSpace(raw)
		switch {
		case l == "" || strings.HasPrefix(l, "#"):
		case strings.HasPrefix(l, "</"):
			depth = max(0, depth-1)
		case strings.HasPrefix(l, "<") && strings.HasSuffix(l, ">"):
			if m := obsFluentdOpen.FindStringSubmatch(l); m != nil && depth == 0 {
				out = append(out, fluentdDirective{Name: m[1], Line: i + 1})
			}
			depth++
		case depth == 1 && len(out) > 0 && out[len(out)-1].Type == "":
			if m := obsFluentdType.FindStringSubmatch(l); m != nil {
				out[len(out)-1].Type = m[1]
			}
		}
	}
	return out
}

func obsFluentdSignals(p, text string) []obsSignal {
	var srcs, outs []string
	line := 0
	for _, d := range parseFluentd(text) {
		switch {
		case d.Name == "source" && d.Type != "":
			srcs = append(srcs, d.Type)
		case d.Name == "match" && d.Type != "" && d.Type != "null" && d.Type != "stdout":
			outs = append(outs, d.Type)
			if line == 0 {
				line = d.Line
			}
		}
	}
	if len(outs) == 0 {
		return nil
	}
	from := ""
	if len(srcs) > 0 {
		from = " from " + strings.Join(obsUniq(srcs), ", ")
	}
	return []obsSignal{{Kind: obsKindLogs, Path: p, Line: line,
		Summary: fmt.Sprintf("Fluentd configuration ships logs%s to %s", from, strings.Join(obsUniq(outs), ", "))}}
}

// logstashPlugin is a plugin block inside a Logstash pipeline section.
type logstashPlugin struct {
	Section string // input, filter, output
	Plugin  string
	Line    int
}

var obsWordBrace = regexp.MustCompile(`([A-Za-z_][A-Za-z0-9_-]*)\s*$`)

// parseLogstash reads the input/filter/output sections of a Logstash
// pipeline and the plugins inside them, skipping strings and comments.
// Conditionals (if/else blocks) are transparent: plugins inside them count.
func parseLogstash(text string) []logstashPlugin {
	var out []logstashPlugin
	var open []bool // per open brace: is it a conditional?
	line := 1
	section := ""
	var word strings.Builder
	var quote byte
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c == '\n' {
			line++
		}
		switch {
		case quote != 0:
			if c == '\\' && i+1 < len(text) && text[i+1] != '\n' {
				i++
			} else if c == quote {
				quote = 0
			}
			continue
		case c == '"' || c == '\'':
			quote = c
			continue
		case c == '#':
			for i+1 < len(text) && text[i+1] != '\n' {
				i++
			}
			continue
		case c == '{':
			w := strings.TrimSpace(obsWordBrace.FindString(word.String()))
			level := 0
			for _, cond := range open {
				if !cond {
					level++
				}
			}
			cond := level > 0 && (w == "" || w == "if" || w == "else")
			switch {
			case level == 0:
				section = w
			case level == 1 && !cond && (section == "input" || section == "filter" || section == "output"):
				out = append(out, logstashPlugin{Section: section, Plugin: w, Line: line})
			}
			open = append(open, cond)
		case c == '}':
			if len(open) > 0 {
				open = open[:len(open)-1]
			}
		}
		if c == '{' || c == '}' || c == '\n' || c == '=' || c == '>' {
			word.Reset()
		} else {
			word.WriteByte(c)
		}
	}
	return out
}

func obsLogstashSignals(p, text string) []obsSignal {
	var ins, outs []string
	line := 0
	for _, pl := range parseLogstash(text) {
		switch {
		case pl.Plugin == "":
		case pl.Section == "input":
			ins = append(ins, pl.Plugin)
		case pl.Section == "output" && pl.Plugin != "stdout" && pl.Plugin != "null":
			outs = append(outs, pl.Plugin)
			if line == 0 {
				line = pl.Line
			}
		}
	}
	if len(ins) == 0 || len(outs) == 0 {
		return nil
	}
	return []obsSignal{{Kind: obsKindLogs, Path: p, Line: line,
		Summary: fmt.Sprintf("Logstash pipeline ships events from %s to %s", strings.Join(obsUniq(ins), ", "), strings.Join(obsUniq(outs), ", "))}}
}

var (
	obsAlloyBlock  = regexp.MustCompile(`(?m)^\s*([a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)+)\s+"[^"]*"\s*\{`)
	obsAlloyTraces = regexp.MustCompile(`\btraces\s*=\s*\[`)
)

// parseAlloy returns the components of a Grafana Alloy or Agent flow
// (River) file with their lines.
func parseAlloy(text string) (names []string, lines []int) {
	for _, m := range obsAlloyBlock.FindAllStringSubmatchIndex(text, -1) {
		names = append(names, text[m[2]:m[3]])
		lines = append(lines, 1+strings.Count(text[:m[0]], "\n"))
	}
	return names, lines
}

// obsAlloySignals reports metrics, logs and traces components of Alloy.
func obsAlloySignals(p, text string) []obsSignal {
	names, lines := parseAlloy(text)
	kinds := map[string][]string{}
	first := map[string]int{}
	for i, n := range names {
		kind := ""
		switch {
		case strings.HasPrefix(n, "loki.source.") || n == "loki.write":
			kind = obsKindLogs
		case strings.HasPrefix(n, "prometheus.") || strings.HasPrefix(n, "otelcol.") || strings.HasPrefix(n, "pyroscope."):
			kind = obsKindCollector
		default:
			continue
		}
		if _, ok := first[kind]; !ok {
			first[kind] = lines[i]
		}
		kinds[kind] = append(kinds[kind], n)
	}
	var out []obsSignal
	keys := make([]string, 0, len(kinds))
	for k := range kinds {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		s := obsSignal{Kind: k, Path: p, Line: first[k],
			Summary: fmt.Sprintf("Grafana Alloy configuration wires %s (%s)", obsPlural(len(kinds[k]), "component"), obsNames(obsUniq(kinds[k]), 3))}
		s.Traces = k == obsKindCollector && obsAlloyTraces.MatchString(text)
		out = append(out, s)
	}
	return out
}

// obsVectorTOML reads a Vector configuration in TOML.
func obsVectorTOML(p, text string) []obsSignal {
	var cfg struct {
		Sources map[string]map[string]any `toml:"sources"`
		Sinks   map[string]map[string]any `toml:"sinks"`
	}
	if _, err := toml.Decode(text, &cfg); err != nil || len(cfg.Sources) == 0 || len(cfg.Sinks) == 0 {
		return nil
	}
	keys := func(m map[string]map[string]any) []string {
		var ks []string
		for k := range m {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		return ks
	}
	line := 1
	if i := strings.Index(text, "[sinks."); i >= 0 {
		line += strings.Count(text[:i], "\n")
	}
	return []obsSignal{{Kind: obsKindLogs, Path: p, Line: line,
		Summary: fmt.Sprintf("Vector ships data from sources %s to sinks %s", obsNames(keys(cfg.Sources), 3), obsNames(keys(cfg.Sinks), 3))}}
}

var (
	obsChecklyConfig = regexp.MustCompile(`\bdefineConfig\s*\(`)
	obsChecklyCheck  = regexp.MustCompile(`new\s+(ApiCheck|BrowserCheck|MultiStepCheck|HeartbeatCheck|UrlMonitor|TcpMonitor|TcpCheck|CheckGroup)\s*\(\s*['"]([^'"]+)['"]`)
)

// obsChecklySignals reports Checkly checks and project configuration.
func obsChecklySignals(p, text string) []obsSignal {
	if m := obsChecklyCheck.FindStringSubmatchIndex(text); m != nil {
		return []obsSignal{{Kind: obsKindProbe, Path: p, Line: 1 + strings.Count(text[:m[0]], "\n"),
			Summary: fmt.Sprintf("Checkly %s %q runs a synthetic check as code", text[m[2]:m[3]], text[m[4]:m[5]])}}
	}
	if m := obsChecklyConfig.FindStringIndex(text); m != nil && strings.Contains(text, "checkly") {
		return []obsSignal{{Kind: obsKindProbe, Path: p, Line: 1 + strings.Count(text[:m[0]], "\n"),
			Summary: "Checkly project configuration runs the repository's synthetic checks"}}
	}
	return nil
}
