package evidence

import (
	"bytes"
	"testing"

	"go.yaml.in/yaml/v4"
)

// Fuzz targets for every manifest parser and import extractor of the deps
// family: none may panic, and every declaration or import they return must
// have a name and a line inside the input.

func checkDecls(t *testing.T, data []byte, ds []depDecl) {
	t.Helper()
	lines := bytes.Count(data, []byte("\n")) + 1
	for _, d := range ds {
		if d.Name == "" || d.Line < 0 || d.Line > lines {
			t.Fatalf("bad declaration %+v for %d-line input", d, lines)
		}
	}
}

func fuzzManifest(f *testing.F, seeds []string, parse func(data []byte) []depDecl) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { checkDecls(t, data, parse(data)) })
}

func FuzzParseGoMod(f *testing.F) {
	fuzzManifest(f, []string{"module m\ngo 1.22\nrequire (\n\ta.b/c v1.0.0 // indirect\n)\n", "require x v1\n", "go 1.21rc1"}, func(data []byte) []depDecl {
		info, err := parseGoMod("go.mod", data)
		if err != nil {
			return nil
		}
		goVersionAtLeast(info.GoVersion, 1, 21)
		return info.Decls
	})
}

func FuzzParsePackageJSON(f *testing.F) {
	fuzzManifest(f, []string{`{"dependencies":{"pino":"1"},"devDependencies":{"x":"2"},"scripts":{"s":"node -r newrelic a"}}`, `[]`, `{"dependencies":[1]}`},
		func(data []byte) []depDecl {
			v, err := parseYAML("package.json", data)
			if err != nil {
				return nil
			}
			var out []depDecl
			for _, doc := range v.([]*yaml.Node) {
				out = append(out, parsePackageJSON("package.json", doc)...)
			}
			return out
		})
}

func FuzzParseRequirements(f *testing.F) {
	fuzzManifest(f, []string{"a==1\n-r b.txt\n-e git+x#egg=c\nd \\\n --hash=x\n", "\\", "-r", "--requirement="}, func(data []byte) []depDecl {
		return parseRequirements("requirements.txt", data).Decls
	})
}

func FuzzParsePyproject(f *testing.F) {
	fuzzManifest(f, []string{"[project]\ndependencies=[\"a>=1\"]\n[tool.poetry.group.dev.dependencies]\nb=\"*\"\n", "[dependency-groups]\nx=[{include-group=\"y\"}]"},
		func(data []byte) []depDecl {
			ds, _ := parsePyproject("pyproject.toml", data)
			return ds
		})
}

func FuzzParsePipfile(f *testing.F) {
	fuzzManifest(f, []string{"[packages]\na=\"*\"\n[dev-packages]\nb={version=\"1\"}\n"}, func(data []byte) []depDecl {
		ds, _ := parsePipfile("Pipfile", data)
		return ds
	})
}

func FuzzParseSetupCfg(f *testing.F) {
	fuzzManifest(f, []string{"[options]\ninstall_requires =\n  a\n  b>=1\n[options.extras_require]\ndev = c\n", "[", "=x"}, func(data []byte) []depDecl {
		ds, _ := parseSetupCfg("setup.cfg", data)
		return ds
	})
}

func FuzzParseSetupPy(f *testing.F) {
	fuzzManifest(f, []string{"setup(install_requires=['a[x]>=1', \"b\"], tests_require=['c'])", "install_requires=[", "install_requires=['\\"}, func(data []byte) []depDecl {
		ds, _ := parseSetupPy("setup.py", data)
		return ds
	})
}

func FuzzParsePom(f *testing.F) {
	fuzzManifest(f, []string{"<project><dependencies><dependency><groupId>a</groupId><artifactId>b</artifactId></dependency></dependencies></project>",
		"<plugins><plugin><artifactId>p</artifactId><dependencies><dependency><artifactId>q</artifactId></dependency></dependencies></plugin></plugins>", "<a>&nbsp;"},
		func(data []byte) []depDecl {
			ds, _ := parsePom("pom.xml", data)
			return ds
		})
}

func FuzzParseVersionCatalog(f *testing.F) {
	fuzzManifest(f, []string{"[libraries]\na = \"g:a:1\"\nb = { module = \"g:b\" }\n[bundles]\nx = [\"a\", \"b\"]\n"}, func(data []byte) []depDecl {
		c, err := parseVersionCatalog("gradle/libs.versions.toml", data)
		if err != nil {
			return nil
		}
		return catalogDecls(map[string]*gradleCatalog{"libs": c})
	})
}

