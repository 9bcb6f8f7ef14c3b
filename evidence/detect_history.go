package evidence

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"time"
)

// History figures prove two practices: OPS05-BP09 (small, frequent,
// reversible changes) from change size and frequency, and OPS06-BP06 (the
// same for deployments) when, in addition, something shows that a deploy
// follows merges.
const (
	practiceSmallChanges   = "OPS05-BP09"
	practiceSmallDeploys   = "OPS06-BP06"
	smallChangeMaxLines    = 200 // median changed lines per non-merge commit
	frequentChangesPerWeek = 1.0 // non-merge commits per week, on average
	releaseTagsForDeploys  = 2   // release tags in the window that show a cadence
	// A history shorter than four weeks with fewer than ten changes says
	// nothing yet about how a team works: a new repository's first
	// commits are neither frequent nor rare.
	minHistoryDays    = 28
	minHistoryChanges = 10
)

// deployFollowsMerge, when set (by the CI family, from its pipeline model),
// reports a pipeline that deploys after merges to the default branch, with
// the proof to show. Release tags at a cadence are the fallback signal.
var deployFollowsMerge func(t *Tree) (Proof, bool)

// One detector reports both practices. Two would each hold a slot of the
// scan's bounded detector pool while git log runs, and on a 2-core machine
// (a pool of two) would stall every file detector for the whole history
// read; one holds a single slot, and git runs beside the file detectors.
func init() {
	register(Detector{Name: "git-history", Run: detectHistory})
}

// historyProofPath is the path of history proofs. A history figure belongs
// to no file, but SARIF needs a location, and "." (the repository root)
// names the whole repository without pointing into .git.
const historyProofPath = "."

func detectHistory(ctx context.Context, t *Tree) []Hit {
	h := t.gitHistory(ctx)
	if h == nil {
		return nil
	}
	if h.AveragedOverDays < minHistoryDays && h.NonMergeCommits < minHistoryChanges {
		reason := fmt.Sprintf("the history is too short to judge: %d changes over %s days; the figures need %d days or %d changes",
			h.NonMergeCommits, fmtFloat(math.Round(h.AveragedOverDays)), minHistoryDays, minHistoryChanges)
		t.markUnknown(practiceSmallChanges, reason)
		t.markUnknown(practiceSmallDeploys, reason)
		return nil
	}
	return append(smallChangeHits(h), smallDeployHits(t, h)...)
}

// smallChangeHits judges OPS05-BP09: strong when changes are small and
// frequent in a recent window, partial when only one holds or the window
// is stale.
func smallChangeHits(h *History) []Hit {
	small, frequent := historyJudgement(h)
	if !small && !frequent {
		return nil
	}
	conf := Partial
	if small && frequent && !h.Stale {
		conf = Strong
	}
	return []Hit{{Practice: practiceSmallChanges, Confidence: conf, Proof: historyProof(h)}}
}

// smallDeployHits judges OPS06-BP06 on the same figures; strong also needs
// a sign that a deploy follows merges: a pipeline (deployFollowsMerge) or
// release tags at a cadence. A repository with neither a deploy nor any
// release tag gets no hit: nothing shows it is deployed at all.
func smallDeployHits(t *Tree, h *History) []Hit {
	small, frequent := historyJudgement(h)
	if !small && !frequent {
		return nil
	}
	var deploy *Proof
	if deployFollowsMerge != nil {
		if p, ok := deployFollowsMerge(t); ok {
			deploy = &p
		}
	}
	if deploy == nil && h.Tags == 0 && h.LatestTag == "" {
		// Nothing says this repository is ever deployed or released (a
		// library, a docs repository): its change figures are about
		// changes, not deployments, and OPS05-BP09 already reports them.
		return nil
	}
	conf := Partial
	if small && frequent && !h.Stale && (deploy != nil || h.Tags >= releaseTagsForDeploys) {
		conf = Strong
	}
	hits := []Hit{{Practice: practiceSmallDeploys, Confidence: conf, Proof: historyProof(h)}}
	if deploy != nil {
		hits = append(hits, Hit{Practice: practiceSmallDeploys, Confidence: conf, Proof: *deploy})
	}
	return hits
}

// historyJudgement says whether changes are small (median changed lines
// within smallChangeMaxLines) and frequent (at least one a week).
func historyJudgement(h *History) (small, frequent bool) {
	small = h.NonMergeCommits > 0 && h.MedianChangedLines <= smallChangeMaxLines
	frequent = h.ChangesPerWeek >= frequentChangesPerWeek
	return small, frequent
}

