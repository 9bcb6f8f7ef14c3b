package evidence

import (
	"bytes"
	"testing"

	"go.yaml.in/yaml/v4"
)

// Fuzz targets for every manifest parser and import extractor of the deps
// family: none may panic, and every declaration or import they return must
// have a name and a line inside the input.

func depsCheckDecls(t *testing.T, data []byte, ds []depDecl) {
	t.Helper()
	lines := bytes.Count(data, []byte("\n")) + 1
	for _, d := range ds {
		if d.Name == "" || d.Line < 0 || d.Line > lines {
			t.Fatalf("bad declaration %+v for %d-line input", d, lines)
		}
	}
}

func depsFuzzManifest(f *testing.F, seeds []string, parse func(data []byte) []depDecl) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { depsCheckDecls(t, data, parse(data)) })
}

func FuzzDepsParseGoMod(f *testing.F) {
	depsFuzzManifest(f, []string{"module m\ngo 1.22\nrequire (\n\ta.b/c v1.0.0 // indirect\n)\n", "require x v1\n", "go 1.21rc1"}, func(data []byte) []depDecl {
		info, err := depsParseGoMod("go.mod", data)
		if err != nil {
			return nil
		}
		depsGoVersionAtLeast(info.GoVersion, 1, 21)
		return info.Decls
	})
}

func FuzzDepsParsePackageJSON(f *testing.F) {
	depsFuzzManifest(f, []string{`{"dependencies":{"pino":"1"},"devDependencies":{"x":"2"},"scripts":{"s":"node -r newrelic a"}}`, `[]`, `{"dependencies":[1]}`},
		func(data []byte) []depDecl {
			v, err := parseYAML("package.json", data)
			if err != nil {
				return nil
			}
			var out []depDecl
			for _, doc := range v.([]*yaml.Node) {
				out = append(out, depsParsePackageJSON("package.json", doc)...)
			}
			return out
		})
}

func FuzzDepsParseRequirements(f *testing.F) {
	depsFuzzManifest(f, []string{"a==1\n-r b.txt\n-e git+x#egg=c\nd \\\n --hash=x\n", "\\", "-r", "--requirement="}, func(data []byte) []depDecl {
		return depsParseRequirements("requirements.txt", data).Decls
	})
}

func FuzzDepsParsePyproject(f *testing.F) {
	depsFuzzManifest(f, []string{"[project]\ndependencies=[\"a>=1\"]\n[tool.poetry.group.dev.dependencies]\nb=\"*\"\n", "[dependency-groups]\nx=[{include-group=\"y\"}]"},
		func(data []byte) []depDecl {
			ds, _ := depsParsePyproject("pyproject.toml", data)
			return ds
		})
}

func FuzzDepsParsePipfile(f *testing.F) {
	depsFuzzManifest(f, []string{"[packages]\na=\"*\"\n[dev-packages]\nb={version=\"1\"}\n"}, func(data []byte) []depDecl {
		ds, _ := depsParsePipfile("Pipfile", data)
		return ds
	})
}

func FuzzDepsParseSetupCfg(f *testing.F) {
	depsFuzzManifest(f, []string{"[options]\ninstall_requires =\n  a\n  b>=1\n[options.extras_require]\ndev = c\n", "[", "=x"}, func(data []byte) []depDecl {
		ds, _ := depsParseSetupCfg("setup.cfg", data)
		return ds
	})
}

func FuzzDepsParseSetupPy(f *testing.F) {
	depsFuzzManifest(f, []string{"setup(install_requires=['a[x]>=1', \"b\"], tests_require=['c'])", "install_requires=[", "install_requires=['\\"}, func(data []byte) []depDecl {
		ds, _ := depsParseSetupPy("setup.py", data)
		return ds
	})
}

func FuzzDepsParsePom(f *testing.F) {
	depsFuzzManifest(f, []string{"<project><dependencies><dependency><groupId>a</groupId><artifactId>b</artifactId></dependency></dependencies></project>",
		"<plugins><plugin><artifactId>p</artifactId><dependencies><dependency><artifactId>q</artifactId></dependency></dependencies></plugin></plugins>", "<a>&nbsp;"},
		func(data []byte) []depDecl {
			ds, _ := depsParsePom("pom.xml", data)
			return ds
		})
}

