package evidence

import (
	"fmt"
	"strings"
	"testing"

	"go.yaml.in/yaml/v4"
)

// depsDeclLines renders declarations as "name line scope" for compact tables.
func depsDeclLines(ds []depDecl) string {
	var out []string
	for _, d := range ds {
		out = append(out, fmt.Sprintf("%s %d %s", d.Name, d.Line, d.Scope))
	}
	return strings.Join(out, "; ")
}

func TestDepsParseGoMod(t *testing.T) {
	tests := []struct {
		name, src, want, goVersion string
		wantErr                    bool
	}{
		{"block and single line", "module m\n\ngo 1.22.1\n\nrequire go.uber.org/zap v1.27.0\n\nrequire (\n\tgithub.com/a/b v1.0.0 // indirect\n\tgo.opentelemetry.io/otel v1.24.0\n)\n",
			"go.uber.org/zap 5 runtime; github.com/a/b 8 indirect; go.opentelemetry.io/otel 9 runtime", "1.22.1", false},
		{"no requirements", "module m\n\ngo 1.20\n", "", "1.20", false},
		{"unknown directives are tolerated", "module m\ngo 1.23\ntoolchain go1.23.2\ngodebug default=go1.21\nrequire x.io/y v0.1.0\n", "x.io/y 5 runtime", "1.23", false},
		{"garbage", "require (\n\tnot a module\n", "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info, err := depsParseGoMod("go.mod", []byte(tt.src))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if got := depsDeclLines(info.Decls); got != tt.want {
				t.Errorf("decls = %q, want %q", got, tt.want)
			}
			if info.GoVersion != tt.goVersion {
				t.Errorf("go = %q, want %q", info.GoVersion, tt.goVersion)
			}
		})
	}
}

func TestDepsGoVersionAtLeast(t *testing.T) {
	tests := []struct {
		v    string
		want bool
	}{
		{"1.21", true}, {"1.21.0", true}, {"1.22rc1", true}, {"1.20", false}, {"1.9", false}, {"2.0", true}, {"", false}, {"x.y", false}, {"1", false},
	}
	for _, tt := range tests {
		if got := depsGoVersionAtLeast(tt.v, 1, 21); got != tt.want {
			t.Errorf("goVersionAtLeast(%q) = %v, want %v", tt.v, got, tt.want)
		}
	}
}

