package evidence

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// The repository itself is the evidence for version control (OPS05-BP01):
// a git work tree whose history holds more than one commit. A single commit
// (an import, a fresh copy) shows the tool but not yet the practice of
// recording changes, so it is partial; a directory outside git or a
// repository without commits has no trace.

func init() {
	register(Detector{Name: "repo", Run: detectRepo})
}

func detectRepo(ctx context.Context, t *Tree) []Hit {
	if !t.Git || t.Commit == "" {
		return nil
	}
	out, err := gitOutput(ctx, t.Dir, "rev-list", "--count", "HEAD")
	if err != nil {
		t.Warn("", "could not count commits: %s", firstLine(err.Error()))
		return nil
	}
	count, err := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil || count < 1 {
		return nil
	}
	date := ""
	if out, err := gitOutput(ctx, t.Dir, "log", "-1", "--format=%cs", "HEAD"); err == nil {
		date = strings.TrimSpace(string(out))
	}
	// Strong once the history shows more than one change. A shallow clone
	// with one commit hides the rest of its history: the tool is in use,
	// the count proves nothing more.
	conf := Partial
	if count > 1 {
		conf = Strong
	}
	return []Hit{{Practice: "OPS05-BP01", Confidence: conf, Proof: Proof{Summary: repoSummary(count, t.Branch, date, t.Shallow)}}}
}

// repoSummary says what the history shows, e.g. "The repository is under
// git with 245 commits on branch main, the latest committed 2026-05-30."
func repoSummary(count int, branch, date string, shallow bool) string {
	commits := "1 commit"
	if count != 1 {
		commits = fmt.Sprintf("%d commits", count)
	}
	where := ""
	if branch != "" {
		where = " on branch " + branch
	}
	latest := ""
	if date != "" {
		latest = ", the latest committed " + date
		if count == 1 {
			latest = ", committed " + date
		}
	}
	s := fmt.Sprintf("The repository is under git with %s%s%s", commits, where, latest)
	if shallow {
		s += " (a shallow clone: older commits were not fetched, so the count is a lower bound)"
	} else if count == 1 {
		s += "; one commit does not yet show changes being recorded over time"
	}
	return s + "."
}
