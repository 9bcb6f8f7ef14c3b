package evidence

import (
	"fmt"
	"sort"
	"strings"
	"testing"
)

// ciDescribeJob renders the parts of a job the tests check.
func ciDescribeJob(j *ciJob) string {
	var kinds []string
	for _, s := range j.Steps {
		for _, tl := range s.Tools {
			kinds = ciAddUnique(kinds, tl.Kind)
		}
	}
	sort.Strings(kinds)
	var envs []string
	for _, e := range j.Envs {
		envs = append(envs, e.Name)
	}
	out := j.Name
	if len(j.Needs) > 0 {
		out += " needs=" + strings.Join(j.Needs, ",")
	}
	if len(j.Cond.Branches) > 0 {
		out += " branches=" + strings.Join(j.Cond.Branches, ",")
	}
	if j.Cond.TagsOnly {
		out += " tags"
	}
	if j.Cond.PROnly {
		out += " pr"
	}
	if j.Manual {
		out += " manual"
	}
	if len(envs) > 0 {
		out += " env=" + strings.Join(envs, ",")
	}
	if len(kinds) > 0 {
		out += " does=" + strings.Join(kinds, ",")
	}
	return out
}

func ciDescribeTriggers(tr ciTriggers) string {
	var out []string
	for _, f := range []struct {
		on   bool
		name string
	}{{tr.Push, "push"}, {tr.PR, "pr"}, {tr.Tags, "tags"}, {tr.Schedule, "schedule"}, {tr.Manual, "manual"}, {tr.Call, "call"}, {tr.Implicit, "implicit"}} {
		if f.on {
			out = append(out, f.name)
		}
	}
	if len(tr.Branches) > 0 {
		out = append(out, "branches="+strings.Join(tr.Branches, ","))
	}
	return strings.Join(out, " ")
}

