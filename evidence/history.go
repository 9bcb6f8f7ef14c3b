package evidence

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"time"
)

// History holds the git-history figures of a repository, the proof for
// OPS05-BP09 and OPS06-BP06. The figures cover a window of WindowDays days
// up to the newest commit (the tip of HEAD), not up to the scan, so that a
// repository scanned long after its last change is judged on the work it
// shows; NewestCommitAgeDays and Stale say how old that work is.
type History struct {
	WindowDays          int    `json:"WindowDays"`
	WindowStart         string `json:"WindowStart"` // RFC 3339, UTC
	NewestCommit        string `json:"NewestCommit"`
	NewestCommitDate    string `json:"NewestCommitDate"` // committer date, RFC 3339, UTC
	NewestCommitAgeDays int    `json:"NewestCommitAgeDays"`
	// Stale: the newest commit is older than the window at scan time, so
	// the figures describe past work and support partial evidence at most.
	Stale bool `json:"Stale,omitempty"`
	// AveragedOverDays is the span the per-week figures are averaged over:
	// the window, or the repository's age (at least a week) when its whole
	// history is shorter than the window (YoungerThanWindow).
	AveragedOverDays  float64 `json:"AveragedOverDays"`
	YoungerThanWindow bool    `json:"YoungerThanWindow,omitempty"`
	Commits           int     `json:"Commits"`
	NonMergeCommits   int     `json:"NonMergeCommits"`
	CommitsPerWeek    float64 `json:"CommitsPerWeek"`
	// ChangesPerWeek counts non-merge commits only: a merge adds no change
	// of its own. The frequency threshold applies to it.
	ChangesPerWeek float64 `json:"ChangesPerWeek"`
	// MedianChangedLines is the median of added plus deleted lines per
	// non-merge commit. Binary files count as 0 lines; BinaryFileChanges
	// says how many file changes were binary.
	MedianChangedLines float64 `json:"MedianChangedLines"`
	BinaryFileChanges  int     `json:"BinaryFileChanges,omitempty"`
	// DefaultBranch is HEAD's branch (empty when detached);
	// MergesToDefaultBranch counts the merge commits on its first-parent
	// line inside the window.
	DefaultBranch         string `json:"DefaultBranch,omitempty"`
	MergesToDefaultBranch int    `json:"MergesToDefaultBranch"`
	// Tags counts releases: release tags (tags whose name holds a digit,
	// such as v1.4.2) dated inside the window or after it up to the scan,
	// several tags on one commit counting once. ReleaseCadenceDays is the
	// median number of days between consecutive ones (0 with fewer than two).
	Tags               int     `json:"Tags"`
	ReleaseCadenceDays float64 `json:"ReleaseCadenceDays,omitempty"`
	LatestTag          string  `json:"LatestTag,omitempty"`
}

// logRecord is one commit of `git log --numstat -z` output in the format
// historyLogFormat asks for. Files holds only the line counts: the figures
// need no paths.
type logRecord struct {
	Hash       string
	Parents    []string
	AuthorTime int64 // Unix seconds
	CommitTime int64 // Unix seconds
	Files      []fileStat
}

// fileStat is one numstat entry; Binary entries have no line counts.
type fileStat struct {
	Added, Deleted int
	Binary         bool
}

// Changed is the number of changed lines, 0 for a binary file.
func (f fileStat) Changed() int { return f.Added + f.Deleted }

// historyLogFormat starts each commit with a record separator (0x1e) and
// separates its fields with a unit separator (0x1f): hash and parents
// (space-separated, as %P gives them), author and committer Unix dates.
// Neither byte can occur in those fields.
const historyLogFormat = "--format=%x1e%H %P%x1f%at%x1f%ct"

// errLogFormat reports output that does not follow historyLogFormat.
var errLogFormat = errors.New("unexpected git log output")

