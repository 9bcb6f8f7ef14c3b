package evidence

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// MaxFileSize is the largest file a detector reads. Configuration, pipeline
// and documentation files are far smaller; files above it are generated or
// data, and reading them would only cost time and memory. Skipped files are
// reported as warnings.
const MaxFileSize = 1 << 20

// Tree is one repository being scanned: the list of its files and a cache of
// their parsed contents, shared by all detectors so that each file is read
// and parsed at most once. Every file is opened through an os.Root, so
// neither a path nor a symlink can reach outside the repository.
type Tree struct {
	Dir     string // absolute path of the repository root
	Git     bool   // whether Dir is the top of a git work tree
	Commit  string // HEAD commit, empty outside git or before the first commit
	Branch  string // checked-out branch, empty when detached
	Shallow bool   // a shallow clone: history figures are unknown

	root  *os.Root
	files []string        // every listed file, slash-separated, sorted
	own   []string        // files that are the workload's own (not vendored)
	isDir map[string]bool // directories implied by the file list

	now     func() time.Time // the scan's clock
	history *History         // set by the history detectors
	unknown []Unknown        // practices the scan could not judge

	mu       sync.Mutex
	cache    map[cacheKey]*cacheEntry
	warnings []Warning
	warned   map[string]bool
}

// Warning is a problem with one file (or the repository) that the scan
// worked around.
type Warning struct {
	Repository string `json:"Repository,omitempty"`
	Path       string `json:"Path,omitempty"`
	Message    string `json:"Message"`
}

type cacheKey struct{ path, kind string }

type cacheEntry struct {
	once sync.Once
	val  any
	err  error
}

// OpenTree lists the files of the repository at dir. Inside a git work tree
// the list is what git tracks plus untracked files that are not ignored;
// elsewhere it is a walk of the directory that honours .gitignore files.
func OpenTree(ctx context.Context, dir string) (*Tree, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("scan %s: %w", dir, err)
	}
	st, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("scan %s: %w", dir, err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("scan %s: not a directory", dir)
	}
	root, err := os.OpenRoot(abs)
	if err != nil {
		return nil, fmt.Errorf("scan %s: %w", dir, err)
	}
	t := &Tree{Dir: abs, root: root, cache: map[cacheKey]*cacheEntry{}, warned: map[string]bool{}}
	if top, err := gitOutput(ctx, abs, "rev-parse", "--show-toplevel"); err == nil && sameDir(strings.TrimSpace(string(top)), abs) {
		t.Git = true
		err = t.listGit(ctx)
		if err != nil {
			root.Close()
			return nil, fmt.Errorf("scan %s: list files with git: %w", dir, err)
		}
		t.readGitState(ctx)
	} else if err := t.listWalk(ctx); err != nil {
		root.Close()
		return nil, fmt.Errorf("scan %s: %w", dir, err)
	}
	sort.Strings(t.files)
	t.isDir = map[string]bool{}
	for _, f := range t.files {
		for d := path.Dir(f); d != "." && !t.isDir[d]; d = path.Dir(d) {
			t.isDir[d] = true
		}
		if !thirdParty(f) {
			t.own = append(t.own, f)
		}
	}
	return t, nil
}

// Close releases the repository's root handle.
func (t *Tree) Close() error { return t.root.Close() }

func sameDir(a, b string) bool {
	ra, err1 := filepath.EvalSymlinks(a)
	rb, err2 := filepath.EvalSymlinks(b)
	return err1 == nil && err2 == nil && ra == rb
}

// gitOutput runs git with a fixed, minimal environment: no pager, no
// prompts, no user configuration that could run a command (core.fsmonitor,
// hooks do not run for these read-only commands).
func gitOutput(ctx context.Context, dir string, args ...string) ([]byte, error) {
	full := append([]string{"-C", dir, "-c", "core.fsmonitor=false", "-c", "core.quotepath=off"}, args...)
	cmd := exec.CommandContext(ctx, "git", full...)
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "GIT_OPTIONAL_LOCKS=0", "GIT_PAGER=cat")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, errors.New(msg)
	}
	return out, nil
}

func (t *Tree) listGit(ctx context.Context) error {
	out, err := gitOutput(ctx, t.Dir, "ls-files", "-z", "-co", "--exclude-standard")
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, f := range bytes.Split(out, []byte{0}) {
		if len(f) == 0 || seen[string(f)] {
			continue
		}
		seen[string(f)] = true
		t.files = append(t.files, string(f))
	}
	return nil
}