func TestCIModelParsers(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string // per pipeline: "system name [triggers]" then "  job …" lines
	}{
		{"github triggers, needs, if, environment", map[string]string{".github/workflows/cd.yml": `
name: cd
on:
  push:
    branches: [main]
    branches-ignore: [wip]
  pull_request:
  workflow_dispatch:
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: go test ./...
  deploy:
    needs: [test]
    if: github.ref == 'refs/heads/main'
    environment: {name: prod, url: https://x}
    steps:
      - uses: trstringer/manual-approval@v1
      - run: kubectl apply -f k8s/
`}, []string{
			"GitHub Actions cd [push pr manual branches=main,!wip]",
			"  test does=test",
			"  deploy needs=test branches=main manual env=prod does=deploy",
		}},
		{"github tags only and yaml 1.1 on", map[string]string{".github/workflows/r.yml": `
on:
  push:
    tags: ["v*"]
jobs:
  rel:
    if: startsWith(github.ref, 'refs/tags/')
    steps:
      - run: goreleaser release --clean
`}, []string{"GitHub Actions r [tags]", "  rel tags does=build"}},
		{"github reusable workflow is a library", map[string]string{
			".github/workflows/main.yml": "on: push\njobs:\n  call:\n    uses: ./.github/workflows/lib.yml\n",
			".github/workflows/lib.yml":  "on: workflow_call\njobs:\n  t:\n    steps:\n      - run: pytest\n",
		}, []string{"GitHub Actions lib [call] library", "  t does=test", "GitHub Actions main [push]", "  call does=test"}},
		{"gitlab extends, stages, rules, only, anchors, !reference", map[string]string{".gitlab-ci.yml": `
stages: [build, test, deploy]
.base: &base
  image: node:20
  before_script: [npm ci]
.scripts:
  lint: [npx eslint .]
build:
  <<: *base
  stage: build
  script: [npm run build]
lint:
  extends: .base
  stage: test
  script:
    - !reference [.scripts, lint]
deploy:
  stage: deploy
  script: [helm upgrade --install app chart]
  environment: production
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
      when: manual
    - when: never
review:
  stage: deploy
  script: [helm upgrade --install r chart]
  only: [merge_requests]
`}, []string{
			"GitLab CI GitLab CI [push implicit]",
			"  build does=build",
			"  lint does=lint",
			"  deploy manual env=production does=deploy",
			"  review pr does=deploy",
		}},
		{"circleci workflow with approval and filters", map[string]string{".circleci/config.yml": `
version: 2.1
commands:
  unit:
    steps:
      - run: go test ./...
jobs:
  test:
    docker: [{image: cimg/go:1.22}]
    steps: [checkout, unit]
  deploy:
    docker: [{image: cimg/base:stable}]
    steps:
      - run: helm upgrade --install app chart
workflows:
  main:
    jobs:
      - test
      - hold: {type: approval, requires: [test]}
      - deploy:
          requires: [hold]
          context: [prod-aws]
          filters: {branches: {only: [main]}}
  nightly:
    triggers:
      - schedule: {cron: "0 0 * * *", filters: {branches: {only: main}}}
    jobs: [test]
`}, []string{
			"CircleCI main [push implicit]",
			"  test does=test",
			"  hold needs=test manual",
			"  deploy needs=hold branches=main does=deploy",
			"CircleCI nightly [schedule]",
			"  test does=test",
		}},
		{"azure stages, deployment job, templates", map[string]string{
			"azure-pipelines.yml": `
trigger:
  branches:
    include: [main]
pr: none
stages:
  - stage: CI
    jobs:
      - template: ci/jobs.yml
  - stage: Prod
    condition: and(succeeded(), eq(variables['Build.SourceBranch'], 'refs/heads/main'))
    jobs:
      - deployment: api
        environment: production.api
        strategy:
          runOnce:
            deploy:
              steps:
                - task: KubernetesManifest@1
                  inputs: {action: deploy, manifests: k8s/*.yaml}
`,
			"ci/jobs.yml": "jobs:\n  - job: test\n    steps:\n      - script: pytest\n      - task: Maven@4\n        inputs: {goals: verify}\n",
		}, []string{
			"Azure Pipelines azure-pipelines.yml [push branches=main]",
			"  CI / test does=build,test",
			"  Prod / api needs=CI / test branches=main env=production does=deploy",
		}},
		{"azure release pipeline triggered by a build pipeline", map[string]string{".azure-pipelines/release.yml": `
trigger: none
pr: none
resources:
  pipelines:
    - pipeline: build
      source: orders-ci
      trigger:
        branches:
          include: [main]
jobs:
  - deployment: prod
    environment: production
    strategy:
      runOnce:
        deploy:
          steps:
            - script: az webapp deploy --name orders --src-path app.zip
`}, []string{
			"Azure Pipelines .azure-pipelines/release.yml [push branches=main]",
			"  prod env=production does=deploy",
		}},
		{"jenkins declarative with when and input", map[string]string{"Jenkinsfile": `
pipeline {
  agent any
  triggers { cron('H 2 * * *') }
  stages {
    stage('Checks') {
      parallel {
        stage('Unit') { steps { sh "go test ./..." } }
        stage('Lint') { steps { sh 'golangci-lint run' } }
      }
    }
    stage('Deploy') {
      when { anyOf { branch 'main'; branch 'release/*' } }
      input { message 'Ship it?' }
      steps {
        sh """
          helm upgrade --install app chart \
            --namespace prod
        """
      }
    }
  }
}
`}, []string{
			"Jenkins Jenkinsfile [push schedule implicit]",
			"  Unit does=test",
			"  Lint does=lint",
			"  Deploy needs=Unit,Lint branches=main,release/* manual does=deploy",
		}},
		{"jenkins scripted", map[string]string{"ci/release.jenkinsfile": `
node('linux') {
  stage('Build') {
    checkout scm
    sh 'make build'
  }
  if (env.BRANCH_NAME == 'master') {
    stage('Publish') {
      docker.build("acme/app:${env.BUILD_ID}").push()
      sh 'kubectl set image deployment/app app=acme/app:${BUILD_ID}'
    }
  }
}
`}, []string{
			"Jenkins release [push implicit]",
			"  Build does=build",
			"  Publish needs=Build branches=master does=deploy",
		}},
		{"codebuild, bitbucket, buildkite, drone", map[string]string{
			"buildspec.yml": "version: 0.2\nphases:\n  build:\n    commands: [mvn -B verify]\n  post_build:\n    commands: [aws ecs update-service --cluster c --service s --force-new-deployment]\n",
			"bitbucket-pipelines.yml": `
pipelines:
  branches:
    main:
      - step: {name: Test, script: [npm test]}
      - step: {name: Prod, deployment: production, trigger: manual, script: [{pipe: "atlassian/aws-ecs-deploy:1.6.0"}]}
  custom:
    hotfix:
      - step: {name: Hotfix, script: [make deploy]}
`,
			".buildkite/pipeline.yml": "steps:\n  - command: pytest\n  - block: Release?\n  - command: terraform apply -auto-approve\n    branches: main\n",
			".drone.yml":              "kind: pipeline\nname: ci\ntrigger:\n  branch: [main]\n  event: [push]\nsteps:\n  - name: test\n    image: golang\n    commands: [go test ./...]\n  - name: ecr\n    image: plugins/ecr\n",
		}, []string{
			"Buildkite .buildkite/pipeline.yml [push pr implicit]",
			"  step 1 does=test",
			"  Release? needs=step 1 manual",
			"  step 3 needs=Release? branches=main does=deploy",
			"Drone ci [push branches=main]",
			"  test does=test",
			"  ecr needs=test does=image",
			"Bitbucket Pipelines branches main [push branches=main]",
			"  Test does=test",
			"  Prod needs=Test manual env=production does=deploy",
			"Bitbucket Pipelines custom hotfix [manual]",
			"  Hotfix does=deploy",
			"AWS CodeBuild buildspec.yml [implicit]",
			"  build does=build,deploy,test",
		}},
		{"tekton and argo", map[string]string{
			"tekton/pipeline.yaml": `
apiVersion: tekton.dev/v1
kind: Task
metadata: {name: unit}
spec:
  steps:
    - name: t
      image: python:3.12
      command: [pytest]
---
apiVersion: tekton.dev/v1
kind: Pipeline
metadata: {name: ci}
spec:
  tasks:
    - name: unit
      taskRef: {name: unit}
    - name: deploy
      runAfter: [unit]
      taskRef: {name: argocd-task-sync-and-wait}
`,
			"argo/cron.yaml": `
apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata: {name: rebuild}
spec:
  schedule: "0 0 * * *"
  workflowSpec:
    entrypoint: main
    templates:
      - name: main
        steps:
          - - name: build
              template: build
          - - name: approve
              template: approve
      - name: build
        container: {image: gcr.io/kaniko-project/executor, args: ["--destination=x"]}
      - name: approve
        suspend: {}
`,
		}, []string{
			"Argo Workflows rebuild [schedule]",
			"  build does=image",
			"  approve needs=build manual",
			"Tekton ci [implicit]",
			"  unit does=test",
			"  deploy needs=unit does=deploy",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tree := testTree(t, tc.files)
			var got []string
			for _, p := range ciModelOf(tree).Pipelines {
				line := fmt.Sprintf("%s %s [%s]", p.System, p.Name, ciDescribeTriggers(p.Triggers))
				if p.Library {
					line += " library"
				}
				got = append(got, line)
				for _, j := range p.Jobs {
					got = append(got, "  "+ciDescribeJob(j))
				}
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("model differs\n--- got\n%s\n--- want\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			if w := tree.Warnings(); len(w) > 0 {
				t.Errorf("unexpected warnings: %v", w)
			}
		})
	}
}
