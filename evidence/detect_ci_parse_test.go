package evidence

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

func ciKinds(tools []ciTool) string {
	var k []string
	for _, tl := range tools {
		k = ciAddUnique(k, tl.Kind)
	}
	sort.Strings(k)
	return strings.Join(k, ",")
}

func TestCICommandTools(t *testing.T) {
	tests := []struct{ cmd, want string }{
		{"go test -race ./...", "test"},
		{"CGO_ENABLED=0 go build -o bin/app ./cmd/app", "build"},
		{"echo kubectl apply -f k8s/", ""},
		{`echo "deploying" && kubectl apply -f k8s/`, "deploy"},
		{"kubectl apply --dry-run=client -f k8s/", ""},
		{"kubectl --context prod -n web apply -k overlays/prod", "deploy"},
		{"kubectl get pods", ""},
		{"helm repo add bitnami https://charts.bitnami.com/bitnami", ""},
		{"helm upgrade --install app ./chart --atomic", "deploy"},
		{"helm template app ./chart | kubeconform", ""},
		{"terraform -chdir=infra apply -auto-approve tfplan", "deploy"},
		{"terraform apply -destroy -auto-approve", ""},
		{"terraform fmt -check -recursive", "lint"},
		{"sudo apt-get install -y trivy", ""},
		{"pip install bandit safety", ""},
		{"trivy image --exit-code 1 app:latest", "security"},
		{"trivy config .", "policy,security"},
		{"docker run --rm -v $PWD:/src aquasec/trivy:0.55.0 fs /src", "security"},
		{"go run golang.org/x/vuln/cmd/govulncheck@latest ./...", "security"},
		{"npx --yes eslint .", "lint"},
		{"poetry run pytest -q", "test"},
		{"python3 -m pytest tests/", "test"},
		{"python manage.py test", "test"},
		{"./mvnw -B -DskipTests package", "build"},
		{"./gradlew build -x test", "build"},
		{"./gradlew check", "build,test"},
		{"ruff format .", ""},
		{"ruff check --output-format=github .", "lint"},
		{"black --check .", "lint"},
		{"black .", ""},
		{"prettier --write .", ""},
		{"bundle exec rspec", "test"},
		{"bundle exec rubocop", "lint"},
		{"aws ecs update-service --cluster c --service s --force-new-deployment", "deploy"},
		{"aws s3 sync dist/ s3://bucket", "deploy"},
		{"npx cdk deploy --all --require-approval never", "deploy"},
		{"sam deploy --no-confirm-changeset", "deploy"},
		{"curl -fsS https://example.com/healthz", "verify"},
		{"curl https://example.com/install.sh", ""},
		{"kubectl rollout status deploy/app --timeout=120s", "verify"},
		{"checkov -d infra/", "policy,security"},
		{"conftest test --policy policy k8s/*.yaml", "policy"},
		{"npm audit --audit-level=high", "security"},
		{"mkdocs gh-deploy --force", "docs"},
		{"cargo clippy -- -D warnings", "lint"},
		{"dotnet test --no-build", "test"},
		{"docker build -t app . # kubectl apply", "image"},
		{"npx nx affected --target=test --parallel=3", "test"},
		{"turbo run lint test", "lint,test"},
		{"bundle exec fastlane scan", ""},
		{"fastlane test", "test"},
		{"trunk check --ci", "lint"},
		{"dpl --provider=heroku --app=x", "deploy"},
		{"docker compose up -d", "deploy"}, // weak: counts only in a job that says it deploys
	}
	tree := testTree(t, map[string]string{"x": ""})
	for _, tc := range tests {
		got := ciKinds(ciStepTools(tree, ciStep{Kind: ciRun, Text: tc.cmd}))
		if got != tc.want {
			t.Errorf("%q: got kinds %q, want %q", tc.cmd, got, tc.want)
		}
	}
}

func TestCIUsesTools(t *testing.T) {
	tests := []struct{ ref, want string }{
		{"actions/checkout@v4", ""},
		{"aws-actions/amazon-ecs-deploy-task-definition@v2", "deploy"},
		{"aws-actions/amazon-ecs-render-task-definition@v1", ""},
		{"actions/deploy-pages@v4", "docs"},
		{"peaceiris/actions-gh-pages@v4", "docs"},
		{"JamesIves/github-pages-deploy-action@v4", "docs"},
		{"github/codeql-action/analyze@v3", "security"},
		{"github/codeql-action/upload-sarif@v3", ""},
		{"golangci/golangci-lint-action@v6", "lint"},
		{"docker/build-push-action@v6", "image"},
		{"AzureRmWebAppDeployment@4", "deploy"},
		{"SonarCloudAnalyze@1", "lint"},
		{"atlassian/aws-ecs-deploy:1.6.0", "deploy"},
		{"node/test", "test"},
		{"appleboy/ssh-action@v1", "deploy"},
		{"gitlab-template:Security/Secret-Detection.gitlab-ci.yml", "security"},
		{"azure/setup-helm@v4", ""},
	}
	for _, tc := range tests {
		if got := ciKinds(ciRefTools(tc.ref)); got != tc.want {
			t.Errorf("%q: got kinds %q, want %q", tc.ref, got, tc.want)
		}
	}
}