func (t *Tree) readGitState(ctx context.Context) {
	if out, err := gitOutput(ctx, t.Dir, "rev-parse", "--verify", "-q", "HEAD"); err == nil {
		t.Commit = strings.TrimSpace(string(out))
	}
	if out, err := gitOutput(ctx, t.Dir, "symbolic-ref", "-q", "--short", "HEAD"); err == nil {
		t.Branch = strings.TrimSpace(string(out))
	}
	if out, err := gitOutput(ctx, t.Dir, "rev-parse", "--is-shallow-repository"); err == nil {
		t.Shallow = strings.TrimSpace(string(out)) == "true"
	}
}

// Files returns the workload's own files: everything listed except vendored,
// generated and third-party trees (see thirdParty).
func (t *Tree) Files() []string { return t.own }

// AllFiles returns every listed file, third-party trees included.
func (t *Tree) AllFiles() []string { return t.files }

// Match returns the workload's own files for which keep returns true.
func (t *Tree) Match(keep func(p string) bool) []string {
	var out []string
	for _, f := range t.own {
		if keep(f) {
			out = append(out, f)
		}
	}
	return out
}

// Has reports whether the file p is listed.
func (t *Tree) Has(p string) bool {
	i := sort.SearchStrings(t.files, p)
	return i < len(t.files) && t.files[i] == p
}

// HasDir reports whether any listed file lies under directory d.
func (t *Tree) HasDir(d string) bool { return t.isDir[strings.TrimSuffix(d, "/")] }

// Warn records a problem with a file once per path and message.
func (t *Tree) Warn(p, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.warned[p+"\x00"+msg] {
		return
	}
	t.warned[p+"\x00"+msg] = true
	t.warnings = append(t.warnings, Warning{Path: p, Message: msg})
}

// Warnings returns the problems recorded so far, ordered by path.
func (t *Tree) Warnings() []Warning {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := append([]Warning(nil), t.warnings...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// errSkipped marks files the scan chose not to read; the reason has been
// recorded as a warning already.
var errSkipped = errors.New("file skipped")

// Read returns the content of a text file, or an error after recording a
// warning for files that are missing, unreadable, too large, binary, or not
// regular files (a submodule, or a symlink that leaves the repository).
// Contents are not cached: detectors that share a format use the parsed
// caches (YAML, HCL, Markdown) instead.
func (t *Tree) Read(p string) ([]byte, error) {
	fi, err := t.root.Stat(filepath.FromSlash(p))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, errSkipped // listed by git but deleted in the work tree
		}
		t.Warn(p, "not read: %s", cleanErr(err))
		return nil, errSkipped
	}
	switch {
	case fi.IsDir():
		t.Warn(p, "not scanned: a directory listed as a file (a git submodule); scan it separately")
		return nil, errSkipped
	case !fi.Mode().IsRegular():
		t.Warn(p, "not read: not a regular file")
		return nil, errSkipped
	case fi.Size() > MaxFileSize:
		t.Warn(p, "not read: %d bytes, above the %d-byte limit for scanned files", fi.Size(), MaxFileSize)
		return nil, errSkipped
	}
	f, err := t.root.Open(filepath.FromSlash(p))
	if err != nil {
		t.Warn(p, "not read: %s", cleanErr(err))
		return nil, errSkipped
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		t.Warn(p, "not read: %s", cleanErr(err))
		return nil, errSkipped
	}
	if bytes.IndexByte(data[:min(len(data), 8000)], 0) >= 0 {
		t.Warn(p, "not read: binary content")
		return nil, errSkipped
	}
	return data, nil
}

// cleanErr drops the path that os errors repeat, since warnings carry it.
func cleanErr(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// parsed returns the cached result of parse over the file's content,
// computing it once however many detectors ask.
func (t *Tree) parsed(p, kind string, parse func(p string, data []byte) (any, error)) (any, error) {
	t.mu.Lock()
	e, ok := t.cache[cacheKey{p, kind}]
	if !ok {
		e = &cacheEntry{}
		t.cache[cacheKey{p, kind}] = e
	}
	t.mu.Unlock()
	e.once.Do(func() {
		data, err := t.Read(p)
		if err != nil {
			e.err = err
			return
		}
		e.val, e.err = parse(p, data)
		if e.err != nil {
			t.Warn(p, "not parsed as %s: %s", kind, e.err)
		}
	})
	return e.val, e.err
}

// memo returns build(t) computed once per tree and key however many
// detectors ask: for models that span many files (every alert rule, every
// pipeline), which several detectors read.
func memo[T any](t *Tree, key string, build func(*Tree) T) T {
	t.mu.Lock()
	e, ok := t.cache[cacheKey{"", "memo:" + key}]
	if !ok {
		e = &cacheEntry{}
		t.cache[cacheKey{"", "memo:" + key}] = e
	}
	t.mu.Unlock()
	e.once.Do(func() { e.val = build(t) })
	return e.val.(T)
}