func FuzzDepsParseVersionCatalog(f *testing.F) {
	depsFuzzManifest(f, []string{"[libraries]\na = \"g:a:1\"\nb = { module = \"g:b\" }\n[bundles]\nx = [\"a\", \"b\"]\n"}, func(data []byte) []depDecl {
		c, err := depsParseVersionCatalog("gradle/libs.versions.toml", data)
		if err != nil {
			return nil
		}
		return depsCatalogDecls(map[string]*depsGradleCatalog{"libs": c})
	})
}

func FuzzDepsParseGradle(f *testing.F) {
	catalog := &depsGradleCatalog{Accessor: "libs", Libs: map[string]string{"otel-api": "io.opentelemetry:opentelemetry-api"},
		Bundles: map[string][]string{"otel": {"otel-api", "missing"}}}
	depsFuzzManifest(f, []string{"dependencies {\n implementation 'a:b:1'\n api(libs.otel.api)\n runtimeOnly libs.bundles.otel /* x */\n}\n", "/*", "implementation group: 'a', name: 'b'"},
		func(data []byte) []depDecl {
			return depsParseGradle("build.gradle", data, map[string]*depsGradleCatalog{"libs": catalog})
		})
}

func FuzzDepsParseMSBuild(f *testing.F) {
	depsFuzzManifest(f, []string{`<Project><ItemGroup><PackageReference Include="A" Version="1"><PrivateAssets>all</PrivateAssets></PackageReference></ItemGroup></Project>`,
		`<Project><PropertyGroup><IsTestProject>true</IsTestProject></PropertyGroup></Project>`}, func(data []byte) []depDecl {
		ds, _ := depsParseMSBuild("a.csproj", data)
		return ds
	})
}

func FuzzDepsParsePackagesConfig(f *testing.F) {
	depsFuzzManifest(f, []string{`<packages><package id="NLog" version="4" developmentDependency="true"/></packages>`}, func(data []byte) []depDecl {
		ds, _ := depsParsePackagesConfig("packages.config", data)
		return ds
	})
}

func FuzzDepsParseGemfile(f *testing.F) {
	depsFuzzManifest(f, []string{"gem 'a'\ngroup :test do\n gem 'b', require: false\nend\nend\nend\ngem 'c', groups: [:dev]\n", "group do"}, func(data []byte) []depDecl {
		ds, _ := depsParseGemfile("Gemfile", data)
		return ds
	})
}

func FuzzDepsParseGemspec(f *testing.F) {
	depsFuzzManifest(f, []string{"s.add_dependency 'a'\ns.add_development_dependency('b')\n"}, func(data []byte) []depDecl {
		ds, _ := depsParseGemspec("a.gemspec", data)
		return ds
	})
}

// depsFuzzSource checks the facts extracted from a file of one language.
func depsFuzzSource(f *testing.F, name string, seeds []string) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		facts := depsParseSourceFacts(name, data)
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

func FuzzDepsGoSourceFacts(f *testing.F) {
	depsFuzzSource(f, "main.go", []string{"package m\nimport (\n\t\"log/slog\"\n\t\"github.com/prometheus/client_golang/prometheus\"\n)\n" +
		"var l = slog.New(slog.NewJSONHandler(nil, nil))\nvar c = prometheus.NewCounter(prometheus.CounterOpts{Name: \"x\"})\n", "package"})
}

func FuzzDepsJSSourceFacts(f *testing.F) {
	depsFuzzSource(f, "index.ts", []string{"import {\n a } from '@sentry/react';\nconst c = require('prom-client');\nnew c.Counter({ name: 'x' })\n", "import('", "require("})
}

func FuzzDepsPythonSourceFacts(f *testing.F) {
	depsFuzzSource(f, "app.py", []string{"from prometheus_client import (Counter,\n Gauge)\nC = Counter('a', 'b')\nimport a.b as c, d\n", "from . import", "import"})
}

func FuzzDepsJVMSourceFacts(f *testing.F) {
	depsFuzzSource(f, "A.java", []string{"import io.micrometer.core.instrument.Counter;\nclass A { Counter c = Counter.builder(\"x\").register(r); }\n" +
		"class H implements HealthIndicator {}\n", "import static ;"})
}

func FuzzDepsDotnetSourceFacts(f *testing.F) {
	depsFuzzSource(f, "Program.cs", []string{"global using Serilog;\nusing X = Y.Z;\nservices.AddHealthChecks().AddNpgSql(cs);\nclass R : IHealthCheck {}\n", "using ;"})
}

func FuzzDepsRubySourceFacts(f *testing.F) {
	depsFuzzSource(f, "app.rb", []string{"require 'prometheus/client'\nPrometheus::Client.registry.counter(:x)\nconfig.lograge.enabled = true\n", "require '"})
}