// parseLog reads `git log -z --numstat` output written with
// historyLogFormat and calls each for every commit, newest first as git
// prints them, until each returns false or the input ends. It streams: one
// commit is held at a time. With -z a commit is its header, a NUL, then one
// NUL-terminated entry per file, "added\tdeleted\tpath", the first preceded
// by a newline; a rename has an empty path followed by the old and the new
// path as two more NUL-terminated fields.
func parseLog(r io.Reader, each func(*logRecord) bool) error {
	br := bufio.NewReaderSize(r, 64<<10)
	var (
		rec     logRecord
		have    bool
		renames int // path fields still to skip after a rename entry
		long    []byte
	)
	for {
		tok, err := readField(br, &long)
		if err == io.EOF && len(tok) == 0 {
			break
		}
		if err != nil && err != io.EOF {
			return fmt.Errorf("read git log: %w", err)
		}
		switch {
		case renames > 0:
			renames--
		case len(tok) > 0 && tok[0] == 0x1e:
			if have && !each(&rec) {
				return nil
			}
			if perr := parseLogHeader(tok[1:], &rec); perr != nil {
				return perr
			}
			have = true
		case !have:
			return fmt.Errorf("%w: data before the first commit", errLogFormat)
		default:
			fs, rename, perr := parseNumstat(bytes.TrimPrefix(tok, []byte{'\n'}))
			if perr != nil {
				return perr
			}
			if rename {
				renames = 2
			}
			rec.Files = append(rec.Files, fs)
		}
		if err == io.EOF {
			break
		}
	}
	if have {
		each(&rec)
	}
	return nil
}

// readField returns the bytes up to the next NUL (without it). The slice is
// valid until the next call. Fields longer than the reader's buffer (very
// long paths) are gathered in *long.
func readField(br *bufio.Reader, long *[]byte) ([]byte, error) {
	tok, err := br.ReadSlice(0)
	if err == bufio.ErrBufferFull {
		*long = append((*long)[:0], tok...)
		for err == bufio.ErrBufferFull {
			tok, err = br.ReadSlice(0)
			*long = append(*long, tok...)
		}
		tok = *long
	}
	if err == nil {
		tok = tok[:len(tok)-1]
	}
	return tok, err
}

// parseLogHeader fills rec from "hash parents\x1fauthor\x1fcommitter",
// reusing its slices.
func parseLogHeader(h []byte, rec *logRecord) error {
	ids, rest, ok1 := bytes.Cut(h, []byte{0x1f})
	at, ct, ok2 := bytes.Cut(rest, []byte{0x1f})
	if !ok1 || !ok2 {
		return fmt.Errorf("%w: commit header %q", errLogFormat, clip(h))
	}
	var err1, err2 error
	rec.AuthorTime, err1 = strconv.ParseInt(string(at), 10, 64)
	rec.CommitTime, err2 = strconv.ParseInt(string(ct), 10, 64)
	if err1 != nil || err2 != nil {
		return fmt.Errorf("%w: commit dates in %q", errLogFormat, clip(h))
	}
	hash, parents, _ := bytes.Cut(ids, []byte{' '})
	if len(hash) == 0 {
		return fmt.Errorf("%w: commit header without a hash", errLogFormat)
	}
	rec.Hash = string(hash)
	rec.Parents = rec.Parents[:0]
	for _, p := range bytes.Fields(parents) {
		rec.Parents = append(rec.Parents, string(p))
	}
	rec.Files = rec.Files[:0]
	return nil
}

// parseNumstat parses "added\tdeleted\tpath"; "-" counts mark a binary
// file, an empty path a rename whose two paths follow.
func parseNumstat(e []byte) (fs fileStat, rename bool, err error) {
	a, rest, ok1 := bytes.Cut(e, []byte{'\t'})
	d, p, ok2 := bytes.Cut(rest, []byte{'\t'})
	if !ok1 || !ok2 {
		return fs, false, fmt.Errorf("%w: numstat entry %q", errLogFormat, clip(e))
	}
	if string(a) == "-" && string(d) == "-" {
		return fileStat{Binary: true}, len(p) == 0, nil
	}
	fs.Added, err = parseCount(a)
	if err == nil {
		fs.Deleted, err = parseCount(d)
	}
	if err != nil {
		return fileStat{}, false, fmt.Errorf("%w: numstat entry %q", errLogFormat, clip(e))
	}
	return fs, len(p) == 0, nil
}

// parseCount parses a non-negative decimal line count without allocating.
func parseCount(b []byte) (int, error) {
	if len(b) == 0 || len(b) > 12 {
		return 0, errLogFormat
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, errLogFormat
		}
		n = n*10 + int(c-'0')
	}
	return n, nil
}

// clip shortens bad input quoted in errors.
func clip(b []byte) []byte {
	if len(b) > 80 {
		return b[:80]
	}
	return b
}

// historyWindowDays is the span of history the figures cover.
const historyWindowDays = 90

