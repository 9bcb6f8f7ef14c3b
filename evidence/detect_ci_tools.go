package evidence

import (
	"regexp"
	"strings"
)

// What a pipeline step does, recognised from the tool it runs. A step may
// do several things (checkov is both a security scan and a policy check).

// Tool kinds.
const (
	ciKTest     = "test"
	ciKLint     = "lint"
	ciKSecurity = "security"
	ciKPolicy   = "policy"
	ciKDeploy   = "deploy"
	ciKBuild    = "build"
	ciKImage    = "image"    // builds a container image
	ciKDocs     = "docs"     // builds or publishes documentation
	ciKVerify   = "verify"   // checks a deployment: smoke tests, health checks, rollout status
	ciKRollback = "rollback" // returns a deployment to its previous version
)

// ciTool is one recognised thing a step does.
type ciTool struct {
	Kind string
	Name string // the tool as a reviewer knows it: "go test", "golangci-lint"
	// Via says how a wrapper led to it: "make test (Makefile:12)".
	Via string
	// Weak: only counts as a deploy in a job named or targeted as one
	// (aws s3 sync, rsync, ssh, ansible-playbook).
	Weak bool
}

type ciRule struct {
	kind, name string
	re, not    *regexp.Regexp
	weak       bool
}

func ciR(kind, name, re string, not ...string) ciRule {
	r := ciRule{kind: kind, name: name, re: regexp.MustCompile(re)}
	if len(not) > 0 {
		r.not = regexp.MustCompile(not[0])
	}
	return r
}

func ciWeak(kind, name, re string) ciRule {
	r := ciR(kind, name, re)
	r.weak = true
	return r
}

const ciNoDry = `--dry-run|--help|--version|\s-h$|--server-dry-run`

