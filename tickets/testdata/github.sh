#!/bin/sh
# 17 ticket(s) from the improvement plan of workload payments, by opslens v1.0.0-test on 2026-11-24.
# Run it in a clone of the repository (or with GH_REPO=owner/name) after
# 'gh auth login'. An issue is created only if none carries its opslens key.
set -eu

file() {
	key=$1
	shift
	found=$(gh issue list --state all --search "\"$key\" in:body" --json number --jq length)
	if [ "$found" != 0 ]; then
		echo "already filed: $key"
		return 0
	fi
	gh issue create "$@" --body-file -
}

gh label create 'opslens' --color ededed --force >/dev/null
gh label create 'risk:high' --color b60205 --force >/dev/null
gh label create 'OPS08' --color ededed --force >/dev/null
gh label create 'risk:medium' --color fbca04 --force >/dev/null
gh label create 'OPS01' --color ededed --force >/dev/null
gh label create 'OPS05' --color ededed --force >/dev/null

file 'opslens:1:operational-excellence:OPS08_BP02' --title 'OPS08-BP02 Define workload metrics (payments)' --label 'opslens' --label 'risk:high' --label 'OPS08' <<'OPSLENS_TICKET_1'
- Workload: payments
- Question: OPS08 How do you utilize workload observability in your organization?
- Question risk: high
- Highest practice level: high

### OPS08-BP02 Define workload metrics

Risk level while it is missing: high.

Choose the concrete metrics that feed each KPI (orders placed, carts abandoned, cost) and those that describe the technical health of each component (latency, error rate, throughput, saturation). Check that the formulas are correct and that health means more than simply up or down.

Steps:

1. Map each KPI to the metrics required to calculate it.
2. Define health metrics per component: request rate, errors, latency percentiles and saturation.
3. Instrument code with a standard library such as OpenTelemetry, a Prometheus client or CloudWatch custom metrics.
4. Where code cannot be instrumented, derive metrics from logs with metric filters or recording rules.
5. Have peers review metric definitions and test them against data with known answers.

