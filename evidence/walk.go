package evidence

import (
	"bytes"
	"context"
	"io/fs"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"
)

// gitlinkMode is the index mode of a submodule entry.
const gitlinkMode = "160000"

// listGit lists tracked files (with their modes, to recognise submodules)
// and untracked files that are not ignored, with two git processes run side
// by side: `ls-files --format` cannot be combined with --others.
func (t *Tree) listGit(ctx context.Context) error {
	var (
		wg                 sync.WaitGroup
		staged, others     []byte
		stagedErr, elseErr error
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		others, elseErr = gitOutput(ctx, t.Dir, "ls-files", "-z", "-o", "--exclude-standard")
	}()
	staged, stagedErr = gitOutput(ctx, t.Dir, "ls-files", "-z", "-s")
	wg.Wait()
	if stagedErr != nil {
		return stagedErr
	}
	if elseErr != nil {
		return elseErr
	}
	seen := map[string]bool{}
	for _, rec := range bytes.Split(staged, []byte{0}) {
		// "<mode> <object> <stage>\t<path>"
		meta, name, ok := bytes.Cut(rec, []byte{'\t'})
		if !ok || len(name) == 0 || seen[string(name)] {
			continue
		}
		seen[string(name)] = true
		if bytes.HasPrefix(meta, []byte(gitlinkMode+" ")) {
			t.Warn(string(name), "not scanned: a git submodule, which is a repository of its own; scan it separately")
			continue
		}
		t.files = append(t.files, string(name))
	}
	for _, name := range bytes.Split(others, []byte{0}) {
		if len(name) == 0 || seen[string(name)] {
			continue
		}
		seen[string(name)] = true
		if bytes.HasSuffix(name, []byte{'/'}) {
			// git shows an untracked repository inside the work tree as
			// a directory and does not list its files.
			t.Warn(strings.TrimSuffix(string(name), "/"), "not scanned: a nested git repository; scan it separately")
			continue
		}
		t.files = append(t.files, string(name))
	}
	return nil
}

// listWalk lists files outside git: a walk of the directory that skips .git
// and honours every .gitignore on the way down. Symlinks are listed as files
// and never followed; Read refuses those that leave the repository. A
// directory with its own .git is another repository (a submodule checkout
// or a nested clone) and is not entered.
func (t *Tree) listWalk(ctx context.Context) error {
	var patterns []gitignore.Pattern
	return filepath.WalkDir(t.Dir, func(p string, d fs.DirEntry, err error) error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		rel, rerr := filepath.Rel(t.Dir, p)
		if rerr != nil {
			return rerr
		}
		rel = filepath.ToSlash(rel)
		if err != nil {
			t.Warn(rel, "not listed: %s", cleanErr(err))
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if rel == "." {
			patterns = append(patterns, t.ignoreFile(".gitignore", nil)...)
			return nil
		}
		parts := strings.Split(rel, "/")
		if d.IsDir() {
			if d.Name() == ".git" || gitignore.NewMatcher(patterns).Match(parts, true) {
				return fs.SkipDir
			}
			if _, err := t.root.Lstat(filepath.FromSlash(path.Join(rel, ".git"))); err == nil {
				t.Warn(rel, "not scanned: a nested git repository; scan it separately")
				return fs.SkipDir
			}
			patterns = append(patterns, t.ignoreFile(path.Join(rel, ".gitignore"), parts)...)
			return nil
		}
		if !gitignore.NewMatcher(patterns).Match(parts, false) {
			t.files = append(t.files, rel)
		}
		return nil
	})
}

// ignoreFile reads the patterns of one .gitignore, scoped to its directory.
func (t *Tree) ignoreFile(p string, domain []string) []gitignore.Pattern {
	data, err := t.root.ReadFile(filepath.FromSlash(p))
	if err != nil {
		return nil
	}
	var out []gitignore.Pattern
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, gitignore.ParsePattern(line, domain))
	}
	return out
}

// thirdPartyDirs are directory names whose contents are someone else's code
// or test data of other tools: vendored dependencies, package caches, and a
// library's examples. Their pipelines and runbooks are not the workload's.
var thirdPartyDirs = map[string]bool{
	"vendor": true, "node_modules": true, "third_party": true, "third-party": true,
	"thirdparty": true, "bower_components": true, "jspm_packages": true,
	"testdata": true, "fixtures": true, "__fixtures__": true, "test-fixtures": true,
	"test_data": true, "test-data": true,
	".terraform": true, ".terragrunt-cache": true, ".venv": true, "venv": true,
	"site-packages": true, ".tox": true, ".nox": true, ".yarn": true,
	".git": true, "Pods": true, "Carthage": true,
}

// thirdParty reports whether p lies in a vendored, generated or third-party
// tree: any directory on its path has one of the names above. The names are
// matched whole, so .github, examples-api or docs stay the workload's.
func thirdParty(p string) bool {
	dir := path.Dir(p)
	if dir == "." {
		return false
	}
	inSource := false
	for _, part := range strings.Split(dir, "/") {
		if thirdPartyDirs[part] || (exampleDirs[part] && !inSource) {
			return true
		}
		inSource = inSource || sourceRoots[part]
	}
	return false
}

// exampleDirs hold a library's examples, which are not the workload's
// practice; but inside a source tree the same names are packages
// (src/main/java/com/example/...), which are the workload's code.
var exampleDirs = map[string]bool{"examples": true, "example": true, "samples": true, "_examples": true}

// sourceRoots start a language's package tree.
var sourceRoots = map[string]bool{"src": true, "java": true, "kotlin": true, "scala": true, "groovy": true}