// ciCmdRules match a normalized simple command (tool word first).
var ciCmdRules = []ciRule{
	// tests
	ciR(ciKTest, "go test", `^go test\b`),
	ciR(ciKTest, "$1", `^(gotestsum|gotest|richgo test|go-acc|courtney)\b`),
	ciR(ciKTest, "ginkgo", `^ginkgo\b`, `^ginkgo (version|bootstrap|generate)`),
	ciR(ciKTest, "$1", `^(jest|vitest|mocha|ava|karma|jasmine|tap|nyc|c8|cypress run|playwright test|wdio|testcafe|cucumber-js|cucumber)\b`),
	ciR(ciKTest, "$1", `^(pytest|tox|nox|unittest|nose2|nosetests|behave|robot)\b`, ciNoDry),
	ciR(ciKTest, "coverage run", `^coverage run\b`),
	ciR(ciKTest, "Django tests", `^(python\S*|django-admin) (manage\.py )?test\b`),
	ciR(ciKTest, "Maven", `^mvn\b.*\b(test|verify|install|package|integration-test)\b`, `-DskipTests|-Dmaven\.test\.skip=true`),
	ciR(ciKTest, "Gradle", `^gradle\b.*\b(test|check|build|\w+Test|connectedCheck|integrationTest)\b`, `-x test\b`),
	ciR(ciKTest, "dotnet test", `^dotnet test\b`),
	ciR(ciKTest, "$1", `^(rspec|vstest\.console|phpunit|pest|ctest|bats|shellspec|busted|prove)\b`),
	ciR(ciKTest, "rake", `^rake( (spec|test|default|ci)\S*)?$`),
	ciR(ciKTest, "rails test", `^rails (test|spec)\b`),
	ciR(ciKTest, "cargo test", `^cargo (test|nextest)\b`),
	ciR(ciKTest, "$1 test", `^(composer|mix|swift|bazel|bazelisk|lein|flutter|deno|bun|meson|zig|cabal|stack|dune|elm-test|helm) (unittest|test)\b`),
	ciR(ciKTest, "sbt test", `^sbt\b.*\btest\b`),
	ciR(ciKTest, "xcodebuild test", `^xcodebuild\b.*\btest\b`),
	// code quality
	ciR(ciKLint, "golangci-lint", `^golangci-lint\b`, `^golangci-lint (version|--version|help|cache)`),
	ciR(ciKLint, "go vet", `^go vet\b`),
	ciR(ciKLint, "gofmt", `^(gofmt|gofumpt|goimports)\b.*\s-(l|d)\b`),
	ciR(ciKLint, "$1", `^(staticcheck|revive|golint|errcheck|ineffassign|gocritic|eslint|flake8|pylint|mypy|pyright|pyflakes|pycodestyle|pydocstyle|rubocop|standardrb|reek|ktlint|detekt|shellcheck|hadolint|tflint|yamllint|markdownlint|markdownlint-cli2|stylelint|actionlint|swiftlint|phpstan|phpcs|psalm|clang-tidy|cppcheck|cpplint|oxlint|credo|sqlfluff|vale|codespell|editorconfig-checker|lint-staged|typos|mega-linter-runner|kube-linter|htmlhint|jshint|tslint|xo|standard|pylama|prospector|vulture|spectral)\b`, `--version|--help|^\S+ --init`),
	ciR(ciKLint, "ruff", `^ruff\b`, `^ruff (format)?$|^ruff format( [^-]\S*)*$|--version`),
	ciR(ciKLint, "prettier", `^prettier\b.*(--check|\s-c\b|--list-different|\s-l\b)`),
	ciR(ciKLint, "$1", `^(black|isort|autopep8|yapf)\b.*(--check|--diff|\s-c\b)`),
	ciR(ciKLint, "biome", `^biome (check|lint|ci|format)\b`),
	ciR(ciKLint, "Maven code checks", `^mvn\b.*\b(checkstyle|spotbugs|pmd|spotless:check|sonar:sonar|sonar|errorprone)`),
	ciR(ciKLint, "Gradle code checks", `^gradle\b.*\b(checkstyle\w*|spotbugs\w*|pmd\w*|spotlessCheck|ktlintCheck|detekt|sonar|sonarqube|lint|lintKotlin)\b`),
	ciR(ciKLint, "SonarQube scanner", `^(sonar-scanner|dotnet-sonarscanner|sonarscanner|SonarScanner\.MSBuild)\b`),
	ciR(ciKLint, "dotnet format", `^dotnet format\b.*--verify-no-changes`),
	ciR(ciKLint, "cargo $1", `^cargo (clippy|fmt .*--check)`),
	ciR(ciKLint, "rustfmt", `^rustfmt\b.*--check`),
	ciR(ciKLint, "terraform $1", `^(?:terraform|tofu)\b.*\b(fmt .*-check|validate)\b`),
	ciR(ciKLint, "tsc --noEmit", `^(tsc|vue-tsc)\b.*--noEmit`),
	ciR(ciKLint, "pre-commit", `^pre-commit( run\b|$)`),
	ciR(ciKLint, "trunk check", `^trunk (check|fmt --no-fix)`),
	ciR(ciKLint, "buf lint", `^buf (lint|format .*-d|breaking)`),
	ciR(ciKLint, "php-cs-fixer", `^php-cs-fixer\b.*--dry-run`),
	ciR(ciKLint, "mix $1", `^mix (credo|format --check-formatted|dialyzer)`),
	// security scanning
	ciR(ciKSecurity, "Trivy", `^trivy\b`, `--version|^trivy (version|--help)`),
	ciR(ciKSecurity, "Snyk", `^snyk (test|monitor|container|iac|code)\b`),
	ciR(ciKSecurity, "$1", `^(grype|gosec|semgrep|govulncheck|pip-audit|safety|bandit|osv-scanner|gitleaks|trufflehog|detect-secrets|detect-secrets-hook|nancy|retire|audit-ci|better-npm-audit|brakeman|bundler-audit|bundle-audit|dependency-check|dependency-check\.sh|zizmor|ggshield|horusec|codeql|dockle|kubesec|clair-scanner|npm-audit-resolver|jfrog|xray)\b`, `--version|--help|\binstall\b|^safety (generate|license)`),
	ciR(ciKSecurity, "$1 audit", `^(npm|pnpm|yarn|bundle|cargo|composer) (npm )?audit\b`),
	ciR(ciKSecurity, "cargo deny", `^cargo deny\b`),
	ciR(ciKSecurity, "OWASP dependency-check", `^(mvn|gradle)\b.*(dependency-check|dependencyCheck)`),
	ciR(ciKSecurity, "Docker Scout", `^docker scout (cves|quickview|recommendations)`),
	ciR(ciKSecurity, "dotnet vulnerable packages", `^dotnet list\b.*--vulnerable`),
	ciR(ciKSecurity, "$1", `^(checkov|tfsec|kics|terrascan)\b`, `--version|--help`),
	// policy as code
	ciR(ciKPolicy, "conftest", `^conftest (test|verify)\b`),
	ciR(ciKPolicy, "opa $1", `^opa (test|eval|check)\b`),
	ciR(ciKPolicy, "$1", `^(checkov|tfsec|terrascan|cfn_nag|cfn_nag_scan|regula|polaris|datree)\b`, `--version|--help`),
	ciR(ciKPolicy, "kics", `^kics scan\b`),
	ciR(ciKPolicy, "cfn-guard", `^cfn-guard (validate|test)\b`),
	ciR(ciKPolicy, "sentinel", `^sentinel (test|apply)\b`),
	ciR(ciKPolicy, "$1", `^(kyverno|gator) (apply|test|verify)\b`),
	ciR(ciKPolicy, "trivy config", `^trivy (config|conf)\b`),
	// deployments
	ciR(ciKDeploy, "kubectl $1", `^(?:kubectl|oc)\b.*\s(apply|replace|set image|rollout restart|patch|create -f)\b`, ciNoDry+`|--dry-run=client|--dry-run=server`),
	ciR(ciKDeploy, "helm $1", `^helm(?: -\S+| --\S+ \S+)* (upgrade|install)\b`, ciNoDry),
	ciR(ciKDeploy, "helmfile $1", `^helmfile\b.*\b(apply|sync|deploy)\b`),
	ciR(ciKDeploy, "$1", `^(skaffold (?:run|deploy)|tk apply|tanka apply|kapp deploy|pulumi up|cdk deploy|cdktf deploy|sam deploy|serverless deploy|sls deploy|ecs-deploy|ecspresso deploy|eb deploy|flyctl deploy|fly deploy|argocd app (?:sync|set)|firebase deploy|wrangler (?:deploy|publish|pages deploy)|kamal deploy|railway up|cf push|docker stack deploy|nomad (?:job )?run|waypoint (?:up|deploy)|juju deploy|kn service (?:create|update)|zappa (?:deploy|update)|chalice deploy|amplify publish|vercel\b.*--prod|netlify deploy\b.*--prod|heroku container:release|cap \S+ deploy|octo deploy-release)`, ciNoDry),
	ciR(ciKDeploy, "$1 apply", `^(terraform|tofu|terragrunt)\b.*\bapply\b`, `-destroy|`+ciNoDry),
	ciR(ciKDeploy, "aws $1", `^aws (ecs (?:update-service|deploy)|cloudformation (?:deploy|create-stack|update-stack|execute-change-set)|lambda (?:update-function-code|publish-version)|deploy (?:create-deployment|push)|elasticbeanstalk update-environment|apprunner start-deployment|amplify start-deployment)\b`),
	ciR(ciKDeploy, "copilot deploy", `^copilot\b.*\bdeploy\b`),
	ciR(ciKDeploy, "gcloud $1", `^gcloud\b.*\b(run deploy|app deploy|functions deploy|run services update)\b`),
	ciR(ciKDeploy, "az $1", `^az\b.*\b(webapp deploy|webapp up|webapp deployment|functionapp deployment|containerapp (?:update|up)|deployment (?:group|sub|mg|tenant) create|staticwebapp|aks command invoke|spring app deploy)\b`),
	ciR(ciKDeploy, "git push to Heroku", `^git push\b.*\b(heroku|dokku)\b`),
	ciR(ciKDeploy, "doctl apps", `^doctl apps (create-deployment|update)\b`),
	ciWeak(ciKDeploy, "aws s3 sync", `^aws s3 (sync|cp)\b`),
	ciWeak(ciKDeploy, "aws cloudfront create-invalidation", `^aws cloudfront create-invalidation\b`),
	ciWeak(ciKDeploy, "docker compose up", `^(docker compose|docker-compose)\b.*\bup\b`),
	ciR(ciKDeploy, "dpl", `^dpl\b`, `--provider[= ]?(pages|gh-pages|github-pages|surge|readthedocs)\b`),
	ciR(ciKDeploy, "a CodePipeline $1 deploy action", `^codepipeline-deploy (\S+)`),
	ciWeak(ciKDeploy, "$1", `^(rsync|scp|ssh|ansible-playbook|sshpass)\b`),
	// rollbacks
	ciR(ciKRollback, "$1", `^(helm rollback|kubectl rollout undo|oc rollout undo|kubectl argo rollouts undo|kubectl-argo-rollouts undo|argocd app rollback|heroku rollback|heroku releases:rollback|kamal rollback|serverless rollback|sls rollback|vercel rollback|wrangler rollback|helmfile rollback)\b`),
	ciR(ciKRollback, "$1", `^(cap \S+ deploy:rollback|aws deploy stop-deployment\b.*--auto-rollback-enabled)`),
	// checks of a deployment
	ciR(ciKVerify, "curl health check", `^curl\b.*(\s-f\b|--fail|\s-[a-zA-Z]*f[a-zA-Z]*\b|--retry)`),
	ciR(ciKVerify, "$1", `^(kubectl rollout status|oc rollout status|helm test|aws ecs wait services-stable|aws cloudformation wait|argocd app wait|wait-for-it|newman run|k6 run|locust|hurl)\b`),
	// builds
	ciR(ciKImage, "docker build", `^(docker|podman) (build|buildx build|buildx bake|image build|compose build)\b`),
	ciR(ciKImage, "$1", `^(buildah bud|buildah build|kaniko|executor|img build|pack build|ko (?:build|publish|resolve)|docker-compose build|jib)\b`),
	ciR(ciKImage, "Jib", `^(mvn|gradle)\b.*\bjib`),
	ciR(ciKBuild, "$1", `^(go build|go install|cargo build|dotnet build|dotnet publish|dotnet pack|msbuild|mvn|gradle|sbt|tsc|webpack|rollup|esbuild|vite build|next build|ng build|nuxt build|gatsby build|python -m build|build|poetry build|hatch build|flit build|uv build|gem build|swift build|xcodebuild|flutter build|bazel build|bazelisk build|cmake|ninja|meson|nix build|packer build|goreleaser|make|pyinstaller|rake build|zig build)\b`),
	ciR(ciKBuild, "$1 build", `^(npm|pnpm|yarn|bun)( run)? (build|compile|dist|bundle)\b`),
	ciR(ciKDocs, "$1", `^(mkdocs|mike|sphinx-build|hugo|jekyll|docusaurus|antora|mdbook|typedoc|godoc|javadoc|doxygen)\b`),
}