func TestCIResolveScripts(t *testing.T) {
	tree := testTree(t, map[string]string{
		"Makefile":          "GO ?= go\nLINT = golangci-lint\n.PHONY: all\nall: build\nbuild:\n\t@$(GO) build ./...\nci: lint test\nlint:\n\t$(LINT) run\nrelease:\n\t@echo nothing to release\ninclude mk/*.mk\n",
		"mk/test.mk":        "test:\n\t-$(GO) test ./...\n",
		"package.json":      `{"scripts": {"test": "echo \"Error: no test specified\" && exit 1", "check": "run-s lint typecheck", "lint": "eslint src", "typecheck": "tsc --noEmit", "deploy": "serverless deploy"}}`,
		"scripts/deploy.sh": "#!/bin/sh\nset -e\n# kubectl delete ns x\naws cloudformation deploy --template-file t.yml --stack-name s\n",
		"scripts/e2e.sh":    "#!/bin/sh\necho todo\n",
	})
	tests := []struct{ cmd, want string }{
		{"make", "build"},
		{"make ci", "lint,test"},
		{"make -C . test", "test"},
		{"make release", ""},
		{"make deploy", "deploy"}, // no such target: known by its name
		{"npm test", ""},
		{"npm run check", "build,lint"}, // tsc --noEmit is a type check and a compile
		{"yarn deploy", "deploy"},
		{"./scripts/deploy.sh", "deploy"},
		{"bash scripts/e2e.sh", ""},
		{"tox -e lint", "lint"},
		{"tox", "test"},
	}
	for _, tc := range tests {
		if got := ciKinds(ciStepTools(tree, ciStep{Kind: ciRun, Text: tc.cmd})); got != tc.want {
			t.Errorf("%q: got kinds %q, want %q", tc.cmd, got, tc.want)
		}
	}
}

func TestCIScriptLines(t *testing.T) {
	got := ciScriptLines("go build \\\n  ./...\n\n# comment\n  go test ./...\n", 10)
	want := []ciLine{{10, "go build ./..."}, {14, "go test ./..."}}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestCISegments(t *testing.T) {
	tests := []struct{ line, want string }{
		{`FOO=1 sudo -E make test && echo "a && b" | tee x; ls`, "make test|echo a && b|tee x|ls"},
		{`cd app && (npm ci && npm test)`, "cd app|npm ci|npm test"},
		{`go test ./... # and lint`, "go test ./..."},
		{`bundle exec rake spec`, "rake spec"},
		{`$(go env GOPATH)/bin/golangci-lint run`, "golangci-lint run"},
	}
	for _, tc := range tests {
		var segs []string
		for _, s := range ciSegments(tc.line) {
			segs = append(segs, strings.Join(ciNormalize(s), " "))
		}
		if got := strings.Join(segs, "|"); got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.line, got, tc.want)
		}
	}
}

func TestCIParseCond(t *testing.T) {
	tests := []struct {
		cond string
		want ciCond
	}{
		{"github.ref == 'refs/heads/main'", ciCond{Branches: []string{"main"}}},
		{"github.event_name == 'push' && github.ref_name == 'release'", ciCond{Branches: []string{"release"}}},
		{"$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH", ciCond{Branches: []string{"$default"}}},
		{`$CI_PIPELINE_SOURCE == "merge_request_event"`, ciCond{PROnly: true}},
		{"startsWith(github.ref, 'refs/tags/v')", ciCond{TagsOnly: true}},
		{"$CI_COMMIT_TAG", ciCond{TagsOnly: true}},
		{"and(succeeded(), eq(variables['Build.SourceBranch'], 'refs/heads/master'))", ciCond{Branches: []string{"master"}}},
		{"eq(variables['Build.Reason'], 'PullRequest')", ciCond{PROnly: true}},
		{"github.event_name == 'workflow_dispatch'", ciCond{ManualOnly: true}},
		{"github.ref == 'refs/heads/main' || github.event_name == 'workflow_dispatch'", ciCond{Branches: []string{"main"}}},
		{"env.BRANCH_NAME=='develop'", ciCond{Branches: []string{"develop"}}},
		{"success()", ciCond{}},
	}
	for _, tc := range tests {
		got := ciParseCond(tc.cond)
		if strings.Join(got.Branches, ",") != strings.Join(tc.want.Branches, ",") || got.TagsOnly != tc.want.TagsOnly ||
			got.PROnly != tc.want.PROnly || got.ManualOnly != tc.want.ManualOnly || got.Schedule != tc.want.Schedule {
			t.Errorf("%q: got %+v, want %+v", tc.cond, got, tc.want)
		}
	}
}