func TestDepsParsePackageJSON(t *testing.T) {
	src := `{
  "name": "x",
  "dependencies": {"pino": "^9", "@sentry/react": "^7"},
  "devDependencies": {"winston": "^3"},
  "peerDependencies": {"react": "^18"},
  "optionalDependencies": {"hot-shots": "^10"},
  "scripts": {"start": "node -r dd-trace/init server.js"}
}`
	v, err := parseYAML("package.json", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	docs := v.([]*yaml.Node)
	got := depsDeclLines(depsParsePackageJSON("package.json", docs[0]))
	want := "pino 3 runtime; @sentry/react 3 runtime; hot-shots 6 runtime; react 5 indirect; winston 4 dev"
	if got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestDepsParseRequirements(t *testing.T) {
	src := "# comment\n" +
		"Django>=5.0  # web\n" +
		"prometheus_client==0.20.0 \\\n    --hash=sha256:abc\n" +
		"structlog[dev]; python_version > '3.8'\n" +
		"-r base.txt\n" +
		"--requirement=../shared/common.txt\n" +
		"-c constraints.txt\n" +
		"-e git+https://github.com/x/y.git#egg=Opentelemetry.SDK\n" +
		"-e ./local\n" +
		"--index-url https://pypi.example.com\n" +
		"https://example.com/pkg.whl\n" +
		"./wheels/thing.whl\n" +
		"sentry-sdk @ https://example.com/sentry.whl\n"
	r := depsParseRequirements("reqs/prod.txt", []byte(src))
	want := "django 2 runtime; prometheus-client 3 runtime; structlog 5 runtime; opentelemetry-sdk 9 runtime; sentry-sdk 14 runtime"
	if got := depsDeclLines(r.Decls); got != want {
		t.Errorf("decls = %q\nwant    %q", got, want)
	}
	if got := strings.Join(r.Includes, ","); got != "reqs/base.txt,shared/common.txt" {
		t.Errorf("includes = %q", got)
	}
}

func TestDepsRequirementsScope(t *testing.T) {
	tests := map[string]depScope{
		"requirements.txt": depsScopeRuntime, "requirements-dev.txt": depsScopeDev, "dev-requirements.txt": depsScopeDev,
		"requirements/production.txt": depsScopeRuntime, "requirements/test.txt": depsScopeDev, "requirements/local.txt": depsScopeDev,
		"requirements_test.in": depsScopeDev, "requirements/base.in": depsScopeRuntime, "requirements-docs.txt": depsScopeDev,
	}
	for p, want := range tests {
		if got := depsRequirementsScope(p); got != want {
			t.Errorf("requirementsScope(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestDepsIsRequirementsFile(t *testing.T) {
	tests := map[string]bool{
		"requirements.txt": true, "dev-requirements.txt": true, "requirements/base.txt": true, "requirements.in": true,
		"notes.txt": false, "requirements.py": false, "docs/requirements.md": false, "reqs/prod.txt": true,
	}
	for p, want := range tests {
		if got := depsIsRequirementsFile(p); got != want {
			t.Errorf("isRequirementsFile(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestDepsParsePyproject(t *testing.T) {
	src := `[project]
name = "svc"
dependencies = [
    "fastapi>=0.110",
    'opentelemetry-sdk ~= 1.24',
]

[project.optional-dependencies]
dev = ["pytest"]
otel = ["opentelemetry-exporter-otlp"]

[dependency-groups]
lint = ["ruff"]

[tool.poetry.dependencies]
python = "^3.11"
Structlog = "^24"
loguru = { version = "^0.7", optional = true }

[tool.poetry.group.test.dependencies]
pytest-mock = "*"

[tool.poetry.group.main.dependencies]
sentry-sdk = "^1"
`
	ds, err := depsParsePyproject("pyproject.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := "fastapi 4 runtime; opentelemetry-sdk 5 runtime; pytest 9 dev; opentelemetry-exporter-otlp 10 runtime; ruff 13 dev; " +
		"structlog 17 runtime; loguru 18 runtime; pytest-mock 21 dev; sentry-sdk 24 runtime"
	if got := depsDeclLines(ds); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if _, err := depsParsePyproject("pyproject.toml", []byte("[project\nname=")); err == nil {
		t.Error("malformed TOML parsed without error")
	}
}

func TestDepsParsePipfile(t *testing.T) {
	src := "[packages]\nflask = \"*\"\n\"UnleashClient\" = \"==5.11\"\n\n[dev-packages]\nstructlog = \"*\"\n"
	ds, err := depsParsePipfile("Pipfile", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := depsDeclLines(ds), "flask 2 runtime; unleashclient 3 runtime; structlog 6 dev"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestDepsParseSetupCfg(t *testing.T) {
	src := "[metadata]\nname = x\n\n[options]\ninstall_requires =\n    requests>=2\n    prometheus-client\ntests_require = pytest\n" +
		"python_requires = >=3.9\n\n[options.extras_require]\notel =\n    opentelemetry-sdk\ntesting =\n    structlog\n"
	ds, err := depsParseSetupCfg("setup.cfg", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := depsDeclLines(ds), "requests 6 runtime; prometheus-client 7 runtime; pytest 8 dev; opentelemetry-sdk 13 runtime; structlog 15 dev"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestDepsParseSetupPy(t *testing.T) {
	src := "from setuptools import setup\n\nsetup(\n    name='x',\n    install_requires=[\n        'celery[redis]>=5',\n        \"structlog\",\n    ],\n" +
		"    tests_require=['pytest'],\n    extras_require={'dev': ['black']},\n)\nsetup(install_requires=reqs)\n"
	ds, err := depsParseSetupPy("setup.py", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := depsDeclLines(ds), "celery 6 runtime; structlog 7 runtime; pytest 9 dev"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestDepsPyNormalize(t *testing.T) {
	tests := map[string]string{"Prometheus_Client": "prometheus-client", "zope.interface": "zope-interface", "a--_b": "a-b", "UnleashClient": "unleashclient", "-x": "x"}
	for in, want := range tests {
		if got := depsPyNormalize(in); got != want {
			t.Errorf("pyNormalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDepsParsePom(t *testing.T) {
	src := `<?xml version="1.0" encoding="ISO-8859-1"?>
<project>
  <dependencyManagement>
    <dependencies>
      <dependency><groupId>io.opentelemetry</groupId><artifactId>opentelemetry-bom</artifactId><scope>import</scope></dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
    <dependency>
      <groupId>io.micrometer</groupId>
      <artifactId>micrometer-core</artifactId>
    </dependency>
    <dependency>
      <groupId>io.sentry</groupId>
      <artifactId>sentry</artifactId>
      <scope>test</scope>
    </dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin>
        <artifactId>maven-surefire-plugin</artifactId>
        <dependencies>
          <dependency><groupId>io.prometheus</groupId><artifactId>simpleclient</artifactId></dependency>
        </dependencies>
      </plugin>
    </plugins>
  </build>
  <profiles><profile><dependencies>
    <dependency><groupId>com.launchdarkly</groupId><artifactId>launchdarkly-java-server-sdk</artifactId></dependency>
  </dependencies></profile></profiles>
</project>`
	ds, err := depsParsePom("pom.xml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := "io.opentelemetry:opentelemetry-bom 5 managed; io.micrometer:micrometer-core 9 runtime; io.sentry:sentry 13 dev; " +
		"io.prometheus:simpleclient 24 build; org.apache.maven.plugins:maven-surefire-plugin 21 build; com.launchdarkly:launchdarkly-java-server-sdk 30 runtime"
	if got := depsDeclLines(ds); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if _, err := depsParsePom("pom.xml", []byte("<project><dependencies><dependency>")); err == nil {
		t.Error("truncated POM parsed without error")
	}
}

func TestDepsParseGradle(t *testing.T) {
	catalog, err := depsParseVersionCatalog("gradle/libs.versions.toml", []byte(`[versions]
otel = "1.36.0"
[libraries]
otel-api = { module = "io.opentelemetry:opentelemetry-api", version.ref = "otel" }
otel_sdk = { group = "io.opentelemetry", name = "opentelemetry-sdk" }
micrometerCore = "io.micrometer:micrometer-core:1.12.4"
bad = { version = "1" }
[bundles]
otel = ["otel-api", "otel_sdk"]
`))
	if err != nil {
		t.Fatal(err)
	}
	if catalog.Lines["otel-api"] != 4 || catalog.Libs["micrometercore"] != "io.micrometer:micrometer-core" {
		t.Fatalf("catalog = %+v", catalog)
	}
	src := `plugins { id 'java' }
dependencies {
    implementation 'io.prometheus:simpleclient:0.16.0'
    implementation("io.micrometer:micrometer-registry-prometheus")
    api group: 'io.sentry', name: 'sentry', version: '7.6.0'
    implementation platform("io.opentelemetry:opentelemetry-bom:1.36.0")
    implementation(libs.otel.api)
    runtimeOnly libs.bundles.otel
    implementation libs.micrometerCore
    testImplementation 'org.junit.jupiter:junit-jupiter:5.10.2'
    annotationProcessor "org.projectlombok:lombok:1.18.30"
    // implementation 'com.launchdarkly:launchdarkly-java-server-sdk:7.0.0'
    /* implementation 'io.getunleash:unleash-client-java:9.2.0' */
    implementation project(':core')
    implementation libs.unknown.alias
    dependencies { implementation 'io.jaegertracing:jaeger-client:1.8.1' }
}
`
	got := depsDeclLines(depsParseGradle("build.gradle", []byte(src), map[string]*depsGradleCatalog{"libs": catalog}))
	want := "io.prometheus:simpleclient 3 runtime; io.micrometer:micrometer-registry-prometheus 4 runtime; io.sentry:sentry 5 runtime; " +
		"io.opentelemetry:opentelemetry-bom 6 runtime; io.opentelemetry:opentelemetry-api 7 runtime; io.opentelemetry:opentelemetry-api 8 runtime; " +
		"io.opentelemetry:opentelemetry-sdk 8 runtime; io.micrometer:micrometer-core 9 runtime; org.junit.jupiter:junit-jupiter 10 dev; " +
		"org.projectlombok:lombok 11 build; io.jaegertracing:jaeger-client 16 runtime"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestDepsGradleConfigScope(t *testing.T) {
	tests := []struct {
		cfg   string
		scope depScope
		ok    bool
	}{
		{"implementation", depsScopeRuntime, true}, {"testImplementation", depsScopeDev, true}, {"androidTestImplementation", depsScopeDev, true},
		{"kapt", depsScopeBuild, true}, {"debugImplementation", depsScopeRuntime, true}, {"id", 0, false}, {"classpath", 0, false}, {"version", 0, false},
	}
	for _, tt := range tests {
		s, ok := depsGradleConfigScope(tt.cfg)
		if ok != tt.ok || ok && s != tt.scope {
			t.Errorf("gradleConfigScope(%q) = %v, %v; want %v, %v", tt.cfg, s, ok, tt.scope, tt.ok)
		}
	}
}

func TestDepsParseMSBuild(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"references", `<Project Sdk="Microsoft.NET.Sdk.Web">
  <ItemGroup>
    <PackageReference Include="Serilog.AspNetCore" Version="8.0.1" />
    <PackageReference Include="OpenTelemetry.Extensions.Hosting">
      <Version>1.8.0</Version>
    </PackageReference>
    <PackageReference Include="StyleCop.Analyzers" Version="1.1" PrivateAssets="All" />
    <PackageReference Include="Roslynator.Analyzers">
      <PrivateAssets>all</PrivateAssets>
    </PackageReference>
    <PackageReference Update="Newtonsoft.Json" Version="13" />
    <PackageReference Include="$(SomeProperty)" />
  </ItemGroup>
</Project>`, "Serilog.AspNetCore 3 runtime; OpenTelemetry.Extensions.Hosting 4 runtime; StyleCop.Analyzers 7 dev; Roslynator.Analyzers 8 dev; Newtonsoft.Json 11 managed"},
		{"test project", `<Project><PropertyGroup><IsTestProject>true</IsTestProject></PropertyGroup>
<ItemGroup><PackageReference Include="NLog" Version="5" /></ItemGroup></Project>`, "NLog 2 dev"},
		{"test sdk marks a test project", `<Project><ItemGroup><PackageReference Include="Serilog" /><PackageReference Include="xunit" /></ItemGroup></Project>`,
			"Serilog 1 dev; xunit 1 dev"},
		{"central versions", `<Project><ItemGroup><PackageVersion Include="Serilog" Version="3" /><GlobalPackageReference Include="Nerdbank.GitVersioning" /></ItemGroup></Project>`,
			"Serilog 1 managed; Nerdbank.GitVersioning 1 build"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds, err := depsParseMSBuild("x.csproj", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if got := depsDeclLines(ds); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestDepsParsePackagesConfig(t *testing.T) {
	src := `<?xml version="1.0" encoding="utf-8"?>
<packages>
  <package id="NLog" version="4.7.15" targetFramework="net48" />
  <package id="StyleCop.Analyzers" version="1.1" developmentDependency="true" />
  <package version="1" />
</packages>`
	ds, err := depsParsePackagesConfig("packages.config", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := depsDeclLines(ds), "NLog 3 runtime; StyleCop.Analyzers 4 dev"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestDepsParseGemfile(t *testing.T) {
	src := `source "https://rubygems.org"
gem "rails", "~> 7.1"
gem 'lograge'
# gem "newrelic_rpm"
group :development, :test do
  gem "rspec-rails"
  if ENV["CI"]
    gem "simplecov"
  end
end
group :production do
  gem "ddtrace", require: "ddtrace/auto_instrument"
end
gem "sentry-ruby", group: :test
gem "yabeda", groups: [:development, :production]
gem("flipper")
platforms :jruby do
  gem "activerecord-jdbc-adapter"
end
gem "pry", :group => :development
`
	ds, err := depsParseGemfile("Gemfile", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := "rails 2 runtime; lograge 3 runtime; rspec-rails 6 dev; simplecov 8 dev; ddtrace 12 runtime; sentry-ruby 14 dev; " +
		"yabeda 15 runtime; flipper 16 runtime; activerecord-jdbc-adapter 18 runtime; pry 20 dev"
	if got := depsDeclLines(ds); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestDepsParseGemspec(t *testing.T) {
	src := "Gem::Specification.new do |spec|\n  spec.add_dependency \"opentelemetry-sdk\", \"~> 1.4\"\n  spec.add_runtime_dependency('statsd-instrument')\n" +
		"  spec.add_development_dependency \"rspec\"\n  # spec.add_dependency \"x\"\nend\n"
	ds, err := depsParseGemspec("x.gemspec", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := depsDeclLines(ds), "opentelemetry-sdk 2 runtime; statsd-instrument 3 runtime; rspec 4 dev"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestDepsManifestKind(t *testing.T) {
	tests := map[string]string{
		"go.mod": "go.mod", "svc/package.json": "package.json", "pyproject.toml": "pyproject", "Pipfile": "pipfile", "Pipfile.lock": "",
		"setup.cfg": "setup.cfg", "setup.py": "setup.py", "requirements-dev.txt": "requirements", "pom.xml": "pom",
		"app/build.gradle.kts": "gradle", "src/Api/Api.csproj": "msbuild", "Directory.Packages.props": "msbuild",
		"packages.config": "packages.config", "Gemfile": "gemfile", "Gemfile.lock": "", "x.gemspec": "gemspec", "README.md": "",
	}
	for p, want := range tests {
		if got := depsManifestKind(p); got != want {
			t.Errorf("manifestKind(%q) = %q, want %q", p, got, want)
		}
	}
}

func TestDepsDepNameMatch(t *testing.T) {
	tests := []struct {
		pattern, name string
		want          bool
	}{
		{"@opentelemetry/*", "@opentelemetry/api", true}, {"@opentelemetry/*", "opentelemetry", false},
		{"pino", "pino", true}, {"pino", "pinot-client", false}, {"pino", "pino-http", false},
		{"Serilog.*", "serilog.aspnetcore", true}, {"Serilog", "SERILOG", true},
		{"github.com/prometheus/client_golang*", "github.com/prometheus/client_golang", true},
		{"github.com/prometheus/client_golang*", "github.com/prometheus/common", false},
	}
	for _, tt := range tests {
		if got := depNameMatch(tt.pattern, tt.name); got != tt.want {
			t.Errorf("depNameMatch(%q, %q) = %v, want %v", tt.pattern, tt.name, got, tt.want)
		}
	}
}
