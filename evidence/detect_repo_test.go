package evidence

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// The repo detector needs real git repositories, which cannot live in
// testdata/ inside opslens's own repository; each case is built here and
// the results compared with testdata/repo.golden.
func TestRepoDetectorGolden(t *testing.T) {
	requireGit(t)
	three := func(t *testing.T) string {
		return newTestRepo(t, map[string]string{"a.txt": "1\n"}, map[string]string{"b.txt": "2\n"}, map[string]string{"a.txt": "3\n"})
	}
	cases := []struct {
		name  string
		build func(t *testing.T) string
	}{
		{"not-git", func(t *testing.T) string {
			dir := t.TempDir()
			writeTestFiles(t, dir, map[string]string{"main.go": "package main\n"})
			return dir
		}},
		{"no-commits", func(t *testing.T) string {
			dir := t.TempDir()
			initTestRepo(t, dir)
			writeTestFiles(t, dir, map[string]string{"main.go": "package main\n"})
			return dir
		}},
		{"one-commit", func(t *testing.T) string {
			return newTestRepo(t, map[string]string{"main.go": "package main\n"})
		}},
		{"three-commits", three},
		{"detached-head", func(t *testing.T) string {
			dir := three(t)
			runTestGit(t, dir, testRepoEpoch, "checkout", "-q", "--detach", "HEAD~1")
			return dir
		}},
		{"shallow-one", func(t *testing.T) string { return shallowClone(t, three(t), 1) }},
		{"shallow-two", func(t *testing.T) string { return shallowClone(t, three(t), 2) }},
	}
	det := detectorNamed(t, "repo")
	var b strings.Builder
	for _, c := range cases {
		fmt.Fprintf(&b, "== %s\n", c.name)
		for _, line := range detectorLines(t, det, c.build(t)) {
			b.WriteString(line + "\n")
		}
	}
	checkGolden(t, filepath.Join("testdata", "repo.golden"), b.String())
}

// shallowClone clones src with the given depth into a new directory.
func shallowClone(t *testing.T, src string, depth int) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "clone")
	runTestGit(t, src, testRepoEpoch, "clone", "-q", "--depth", fmt.Sprint(depth), "file://"+filepath.ToSlash(src), dst)
	return dst
}

// detectorNamed returns the registered detector with that name.
func detectorNamed(t testing.TB, name string) Detector {
	t.Helper()
	for _, d := range Detectors() {
		if d.Name == name {
			return d
		}
	}
	t.Fatalf("no detector %q", name)
	return Detector{}
}