func TestCIBranchAllows(t *testing.T) {
	defaults := []string{"main", "master", "trunk", "$default"}
	tests := []struct {
		filter []string
		ok     bool
	}{
		{nil, true},
		{[]string{"main"}, true},
		{[]string{"release/*"}, false},
		{[]string{"**"}, true},
		{[]string{"!main"}, false},
		{[]string{"!wip/*"}, true},
		{[]string{"/^main$/"}, true},
		{[]string{"refs/heads/master"}, true},
	}
	for _, tc := range tests {
		if ok, _ := ciBranchAllows(tc.filter, defaults); ok != tc.ok {
			t.Errorf("%v: got %v, want %v", tc.filter, ok, tc.ok)
		}
	}
}

func TestCIMakefileParse(t *testing.T) {
	mf := ciParseMakefile("Makefile", []byte("# build\nBIN := app\nexport GOFLAGS=-mod=vendor\nifeq ($(CI),true)\nX=1\nendif\n.DEFAULT_GOAL := build\nbuild: deps ## compile\n\tgo build -o $(BIN) .\n\n\t@echo done\ndeps:\n\tgo mod download\ntest check: ; go test ./...\n%.o: %.c\n\tcc -c $<\nfoo: VAR=1\n"), nil)
	if mf.First != "build" {
		t.Errorf("default goal %q, want build", mf.First)
	}
	var got []string
	for _, c := range mf.commands("build") {
		got = append(got, c.Target+":"+c.Text)
	}
	want := "deps:go mod download|build:go build -o app .|build:echo done"
	if strings.Join(got, "|") != want {
		t.Errorf("commands(build) = %q, want %q", strings.Join(got, "|"), want)
	}
	if tg := mf.Targets["check"]; tg == nil || len(tg.Recipe) != 1 || tg.Recipe[0].Text != "go test ./..." {
		t.Errorf("inline recipe of check not read: %+v", tg)
	}
	if mf.Targets["foo"] != nil && len(mf.Targets["foo"].Prereqs) > 0 {
		t.Errorf("target-specific variable read as prerequisites")
	}
}

func TestGroovyLex(t *testing.T) {
	src := "// c\nstage('a') { /* x\ny */ sh \"\"\"\n echo ${env.X == \"y\" ? 1 : 2}\n\"\"\"\n}\nsh 'it\\'s'\n"
	toks := groovyLex(src)
	var got []string
	for _, tk := range toks {
		got = append(got, string(tk.Kind)+":"+tk.Text+":"+ciItoa(tk.Line))
	}
	want := []string{"i:stage:2", "p:(:2", "s:a:2", "p:):2", "p:{:2", "i:sh:3", "s:\n echo ${env.X == \"y\" ? 1 : 2}\n:3", "p:}:6", "i:sh:7", "s:it's:7"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("tokens\n got %q\nwant %q", got, want)
	}
}

func TestCIDeployAfterMerge(t *testing.T) {
	tree := testTree(t, map[string]string{".github/workflows/cd.yml": "on:\n  push:\n    branches: [main]\njobs:\n  d:\n    steps:\n      - run: helm upgrade --install a chart\n"})
	p, ok := ciDeployAfterMerge(tree)
	if !ok || p.Path != ".github/workflows/cd.yml" || p.Line != 7 {
		t.Errorf("got %+v %v", p, ok)
	}
	manual := testTree(t, map[string]string{".github/workflows/cd.yml": "on: workflow_dispatch\njobs:\n  d:\n    steps:\n      - run: helm upgrade --install a chart\n"})
	if _, ok := ciDeployAfterMerge(manual); ok {
		t.Errorf("a manual deploy counted as following merges")
	}
}

// FuzzGroovy checks that the Jenkinsfile lexer and block reader never
// panic or loop on any input, and that the pipeline built from them holds.
func FuzzGroovy(f *testing.F) {
	for _, s := range []string{
		"pipeline { stages { stage('a') { steps { sh 'make' } } } }",
		"node { stage 'x'\n sh \"\"\"a\n${b}\n\"\"\" }",
		"@Library('x') _\nif (a) { stage('d') { input 'ok?' } }",
		"'''", "\"${", "/* ", "{{{{", "}}}", "stage(", "sh(script: '", "parallel a: { sh 'x' }, b: {",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		nodes := groovyParse(groovyLex(src))
		p := ciJenkinsPipeline("Jenkinsfile", nodes)
		for _, j := range p.Jobs {
			p.gate(j)
			p.upstream(j)
		}
	})
}