// ciUsesRules match a reused action, task, orb command, pipe or plugin
// reference, lower-cased and without its version.
var ciUsesRules = []ciRule{
	// docs first: a pages deploy is documentation, not the workload
	ciR(ciKDocs, "GitHub Pages", `(deploy-pages|gh-pages|github-pages|upload-pages-artifact|mkdocs|sphinx|docusaurus)`),
	ciR(ciKLint, ciRefName, `^(golangci/golangci-lint-action|pre-commit/action|pre-commit-ci/lite-action|sonarsource/[\w-]+|reviewdog/[\w-]+|github/super-linter|super-linter/super-linter|oxsecurity/megalinter|psf/black|chartboost/ruff-action|astral-sh/ruff-action|dominikh/staticcheck-action|hadolint/hadolint-action|ludeeus/action-shellcheck|wearerequired/lint-action|davidanson/markdownlint-cli2-action|ibiqlik/action-yamllint|raven-actions/actionlint|biomejs/setup-biome)`),
	ciR(ciKLint, "SonarQube", `^(sonarqubeanalyze|sonarcloudanalyze|sonarqubeprepare|sonarcloudprepare|withsonarqubeenv|waitforqualitygate|sonarcloud/scan|sonarsource/sonarcloud-scan|sonarsource/sonarqube-scan)`),
	ciR(ciKLint, "Warnings NG", `^recordissues$`),
	ciR(ciKTest, "published test results ("+ciRefName+")", `^(junit|xunit|nunit|mstest|vstest|publishtestresults|store_test_results)$`),
	ciR(ciKSecurity, ciRefName, `^(github/codeql-action/(?:init|analyze|autobuild)|aquasecurity/trivy-action|aquasecurity/tfsec-action|aquasecurity/tfsec-sarif-action|anchore/scan-action|snyk/actions/[\w-]+|snyk/actions|securego/gosec|returntocorp/semgrep-action|semgrep/semgrep-action|golang/govulncheck-action|pypa/gh-action-pip-audit|dependency-check/dependency-check_action|zizmorcore/zizmor-action|woodruffw/zizmor-action|ossf/scorecard-action|actions/dependency-review-action|gitleaks/gitleaks-action|trufflesecurity/trufflehog|bridgecrewio/checkov-action|docker/scout-action|microsoft/security-devops-action|checkmarx/[\w-]+|veracode/[\w-]+|shiftleft/[\w-]+|snyk/scan|snyk/snyk-scan|atlassian/git-secrets-scan)`),
	ciR(ciKSecurity, ciRefName, `^(snyksecurityscan|dependency-check-build-task|advancedsecurity-[\w-]+|microsoftsecuritydevops|whitesource|trivy|dependencycheck|snyksecurity|grypescan|anchore)$`),
	ciR(ciKSecurity, "GitLab $1", `^gitlab-template:.*?(sast|dependency-scanning|container-scanning|secret-detection|dast|api-fuzzing|coverage-fuzzing|cluster-image-scanning|license-scanning)`),
	ciR(ciKLint, "GitLab code quality template", `^gitlab-template:.*code-quality`),
	ciR(ciKTest, "GitLab Auto DevOps", `^gitlab-template:.*auto-devops`),
	ciR(ciKDeploy, "GitLab Auto DevOps", `^gitlab-template:.*(auto-devops|auto-deploy|deploy)`),
	ciR(ciKPolicy, ciRefName, `^(instrumenta/conftest-action|open-policy-agent/conftest-action|bridgecrewio/checkov-action|aquasecurity/tfsec-action|checkmarx/kics-github-action|tenable/terrascan-action|stelligent/cfn_nag|aws-cloudformation/cfn-guard-action|terraform-compliance/[\w-]+)`),
	ciR(ciKDeploy, ciRefName, `^(azure/webapps-deploy|azure/functions-action|azure/k8s-deploy|azure/arm-deploy|azure/container-apps-deploy-action|azure/aks-set-context|azurewebapp|azurewebappcontainer|azurefunctionapp|azurefunctionappcontainer|azurecontainerapps|azurespringcloud|cfnupdate|aws-ecs/update-service|aws-ecs/deploy-service-update|helm/upgrade-helm-chart|helm/install-helm-chart|kubernetes/create-or-update-resource|gcp-gke/rollout-image|aws-eks/update-container-image|heroku/deploy-via-git|kubernetes-actions|pelotech/drone-helm3|vallard/drone-kube|sinlead/drone-kubectl|argocd-task-sync-and-wait|superfly/flyctl-actions|cloudflare/wrangler-action|cloudflare/pages-action|amondnet/vercel-action|nwtgck/actions-netlify)$`),
	ciR(ciKDeploy, ciRefName, `^hashicorp/tfc-workflows-github/actions/apply-run$`),
	ciR(ciKDeploy, ciRefName, `(^|[/_.-])(deploy|deployment|deploys)([/_.:-]|$)`, `setup|render|^actions/|pages`),
	ciR(ciKDeploy, ciRefName, `^[a-z]*deploy[a-z]*$`),
	ciWeak(ciKDeploy, ciRefName, `^(appleboy/ssh-action|appleboy/scp-action|appleboy/drone-ssh|appleboy/drone-scp|atlassian/ssh-run|atlassian/scp-deploy|jakejarvis/s3-sync-action|aws-s3/sync|aws-s3/copy|plugins/s3|atlassian/rsync-deploy)$`),
	ciR(ciKTest, "a CodePipeline test action", `^codepipeline-test/`),
	ciR(ciKBuild, "a CodePipeline build action", `^codepipeline-build/`),
	ciR(ciKImage, ciRefName, `^(docker/build-push-action|docker/bake-action|redhat-actions/buildah-build|mr-smithers-excellent/docker-build-push|aws-ecr/build-and-push-image|aws-ecr/build_and_push_image|docker/build|plugins/docker|plugins/ecr|plugins/gcr|plugins/kaniko|kaniko|buildah|docker)$`),
	ciR(ciKBuild, ciRefName, `^(goreleaser/goreleaser-action|gradle/gradle-build-action|dotnetcorecli|maven|gradle|npm|vsbuild|msbuild|go|xcode)$`),
}

