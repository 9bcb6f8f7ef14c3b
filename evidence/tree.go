package evidence

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
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
	Remote  string // URL of the "origin" remote, without credentials

	root      *os.Root
	gitParent string          // top of the work tree Dir lies inside, when Dir is not its top
	files     []string        // every listed file, slash-separated, sorted
	own       []string        // files that are the workload's own (not vendored)
	isDir     map[string]bool // directories implied by the file list

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
// Submodules and nested repositories are not entered: they are other
// repositories, and the scan says so in a warning.
func OpenTree(ctx context.Context, dir string) (*Tree, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("scan %s: %w", dir, err)
	}
	st, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("scan %s: %w", dir, cleanErrPath(err))
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("scan %s: not a directory", dir)
	}
	root, err := os.OpenRoot(abs)
	if err != nil {
		return nil, fmt.Errorf("scan %s: %w", dir, cleanErrPath(err))
	}
	t := &Tree{Dir: abs, root: root, cache: map[cacheKey]*cacheEntry{}, warned: map[string]bool{}}
	if err := t.list(ctx); err != nil {
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

// list fills t.files with git when dir is the top of a work tree, and with
// a directory walk otherwise. A repository git refuses to read (owned by
// another user, a damaged .git) is walked, with a warning that says why.
func (t *Tree) list(ctx context.Context) error {
	top, err := gitOutput(ctx, t.Dir, "rev-parse", "--show-toplevel")
	if err == nil && sameDir(strings.TrimSpace(string(top)), t.Dir) {
		t.Git = true
		if err := t.listGit(ctx); err != nil {
			return fmt.Errorf("list files with git: %w", err)
		}
		t.readGitState(ctx)
		return nil
	}
	if err != nil && hasGitDir(t.root) {
		t.Warn("", "git could not read this repository, so its files were listed without git and its history is unknown: %s", firstLine(err.Error()))
	}
	if err == nil {
		t.gitParent = strings.TrimSpace(string(top))
	}
	return t.listWalk(ctx)
}

// hasGitDir reports whether the root holds a .git directory or file.
func hasGitDir(r *os.Root) bool {
	_, err := r.Lstat(".git")
	return err == nil
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
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
	if out, err := gitOutput(ctx, t.Dir, "config", "--get", "remote.origin.url"); err == nil {
		t.Remote = publicURL(strings.TrimSpace(string(out)))
	}
}

// publicURL drops credentials from a remote URL (https://user:token@host/…)
// so that reports never carry them.
func publicURL(remote string) string {
	u, err := url.Parse(remote)
	if err != nil || u.Scheme == "" || u.Host == "" {
		// scp-like git@host:org/repo, or a local path: nothing secret
		// beyond the user name, which is part of the address.
		return remote
	}
	u.User = nil
	return u.String()
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

// markUnknown records a practice the scan could not judge and why (history
// figures of a shallow clone, say). Safe for concurrent detectors; the
// same practice and reason are recorded once.
func (t *Tree) markUnknown(practice, reason string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, u := range t.unknown {
		if u.BestPracticeID == practice && u.Reason == reason {
			return
		}
	}
	t.unknown = append(t.unknown, Unknown{BestPracticeID: practice, Reason: reason})
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
// warning for files that are unreadable, too large, binary, or not regular
// files (a symlink that leaves the repository or names a directory, a
// device). Listed files missing from the work tree (deleted but still in
// git's index) are skipped without a warning.
// Contents are not cached: detectors that share a format use the parsed
// caches (YAML, HCL) or t.parsed instead.
func (t *Tree) Read(p string) ([]byte, error) {
	if err := t.stat(p); err != nil {
		return nil, err
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
	if len(data) > MaxFileSize {
		// The file grew after it was checked.
		t.Warn(p, "not read: more than %d bytes, the limit for scanned files", MaxFileSize)
		return nil, errSkipped
	}
	if bytes.IndexByte(data[:min(len(data), 8000)], 0) >= 0 {
		t.Warn(p, "not read: binary content")
		return nil, errSkipped
	}
	return data, nil
}

// stat checks that p is a regular file of reasonable size inside the
// repository. A symlink is followed only while it stays inside: os.Root
// refuses any other target, absolute or through "..".
func (t *Tree) stat(p string) error {
	name := filepath.FromSlash(p)
	fi, err := t.root.Lstat(name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return errSkipped // listed by git but deleted in the work tree
		}
		t.Warn(p, "not read: %s", cleanErr(err))
		return errSkipped
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		fi, err = t.root.Stat(name)
		switch {
		case err != nil && strings.Contains(err.Error(), "escapes"):
			t.Warn(p, "not read: a symbolic link that points outside the repository")
			return errSkipped
		case errors.Is(err, fs.ErrNotExist):
			t.Warn(p, "not read: a broken symbolic link")
			return errSkipped
		case err != nil:
			t.Warn(p, "not read: %s", cleanErr(err))
			return errSkipped
		}
	}
	switch {
	case fi.IsDir():
		t.Warn(p, "not read: a directory listed as a file (a symbolic link to a directory or a submodule)")
		return errSkipped
	case !fi.Mode().IsRegular():
		t.Warn(p, "not read: not a regular file")
		return errSkipped
	case fi.Size() > MaxFileSize:
		t.Warn(p, "not read: %d bytes, above the %d-byte limit for scanned files", fi.Size(), MaxFileSize)
		return errSkipped
	}
	return nil
}

// cleanErr drops the path that os errors repeat, since warnings carry it.
func cleanErr(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// cleanErrPath is cleanErr as an error, for errors about the scanned
// directory itself, whose name the caller already gives.
func cleanErrPath(err error) error { return errors.New(cleanErr(err)) }

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
		if e.err != nil && !errors.Is(e.err, errTemplate) {
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

// inParallel returns fn(p) for every path, in the order of paths, computed
// on as many goroutines as there are processors: a model build parses
// hundreds of files, and no file's parse depends on another's. A panic in
// fn is raised again in the caller, where the detector's recover turns it
// into a warning, instead of ending the process from a worker.
func inParallel[R any](paths []string, fn func(p string) R) []R {
	out := make([]R, len(paths))
	var (
		next  atomic.Int64
		wg    sync.WaitGroup
		mu    sync.Mutex
		crash any
	)
	for range min(runtime.GOMAXPROCS(0), len(paths)) {
		wg.Go(func() {
			defer func() {
				if r := recover(); r != nil {
					mu.Lock()
					crash = r
					mu.Unlock()
					next.Store(int64(len(paths))) // the others stop at their next file
				}
			}()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(paths) {
					return
				}
				out[i] = fn(paths[i])
			}
		})
	}
	wg.Wait()
	if crash != nil {
		panic(crash)
	}
	return out
}