// FuzzCIMakefile checks the Makefile reader on any input.
func FuzzCIMakefile(f *testing.F) {
	f.Add("a: b\n\tgo test\nb:\n\t$(X)\nX = $(Y)\nY = $(X)\n")
	f.Add("include x\n\\\n\t\n:\n=\n")
	f.Fuzz(func(t *testing.T, src string) {
		mf := ciParseMakefile("Makefile", []byte(src), func(string) []byte { return []byte(src) })
		for name := range mf.Targets {
			mf.commands(name)
		}
	})
}

// FuzzCISegments checks command splitting and classification.
func FuzzCISegments(f *testing.F) {
	f.Add(`FOO=1 sudo make test && echo "x" | kubectl apply -f -; docker run -v a:b img cmd`)
	f.Add(`'unterminated && "`)
	f.Fuzz(func(t *testing.T, line string) {
		for _, seg := range ciSegments(line) {
			ciMatchRules(ciCmdRules, strings.Join(ciNormalize(seg), " "))
			ciRunnerTools("nx", seg)
			ciScriptName("yarn", seg)
		}
		ciParseCond(line)
		ciRefTools(line)
	})
}

// FuzzCIModel feeds one text to every CI file name and builds the model.
func FuzzCIModel(f *testing.F) {
	f.Add("on: push\njobs:\n  a:\n    steps:\n      - run: go test\n")
	f.Add("stages: [a]\nj:\n  extends: j\n  script: [!reference [j, script]]\n")
	f.Add("pipelines:\n  default:\n    - parallel:\n        - step: {script: [x]}\n")
	f.Add("steps:\n  - wait\n  - block: x\n  - group: g\n    steps: [{command: y}]\n")
	f.Fuzz(func(t *testing.T, doc string) {
		done := make(chan bool)
		defer close(done)
		go func() {
			select {
			case <-done:
			case <-time.After(3 * time.Second):
				panic(fmt.Sprintf("slow input %q", doc))
			}
		}()
		dir := t.TempDir()
		for _, p := range []string{".github/workflows/x.yml", ".gitlab-ci.yml", ".circleci/config.yml", "azure-pipelines.yml",
			"buildspec.yml", "bitbucket-pipelines.yml", ".buildkite/pipeline.yml", ".drone.yml", "tekton/p.yaml", "argo/w.yaml",
			".pre-commit-config.yaml", ".github/dependabot.yml", "Jenkinsfile", "Makefile", "infra/main.tf", "cloudformation/pipeline.yaml"} {
			full := filepath.Join(dir, filepath.FromSlash(p))
			if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(full, []byte(doc), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		tree, err := OpenTree(context.Background(), dir)
		if err != nil {
			t.Fatal(err)
		}
		defer tree.Close()
		for _, d := range Detectors() {
			if strings.HasPrefix(d.Name, "ci-") {
				d.Run(context.Background(), tree)
			}
		}
	})
}

// TestCIConcurrentDetectors runs the CI detectors side by side on one tree,
// as a scan does, so that -race sees the shared model and caches.
func TestCIConcurrentDetectors(t *testing.T) {
	tree, err := OpenTree(context.Background(), filepath.Join("testdata", "corpus", "ci-py-billing-gitlab"))
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Close()
	var ds []Detector
	for _, d := range Detectors() {
		if strings.HasPrefix(d.Name, "ci-") {
			ds = append(ds, d)
		}
	}
	results := make([][]Hit, len(ds))
	done := make(chan int)
	for i, d := range ds {
		go func() {
			results[i] = d.Run(context.Background(), tree)
			done <- i
		}()
	}
	for range ds {
		<-done
	}
	total := 0
	for _, r := range results {
		total += len(r)
	}
	if total == 0 {
		t.Fatal("no hits on the GitLab corpus repository")
	}
}

func TestCIExpandEnv(t *testing.T) {
	steps := []ciStep{{Kind: ciRun, Text: "bin/rails $CMD && echo ${CMD} $CMD_DIR"}}
	got := ciExpandEnv(steps, map[string][]string{"CMD": {"test", "test:system"}})
	want := []string{"bin/rails test && echo test $CMD_DIR", "bin/rails test:system && echo test:system $CMD_DIR"}
	if len(got) != len(want) {
		t.Fatalf("got %d steps, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i].Text != want[i] {
			t.Errorf("step %d = %q, want %q", i, got[i].Text, want[i])
		}
	}
}