// ciNameKinds classify a script, target or task by its name, when what it
// runs is not known (a Makefile target we cannot read, an orb job).
var ciNameKinds = []struct {
	kind string
	re   *regexp.Regexp
}{
	{ciKDocs, regexp.MustCompile(`(^|[-_:/])(docs?|pages|site)([-_:/]|$)`)},
	{ciKVerify, regexp.MustCompile(`^(smoke|smoke[-_]?tests?|healthcheck|health[-_]check|verify|verify[-_]deploy(ment)?|post[-_]deploy|check[-_]deploy(ment)?|acceptance)$`)},
	{ciKTest, regexp.MustCompile(`^(tests?|check|unit|unittests?|unit[-_]tests?|specs?|integration|e2e|ci[-_]test|cover|coverage)$|^tests?[-_:]|[-_:/]tests?$|^(golang|go|node|python|pytest|maven|gradle)[-_/]tests?$|^(rich|unit|int|it|e2e|func|functional|smoke|go|py|all|full|race)[-_]?tests?$`)},
	{ciKLint, regexp.MustCompile(`^(lint|lints|linter|vet|fmt[-_]check|format[-_]check|check[-_]format|style|staticcheck|typecheck|check[-_]types|flake8|pylint|mypy|rubocop|prettier|eslint|golangci)$|^lint[-_:]|[-_:/]lint$`)},
	{ciKSecurity, regexp.MustCompile(`^(sec|security|audit|vuln|vulns|vulncheck|govulncheck|gosec|trivy|snyk|bandit|sast|secscan|security[-_]scan)$|^security[-_:]`)},
	{ciKPolicy, regexp.MustCompile(`^(policy|policies|conftest|opa[-_]test|checkov|tfsec|compliance)$`)},
	{ciKRollback, regexp.MustCompile(`^(rollback|roll[-_]back|undo[-_]deploy(ment)?|revert[-_]deploy(ment)?)$|^rollback[-_:]|[-_:/]rollback$`)},
	{ciKDeploy, regexp.MustCompile(`^(deploy|deployment|rollout|ship|promote)$|^deploy[-_:]|[-_:/]deploy$`)},
	{ciKBuild, regexp.MustCompile(`^(build|all|compile|dist|package|release|image|docker|docker[-_]build)$|^build[-_:]`)},
}

