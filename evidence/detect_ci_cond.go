package evidence

import (
	"regexp"
	"strings"
)

// Reading conditions: GitHub `if:` expressions, GitLab `rules: if:`, Azure
// `condition:`, Jenkins `when { expression }` all compare the same few
// things (the branch, the event, the tag). We only read those comparisons;
// nothing is evaluated.

var (
	ciCondBranchEq = []*regexp.Regexp{
		regexp.MustCompile(`(?:github\.ref|GITHUB_REF|Build\.SourceBranch'?\]?|SourceBranch|CI_COMMIT_REF|GIT_BRANCH|BRANCH_NAME|BUILDKITE_BRANCH|DRONE_BRANCH|CIRCLE_BRANCH|BITBUCKET_BRANCH)[\w.'\]\[]*\s*(?:==|,|===)\s*["']refs/heads/([\w./*-]+)["']`),
		regexp.MustCompile(`eq\(\s*variables\[?'?Build\.SourceBranch'?\]?\s*,\s*'refs/heads/([\w./*-]+)'`),
		regexp.MustCompile(`(?:github\.ref_name|GITHUB_REF_NAME|github\.base_ref|CI_COMMIT_BRANCH|CI_COMMIT_REF_NAME|CI_COMMIT_REF_SLUG|BRANCH_NAME|GIT_BRANCH|BUILDKITE_BRANCH|DRONE_BRANCH|CIRCLE_BRANCH|BITBUCKET_BRANCH|build\.branch|SourceBranchName'?\]?)\s*(?:==|===|,)\s*["'](?:origin/)?([\w./*-]+)["']`),
	}
	ciCondDefault = regexp.MustCompile(`(?:CI_COMMIT_BRANCH|CI_COMMIT_REF_NAME)\s*==\s*\$\{?CI_DEFAULT_BRANCH|CI_DEFAULT_BRANCH\}?\s*==\s*\$\{?CI_COMMIT_(?:BRANCH|REF_NAME)|github\.event\.repository\.default_branch|BUILDKITE_PIPELINE_DEFAULT_BRANCH`)
	ciCondRegex   = regexp.MustCompile(`(?:CI_COMMIT_BRANCH|CI_COMMIT_REF_NAME)\s*=~\s*(/[^/]+/)`)
	ciCondTags    = regexp.MustCompile(`startsWith\(\s*(?:github\.ref|variables\['Build\.SourceBranch'\])\s*,\s*'refs/tags/|github\.ref_type\s*==\s*'tag'|^\s*\$CI_COMMIT_TAG\s*$|\$CI_COMMIT_TAG\s*(?:!=\s*null|=~)|github\.event_name\s*==\s*'release'|buildingTag\(\)|\bTAG_NAME\b`)
	ciCondPR      = regexp.MustCompile(`github\.event_name\s*==\s*'pull_request(?:_target)?'|CI_PIPELINE_SOURCE\s*==\s*["']merge_request_event["']|Build\.Reason'?\]?\s*,\s*'PullRequest'\)|CHANGE_ID|changeRequest\(\)|CI_MERGE_REQUEST_IID`)
	ciCondSched   = regexp.MustCompile(`github\.event_name\s*==\s*'schedule'|CI_PIPELINE_SOURCE\s*==\s*["']schedule["']|Build\.Reason'?\]?\s*,\s*'Schedule'\)`)
	ciCondManual  = regexp.MustCompile(`github\.event_name\s*==\s*'workflow_dispatch'|CI_PIPELINE_SOURCE\s*==\s*["']web["']|Build\.Reason'?\]?\s*,\s*'Manual'\)`)
	ciCondFailure = regexp.MustCompile(`(^|[^\w.])(failure|failed)\(\)`)
	ciCondNegPR   = regexp.MustCompile(`ne\(\s*variables\[?'?Build\.Reason'?\]?\s*,\s*'PullRequest'\)`)
)

// ciParseCond reads what a condition says about branches and events.
// Alternatives (||, or(…)) only contribute branch names, since any of
// them may hold.
func ciParseCond(text string) ciCond {
	var c ciCond
	if strings.TrimSpace(text) == "" {
		return c
	}
	for _, re := range ciCondBranchEq {
		for _, m := range re.FindAllStringSubmatch(text, -1) {
			c.Branches = ciAddUnique(c.Branches, m[1])
		}
	}
	if ciCondDefault.MatchString(text) {
		c.Branches = ciAddUnique(c.Branches, "$default")
	}
	for _, m := range ciCondRegex.FindAllStringSubmatch(text, -1) {
		c.Branches = ciAddUnique(c.Branches, m[1])
	}
	c.OnFailure = ciCondFailure.MatchString(text) && !strings.Contains(text, "!failure()") && !strings.Contains(text, "not(failed())")
	if strings.Contains(text, "||") || strings.Contains(text, "or(") {
		return c
	}
	c.TagsOnly = ciCondTags.MatchString(text) && len(c.Branches) == 0
	c.PROnly = ciCondPR.MatchString(text) && !ciCondNegPR.MatchString(text) && !strings.Contains(text, "!=")
	c.Schedule = ciCondSched.MatchString(text)
	c.ManualOnly = ciCondManual.MatchString(text)
	return c
}