// historyProof states the figures in one sentence.
func historyProof(h *History) Proof {
	small, frequent := historyJudgement(h)
	var b strings.Builder
	switch {
	case small && frequent:
		b.WriteString("Small changes land often")
	case small:
		b.WriteString("Changes are small but land less than weekly")
	default:
		b.WriteString("Changes land often but are large")
	}
	date, _, _ := strings.Cut(h.NewestCommitDate, "T")
	fmt.Fprintf(&b, ": in the %d days up to the newest commit %s (%s, %s before the scan",
		h.WindowDays, shortHash(h.NewestCommit), date, plural(h.NewestCommitAgeDays, "day"))
	if h.Stale {
		b.WriteString(", so the figures describe past work")
	}
	fmt.Fprintf(&b, "), %s landed, %s a week", plural(h.Commits, "commit"), fmtFloat(h.ChangesPerWeek)+" "+pluralWord(h.ChangesPerWeek, "change"))
	if h.YoungerThanWindow {
		fmt.Fprintf(&b, " (averaged over %s, as the history is shorter than the window)", plural(int(h.AveragedOverDays+0.5), "day"))
	}
	fmt.Fprintf(&b, ", with a median of %s changed lines per non-merge commit", fmtFloat(h.MedianChangedLines))
	if h.BinaryFileChanges > 0 {
		fmt.Fprintf(&b, " (%s counted as 0 lines)", plural(h.BinaryFileChanges, "binary file change"))
	}
	branch := "HEAD's branch"
	if h.DefaultBranch != "" {
		branch = h.DefaultBranch
	}
	fmt.Fprintf(&b, ", %s to %s", plural(h.MergesToDefaultBranch, "merge"), branch)
	switch {
	case h.Tags >= 2:
		fmt.Fprintf(&b, " and %d release tags, one every %s days (latest %s).", h.Tags, fmtFloat(h.ReleaseCadenceDays), h.LatestTag)
	case h.Tags == 1:
		fmt.Fprintf(&b, " and one release tag (%s).", h.LatestTag)
	default:
		b.WriteString(" and no release tags.")
	}
	return Proof{Path: historyProofPath, Summary: b.String()}
}

func shortHash(h string) string { return h[:min(len(h), 12)] }

func fmtFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func pluralWord(n float64, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

func plural(n int, word string) string {
	return strconv.Itoa(n) + " " + pluralWord(float64(n), word)
}

// historyKind keys the history in the tree's cache, so that both detectors
// share one read of the history per tree.
const historyKind = "git-history"

// gitHistory returns the tree's history figures, reading them on first use,
// or nil after recording why they are unknown for both practices.
func (t *Tree) gitHistory(ctx context.Context) *History {
	t.mu.Lock()
	if t.cache == nil {
		t.cache = map[cacheKey]*cacheEntry{}
	}
	e, ok := t.cache[cacheKey{"", historyKind}]
	if !ok {
		e = &cacheEntry{}
		t.cache[cacheKey{"", historyKind}] = e
	}
	t.mu.Unlock()
	e.once.Do(func() {
		h, reason := t.readHistory(ctx)
		if h == nil {
			t.markUnknown(practiceSmallChanges, reason)
			t.markUnknown(practiceSmallDeploys, reason)
			return
		}
		e.val = h
		t.mu.Lock()
		t.history = h
		t.mu.Unlock()
	})
	h, _ := e.val.(*History)
	return h
}

// readHistory reads the figures, or says why they cannot be read.
func (t *Tree) readHistory(ctx context.Context) (*History, string) {
	switch {
	case !t.Git:
		return nil, "not a git repository (or not the top of one), so change size and frequency cannot be measured"
	case t.Commit == "":
		return nil, "the git repository has no commits yet, so there is no history to measure"
	case t.Shallow:
		return nil, "a shallow clone holds only part of the history; fetch all of it (git fetch --unshallow) to measure change size and frequency"
	}
	now := time.Now
	if t.now != nil {
		now = t.now
	}
	h, err := readHistory(ctx, t.Dir, now())
	if err != nil {
		return nil, fmt.Sprintf("the git history could not be read: %v", err)
	}
	h.DefaultBranch = t.Branch
	return h, ""
}

// readHistory reads HEAD's date, then streams one `git log --numstat`
// over the window up to it, then lists the tags with `git for-each-ref`.
// The log is the only pass over history, with the same range and cost as
// running `git log --numstat --since=...` by hand.
func readHistory(ctx context.Context, dir string, now time.Time) (*History, error) {
	w, err := readHistoryWindow(ctx, dir)
	if err != nil {
		return nil, err
	}
	h := w.figures(now)
	tags, err := readReleaseTags(ctx, dir)
	if err != nil {
		return nil, err
	}
	tagFigures(h, tags, w.start, now.Unix())
	return h, nil
}

// headCommit returns HEAD's hash and committer date.
func headCommit(ctx context.Context, dir string) (string, int64, error) {
	out, err := gitOutput(ctx, dir, "show", "-s", "--no-show-signature", "--format=%H%x1f%ct", "HEAD", "--")
	if err != nil {
		return "", 0, fmt.Errorf("git show HEAD: %w", err)
	}
	hash, date, _ := strings.Cut(strings.TrimSpace(string(out)), "\x1f")
	ct, err := strconv.ParseInt(date, 10, 64)
	if hash == "" || err != nil {
		return "", 0, fmt.Errorf("git show HEAD: unexpected output %q", out)
	}
	return hash, ct, nil
}

// historyGit prepares a git command the way gitOutput runs its own: no
// fsmonitor, no quoting of paths, and an environment without prompts,
// optional locks or a pager.
func historyGit(ctx context.Context, dir string, args ...string) *exec.Cmd {
	full := append([]string{"-C", dir, "-c", "core.fsmonitor=false", "-c", "core.quotepath=off"}, args...)
	cmd := exec.CommandContext(ctx, "git", full...)
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "GIT_OPTIONAL_LOCKS=0", "GIT_PAGER=cat")
	return cmd
}

