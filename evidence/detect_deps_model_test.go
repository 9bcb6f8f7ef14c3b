package evidence

import (
	"fmt"
	"testing"
)

func TestDepsModelReadsOnlyLanguagesWithRelevantDeclarations(t *testing.T) {
	files := map[string]string{
		"package.json":      `{"dependencies": {"express": "^4"}, "devDependencies": {"pino": "^9"}}`,
		"requirements.txt":  "structlog==24.1\n",
		"app/main.py":       "import structlog\n",
		"app/Program.cs":    "using Serilog;\n",
		"lib/util.rb":       "require 'lograge'\n",
		"cmd/tool/main.go":  "package main\nimport \"go.uber.org/zap\"\n",
		"web/src/index.js":  "const pino = require('pino');\n",
		"web/src/other.js":  "console.log('x');\n",
		"tests/test_app.py": "import structlog\n",
	}
	m := depsModelOf(testTree(t, files))
	if got := fmt.Sprint(m.Read); got != "map[python:1]" {
		t.Errorf("files read per ecosystem = %s, want only the Python file", got)
	}
	if m.Used["py-loggers"] == nil || m.Used["py-loggers"].Path != "app/main.py" {
		t.Errorf("structlog use not found in app/main.py: %+v", m.Used["py-loggers"])
	}
}

func TestDepsModelStopsReadingWhenAnswered(t *testing.T) {
	defer func(b int) { depsGenericBudget = b }(depsGenericBudget)
	depsGenericBudget = 3
	files := map[string]string{
		"go.mod":  "module m\n\ngo 1.20\n\nrequire go.uber.org/zap v1.27.0\n",
		"main.go": "package main\n\nimport \"go.uber.org/zap\"\n\nfunc main() { zap.NewNop() }\n",
	}
	for i := range 40 {
		files[fmt.Sprintf("internal/pkg%02d/file.go", i)] = fmt.Sprintf("package pkg%02d\n", i)
	}
	tree := testTree(t, files)
	m := depsModelOf(tree)
	if m.Used["go-zap"] == nil || m.Used["go-zap"].Path != "main.go" {
		t.Fatalf("zap use not found in main.go first: %+v", m.Used["go-zap"])
	}
	if m.Read[depsEcoGo] != 1+depsGenericBudget {
		t.Errorf("read %d Go files, want %d (main.go, then the budget for open-ended questions)", m.Read[depsEcoGo], 1+depsGenericBudget)
	}
	if depsModelOf(tree) != m {
		t.Error("the model is rebuilt instead of cached")
	}
}

func TestDepsModelUnusedAndTestOnly(t *testing.T) {
	files := map[string]string{
		"requirements.txt":     "prometheus-client\nstructlog\nsentry-sdk\n",
		"requirements-dev.txt": "loguru\n",
		"svc/app.py":           "import sentry_sdk\n",
		"tests/test_app.py":    "import structlog\nimport loguru\n",
	}
	m := depsModelOf(testTree(t, files))
	var unused []string
	for _, u := range m.Unused {
		unused = append(unused, u.Lib.ID+":"+u.Decl.Name)
	}
	// structlog is used by tests only and loguru is a dev requirement: neither is reported.
	if got := fmt.Sprint(unused); got != "[py-prometheus:prometheus-client]" {
		t.Errorf("unused = %s", got)
	}
}

func TestDepsDeclared(t *testing.T) {
	tree := testTree(t, map[string]string{
		"svc/go.mod":       "module m\n\ngo 1.22\n\nrequire (\n\tgo.opentelemetry.io/otel v1.24.0\n\tgo.opentelemetry.io/otel/sdk v1.24.0 // indirect\n)\n",
		"tests/go.mod":     "module t\n\nrequire go.opentelemetry.io/otel/trace v1.24.0\n",
		"web/package.json": `{"devDependencies": {"@opentelemetry/api": "1"}}`,
	})
	got := depsDeclared(tree, depsEcoGo, "go.opentelemetry.io/otel*")
	if len(got) != 2 || got[0].Path != "svc/go.mod" || got[0].Line != 6 || got[1].Scope != depsScopeIndirect {
		t.Errorf("depsDeclared = %+v", got)
	}
	if got := depsDeclared(tree, depsEcoNPM, "@opentelemetry/*"); len(got) != 0 {
		t.Errorf("a devDependency counted as shipped: %+v", got)
	}
}

func TestDepsNearestDecl(t *testing.T) {
	ds := []depDecl{
		{Eco: depsEcoGo, Name: "go.opentelemetry.io/otel", Path: "go.mod", Line: 5},
		{Eco: depsEcoGo, Name: "go.opentelemetry.io/otel/sdk", Path: "go.mod", Line: 6},
		{Eco: depsEcoGo, Name: "go.opentelemetry.io/otel", Path: "svc/go.mod", Line: 3},
	}
	tests := []struct {
		file, imp, want string
	}{
		{"svc/main.go", "go.opentelemetry.io/otel/sdk/trace", "go.mod:6"},
		{"svc/main.go", "go.opentelemetry.io/otel", "svc/go.mod:3"},
		{"other/main.go", "go.opentelemetry.io/otel", "go.mod:5"},
		{"other/main.go", "", "go.mod:5"},
	}
	for _, tt := range tests {
		d, ok := depsNearestDecl(ds, tt.file, tt.imp)
		if got := fmt.Sprintf("%s:%d", d.Path, d.Line); !ok || got != tt.want {
			t.Errorf("nearestDecl(%s, %s) = %s, want %s", tt.file, tt.imp, got, tt.want)
		}
	}
}

func TestDepsIsLauncherFile(t *testing.T) {
	tests := map[string]bool{
		"Dockerfile": true, "build/Dockerfile.prod": true, "api.Dockerfile": true, "Procfile": true, "docker-compose.yml": true,
		"compose.yaml": true, "docker-entrypoint.sh": true, "bin/start-server.sh": true, "install.sh": false, "Makefile": false,
	}
	for p, want := range tests {
		if got := depsIsLauncherFile(p); got != want {
			t.Errorf("isLauncherFile(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestDepsLaunchLines(t *testing.T) {
	tree := testTree(t, map[string]string{
		"Dockerfile":             "FROM node:20\n# CMD node -r newrelic server.js\nCMD [\"node\", \"--require\", \"dd-trace/init\", \"server.js\"]\n",
		"package.json":           `{"scripts": {"start": "node --import @opentelemetry/auto-instrumentations-node/register app.js"}}`,
		"tests/Dockerfile":       "CMD ddtrace-run python app.py\n",
		"deploy/Procfile":        "web: newrelic-admin run-program gunicorn app:app\n",
		"docs/Dockerfile":        "ENTRYPOINT java -javaagent:/newrelic/newrelic.jar -jar docs.jar\n",
		"deploy/java.Dockerfile": "ENTRYPOINT java -javaagent:/dd-java-agent.jar -jar app.jar\n",
	})
	got := depsLaunchLines(tree)
	want := map[string]string{"node-dd-trace": "Dockerfile:3", "node-otel-register": "package.json:1", "newrelic-admin": "deploy/Procfile:1", "dd-javaagent": "deploy/java.Dockerfile:1"}
	if len(got) != len(want) {
		t.Errorf("launchers = %+v", got)
	}
	for kind, loc := range want {
		if s := got[kind]; fmt.Sprintf("%s:%d", s.Path, s.Line) != loc {
			t.Errorf("%s at %s:%d, want %s", kind, s.Path, s.Line, loc)
		}
	}
}