func FuzzParseGradle(f *testing.F) {
	catalog := &gradleCatalog{Accessor: "libs", Libs: map[string]string{"otel-api": "io.opentelemetry:opentelemetry-api"},
		Bundles: map[string][]string{"otel": {"otel-api", "missing"}}}
	fuzzManifest(f, []string{"dependencies {\n implementation 'a:b:1'\n api(libs.otel.api)\n runtimeOnly libs.bundles.otel /* x */\n}\n", "/*", "implementation group: 'a', name: 'b'"},
		func(data []byte) []depDecl {
			return parseGradle("build.gradle", data, map[string]*gradleCatalog{"libs": catalog})
		})
}

func FuzzParseMSBuild(f *testing.F) {
	fuzzManifest(f, []string{`<Project><ItemGroup><PackageReference Include="A" Version="1"><PrivateAssets>all</PrivateAssets></PackageReference></ItemGroup></Project>`,
		`<Project><PropertyGroup><IsTestProject>true</IsTestProject></PropertyGroup></Project>`}, func(data []byte) []depDecl {
		ds, _ := parseMSBuild("a.csproj", data)
		return ds
	})
}

func FuzzParsePackagesConfig(f *testing.F) {
	fuzzManifest(f, []string{`<packages><package id="NLog" version="4" developmentDependency="true"/></packages>`}, func(data []byte) []depDecl {
		ds, _ := parsePackagesConfig("packages.config", data)
		return ds
	})
}

func FuzzParseGemfile(f *testing.F) {
	fuzzManifest(f, []string{"gem 'a'\ngroup :test do\n gem 'b', require: false\nend\nend\nend\ngem 'c', groups: [:dev]\n", "group do"}, func(data []byte) []depDecl {
		ds, _ := parseGemfile("Gemfile", data)
		return ds
	})
}

func FuzzParseGemspec(f *testing.F) {
	fuzzManifest(f, []string{"s.add_dependency 'a'\ns.add_development_dependency('b')\n"}, func(data []byte) []depDecl {
		ds, _ := parseGemspec("a.gemspec", data)
		return ds
	})
}

// fuzzSource checks the facts extracted from a file of one language.
func fuzzSource(f *testing.F, name string, seeds []string) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		facts := parseSourceFacts(name, data)
		lines := bytes.Count(data, []byte("\n")) + 1
		for _, i := range facts.Imports {
			if i.Name == "" || i.Line < 1 || i.Line > lines {
				t.Fatalf("bad import %+v", i)
			}
		}
		for _, m := range facts.Markers {
			if m.Kind == "" || m.Line < 1 || m.Line > lines {
				t.Fatalf("bad marker %+v", m)
			}
		}
	})
}

func FuzzGoSourceFacts(f *testing.F) {
	fuzzSource(f, "main.go", []string{"package m\nimport (\n\t\"log/slog\"\n\t\"github.com/prometheus/client_golang/prometheus\"\n)\n" +
		"var l = slog.New(slog.NewJSONHandler(nil, nil))\nvar c = prometheus.NewCounter(prometheus.CounterOpts{Name: \"x\"})\n", "package"})
}

func FuzzJSSourceFacts(f *testing.F) {
	fuzzSource(f, "index.ts", []string{"import {\n a } from '@sentry/react';\nconst c = require('prom-client');\nnew c.Counter({ name: 'x' })\n", "import('", "require("})
}

func FuzzPythonSourceFacts(f *testing.F) {
	fuzzSource(f, "app.py", []string{"from prometheus_client import (Counter,\n Gauge)\nC = Counter('a', 'b')\nimport a.b as c, d\n", "from . import", "import"})
}

func FuzzJVMSourceFacts(f *testing.F) {
	fuzzSource(f, "A.java", []string{"import io.micrometer.core.instrument.Counter;\nclass A { Counter c = Counter.builder(\"x\").register(r); }\n" +
		"class H implements HealthIndicator {}\n", "import static ;"})
}

func FuzzDotnetSourceFacts(f *testing.F) {
	fuzzSource(f, "Program.cs", []string{"global using Serilog;\nusing X = Y.Z;\nservices.AddHealthChecks().AddNpgSql(cs);\nclass R : IHealthCheck {}\n", "using ;"})
}

func FuzzRubySourceFacts(f *testing.F) {
	fuzzSource(f, "app.rb", []string{"require 'prometheus/client'\nPrometheus::Client.registry.counter(:x)\nconfig.lograge.enabled = true\n", "require '"})
}