// ciKindOfName returns the kind a script or target name suggests, or "".
func ciKindOfName(name string) string {
	name = strings.ToLower(name)
	for _, nk := range ciNameKinds {
		if nk.re.MatchString(name) {
			return nk.kind
		}
	}
	return ""
}

// ciMatchRules returns the tools a text matches. $1 in a rule's name is the
// first group of its match.
func ciMatchRules(rules []ciRule, text string) []ciTool {
	var out []ciTool
	seen := map[string]bool{}
	for _, r := range rules {
		m := r.re.FindStringSubmatch(text)
		if m == nil || (r.not != nil && r.not.MatchString(text)) {
			continue
		}
		name := r.name
		if strings.Contains(name, "$1") && len(m) > 1 {
			name = strings.ReplaceAll(name, "$1", ciGitLabFeature(m[1], strings.HasPrefix(text, "gitlab-template:")))
		}
		if seen[r.kind] {
			continue // one tool per kind and command is enough
		}
		seen[r.kind] = true
		out = append(out, ciTool{Kind: r.kind, Name: name, Weak: r.weak})
	}
	return out
}

// ciUsesRef lower-cases a reference and drops its version and any
// trailing path of subcommands: actions/checkout@v4 → actions/checkout,
// AzureCLI@2 → azurecli.
func ciUsesRef(ref string) string {
	ref = strings.ToLower(strings.TrimSpace(ref))
	if strings.HasPrefix(ref, "gitlab-template:") {
		return ref
	}
	ref = strings.TrimPrefix(ref, "docker://")
	if at := strings.IndexByte(ref, '@'); at > 0 {
		ref = ref[:at]
	}
	if c := strings.LastIndexByte(ref, ':'); c > strings.LastIndexByte(ref, '/') && !strings.Contains(ref[c:], "/") {
		ref = ref[:c] // image or pipe tag
	}
	return ref
}

// ciGitLabFeature names a GitLab security feature from a template name:
// dependency-scanning → Dependency Scanning, sast → SAST. Other names are
// returned as they are.
func ciGitLabFeature(s string, gitlab bool) string {
	if !gitlab {
		return s
	}
	words := strings.Split(s, "-")
	for i, w := range words {
		if len(w) <= 4 {
			words[i] = strings.ToUpper(w)
		} else {
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return strings.Join(words, " ")
}