[Open the question in opslens](https://opslens.example.com/workloads/1/lenses/operational-excellence/questions/OPS08)

opslens key: `opslens:1:operational-excellence:OPS08_BP02`
OPSLENS_TICKET_1

file 'opslens:1:operational-excellence:OPS08_BP03' --title 'OPS08-BP03 Collect and analyze workload metrics (payments)' --label 'opslens' --label 'risk:high' --label 'OPS08' <<'OPSLENS_TICKET_2'
- Workload: payments
- Question: OPS08 How do you utilize workload observability in your organization?
- Question risk: high
- Highest practice level: high

### OPS08-BP03 Collect and analyze workload metrics

Risk level while it is missing: high.

Gather metrics and logs from every component into a central place and review them on a schedule, looking at trends over time rather than single readings. Trends expose slow degradation, rising error counts and capacity pressure well before they turn into outages.

Steps:

1. Ship metrics and logs from all components to a central store (Prometheus with Thanos, Elastic, CloudWatch, etc.).
2. Set retention long enough to reveal seasonal and long-term trends.
3. Ingest your providers' health and status events into the same view.
4. Hold a scheduled metrics review with a fixed agenda and record the actions it produces.
5. Use trend queries and, where useful, ML-based analysis to highlight metrics that are drifting.

[Open the question in opslens](https://opslens.example.com/workloads/1/lenses/operational-excellence/questions/OPS08)

opslens key: `opslens:1:operational-excellence:OPS08_BP03`
OPSLENS_TICKET_2

file 'opslens:1:operational-excellence:OPS01_BP06' --title 'OPS01-BP06 Evaluate tradeoffs (payments)' --label 'opslens' --label 'risk:medium' --label 'OPS01' <<'OPSLENS_TICKET_3'
- Workload: payments
- Question: OPS01 How do you determine what your priorities are?
- Question risk: medium
- Highest practice level: medium

### OPS01-BP06 Evaluate tradeoffs

Risk level while it is missing: medium.

Most operational decisions trade one good thing for another: speed to market against cost, a quick lift-and-shift against a better-fitting data store, new features against compliance work. Make those tradeoffs explicit and weigh them deliberately instead of letting defaults or habit decide.

Steps:

1. Adopt a lightweight decision record template with options, pros and cons, and the chosen path.
2. For each major choice, state which priority (cost, speed, reliability, security, compliance) you are favouring and why.
3. Give teams time and access to vendor docs, training and internal experts so they know the alternatives.
4. Set a review trigger or date on each decision and revisit it when the context changes.

[Open the question in opslens](https://opslens.example.com/workloads/1/lenses/operational-excellence/questions/OPS01)

opslens key: `opslens:1:operational-excellence:OPS01_BP06`
OPSLENS_TICKET_3

file 'opslens:1:operational-excellence:OPS05_BP03' --title 'OPS05-BP03 Use configuration management systems (payments)' --label 'opslens' --label 'risk:medium' --label 'OPS05' <<'OPSLENS_TICKET_4'
- Workload: payments
- Question: OPS05 How do you reduce defects, ease remediation, and improve flow into production?
- Question risk: medium
- Highest practice level: medium

### OPS05-BP03 Use configuration management systems

Risk level while it is missing: medium.

Manage both static settings (set once at build or provision time) and dynamic settings (feature flags, log levels, limits changed at runtime) through tools that apply them consistently and keep history. Combine this with drift detection and a change calendar so changes are visible, auditable and timed around business events.

Steps:

1. Declare host, container and cloud resource configuration in a configuration management or IaC tool.
2. Move runtime-tunable settings (feature flags, log levels, thresholds) into a managed config service with audit history.
3. Enable drift detection and alert when live state differs from the declared state.
4. Keep a change calendar that blocks or flags changes around peak business events.

What a repository scan found:

- partial evidence in https://git.example.com/acme/payments.git, deploy/values.yaml:3: Helm values set the image tag per environment.

[Open the question in opslens](https://opslens.example.com/workloads/1/lenses/operational-excellence/questions/OPS05)

opslens key: `opslens:1:operational-excellence:OPS05_BP03`
OPSLENS_TICKET_4

file 'opslens:1:operational-excellence:OPS05_BP04' --title 'OPS05-BP04 Use build and deployment management systems (payments)' --label 'opslens' --label 'risk:medium' --label 'OPS05' <<'OPSLENS_TICKET_5'
- Workload: payments
- Question: OPS05 How do you reduce defects, ease remediation, and improve flow into production?
- Question risk: medium
- Highest practice level: medium

### OPS05-BP04 Use build and deployment management systems

Risk level while it is missing: medium.

Build artifacts and deploy them with a dedicated system instead of by hand. A pipeline produces the same artifact from the same source every time, records what was built and where it went, and removes the missed steps and missing files that manual builds invite.

Steps:

1. Define the build in code (pipeline file, Dockerfile, Makefile) and run it only on managed CI runners.
2. Pin dependency versions and use lock files so builds are reproducible.
3. Publish immutable, versioned artifacts to a registry and deploy only from there.
4. Script each deployment stage so the pipeline, not a person, performs the release.

[Open the question in opslens](https://opslens.example.com/workloads/1/lenses/operational-excellence/questions/OPS05)

opslens key: `opslens:1:operational-excellence:OPS05_BP04`
OPSLENS_TICKET_5

file 'opslens:1:operational-excellence:OPS05_BP05' --title 'OPS05-BP05 Perform patch management (payments)' --label 'opslens' --label 'risk:medium' --label 'OPS05' <<'OPSLENS_TICKET_6'
- Workload: payments
- Question: OPS05 How do you reduce defects, ease remediation, and improve flow into production?
- Question risk: medium
- Highest practice level: medium

### OPS05-BP05 Perform patch management

Risk level while it is missing: medium.

Keep operating systems, base images, runtimes, libraries and third-party software current through a defined and mostly automated process. Where possible rebuild immutable images with patches rather than patching live hosts, and always test updates outside production before rollout.

Steps:

1. Write a patch policy with target timelines by severity and the environments patches must pass through.
2. Enable automated dependency and image update tooling (Dependabot, Renovate or similar) on every repo.
3. Rebuild golden images or container base images on a schedule and redeploy rather than patching in place.
4. Scan images and hosts for known vulnerabilities and report patch compliance regularly.
5. Announce maintenance windows for shared environments before patches are applied.

[Open the question in opslens](https://opslens.example.com/workloads/1/lenses/operational-excellence/questions/OPS05)

opslens key: `opslens:1:operational-excellence:OPS05_BP05`
OPSLENS_TICKET_6

file 'opslens:1:operational-excellence:OPS05_BP06' --title 'OPS05-BP06 Share design standards (payments)' --label 'opslens' --label 'risk:medium' --label 'OPS05' <<'OPSLENS_TICKET_7'
- Workload: payments
- Question: OPS05 How do you reduce defects, ease remediation, and improve flow into production?
- Question risk: medium
- Highest practice level: medium

### OPS05-BP06 Share design standards

Risk level while it is missing: medium.

Publish the patterns, templates, libraries and checklists that teams should reuse, such as common authentication, logging or UI components, so that every team does not solve the same problem differently. Pair this with a clear way to propose changes to the standards or request an exception.

Steps:

1. Identify repeated solutions across teams and pick the best one as a shared module or template.
2. Publish shared modules, templates and guidelines in a central versioned location with named owners.
3. Notify consuming teams when standards or shared components change.
4. Create a lightweight request process for additions, changes and exceptions to standards.

[Open the question in opslens](https://opslens.example.com/workloads/1/lenses/operational-excellence/questions/OPS05)

opslens key: `opslens:1:operational-excellence:OPS05_BP06`
OPSLENS_TICKET_7

file 'opslens:1:operational-excellence:OPS05_BP07' --title 'OPS05-BP07 Implement practices to improve code quality (payments)' --label 'opslens' --label 'risk:medium' --label 'OPS05' <<'OPSLENS_TICKET_8'
- Workload: payments
- Question: OPS05 How do you reduce defects, ease remediation, and improve flow into production?
- Question risk: medium
- Highest practice level: medium

### OPS05-BP07 Implement practices to improve code quality

Risk level while it is missing: medium.

Use engineering practices that stop defects before they are merged: peer review, pair programming, test-driven development, agreed coding standards, linters and static analysis. Quality becomes a routine part of writing code rather than an inspection at the end.

Steps:

1. Require at least one reviewer on every change and define what reviewers check.
2. Add linters, formatters and static or security analysis to the pipeline and fail builds on new issues.
3. Write tests first for bug fixes and risky logic, and track coverage trends for critical modules.
4. Document coding standards and revisit them when reviews keep finding the same issue.

[Open the question in opslens](https://opslens.example.com/workloads/1/lenses/operational-excellence/questions/OPS05)

opslens key: `opslens:1:operational-excellence:OPS05_BP07`
OPSLENS_TICKET_8

file 'opslens:1:operational-excellence:OPS05_BP08' --title 'OPS05-BP08 Use multiple environments (payments)' --label 'opslens' --label 'risk:medium' --label 'OPS05' <<'OPSLENS_TICKET_9'
- Workload: payments
- Question: OPS05 How do you reduce defects, ease remediation, and improve flow into production?
- Question risk: medium
- Highest practice level: medium

### OPS05-BP08 Use multiple environments

Risk level while it is missing: medium.

Provide separate environments for experimentation, development, testing and production, with stricter controls the closer an environment is to production. Build them from the same code so pre-production behaves like production, and turn off idle ones to save money.

Steps:

1. Define the environment tiers you need (sandbox, dev, test or staging, production) and the controls for each.
2. Create all tiers from the same IaC with parameters, not hand-built copies.
3. Give developers isolated or ephemeral environments, for example one per pull request.
4. Stand up a production-scale environment for load and resilience tests when needed.
5. Schedule non-production environments to stop when not in use.

[Open the question in opslens](https://opslens.example.com/workloads/1/lenses/operational-excellence/questions/OPS05)

opslens key: `opslens:1:operational-excellence:OPS05_BP08`
OPSLENS_TICKET_9

file 'opslens:1:operational-excellence:OPS08_BP04' --title 'OPS08-BP04 Establish workload metrics baselines (payments)' --label 'opslens' --label 'risk:high' --label 'OPS08' <<'OPSLENS_TICKET_10'
- Workload: payments
- Question: OPS08 How do you utilize workload observability in your organization?
- Question risk: high
- Highest practice level: medium

### OPS08-BP04 Establish workload metrics baselines

Risk level while it is missing: medium.

Record what normal looks like for key metrics so that a current reading can be judged as fine, degraded or exceptional. Baselines give you the points at which to look for improvement, start an investigation or intervene.

Steps:

1. Pick the metrics that matter most for KPIs and component health.
2. Analyse several weeks of history to find typical ranges by hour of day and day of week.
3. Document the baselines and derive thresholds for improvement, investigation and intervention.
4. Re-baseline after significant releases, architecture changes or changes in traffic.

[Open the question in opslens](https://opslens.example.com/workloads/1/lenses/operational-excellence/questions/OPS08)

opslens key: `opslens:1:operational-excellence:OPS08_BP04`
OPSLENS_TICKET_10

file 'opslens:1:operational-excellence:OPS08_BP05' --title 'OPS08-BP05 Learn expected patterns of activity for workload (payments)' --label 'opslens' --label 'risk:high' --label 'OPS08' <<'OPSLENS_TICKET_11'
- Workload: payments
- Question: OPS08 How do you utilize workload observability in your organization?
- Question risk: high
- Highest practice level: medium

### OPS08-BP05 Learn expected patterns of activity for workload

Risk level while it is missing: medium.

Understand the regular rhythm of the workload: daily peaks, weekly cycles, batch jobs, scheduled restarts. Once the normal shape is known, unusual behaviour stands out. Statistical or ML-based anomaly detection can help learn these patterns.

Steps:

1. Review several weeks of metrics to find daily, weekly and seasonal cycles.
2. List scheduled jobs, batch windows and planned restarts, and annotate them on dashboards.
3. Turn on anomaly detection bands in your monitoring tool (Datadog, Grafana, CloudWatch Anomaly Detection, etc.).
4. Describe normal behaviour briefly in the service documentation for new team members.

[Open the question in opslens](https://opslens.example.com/workloads/1/lenses/operational-excellence/questions/OPS08)

opslens key: `opslens:1:operational-excellence:OPS08_BP05`
OPSLENS_TICKET_11

file 'opslens:1:operational-excellence:OPS08_BP06' --title 'OPS08-BP06 Alert when workload outcomes are at risk (payments)' --label 'opslens' --label 'risk:high' --label 'OPS08' <<'OPSLENS_TICKET_12'
- Workload: payments
- Question: OPS08 How do you utilize workload observability in your organization?
- Question risk: high
- Highest practice level: medium

### OPS08-BP06 Alert when workload outcomes are at risk

Risk level while it is missing: medium.

Alert as soon as a business or customer outcome is threatened, not only when a host dies. Alerts rest on thresholds or events chosen in advance, reach someone who can act, and where possible start an automated response.

Steps:

1. For each KPI, define the condition that means its outcome is at risk.
2. Alert on user-facing symptoms, such as SLO burn rate and synthetic canaries on critical paths.
3. Route alerts to the owning team with severity, context and a runbook link.
4. Automate the response for conditions whose fix is well understood.
5. Test alerts regularly, for example in game days, to confirm they fire and reach a person.

[Open the question in opslens](https://opslens.example.com/workloads/1/lenses/operational-excellence/questions/OPS08)

opslens key: `opslens:1:operational-excellence:OPS08_BP06`
OPSLENS_TICKET_12

file 'opslens:1:operational-excellence:OPS01_BP07' --title 'OPS01-BP07 Manage benefits and risks (payments)' --label 'opslens' --label 'risk:medium' --label 'OPS01' <<'OPSLENS_TICKET_13'
- Workload: payments
- Question: OPS01 How do you determine what your priorities are?
- Question risk: medium
- Highest practice level: low

### OPS01-BP07 Manage benefits and risks

Risk level while it is missing: low.

When deciding where to put effort, weigh the value a choice brings against the risks it introduces, and decide which risks you will accept, reduce or remove. Shipping with known issues can be right if the benefit is large and the risk understood; over time, keep a balance so capability building and risk reduction both get attention.

Steps:

1. For each significant decision, list the expected benefits (time to market, revenue, reliability, cost) and the risks.
2. Estimate each risk's likelihood and cost of impact, and compare it with the value of the benefit.
3. Record accepted risks with an owner, rationale and expiry or review date.
4. Plan mitigations for the risks you will not accept, and track them to completion.
5. Review the balance of feature work versus risk reduction each planning cycle.

[Open the question in opslens](https://opslens.example.com/workloads/1/lenses/operational-excellence/questions/OPS01)

opslens key: `opslens:1:operational-excellence:OPS01_BP07`
OPSLENS_TICKET_13

file 'opslens:1:operational-excellence:OPS05_BP09' --title 'OPS05-BP09 Make frequent, small, reversible changes (payments)' --label 'opslens' --label 'risk:medium' --label 'OPS05' <<'OPSLENS_TICKET_14'
- Workload: payments
- Question: OPS05 How do you reduce defects, ease remediation, and improve flow into production?
- Question risk: medium
- Highest practice level: low

### OPS05-BP09 Make frequent, small, reversible changes

Risk level while it is missing: low.

Ship many small changes rather than a few big ones, and design each one so it can be undone. Small changes limit the blast radius, make the cause of a problem obvious, and get value to users sooner.

Steps:

1. Set a team norm for pull request size and merge to main at least daily.
2. Use feature flags to separate deploying code from releasing functionality.
3. Make database migrations backward-compatible using expand-and-contract steps.
4. Track deployment frequency and change size and review them in retrospectives.

[Open the question in opslens](https://opslens.example.com/workloads/1/lenses/operational-excellence/questions/OPS05)

opslens key: `opslens:1:operational-excellence:OPS05_BP09`
OPSLENS_TICKET_14

file 'opslens:1:operational-excellence:OPS05_BP10' --title 'OPS05-BP10 Fully automate integration and deployment (payments)' --label 'opslens' --label 'risk:medium' --label 'OPS05' <<'OPSLENS_TICKET_15'
- Workload: payments
- Question: OPS05 How do you reduce defects, ease remediation, and improve flow into production?
- Question risk: medium
- Highest practice level: low

### OPS05-BP10 Fully automate integration and deployment

Risk level while it is missing: low.

Automate the whole path from commit to production: build, test, deploy and post-deploy checks run without manual hand-offs. Apply consistent tags or labels to resources so automation can find and act on them. This cuts lead time and removes errors made by people repeating steps.

Steps:

1. Map the current path from commit to production and mark every manual step.
2. Automate the manual steps one at a time, starting with the most frequent or error-prone.
3. Turn required approvals into pipeline gates with audit records instead of emails or tickets.
4. Define a tagging standard and enforce it in IaC so automation can target resources reliably.

[Open the question in opslens](https://opslens.example.com/workloads/1/lenses/operational-excellence/questions/OPS05)

opslens key: `opslens:1:operational-excellence:OPS05_BP10`
OPSLENS_TICKET_15

file 'opslens:1:operational-excellence:OPS08_BP07' --title 'OPS08-BP07 Alert when workload anomalies are detected (payments)' --label 'opslens' --label 'risk:high' --label 'OPS08' <<'OPSLENS_TICKET_16'
- Workload: payments
- Question: OPS08 How do you utilize workload observability in your organization?
- Question risk: high
- Highest practice level: low

### OPS08-BP07 Alert when workload anomalies are detected

Risk level while it is missing: low.

Alert when the workload moves away from its learned normal pattern, even if no fixed threshold is crossed. Anomalies such as a sudden sales surge or an unusual reboot count often come before outcome impact and deserve a look.

Steps:

1. Choose metrics with stable, learned patterns as candidates for anomaly alerts.
2. Configure anomaly alerts with sensible bands and minimum durations to limit noise.
3. Send anomaly alerts to a triage channel with a clear owner and response expectation.
4. Review anomaly alerts periodically, tune noisy ones and promote useful ones.

[Open the question in opslens](https://opslens.example.com/workloads/1/lenses/operational-excellence/questions/OPS08)

opslens key: `opslens:1:operational-excellence:OPS08_BP07`
OPSLENS_TICKET_16

file 'opslens:1:operational-excellence:OPS08_BP08' --title 'OPS08-BP08 Validate the achievement of outcomes and the effectiveness of KPIs and metrics (payments)' --label 'opslens' --label 'risk:high' --label 'OPS08' <<'OPSLENS_TICKET_17'
- Workload: payments
- Question: OPS08 How do you utilize workload observability in your organization?
- Question risk: high
- Highest practice level: low

### OPS08-BP08 Validate the achievement of outcomes and the effectiveness of KPIs and metrics

Risk level while it is missing: low.

Periodically step back and check, from a business view, whether the workload meets its goals and whether the KPIs and metrics still measure the right things. Add, change or retire metrics when they stop reflecting what customers and the business care about.

Steps:

1. Build a business-level dashboard that combines KPIs, targets and trends.
2. Schedule a recurring review with business and technical owners.
3. For each KPI and metric, ask whether it is accurate, still relevant and driving the right decisions.
4. Record the changes agreed and apply them to dashboards, SLOs and alerts in code.

[Open the question in opslens](https://opslens.example.com/workloads/1/lenses/operational-excellence/questions/OPS08)

opslens key: `opslens:1:operational-excellence:OPS08_BP08`
OPSLENS_TICKET_17