// windowSlop bounds how many commits older than the window the reader
// takes before it stops git. git log --since stops by itself, so this only
// guards against a git that prints more than asked.
const windowSlop = 32

// historyWindow accumulates the figures of the commits in the window, one
// commit at a time, so memory stays bounded by the number of commits in the
// window, not by the history's size.
type historyWindow struct {
	newest     string
	newestTime int64
	start      int64 // oldest committer date inside the window
	oldest     int64 // oldest committer date seen inside the window
	sawOlder   bool  // a commit older than the window was printed
	olderRun   int   // consecutive commits older than the window
	nextFirst  string
	commits    int
	merges     int // merges on HEAD's first-parent line
	binary     int
	changed    []int // changed lines per non-merge commit
	seen       map[string]bool
	parents    []string // parents of the window's commits
}

// newHistoryWindow starts the window of the days up to the newest commit
// (HEAD) and its committer date.
func newHistoryWindow(newest string, newestTime int64) *historyWindow {
	return &historyWindow{
		newest: newest, newestTime: newestTime, oldest: newestTime, nextFirst: newest,
		start: newestTime - historyWindowDays*86400, seen: map[string]bool{},
	}
}

// add takes the next commit and reports whether more are wanted.
func (w *historyWindow) add(rec *logRecord) bool {
	onFirstParentLine := rec.Hash == w.nextFirst
	if onFirstParentLine {
		w.nextFirst = ""
		if len(rec.Parents) > 0 {
			w.nextFirst = rec.Parents[0]
		}
	}
	if rec.CommitTime < w.start {
		w.sawOlder = true
		w.olderRun++
		return w.olderRun < windowSlop
	}
	w.olderRun = 0
	w.commits++
	w.oldest = min(w.oldest, rec.CommitTime)
	w.seen[rec.Hash] = true
	w.parents = append(w.parents, rec.Parents...)
	if len(rec.Parents) > 1 {
		if onFirstParentLine {
			w.merges++
		}
		return true
	}
	n := 0
	for _, f := range rec.Files {
		n += f.Changed()
		if f.Binary {
			w.binary++
		}
	}
	w.changed = append(w.changed, n)
	return true
}

// olderHistory reports whether the repository has commits older than the
// window: git log --since prints none of them, but a window commit whose
// parent was not printed has one.
func (w *historyWindow) olderHistory() bool {
	if w.sawOlder {
		return true
	}
	for _, p := range w.parents {
		if !w.seen[p] {
			return true
		}
	}
	return false
}

// figures turns the window into the reported History; now is the scan's
// clock, used only for the age of the newest commit.
func (w *historyWindow) figures(now time.Time) *History {
	const day = 86400
	newest := time.Unix(w.newestTime, 0).UTC()
	h := &History{
		WindowDays:            historyWindowDays,
		WindowStart:           time.Unix(w.start, 0).UTC().Format(time.RFC3339),
		NewestCommit:          w.newest,
		NewestCommitDate:      newest.Format(time.RFC3339),
		Commits:               w.commits,
		NonMergeCommits:       len(w.changed),
		BinaryFileChanges:     w.binary,
		MergesToDefaultBranch: w.merges,
	}
	age := now.Sub(newest)
	h.NewestCommitAgeDays = max(0, int(age.Hours()/24))
	h.Stale = age > historyWindowDays*24*time.Hour
	span := float64(historyWindowDays)
	if !w.olderHistory() {
		// The whole history fits in the window: average over its age, but
		// over a week at least, so three commits in an afternoon do not
		// read as dozens a week.
		h.YoungerThanWindow = true
		span = max(7, float64(w.newestTime-w.oldest)/day)
	}
	h.AveragedOverDays = round1(span)
	h.CommitsPerWeek = round1(float64(w.commits) / span * 7)
	h.ChangesPerWeek = round1(float64(len(w.changed)) / span * 7)
	h.MedianChangedLines = median(w.changed)
	return h
}

// median of the values (the mean of the middle two for an even count), 0
// for none. It sorts vals.
func median(vals []int) float64 {
	if len(vals) == 0 {
		return 0
	}
	sort.Ints(vals)
	m := len(vals) / 2
	if len(vals)%2 == 1 {
		return float64(vals[m])
	}
	return float64(vals[m-1]+vals[m]) / 2
}

func round1(f float64) float64 { return math.Round(f*10) / 10 }
