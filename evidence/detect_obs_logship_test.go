package evidence

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseFluentBit(t *testing.T) {
	in := `# comment
[SERVICE]
    Flush 5
@INCLUDE outputs.conf
[INPUT]
    Name   tail
    Path   /var/log/*.log
[ OUTPUT ]
    name   es
    Match  *
[FILTER]
`
	want := []fluentBitSection{
		{Section: "SERVICE", Line: 2},
		{Section: "INPUT", Plugin: "tail", Line: 5},
		{Section: "OUTPUT", Plugin: "es", Line: 8},
		{Section: "FILTER", Line: 11},
	}
	if got := parseFluentBit(in); !reflect.DeepEqual(got, want) {
		t.Errorf("parseFluentBit = %+v, want %+v", got, want)
	}
}

func TestParseFluentd(t *testing.T) {
	in := `<system>
  log_level info
</system>
<source>
  @type tail
  <parse>
    @type json
  </parse>
</source>
<match **>
  @type s3
</match>
`
	want := []fluentdDirective{{"system", "", 1}, {"source", "tail", 4}, {"match", "s3", 10}}
	if got := parseFluentd(in); !reflect.DeepEqual(got, want) {
		t.Errorf("parseFluentd = %+v, want %+v", got, want)
	}
}

func TestParseLogstash(t *testing.T) {
	in := `input {
  # a { comment
  kafka { topics => ["a}"] }
}
output {
  if [type] == "x" {
    s3 { bucket => "b" }
  }
  elasticsearch { hosts => ["es"] }
}
`
	got := parseLogstash(in)
	var names []string
	for _, p := range got {
		names = append(names, p.Section+":"+p.Plugin)
	}
	want := []string{"input:kafka", "output:s3", "output:elasticsearch"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("parseLogstash = %v, want %v", names, want)
	}
}

func TestParseAlloy(t *testing.T) {
	in := "prometheus.scrape \"app\" {\n  targets = []\n}\n\n// loki.write \"x\" {\notelcol.receiver.otlp \"in\" {\n  output { traces = [otelcol.exporter.otlp.tempo.input] }\n}\n"
	names, lines := parseAlloy(in)
	if !reflect.DeepEqual(names, []string{"prometheus.scrape", "otelcol.receiver.otlp"}) || !reflect.DeepEqual(lines, []int{1, 6}) {
		t.Errorf("parseAlloy = %v %v", names, lines)
	}
	sigs := obsAlloySignals("c.alloy", in)
	if len(sigs) != 1 || !sigs[0].Traces || sigs[0].Kind != obsKindCollector {
		t.Errorf("obsAlloySignals = %+v", sigs)
	}
}

func TestObsTextSignals(t *testing.T) {
	tests := []struct {
		p, text string
		want    string // substring of the summary; "" for none
	}{
		{"vector/vector.toml", "[sources.a]\ntype = \"file\"\n[sinks.b]\ntype = \"loki\"\n", `sinks "b"`},
		{"vector/vector.toml", "[sources.a]\ntype = \"file\"\n", ""},
		{"vector/vector.toml", "not = [toml", ""},
		{"__checks__/home.check.ts", "new BrowserCheck('home', { code: {} })", `BrowserCheck "home"`},
		{"checkly.config.ts", "import { defineConfig } from 'checkly'\nexport default defineConfig({})", "Checkly project"},
		{"src/app.check.ts", "export const check = () => true", ""},
	}
	for _, tc := range tests {
		var got []obsSignal
		switch {
		case strings.HasSuffix(tc.p, ".toml"):
			got = obsVectorTOML(tc.p, tc.text)
		default:
			got = obsChecklySignals(tc.p, tc.text)
		}
		if tc.want == "" {
			if len(got) != 0 {
				t.Errorf("%s: got %+v, want nothing", tc.p, got)
			}
			continue
		}
		if len(got) != 1 || !strings.Contains(got[0].Summary, tc.want) {
			t.Errorf("%s: got %+v, want summary with %q", tc.p, got, tc.want)
		}
	}
}

func FuzzParseFluentBit(f *testing.F) {
	f.Add("[INPUT]\n Name tail\n[OUTPUT]\n Name es\n")
	f.Add("[\n]\n[]\nName\n")
	f.Fuzz(func(t *testing.T, s string) {
		for _, sec := range parseFluentBit(s) {
			if sec.Line < 1 || sec.Line > strings.Count(s, "\n")+1 {
				t.Fatalf("line %d out of range", sec.Line)
			}
		}
		_ = obsFluentBitSignals("f.conf", s, 0, "")
	})
}

func FuzzParseFluentd(f *testing.F) {
	f.Add("<source>\n @type tail\n</source>\n<match **>\n @type s3\n</match>\n")
	f.Add("</a></b><c>\n")
	f.Fuzz(func(t *testing.T, s string) {
		_ = parseFluentd(s)
		_ = obsFluentdSignals("f.conf", s)
	})
}

func FuzzParseLogstash(f *testing.F) {
	f.Add("input { beats {} } output { es { a => \"}\" } }")
	f.Add("}}}{{{'\\")
	f.Fuzz(func(t *testing.T, s string) {
		for _, p := range parseLogstash(s) {
			if p.Line < 1 {
				t.Fatalf("bad line %d", p.Line)
			}
		}
		_ = obsLogstashSignals("l.conf", s)
	})
}

func FuzzParseAlloy(f *testing.F) {
	f.Add("loki.write \"a\" {\n}\n")
	f.Fuzz(func(t *testing.T, s string) {
		names, lines := parseAlloy(s)
		if len(names) != len(lines) {
			t.Fatal("names and lines differ")
		}
		_ = obsAlloySignals("a.alloy", s)
		_ = obsChecklySignals("a.check.ts", s)
	})
}