// readHistoryWindow streams `git log` over the window into a historyWindow,
// stopping git early should it print more than the window. The options pin
// what user configuration could change: rename detection on (a moved file
// is not a rewrite), the root commit's diff shown, and no signature checks,
// text conversion or external diff programs, which would run commands.
func readHistoryWindow(ctx context.Context, dir string) (*historyWindow, error) {
	head, headTime, err := headCommit(ctx, dir)
	if err != nil {
		return nil, err
	}
	w := newHistoryWindow(head, headTime)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	cmd := historyGit(ctx, dir, "log", "-z", "--numstat", "-M", "--root", "--no-show-signature",
		"--no-textconv", "--no-ext-diff", "--no-color", historyLogFormat,
		"--since=@"+strconv.FormatInt(w.start, 10), "HEAD", "--")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("git log: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("git log: %w", err)
	}
	stopped := false
	perr := parseLog(out, func(r *logRecord) bool {
		if w.add(r) {
			return true
		}
		stopped = true
		return false
	})
	if stopped || perr != nil {
		cancel() // the rest of the history is not needed: stop git
	}
	werr := cmd.Wait()
	switch {
	case perr != nil:
		return nil, perr
	case ctx.Err() != nil && !stopped:
		return nil, ctx.Err()
	case werr != nil && !stopped:
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = werr.Error()
		}
		return nil, fmt.Errorf("git log: %s", msg)
	}
	return w, nil
}

// tagDate is a tag, its date (the tagger's for annotated tags, the
// commit's for lightweight ones) in Unix seconds, and the object it marks.
type tagDate struct {
	Name   string
	Date   int64
	Target string
}

// readReleaseTags lists the tags whose name holds a digit (v1.2.0,
// release-2024.05): tags named otherwise (before-refactor) mark no release.
func readReleaseTags(ctx context.Context, dir string) ([]tagDate, error) {
	cmd := historyGit(ctx, dir, "for-each-ref",
		"--format=%(refname:strip=2)%09%(creatordate:unix)%09%(objectname)%09%(*objectname)", "refs/tags")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git for-each-ref: %s", strings.TrimSpace(stderr.String()+" "+err.Error()))
	}
	return parseTagList(out), nil
}

// parseTagList parses "name\tunixdate\tobject\tpeeled" lines (ref names
// cannot hold tabs or newlines; peeled is the commit an annotated tag
// marks, empty for a lightweight tag), keeping release tags with a date.
func parseTagList(out []byte) []tagDate {
	var tags []tagDate
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 4 || !strings.ContainsAny(f[0], "0123456789") {
			continue
		}
		d, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil {
			continue
		}
		target := f[3]
		if target == "" {
			target = f[2]
		}
		tags = append(tags, tagDate{Name: f[0], Date: d, Target: target})
	}
	return tags
}

// tagFigures counts the releases tagged from the window's start up to the
// scan (a release tagged the day after the newest commit still belongs to
// that work) and their median spacing. Tags on one commit are one release:
// projects tag a release under several names (v3.1.0 and v0.301.0, or one
// tag per package of a monorepo); the earliest tag stands for it.
func tagFigures(h *History, tags []tagDate, start, now int64) {
	sort.Slice(tags, func(i, j int) bool {
		if tags[i].Date != tags[j].Date {
			return tags[i].Date < tags[j].Date
		}
		return tags[i].Name < tags[j].Name
	})
	var in []tagDate
	released := map[string]bool{}
	for _, tg := range tags {
		if tg.Date >= start && tg.Date <= now && (tg.Target == "" || !released[tg.Target]) {
			released[tg.Target] = true
			in = append(in, tg)
		}
	}
	h.Tags = len(in)
	if len(in) == 0 {
		return
	}
	h.LatestTag = in[len(in)-1].Name
	var gaps []int
	for i := 1; i < len(in); i++ {
		gaps = append(gaps, int(in[i].Date-in[i-1].Date))
	}
	if len(gaps) > 0 {
		h.ReleaseCadenceDays = round1(median(gaps) / 86400)
	}
}
